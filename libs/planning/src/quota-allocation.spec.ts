import { allocateQuota, QuotaCell } from './quota-allocation';
import { planningError } from './planning-error.testing';

// A: (4 − 1 − k) / 4 = 0.75, 0.50, 0.25   B: (2 − 0.5 − k) / 2 = 0.75, 0.25   C: (10 − 8 − k) / 10 = 0.2, 0.1
const cells: QuotaCell[] = [
  { positionCode: 'GURU', unitCode: 'U2', required: 10, supplyEnd: 8, requested: 2 },
  { positionCode: 'BIDAN', unitCode: 'U1', required: 2, supplyEnd: 0.5, requested: 2 },
  { positionCode: 'ANALIS', unitCode: 'U1', required: 4, supplyEnd: 1, requested: 3 },
];
const order = (cellsIn: QuotaCell[], quota: number) =>
  allocateQuota(cellsIn, quota).slots.map((s) => `${cellsIn[s.cell].positionCode}@${s.pressure}`);

describe('quota allocation', () => {
  it('gives each slot to the highest remaining pressure, ties by position code', () => {
    // 0.75 tie A/B → ANALIS; B 0.75; A 0.50; 0.25 tie A/B → ANALIS
    const result = allocateQuota(cells, 4);
    expect(order(cells, 4)).toEqual(['ANALIS@0.75', 'BIDAN@0.75', 'ANALIS@0.5', 'ANALIS@0.25']);
    expect(result).toMatchObject({ quota: 4, requested: 7, allocated: 4, unallocated: 0, perCell: [0, 1, 3] });
    expect(result.slots.map((s) => s.rank)).toEqual([1, 2, 3, 4]);
  });

  it('breaks a tie of position codes by unit code', () => {
    const twins: QuotaCell[] = [
      { positionCode: 'P', unitCode: 'U9', required: 2, supplyEnd: 1, requested: 1 },
      { positionCode: 'P', unitCode: 'U1', required: 2, supplyEnd: 1, requested: 1 },
    ];
    expect(allocateQuota(twins, 1).perCell).toEqual([0, 1]);
  });

  it('breaks a tie of position and unit codes across agencies by agency code, whatever the input order', () => {
    const twins: QuotaCell[] = [
      { positionCode: 'P', unitCode: 'SETDA', agencyCode: 'KOTA-B', required: 2, supplyEnd: 1, requested: 1 },
      { positionCode: 'P', unitCode: 'SETDA', agencyCode: 'KAB-A', required: 2, supplyEnd: 1, requested: 1 },
    ];
    expect(allocateQuota(twins, 1).perCell).toEqual([0, 1]);
    expect(allocateQuota([...twins].reverse(), 1).perCell).toEqual([1, 0]);
  });

  it('meets every request and reports the rest when the quota exceeds demand', () => {
    // after A's three slots: B 0.25 > C 0.2, then C 0.2, C 0.1
    const result = allocateQuota(cells, 10);
    expect(order(cells, 10).slice(4)).toEqual(['BIDAN@0.25', 'GURU@0.2', 'GURU@0.1']);
    expect(result).toMatchObject({ allocated: 7, unallocated: 3, perCell: [2, 2, 3] });
  });

  it('gives nothing for a zero quota', () => {
    expect(allocateQuota(cells, 0)).toMatchObject({ allocated: 0, unallocated: 0, perCell: [0, 0, 0], slots: [] });
  });

  it('weights pressure by the priority of the target a cell serves', () => {
    // GURU priority 5: 0.2 × 5 = 1.0 first; then 0.1 × 5 = 0.5 < ANALIS 0.75
    const weighted = cells.map((c) => (c.positionCode === 'GURU' ? { ...c, priority: 5 } : c));
    expect(order(weighted, 2)).toEqual(['GURU@1', 'ANALIS@0.75']);
  });

  it('is deterministic whatever the input order', () => {
    const reversed = [...cells].reverse();
    const byCode = (list: QuotaCell[]) => {
      const r = allocateQuota(list, 5);
      return Object.fromEntries(list.map((c, i) => [c.positionCode, r.perCell[i]]));
    };
    expect(byCode(reversed)).toEqual(byCode(cells));
  });

  it('refuses a negative or fractional quota and a non-positive priority', () => {
    expect(planningError(() => allocateQuota(cells, -1)).message).toContain('quota must be a whole number');
    expect(planningError(() => allocateQuota(cells, 1.5)).message).toContain('quota must be a whole number');
    expect(planningError(() => allocateQuota([{ ...cells[0], priority: 0 }], 1)).message).toContain(
      'GURU in unit U2: priority must be a number above 0',
    );
  });
});

describe('quota allocation under a budget', () => {
  // same cells, annual cost GURU 100, BIDAN 80, ANALIS 50 (million rupiah)
  const costed: QuotaCell[] = cells.map((c) => ({ ...c, annualCost: { GURU: 100, BIDAN: 80, ANALIS: 50 }[c.positionCode] }));

  it('gives slots in pressure order while the budget pays, skipping a cell it cannot pay for', () => {
    // ANALIS 0.75 (50, left 150) · BIDAN 0.75 (80, left 70) · ANALIS 0.5 (50, left 20) · ANALIS 0.25 and BIDAN 0.25 and GURU cost more than 20 → stop
    const r = allocateQuota(costed, { quota: null, budget: 200 });
    expect(r.slots.map((s) => costed[s.cell].positionCode)).toEqual(['ANALIS', 'BIDAN', 'ANALIS']);
    expect(r).toMatchObject({
      quota: null,
      budget: 200,
      allocated: 3,
      unallocated: null,
      allocatedCost: 180,
      budgetLeft: 20,
      perCell: [0, 1, 2],
    });
  });

  it('lets a cheaper cell lower in the order take what a dearer one cannot', () => {
    // 160: ANALIS 50, BIDAN 80 (left 30) · ANALIS 0.5 costs 50 > 30 · nothing else fits
    // 185: ANALIS, BIDAN (left 55) · ANALIS 0.5 (left 5) — with quota 2 only the first two
    expect(allocateQuota(costed, { quota: null, budget: 160 }).perCell).toEqual([0, 1, 1]);
    expect(allocateQuota(costed, { quota: 2, budget: 185 })).toMatchObject({
      allocated: 2,
      unallocated: 0,
      allocatedCost: 130,
      budgetLeft: 55,
    });
    // GURU first at priority 5 (100), then ANALIS 0.75 (50); BIDAN 80 > 50 left, ANALIS 0.5 takes the last 50
    const weighted = costed.map((c) => (c.positionCode === 'GURU' ? { ...c, priority: 5 } : c));
    expect(allocateQuota(weighted, { quota: null, budget: 200 }).slots.map((s) => weighted[s.cell].positionCode)).toEqual([
      'GURU',
      'ANALIS',
      'ANALIS',
    ]);
  });

  it('reports the allocated cost without a budget, and refuses a budget over cells without a cost', () => {
    // ANALIS 50 + BIDAN 80
    expect(allocateQuota(costed, 2)).toMatchObject({ allocatedCost: 130, budgetLeft: null });
    expect(allocateQuota(cells, 1).allocatedCost).toBeNull();
    expect(planningError(() => allocateQuota(cells, { quota: null, budget: 10 })).message).toContain(
      'has no annual cost, so a budget cannot pay',
    );
    expect(planningError(() => allocateQuota(costed, { quota: null, budget: -1 })).message).toContain('budget must be a number of rupiah');
    expect(planningError(() => allocateQuota(costed, { quota: null })).message).toContain('a quota, a budget or both');
  });
});
