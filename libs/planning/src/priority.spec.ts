import { CellInput } from './model';
import { cellPriorities } from './priority';

describe('cellPriorities', () => {
  const priorityOf = cellPriorities([
    { indicator: 'kunjungan', year: 2027, value: 100, priority: 2 },
    { indicator: 'kunjungan', year: 2027, unitCode: 'PKM-A', value: 50, priority: 4 },
    { indicator: 'kunjungan', year: 2028, value: 100 },
    { indicator: 'izin', year: 2027, value: 10, priority: 3 },
  ]);
  const driven = (unitCode: string, ...indicators: string[]): CellInput => ({
    positionCode: 'P',
    unitCode,
    activities: [
      ...indicators.map((indicator) => ({
        kind: 'SERVICE' as const,
        name: indicator,
        driver: { indicator, factor: 1 },
        minutesPerUnit: 1,
      })),
      { kind: 'SERVICE' as const, name: 'tetap', annualVolume: 10, minutesPerUnit: 1 },
    ],
  });

  it("takes the unit's own target, else the agency-wide one, and the highest of the driving targets", () => {
    expect(priorityOf(driven('PKM-A', 'kunjungan'), 2027)).toBe(4);
    expect(priorityOf(driven('PKM-B', 'kunjungan'), 2027)).toBe(2);
    expect(priorityOf(driven('PKM-B', 'kunjungan', 'izin'), 2027)).toBe(3);
    expect(priorityOf(driven('PKM-A', 'kunjungan', 'izin'), 2027)).toBe(4);
  });

  it('weighs 1 for a target without a priority and for fixed volumes only', () => {
    expect(priorityOf(driven('PKM-A', 'kunjungan'), 2028)).toBe(1);
    expect(priorityOf(driven('PKM-A'), 2027)).toBe(1);
    expect(priorityOf({ positionCode: 'P', activities: [] }, 2027)).toBe(1);
  });
});
