import { computePlan } from './formation-plan';
import { PlanningProblem } from './model';
import { applyOverrides, ownStandardKey, scenarioForAgency } from './scenario';

// Baseline: PERAWAT @ PKM-A driven by outpatient visits (37,500 × 10 min / 60 = 6,250 h → 5 FTE on 1,250 h);
// PENGADMIN @ U1 takes the position-wide standard (2,500 × 30 min = 1,250 h → 1 FTE), PENGADMIN @ U2 has
// its own (1,250 × 30 min = 625 h → 0.5 FTE).
const baseline = (): PlanningProblem => ({
  workingTime: { hoursPerYear: 1250 },
  rounding: 'HALF_UP',
  targets: [{ indicator: 'kunjungan', year: 2027, unitCode: 'PKM-A', value: 37500, source: 'RENSTRA' }],
  cells: [
    {
      positionCode: 'PERAWAT',
      unitCode: 'PKM-A',
      activities: [{ kind: 'SERVICE', name: 'asuhan', driver: { indicator: 'kunjungan', factor: 1 }, minutesPerUnit: 10 }],
    },
    { positionCode: 'PENGADMIN', unitCode: 'U1', activities: [{ kind: 'SERVICE', name: 'surat', annualVolume: 2500, minutesPerUnit: 30 }] },
    { positionCode: 'PENGADMIN', unitCode: 'U2', activities: [{ kind: 'SERVICE', name: 'surat', annualVolume: 1250, minutesPerUnit: 30 }] },
  ],
  plan: {
    asOf: '2026-12-31',
    years: [2027],
    attritionRate: 0,
    renewContracts: false,
    retirementAges: [
      { category: 'FUNGSIONAL', age: 58 },
      { category: 'FUNGSIONAL', positionCode: 'GURU', age: 60 },
    ],
    employees: [],
  },
});
const fte = (p: PlanningProblem) => Object.fromEntries(computePlan(p).cells.map((c) => [`${c.positionCode}@${c.unitCode}`, c.requiredFte]));

describe('applyOverrides', () => {
  const own = new Set([ownStandardKey('PERAWAT', 'PKM-A'), ownStandardKey('PENGADMIN', 'U2')]);

  it('replaces a target value, keeping the rest of the baseline, and leaves the baseline untouched', () => {
    const base = baseline();
    // 60,000 × 10 / 60 = 10,000 h → 8 FTE
    const p = applyOverrides(
      base,
      {
        targets: [
          { indicator: 'kunjungan', year: 2027, unitCode: 'PKM-A', value: 60000, priority: 3, source: 'scenario Puskesmas 24 jam' },
        ],
      },
      own,
    );
    expect(fte(p)).toEqual({ 'PERAWAT@PKM-A': 8, 'PENGADMIN@U1': 1, 'PENGADMIN@U2': 0.5 });
    expect(p.targets).toEqual([
      { indicator: 'kunjungan', year: 2027, unitCode: 'PKM-A', value: 60000, priority: 3, source: 'scenario Puskesmas 24 jam' },
    ]);
    expect(base).toEqual(baseline());
    expect(fte(base)['PERAWAT@PKM-A']).toBe(5);
  });

  it('adds a target the baseline lacks and keeps the baseline source and priority when the override gives none', () => {
    const p = applyOverrides(
      { ...baseline(), targets: [{ indicator: 'kunjungan', year: 2027, unitCode: 'PKM-A', value: 1, priority: 2, source: 'RENSTRA' }] },
      {
        targets: [
          { indicator: 'kunjungan', year: 2027, unitCode: 'PKM-A', value: 37500 },
          { indicator: 'kunjungan', year: 2028, value: 9 },
        ],
      },
    );
    expect(p.targets).toEqual([
      { indicator: 'kunjungan', year: 2027, unitCode: 'PKM-A', value: 37500, priority: 2, source: 'RENSTRA' },
      { indicator: 'kunjungan', year: 2028, value: 9 },
    ]);
  });

  it("applies a position-wide standard where the position-wide one applied, never over a unit's own, and a unit standard wins", () => {
    // position-wide 5,000 × 30 / 60 = 2,500 h → 2 FTE at U1; U2 keeps its own 0.5
    const wide = {
      positionCode: 'PENGADMIN',
      activities: [{ kind: 'SERVICE' as const, name: 'surat', annualVolume: 5000, minutesPerUnit: 30 }],
    };
    expect(fte(applyOverrides(baseline(), { standards: [wide] }, own))).toEqual({
      'PERAWAT@PKM-A': 5,
      'PENGADMIN@U1': 2,
      'PENGADMIN@U2': 0.5,
    });
    // U1's own override (625 h → 0.5) beats the position-wide one; a DOKTER standard at PKM-A makes a new cell (2,500 h → 2)
    const p = applyOverrides(
      baseline(),
      {
        standards: [
          wide,
          {
            positionCode: 'PENGADMIN',
            unitCode: 'U1',
            activities: [{ kind: 'SERVICE', name: 'surat', annualVolume: 1250, minutesPerUnit: 30 }],
          },
          {
            positionCode: 'DOKTER',
            unitCode: 'PKM-A',
            activities: [{ kind: 'SERVICE', name: 'periksa', annualVolume: 10000, minutesPerUnit: 15 }],
          },
        ],
      },
      own,
    );
    expect(fte(p)).toEqual({ 'PERAWAT@PKM-A': 5, 'PENGADMIN@U1': 0.5, 'PENGADMIN@U2': 0.5, 'DOKTER@PKM-A': 2 });
  });

  it("replaces working time, rounding and the policy's retirement ages, keeping a position's own age", () => {
    const p = applyOverrides(baseline(), {
      workingTime: { hoursPerYear: 1000 },
      rounding: 'CEIL',
      attritionRate: 0.05,
      renewContracts: true,
      retirementAges: [{ category: 'FUNGSIONAL', age: 60 }],
    });
    // 6,250 h / 1,000 = 6.25 FTE → CEIL 7
    expect(computePlan(p).cells[0]).toMatchObject({ requiredFte: 6.25, required: 7 });
    expect(p.plan).toMatchObject({
      attritionRate: 0.05,
      renewContracts: true,
      retirementAges: [
        { category: 'FUNGSIONAL', age: 60 },
        { category: 'FUNGSIONAL', positionCode: 'GURU', age: 60 },
      ],
    });
    expect(applyOverrides(baseline(), {})).toEqual(baseline());
  });
});

describe('scenarioForAgency', () => {
  it("keeps an agency's targets and standards, position-wide standards of every agency, and the policy values", () => {
    const activities = [{ kind: 'SERVICE' as const, name: 'surat', annualVolume: 1, minutesPerUnit: 1 }];
    const overrides = scenarioForAgency(
      {
        targets: [
          { agencyCode: 'KAB-A', indicator: 'k', year: 2027, value: 1 },
          { agencyCode: 'KAB-B', indicator: 'k', year: 2027, value: 2 },
        ],
        standards: [
          { positionCode: 'P', activities },
          { agencyCode: 'KAB-B', positionCode: 'Q', unitCode: 'U', activities },
        ],
        attritionRate: 0.02,
        renewContracts: false,
      },
      'KAB-A',
    );
    expect(overrides).toEqual({
      targets: [{ indicator: 'k', year: 2027, value: 1 }],
      standards: [{ positionCode: 'P', activities }],
      attritionRate: 0.02,
      renewContracts: false,
    });
    expect(scenarioForAgency({ targets: [{ agencyCode: 'KAB-B', indicator: 'k', year: 2027, value: 2 }] }, 'KAB-A')).toEqual({});
  });
});
