import { isFiniteNumber } from './numeric';
import { PlanningError, PlanningErrorCode } from './planning-error';

// Quota allocation (DOMAIN.md "Quota allocation"): when the formation requested exceeds what
// may be recruited, slots are given one at a time to the cell with the highest remaining
// pressure (required − supplyEnd − allocated) / required, weighted by the cell's priority;
// ties by position code, then unit code (then agency code, for quotas across agencies).
// The order of the slots is the explanation.

export interface QuotaCell {
  positionCode: string;
  unitCode: string | null;
  /** For national or regional quotas: the last tie-break, after position and unit code. */
  agencyCode?: string | null;
  required: number;
  supplyEnd: number;
  /** The formation the plan asks for; no cell is given more. */
  requested: number;
  /** Weight from the development target the cell serves; 1 when none is set. */
  priority?: number;
  /** Rupiah per person per year; needed for every cell under a budget. */
  annualCost?: number | null;
}

export interface QuotaLimits {
  /** Slots that may be given; null = as many as the budget allows. */
  quota: number | null;
  /** Rupiah a year the slots may cost in all; null = no budget. */
  budget?: number | null;
}

export interface QuotaSlot {
  /** 1 for the first slot given. */
  rank: number;
  cell: number;
  /** Weighted pressure of the cell when it received this slot. */
  pressure: number;
}

export interface QuotaAllocation {
  quota: number | null;
  budget: number | null;
  requested: number;
  allocated: number;
  /** Quota left when every request is met or the budget is spent; null without a quota. */
  unallocated: number | null;
  /** Σ slots × annual cost; null when a slot went to a cell without a cost. */
  allocatedCost: number | null;
  /** Budget left; null without a budget. */
  budgetLeft: number | null;
  /** Slots per cell, in input order. */
  perCell: number[];
  /** Every slot in the order given. */
  slots: QuotaSlot[];
}

const weightedPressure = (c: QuotaCell, allocated: number): number =>
  ((c.required - c.supplyEnd - allocated) / c.required) * (c.priority ?? 1);

/**
 * Gives slots by weighted pressure until the quota is used or the budget cannot pay for the next
 * slot of any cell: under a budget a cell whose next slot costs more than is left drops out (its
 * cost does not fall) and the next cell in pressure order may still fit.
 */
export function allocateQuota(cells: QuotaCell[], limits: number | QuotaLimits): QuotaAllocation {
  const { quota, budget = null } = typeof limits === 'number' ? { quota: limits } : limits;
  if (quota !== null && (!Number.isInteger(quota) || quota < 0)) {
    throw new PlanningError(
      PlanningErrorCode.INVALID_INPUT,
      `quota must be a whole number of slots, 0 or more, got ${JSON.stringify(quota)}`,
    );
  }
  if (budget !== null && (!isFiniteNumber(budget) || budget < 0)) {
    throw new PlanningError(PlanningErrorCode.INVALID_INPUT, `budget must be a number of rupiah, 0 or more, got ${JSON.stringify(budget)}`);
  }
  if (quota === null && budget === null)
    throw new PlanningError(PlanningErrorCode.INVALID_INPUT, 'a quota, a budget or both must be given');
  cells.forEach((c, i) => {
    const where = `quota cell ${c.positionCode}${c.unitCode ? ` in unit ${c.unitCode}` : ''}`;
    if (!Number.isInteger(c.requested) || c.requested < 0)
      throw new PlanningError(PlanningErrorCode.INVALID_INPUT, `${where}: requested must be a whole number, 0 or more`, { row: i + 1 });
    if (!isFiniteNumber(c.required) || !isFiniteNumber(c.supplyEnd))
      throw new PlanningError(PlanningErrorCode.INVALID_INPUT, `${where}: required and supplyEnd must be numbers`, { row: i + 1 });
    if (c.priority !== undefined && (!isFiniteNumber(c.priority) || c.priority <= 0)) {
      throw new PlanningError(
        PlanningErrorCode.INVALID_INPUT,
        `${where}: priority must be a number above 0, got ${JSON.stringify(c.priority)}`,
        { row: i + 1 },
      );
    }
    const costed = c.annualCost !== null && c.annualCost !== undefined;
    if (costed && (!isFiniteNumber(c.annualCost) || c.annualCost! < 0))
      throw new PlanningError(PlanningErrorCode.INVALID_INPUT, `${where}: annualCost must be 0 or more`, { row: i + 1 });
    if (budget !== null && !costed && c.requested > 0) {
      throw new PlanningError(
        PlanningErrorCode.INVALID_INPUT,
        `${where}: has no annual cost, so a budget cannot pay for its slots; set the cost of its category and level`,
        { row: i + 1 },
      );
    }
  });

  const perCell = new Array<number>(cells.length).fill(0);
  const pressure = new Float64Array(cells.length);
  // Max-heap of cell indexes: higher pressure first, then position code, then unit code.
  const before = (a: number, b: number): boolean => {
    if (Math.abs(pressure[a] - pressure[b]) > 1e-12) return pressure[a] > pressure[b];
    const pa = cells[a].positionCode,
      pb = cells[b].positionCode;
    if (pa !== pb) return pa < pb;
    const ua = cells[a].unitCode ?? '',
      ub = cells[b].unitCode ?? '';
    if (ua !== ub) return ua < ub;
    return (cells[a].agencyCode ?? '') < (cells[b].agencyCode ?? '');
  };
  const heap: number[] = [];
  const push = (i: number) => {
    heap.push(i);
    for (let k = heap.length - 1; k > 0;) {
      const parent = (k - 1) >> 1;
      if (!before(heap[k], heap[parent])) break;
      [heap[k], heap[parent]] = [heap[parent], heap[k]];
      k = parent;
    }
  };
  const pop = (): number => {
    const top = heap[0];
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      for (let k = 0; ;) {
        const l = 2 * k + 1,
          r = l + 1;
        let best = k;
        if (l < heap.length && before(heap[l], heap[best])) best = l;
        if (r < heap.length && before(heap[r], heap[best])) best = r;
        if (best === k) break;
        [heap[k], heap[best]] = [heap[best], heap[k]];
        k = best;
      }
    }
    return top;
  };

  let requested = 0;
  cells.forEach((c, i) => {
    requested += c.requested;
    if (c.requested > 0 && c.required > 0) {
      pressure[i] = weightedPressure(c, 0);
      push(i);
    }
  });

  const slots: QuotaSlot[] = [];
  let left = budget ?? 0;
  let allocatedCost: number | null = 0;
  while ((quota === null || slots.length < quota) && heap.length > 0) {
    const i = pop();
    const cost = cells[i].annualCost ?? null;
    // rupiah are whole numbers in practice; the tolerance only absorbs float sums
    if (budget !== null && cost! > left + 1e-6) continue;
    left -= cost ?? 0;
    allocatedCost = cost === null || allocatedCost === null ? null : allocatedCost + cost;
    slots.push({ rank: slots.length + 1, cell: i, pressure: pressure[i] });
    perCell[i]++;
    if (perCell[i] < cells[i].requested) {
      pressure[i] = weightedPressure(cells[i], perCell[i]);
      push(i);
    }
  }
  return {
    quota,
    budget,
    requested,
    allocated: slots.length,
    unallocated: quota === null ? null : quota - slots.length,
    allocatedCost,
    budgetLeft: budget === null ? null : left,
    perCell,
    slots,
  };
}
