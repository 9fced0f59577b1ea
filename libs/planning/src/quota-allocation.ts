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
}

export interface QuotaSlot {
  /** 1 for the first slot given. */
  rank: number;
  cell: number;
  /** Weighted pressure of the cell when it received this slot. */
  pressure: number;
}

export interface QuotaAllocation {
  quota: number;
  requested: number;
  allocated: number;
  /** Quota left when every request is met. */
  unallocated: number;
  /** Slots per cell, in input order. */
  perCell: number[];
  /** Every slot in the order given. */
  slots: QuotaSlot[];
}

const weightedPressure = (c: QuotaCell, allocated: number): number =>
  ((c.required - c.supplyEnd - allocated) / c.required) * (c.priority ?? 1);

export function allocateQuota(cells: QuotaCell[], quota: number): QuotaAllocation {
  if (!Number.isInteger(quota) || quota < 0) {
    throw new PlanningError(PlanningErrorCode.INVALID_INPUT, `quota must be a whole number of slots, 0 or more, got ${JSON.stringify(quota)}`);
  }
  cells.forEach((c, i) => {
    const where = `quota cell ${c.positionCode}${c.unitCode ? ` in unit ${c.unitCode}` : ''}`;
    if (!Number.isInteger(c.requested) || c.requested < 0) throw new PlanningError(PlanningErrorCode.INVALID_INPUT, `${where}: requested must be a whole number, 0 or more`, { row: i + 1 });
    if (!isFiniteNumber(c.required) || !isFiniteNumber(c.supplyEnd)) throw new PlanningError(PlanningErrorCode.INVALID_INPUT, `${where}: required and supplyEnd must be numbers`, { row: i + 1 });
    if (c.priority !== undefined && (!isFiniteNumber(c.priority) || c.priority <= 0)) {
      throw new PlanningError(PlanningErrorCode.INVALID_INPUT, `${where}: priority must be a number above 0, got ${JSON.stringify(c.priority)}`, { row: i + 1 });
    }
  });

  const perCell = new Array<number>(cells.length).fill(0);
  const pressure = new Float64Array(cells.length);
  // Max-heap of cell indexes: higher pressure first, then position code, then unit code.
  const before = (a: number, b: number): boolean => {
    if (Math.abs(pressure[a] - pressure[b]) > 1e-12) return pressure[a] > pressure[b];
    const pa = cells[a].positionCode, pb = cells[b].positionCode;
    if (pa !== pb) return pa < pb;
    const ua = cells[a].unitCode ?? '', ub = cells[b].unitCode ?? '';
    if (ua !== ub) return ua < ub;
    return (cells[a].agencyCode ?? '') < (cells[b].agencyCode ?? '');
  };
  const heap: number[] = [];
  const push = (i: number) => {
    heap.push(i);
    for (let k = heap.length - 1; k > 0; ) {
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
      for (let k = 0; ; ) {
        const l = 2 * k + 1, r = l + 1;
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
  while (slots.length < quota && heap.length > 0) {
    const i = pop();
    slots.push({ rank: slots.length + 1, cell: i, pressure: pressure[i] });
    perCell[i]++;
    if (perCell[i] < cells[i].requested) {
      pressure[i] = weightedPressure(cells[i], perCell[i]);
      push(i);
    }
  }
  return { quota, requested, allocated: slots.length, unallocated: quota - slots.length, perCell, slots };
}
