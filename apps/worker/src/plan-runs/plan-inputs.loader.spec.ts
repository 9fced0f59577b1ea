import { ActivityRow, unitStandardCells } from './plan-inputs.loader';

const row = (positionCode: string, unitCode: string, ordinal: number | null, name: string | null = `a${ordinal}`): ActivityRow => ({
  positionCode,
  agencyId: null,
  unitCode,
  kind: name === null ? null : 'SERVICE',
  name,
  annualVolume: name === null ? null : 10 * (ordinal ?? 0),
  driverIndicator: null,
  driverFactor: null,
  driverBase: null,
  minutesPerUnit: name === null ? null : 60,
  unitsPerHour: null,
  percentOfWorkingTime: null,
  hoursPerYear: null,
  staffCount: null,
  ordinal,
});

describe('unit standard cells from activity rows', () => {
  // as the join returns them when nothing orders it: cells interleaved, a standard's rows out of order
  const shuffled = [
    row('GURU', 'U2', 2),
    row('ANALIS', 'U1', 1),
    row('GURU', 'U2', 0),
    row('STAF', 'U1', null, null),
    row('ANALIS', 'U1', 0),
    row('GURU', 'U2', 1),
    row('ANALIS', 'U2', 0),
  ];

  it('puts each standard in ordinal order and the cells by unit, then position', () => {
    const { cells, ownStandards } = unitStandardCells(shuffled);
    expect(cells.map((c) => [c.unitCode, c.positionCode, c.activities.map((a) => a.name)])).toEqual([
      ['U1', 'ANALIS', ['a0', 'a1']],
      ['U1', 'STAF', []],
      ['U2', 'ANALIS', ['a0']],
      ['U2', 'GURU', ['a0', 'a1', 'a2']],
    ]);
    // each activity keeps its own figures through the reordering
    expect(cells[3]!.activities.map((a) => (a as { annualVolume?: number }).annualVolume)).toEqual([0, 10, 20]);
    expect(ownStandards.size).toBe(4);
  });

  it('gives the same cells for rows in order as for the same rows shuffled', () => {
    const ordered = [...shuffled].sort(
      (a, b) =>
        a.unitCode!.localeCompare(b.unitCode!) || a.positionCode.localeCompare(b.positionCode) || (a.ordinal ?? -1) - (b.ordinal ?? -1),
    );
    expect(unitStandardCells(shuffled)).toEqual(unitStandardCells(ordered));
  });
});
