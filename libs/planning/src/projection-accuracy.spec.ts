import {
  compareProjection,
  computePlan,
  EmployeeInput,
  observedExitKind,
  PlanOptions,
  projectedExits,
  REGULATION_RETIREMENT_AGES,
  RosterMember,
  sumAccuracy,
  windowMonths,
} from './index';
import { retirementAgeTable } from './supply';

// NIP: birth yyyymmdd, TMT yyyymm, sex digit, 3-digit sequence.
const nip = (birth: string, seq: number) => `${birth.replace(/-/g, '')}2010011${String(seq).padStart(3, '0')}`;
const pelaksana = (birth: string, seq: number): EmployeeInput => ({
  nip: nip(birth, seq),
  birthDate: birth,
  positionCode: 'PENGADMIN',
  unitCode: 'SETDA',
  category: 'PELAKSANA',
  employmentType: 'PNS',
});
const member = (e: EmployeeInput): RosterMember => ({
  ...e,
  unitCode: e.unitCode ?? null,
  level: e.level ?? null,
  contractEnd: e.contractEnd ?? null,
});

// A run on the roster of 2026-12-31 for 2027–2028 (BUP 58 for PELAKSANA and FUNGSIONAL TERAMPIL):
//   A PELAKSANA born 1969-03-10  → last day 2027-03-31, retirement 2027 · left
//   B PELAKSANA born 1969-08-05  → last day 2027-08-31, retirement 2027 · still in post at the end of 2027
//   C PERAWAT PPPK contract 2027-06-30 → contract end 2027 · left
//   D PELAKSANA born 1970-05-05  → retirement 2028 · left in 2027 (resigned): an unprojected leaver the run expected in 2028
//   E PELAKSANA born 1985-01-01  · stays
//   F PELAKSANA born 1980-02-02  · left (OTHER)
//   G PERAWAT PNS born 1988-04-04 · stays
//   H PELAKSANA born 1969-11-20, added by a correction after the run → last day 2027-11-30 · left: a retirement nobody projected
const A = pelaksana('1969-03-10', 1),
  B = pelaksana('1969-08-05', 2),
  D = pelaksana('1970-05-05', 4);
const E = pelaksana('1985-01-01', 5),
  F = pelaksana('1980-02-02', 6),
  H = pelaksana('1969-11-20', 8);
const perawat = { positionCode: 'PERAWAT', unitCode: 'PKM', category: 'FUNGSIONAL', level: 'TERAMPIL' } as const;
const C: EmployeeInput = {
  ...perawat,
  nip: '199001012019212003',
  birthDate: '1990-01-01',
  employmentType: 'PPPK',
  contractEnd: '2027-06-30',
};
const G: EmployeeInput = { ...perawat, nip: nip('1988-04-04', 7), birthDate: '1988-04-04', employmentType: 'PNS' };

const PLAN: PlanOptions = {
  asOf: '2026-12-31',
  years: [2027, 2028],
  attritionRate: 0.1,
  renewContracts: false,
  retirementAges: [...REGULATION_RETIREMENT_AGES],
  employees: [A, B, C, D, E, F, G],
};

describe('projection accuracy', () => {
  it('projects exits by NIP exactly as the plan counts them', () => {
    const exits = projectedExits(PLAN);
    expect(exits.map((e) => [e.nip, e.kind, e.lastDay, e.year])).toEqual([
      [A.nip, 'RETIREMENT', '2027-03-31', 2027],
      [B.nip, 'RETIREMENT', '2027-08-31', 2027],
      [C.nip, 'CONTRACT_END', '2027-06-30', 2027],
      [D.nip, 'RETIREMENT', '2028-05-31', 2028],
    ]);
    // the same counts computePlan stores per cell-year
    const result = computePlan({
      workingTime: { hoursPerYear: 1250 },
      cells: [
        { positionCode: 'PENGADMIN', unitCode: 'SETDA', activities: [] },
        { positionCode: 'PERAWAT', unitCode: 'PKM', activities: [] },
      ],
      plan: PLAN,
    });
    const counts = result.plan.map((r) => [r.positionCode, r.year, r.retirements, r.contractEnds]);
    expect(counts).toEqual([
      ['PENGADMIN', 2027, 2, 0],
      ['PENGADMIN', 2028, 1, 0],
      ['PERAWAT', 2027, 0, 1],
      ['PERAWAT', 2028, 0, 0],
    ]);
    // renewed contracts: C stays through the horizon
    expect(projectedExits({ ...PLAN, renewContracts: true }).map((e) => e.nip)).toEqual([A.nip, B.nip, D.nip]);
  });

  it('reads why a leaver left from the row: contract end, retirement, or other', () => {
    const ages = retirementAgeTable([...REGULATION_RETIREMENT_AGES]);
    expect(observedExitKind(member(A), ages, 20271231)).toEqual({ kind: 'RETIREMENT', lastDay: '2027-03-31' });
    // the pension date is past the window's end: the person left for another reason
    expect(observedExitKind(member(A), ages, 20270330)).toEqual({ kind: 'OTHER', lastDay: null });
    expect(observedExitKind(member(C), ages, 20271231)).toEqual({ kind: 'CONTRACT_END', lastDay: '2027-06-30' });
    // a contract running past the pension date: the exit is a retirement (DOMAIN.md)
    const late = { ...member(A), employmentType: 'PPPK' as const, contractEnd: '2027-12-31' };
    expect(observedExitKind(late, ages, 20271231)).toEqual({ kind: 'RETIREMENT', lastDay: '2027-03-31' });
    expect(observedExitKind(member(F), ages, 20271231)).toEqual({ kind: 'OTHER', lastDay: null });
  });

  it('measures the observation window in whole months', () => {
    expect(windowMonths('2026-12-31', '2027-12-31')).toBe(12);
    expect(windowMonths('2027-12-31', '2028-12-31')).toBe(12); // 366 days
    expect(windowMonths('2026-12-31', '2027-06-30')).toBe(6); // 181 days
    expect(windowMonths('2025-12-31', '2027-06-30')).toBe(18); // 546 days
  });

  it('compares projected with observed exits per category, per NIP, and suggests a rate from the sums', () => {
    // the run's plan_result sums for 2027 (attrition 0.1 × stayers; whole persons HALF_UP of the running total)
    const projected = [
      { category: 'PELAKSANA' as const, supplyStart: 5, retirements: 2, contractEnds: 0, expectedAttrition: 0.3, attrition: 0 },
      { category: 'FUNGSIONAL' as const, supplyStart: 2, retirements: 0, contractEnds: 1, expectedAttrition: 0.1, attrition: 0 },
    ];
    const result = compareProjection({
      year: 2027,
      fromAsOf: '2026-12-31',
      toAsOf: '2027-12-31',
      retirementAges: [...REGULATION_RETIREMENT_AGES],
      projected,
      exits: projectedExits(PLAN),
      stillInPost: new Set([B.nip]),
      inPost: [
        { category: 'PELAKSANA', headcount: 6 },
        { category: 'FUNGSIONAL', headcount: 2 },
      ],
      leavers: [A, C, D, F, H].map(member),
    });
    expect(result.windowMonths).toBe(12);
    const [pelaksana, fungsional] = result.categories; // in the order of POSITION_CATEGORIES
    // FUNGSIONAL: C's contract ended as projected; nobody else left. Stayers 2 − 1 = 1, exposure 1 person-year, rate 0 / 1.
    expect(fungsional).toMatchObject({
      category: 'FUNGSIONAL',
      projectedExits: 1,
      projectedAttritionRate: 0.1,
      observedInPost: 2,
      observedLeavers: 1,
      observedContractEnds: 1,
      observedOtherLeavers: 0,
      observedStayers: 1,
      exposureYears: 1,
      contractEndsError: 0,
      exitsError: 0,
      exitsRelativeError: 0,
      contractEndsProjectedLeft: 1,
      contractEndsProjectedStayed: 0,
      contractEndsUnprojected: 0,
      suggestedAttritionRate: 0,
    });
    // PELAKSANA: projected A, B (retirements), attrition 0 → 2 exits. Observed A, H (retirements), D, F (other) → 4 leavers.
    // Stayers 6 − 2 = 4, rate 2 / (4 × 12/12) = 0.5; projected rate 0.3 / (5 − 2) = 0.1.
    expect(pelaksana).toEqual({
      category: 'PELAKSANA',
      projectedSupplyStart: 5,
      projectedRetirements: 2,
      projectedContractEnds: 0,
      projectedAttrition: 0,
      projectedExpectedAttrition: 0.3,
      projectedExits: 2,
      projectedAttritionRate: expect.closeTo(0.1, 12),
      observedInPost: 6,
      observedLeavers: 4,
      observedRetirements: 2,
      observedContractEnds: 0,
      observedOtherLeavers: 2,
      observedStayers: 4,
      exposureYears: 4,
      retirementsError: 0,
      contractEndsError: 0,
      attritionError: 2,
      exitsError: 2,
      exitsRelativeError: 1,
      retirementsProjectedLeft: 1,
      retirementsProjectedStayed: 1,
      retirementsUnprojected: 1,
      contractEndsProjectedLeft: 0,
      contractEndsProjectedStayed: 0,
      contractEndsUnprojected: 0,
      suggestedAttritionRate: 0.5,
    });
    // the agency: 2 other leavers over 4 + 1 person-years = 0.4, not the average of 0.5 and 0 (0.25)
    expect(result.total).toMatchObject({
      category: null,
      projectedSupplyStart: 7,
      projectedExits: 3,
      projectedAttritionRate: expect.closeTo(0.1, 12),
      observedInPost: 8,
      observedLeavers: 5,
      observedStayers: 5,
      exposureYears: 5,
      exitsError: 2,
      exitsRelativeError: 2 / 3,
      retirementsProjectedLeft: 1,
      retirementsUnprojected: 1,
      suggestedAttritionRate: 0.4,
    });
    expect(result.staff.map((s) => [s.nip, s.status, s.projectedExit, s.projectedExitYear, s.observedExit])).toEqual([
      [A.nip, 'PROJECTED_LEFT', 'RETIREMENT', 2027, 'RETIREMENT'],
      [B.nip, 'PROJECTED_STAYED', 'RETIREMENT', 2027, null],
      [H.nip, 'LEFT_UNPROJECTED', null, null, 'RETIREMENT'],
      [D.nip, 'LEFT_UNPROJECTED', null, 2028, 'OTHER'],
      [F.nip, 'LEFT_UNPROJECTED', null, null, 'OTHER'],
      [C.nip, 'PROJECTED_LEFT', 'CONTRACT_END', 2027, 'CONTRACT_END'],
    ]);
  });

  it('sums agencies with different windows by person-years of exposure', () => {
    const empty = { year: 2027, retirementAges: [...REGULATION_RETIREMENT_AGES], projected: [], exits: [], stillInPost: new Set<string>() };
    const others = (n: number) => Array.from({ length: n }, (_, i) => member(pelaksana('1980-02-02', 100 + i)));
    // 12 months, 4 in post, 2 others → exposure 4; 6 months, 10 in post, 1 other → exposure 10 × 0.5 = 5
    const year = compareProjection({
      ...empty,
      fromAsOf: '2026-12-31',
      toAsOf: '2027-12-31',
      inPost: [{ category: 'PELAKSANA', headcount: 4 }],
      leavers: others(2),
    });
    const half = compareProjection({
      ...empty,
      fromAsOf: '2027-06-30',
      toAsOf: '2027-12-31',
      inPost: [{ category: 'PELAKSANA', headcount: 10 }],
      leavers: others(1),
    });
    expect([year.total.suggestedAttritionRate, half.total.suggestedAttritionRate]).toEqual([0.5, 0.2]);
    const both = sumAccuracy([year.total, half.total]);
    expect(both).toMatchObject({ observedInPost: 14, observedOtherLeavers: 3, exposureYears: 9, suggestedAttritionRate: 3 / 9 });
    // nobody exposed: no rate rather than 0 or NaN
    expect(sumAccuracy([]).suggestedAttritionRate).toBeNull();
  });
});
