import { computePlan, PlanningProblem } from '@formasi/planning';
import { toResultRows } from './plan-result.mapper';

describe('toResultRows', () => {
  // 3,000 h of service on 1,250 h = 2.4 FTE → required 2 (HALF_UP); CAF 1 / (1 − 0.2) = 1.25 → 3.0 FTE → 3
  const problem: PlanningProblem = {
    workingTime: { hoursPerYear: 1250 },
    cells: [
      {
        positionCode: 'ANALIS',
        unitCode: 'U1',
        activities: [
          { kind: 'SERVICE', name: 'kajian', annualVolume: 100, minutesPerUnit: 1800 },
          { kind: 'SUPPORT', name: 'rapat', percentOfWorkingTime: 20 },
        ],
      },
      { positionCode: 'STAF', unitCode: 'U1', activities: [] },
    ],
    plan: {
      asOf: '2026-12-31',
      years: [2027],
      retirementAges: [
        { category: 'FUNGSIONAL', age: 58 },
        { category: 'PELAKSANA', age: 58 },
      ],
      employees: [
        {
          nip: '199001012015031001',
          birthDate: '1990-01-01',
          positionCode: 'ANALIS',
          unitCode: 'U1',
          category: 'FUNGSIONAL',
          level: 'AHLI_PERTAMA',
          employmentType: 'PNS',
        },
        {
          nip: '199101012015031002',
          birthDate: '1991-01-01',
          positionCode: 'STAF',
          unitCode: 'U1',
          category: 'PELAKSANA',
          employmentType: 'PNS',
        },
      ],
    },
  };
  const entry = {
    agencyId: '00000000-0000-0000-0000-000000000001',
    agencyCode: 'KAB-X',
    problem,
    rosterId: null,
    overrides: {},
    positions: { ANALIS: { category: 'FUNGSIONAL', level: 'AHLI_PERTAMA' }, STAF: { category: 'PELAKSANA', level: null } },
  };

  it('carries the engine numbers and derives ratio and pressure from them', () => {
    const [analis, staf] = toResultRows(entry, computePlan(problem));
    expect(analis).toMatchObject({
      agencyCode: 'KAB-X',
      unitCode: 'U1',
      positionCode: 'ANALIS',
      category: 'FUNGSIONAL',
      level: 'AHLI_PERTAMA',
      year: 2027,
      required: 3,
      existing: 1,
      supplyEnd: 1,
      formation: 2,
    });
    expect(analis!.requiredFte).toBeCloseTo(3, 12);
    expect(analis!.caf).toBeCloseTo(1.25, 12);
    expect(analis!.iaf).toBe(0);
    // existing / requiredFte = 1 / 3; pressure (required − supplyEnd) / required = 2 / 3
    expect(analis!.wisnRatio).toBeCloseTo(1 / 3, 12);
    expect(analis!.pressure).toBeCloseTo(2 / 3, 12);
    // EJ = requiredFte / existing = 3 / 1, band A (≥ 1.00) under the default bands
    expect(analis!.efficiency).toBeCloseTo(3, 12);
    expect(analis!.efficiencyBand).toBe('A');
    // nothing required: no ratio, no pressure, the one holder is a surplus
    expect(staf).toMatchObject({
      category: 'PELAKSANA',
      level: null,
      requiredFte: 0,
      required: 0,
      wisnRatio: null,
      pressure: 0,
      surplus: 1,
      efficiency: 0,
      efficiencyBand: 'E',
      priority: 1,
    });
  });
});
