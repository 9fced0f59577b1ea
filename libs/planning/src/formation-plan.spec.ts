import {
  computePlan,
  EmployeeInput,
  explainCell,
  PlanCellYear,
  PlanningErrorCode,
  PlanningProblem,
  PositionCategory,
  PositionLevel,
} from './index';
import { planningError } from './planning-error.testing';

/** A valid NIP for a birth date: yyyymmdd + TMT yyyymm (or yyyy21 for PPPK) + sex + sequence. */
let sequence = 0;
function employee(birthDate: string, over: Partial<EmployeeInput> = {}): EmployeeInput {
  const pppk = over.employmentType === 'PPPK';
  const tmt = pppk ? '202221' : `${Number(birthDate.slice(0, 4)) + 25}03`;
  const nip = `${birthDate.replace(/-/g, '')}${tmt}1${String(++sequence).padStart(3, '0')}`;
  return { nip, birthDate, positionCode: 'P', category: 'PELAKSANA', employmentType: 'PNS', ...over };
}

const RETIREMENT_AGES = [
  { category: 'PELAKSANA' as PositionCategory, age: 58 },
  { category: 'FUNGSIONAL' as PositionCategory, age: 58 },
  { category: 'FUNGSIONAL' as PositionCategory, level: 'AHLI_MADYA' as PositionLevel, age: 60 },
  { category: 'FUNGSIONAL' as PositionCategory, level: 'AHLI_UTAMA' as PositionLevel, age: 65 },
];

/** One cell P requiring `fte` staff every year (fte × 1250 h of 60-minute units). */
function plan(
  employees: EmployeeInput[] | undefined,
  over: Partial<NonNullable<PlanningProblem['plan']>> = {},
  fte = 4,
  existing?: number,
): PlanningProblem {
  return {
    workingTime: { hoursPerYear: 1250 },
    cells: [{ positionCode: 'P', existing, activities: [{ kind: 'SERVICE', name: 'work', annualVolume: fte * 1250, minutesPerUnit: 60 }] }],
    plan: {
      asOf: '2026-06-30',
      years: [2027, 2028, 2029, 2030, 2031],
      attritionRate: 0,
      renewContracts: false,
      retirementAges: RETIREMENT_AGES,
      employees,
      ...over,
    },
  };
}

const byYear = (rows: PlanCellYear[]) => Object.fromEntries(rows.map((r) => [r.year, r]));
const exitsByYear = (problem: PlanningProblem) =>
  computePlan(problem).plan.map((r) => ({ year: r.year, retirements: r.retirements, contractEnds: r.contractEnds }));

describe('multi-year formation plan', () => {
  it('gives the same plan whatever order the employees come in (a worker reads a roster in its stored order)', () => {
    // three cells, retirements in several years, PPPK contracts ending, fractional attrition carried year to year
    const births = ['1968-08-11', '1969-07-30', '1970-03-10', '1971-12-01', '1985-05-05', '1990-09-09', '1968-12-31', '1969-11-15'];
    const employees: EmployeeInput[] = [];
    births.forEach((birth, i) => {
      employees.push(employee(birth, { positionCode: 'P', unitCode: i % 2 ? 'U1' : 'U2' }));
      employees.push(
        employee(birth, { positionCode: 'F', category: 'FUNGSIONAL', level: i % 3 ? 'AHLI_MADYA' : 'AHLI_MUDA', unitCode: 'U1' }),
      );
      if (i % 2)
        employees.push(employee(birth, { employmentType: 'PPPK', contractEnd: `${2027 + (i % 4)}-0${1 + (i % 8)}-28`, unitCode: 'U2' }));
    });
    const problem = (staff: EmployeeInput[]): PlanningProblem => ({
      workingTime: { hoursPerYear: 1250 },
      cells: ['U1', 'U2'].flatMap((unitCode) =>
        ['P', 'F'].map((positionCode) => ({
          positionCode,
          unitCode,
          activities: [{ kind: 'SERVICE' as const, name: 'work', annualVolume: 9 * 1250, minutesPerUnit: 60 }],
        })),
      ),
      plan: {
        asOf: '2026-06-30',
        years: [2027, 2028, 2029, 2030, 2031],
        attritionRate: 0.07,
        renewContracts: false,
        retirementAges: RETIREMENT_AGES,
        employees: staff,
      },
    });
    const inOrder = computePlan(problem(employees));
    // the plan is not trivial: people leave in more than one year and attrition is a fraction
    expect(new Set(inOrder.plan.filter((r) => r.exits > 0).map((r) => r.year)).size).toBeGreaterThan(1);
    expect(inOrder.plan.some((r) => !Number.isInteger(r.expectedAttrition))).toBe(true);
    expect(computePlan(problem([...employees].reverse()))).toEqual(inOrder);
    const shuffled = employees
      .map((e, i) => ({ e, k: (i * 7919) % employees.length }))
      .sort((a, b) => a.k - b.k)
      .map(({ e }) => e);
    expect(computePlan(problem(shuffled))).toEqual(inOrder);
  });

  it('chains supply, exits, formation and surplus year by year (hand-computed)', () => {
    // 2027: start 3, stayers 3, expected attrition 0.05 × 3 = 0.15, running total 0.15 → 0 persons,
    //       end 3, formation ceil(4 − 3) = 1
    // 2028: start 3 + 1 = 4, 1 retirement (born 1970-03-10, 58 → 2028-03-31), stayers 3, expected 0.15,
    //       running total 0.30 → 0 persons, exits 1, end 3, formation ceil(4 − 3) = 1
    const rows = byYear(
      computePlan(
        plan([employee('1970-03-10'), employee('1980-01-01'), employee('1985-06-15')], { years: [2027, 2028], attritionRate: 0.05 }),
      ).plan,
    );
    expect(rows[2027]).toMatchObject({
      requiredFte: 4,
      required: 4,
      supplyStart: 3,
      retirements: 0,
      contractEnds: 0,
      attrition: 0,
      exits: 0,
      supplyEnd: 3,
      formation: 1,
      surplus: 0,
    });
    expect(rows[2027].expectedAttrition).toBeCloseTo(0.15, 12);
    expect(rows[2028]).toMatchObject({ supplyStart: 4, retirements: 1, attrition: 0, exits: 1, supplyEnd: 3, formation: 1, surplus: 0 });
    expect(rows[2028].expectedAttrition).toBeCloseTo(0.15, 12);
  });

  it('counts attrition in whole persons from the rounded running total of expected attrition', () => {
    // 10 staff, 10 required, 3 % a year: expected 0.3 every year; running totals 0.3, 0.6, 0.9, 1.2, 1.5
    // round (HALF_UP) to 0, 1, 1, 1, 2, so one person leaves in 2028 and one in 2031, and each is replaced
    const staff = [
      '1980-01-01',
      '1981-01-01',
      '1982-01-01',
      '1983-01-01',
      '1984-01-01',
      '1985-01-01',
      '1986-01-01',
      '1987-01-01',
      '1988-01-01',
      '1989-01-01',
    ];
    const rows = computePlan(
      plan(
        staff.map((d) => employee(d)),
        { attritionRate: 0.03 },
        10,
      ),
    ).plan;
    expect(rows.map((r) => r.attrition)).toEqual([0, 1, 0, 0, 1]);
    expect(rows.map((r) => r.supplyEnd)).toEqual([10, 9, 10, 10, 9]);
    expect(rows.map((r) => r.formation)).toEqual([0, 1, 0, 0, 1]);
    rows.forEach((r) => expect(r.expectedAttrition).toBeCloseTo(0.3, 12));
  });

  it('recruits whole people, not one for a fraction of a person (2 in post, 4 required, 1 %)', () => {
    // the old rule: supplyEnd 2 − 0.02 = 1.98 → formation 3; whole persons: attrition 0 → formation 2
    const [first] = computePlan(plan([employee('1980-01-01'), employee('1981-01-01')], { attritionRate: 0.01 })).plan;
    expect(first).toMatchObject({ supplyStart: 2, attrition: 0, supplyEnd: 2, formation: 2 });
    expect(first.expectedAttrition).toBeCloseTo(0.02, 12);
  });

  it('keeps supply at or above zero when attrition already took the person who retires later', () => {
    // nothing required; 1 in post (58 in 2028), 60 %: 2027 expected 0.6 → 1 person leaves, end 0;
    // 2028: the roster still retires that employee, but nobody stays: stayers max(0, 0 − 1) = 0, end 0
    const rows = byYear(computePlan(plan([employee('1970-05-05')], { years: [2027, 2028], attritionRate: 0.6 }, 0)).plan);
    expect(rows[2027]).toMatchObject({ supplyStart: 1, attrition: 1, supplyEnd: 0, formation: 0 });
    expect(rows[2028]).toMatchObject({
      supplyStart: 0,
      retirements: 1,
      expectedAttrition: 0,
      attrition: 0,
      supplyEnd: 0,
      formation: 0,
      surplus: 0,
    });
  });

  it('reports surplus and no formation when supply exceeds the requirement', () => {
    // 6 staff, 4 required, nobody leaves: surplus 2 every year
    const staff = ['1980-01-01', '1981-01-01', '1982-01-01', '1983-01-01', '1984-01-01', '1985-01-01'].map((d) => employee(d));
    for (const row of computePlan(plan(staff)).plan) expect(row).toMatchObject({ supplyStart: 6, supplyEnd: 6, formation: 0, surplus: 2 });
  });

  it('counts exits after asOf but before the first plan year in the first plan year', () => {
    // asOf 2025-06-30: born 1967-10-20 leaves 2025-10-31, born 1968-12-15 leaves 2026-12-31 → both in 2027
    const result = exitsByYear(plan([employee('1967-10-20'), employee('1968-12-15')], { asOf: '2025-06-30', years: [2027, 2028] }));
    expect(result).toEqual([
      { year: 2027, retirements: 2, contractEnds: 0 },
      { year: 2028, retirements: 0, contractEnds: 0 },
    ]);
  });

  it('retires a December birthday on 31 December of the BUP year, not the next year', () => {
    expect(exitsByYear(plan([employee('1969-12-31')], { years: [2027, 2028] }))).toEqual([
      { year: 2027, retirements: 1, contractEnds: 0 },
      { year: 2028, retirements: 0, contractEnds: 0 },
    ]);
  });

  it('retires a leap-day birthday at the end of February, 28th or 29th', () => {
    const leap = employee('1968-02-29', { category: 'FUNGSIONAL', level: 'AHLI_MADYA' });
    // 60 in 2028 (a leap year): last day 2028-02-29
    const explanation = explainCell(plan([leap]), { positionCode: 'P', year: 2028 });
    expect(explanation.staff[0]).toMatchObject({
      nip: leap.nip,
      lastDayInPost: '2028-02-29',
      exit: { kind: 'RETIREMENT', planYear: 2028 },
    });
    // 58 in 2026 (not a leap year): last day 2026-02-28, after an asOf of 2026-01-31 → counts in 2027
    const young = employee('1968-02-29');
    const early = explainCell(plan([young], { asOf: '2026-01-31' }), { positionCode: 'P', year: 2027 });
    expect(early.staff[0]).toMatchObject({ lastDayInPost: '2026-02-28', exit: { kind: 'RETIREMENT', planYear: 2027 } });
  });

  it('keeps an employee whose last day in post is the snapshot date, and rejects one already gone', () => {
    // born 1968-06-10, 58 → last day 2026-06-30 = asOf: in post on asOf, leaves in the first plan year
    expect(exitsByYear(plan([employee('1968-06-10')], { years: [2027] }))).toEqual([{ year: 2027, retirements: 1, contractEnds: 0 }]);
    const gone = employee('1968-05-10');
    const error = planningError(() => computePlan(plan([gone])));
    expect(error.code).toBe(PlanningErrorCode.ALREADY_RETIRED);
    expect(error.message).toContain(gone.nip);
    expect(error.message).toContain('2026-05-31');
  });

  it('uses the level row over the category row and a position row over both', () => {
    // all born 1969-03-01: FUNGSIONAL (58) → 2027, AHLI_MADYA (60) → 2029, AHLI_UTAMA (65) → 2034 (beyond)
    const problem: PlanningProblem = {
      workingTime: { hoursPerYear: 1250 },
      cells: ['AHLI_MUDA', 'AHLI_MADYA', 'AHLI_UTAMA', 'GURU'].map((positionCode) => ({ positionCode, activities: [] })),
      plan: {
        asOf: '2026-06-30',
        years: [2027, 2028, 2029, 2030, 2031],
        retirementAges: [...RETIREMENT_AGES, { category: 'FUNGSIONAL', positionCode: 'GURU', age: 60 }],
        employees: [
          employee('1969-03-01', { positionCode: 'AHLI_MUDA', category: 'FUNGSIONAL', level: 'AHLI_MUDA' }),
          employee('1969-03-01', { positionCode: 'AHLI_MADYA', category: 'FUNGSIONAL', level: 'AHLI_MADYA' }),
          employee('1969-03-01', { positionCode: 'AHLI_UTAMA', category: 'FUNGSIONAL', level: 'AHLI_UTAMA' }),
          employee('1969-03-01', { positionCode: 'GURU', category: 'FUNGSIONAL', level: 'AHLI_MUDA' }),
        ],
      },
    };
    const retiring = computePlan(problem)
      .plan.filter((r) => r.retirements > 0)
      .map((r) => `${r.positionCode} ${r.year}`);
    expect(retiring).toEqual(['AHLI_MUDA 2027', 'AHLI_MADYA 2029', 'GURU 2029']);
  });

  it('ends PPPK contracts in their year unless the plan renews them', () => {
    const pppk = employee('1990-01-01', { employmentType: 'PPPK', contractEnd: '2028-12-31' });
    expect(exitsByYear(plan([pppk], { years: [2027, 2028, 2029] }))).toEqual([
      { year: 2027, retirements: 0, contractEnds: 0 },
      { year: 2028, retirements: 0, contractEnds: 1 },
      { year: 2029, retirements: 0, contractEnds: 0 },
    ]);
    expect(exitsByYear(plan([pppk], { years: [2027, 2028, 2029], renewContracts: true })).every((r) => r.contractEnds === 0)).toBe(true);
    // a contract running past the retirement age ends in retirement: born 1969-05-05, 58 → 2027-05-31
    const late = employee('1969-05-05', { employmentType: 'PPPK', contractEnd: '2030-12-31' });
    expect(exitsByYear(plan([late], { years: [2027, 2028] }))).toEqual([
      { year: 2027, retirements: 1, contractEnds: 0 },
      { year: 2028, retirements: 0, contractEnds: 0 },
    ]);
  });

  it('rejects PPPK rows without a live contract unless contracts are renewed', () => {
    const open = employee('1990-01-01', { employmentType: 'PPPK' });
    expect(planningError(() => computePlan(plan([open]))).message).toContain('needs contractEnd');
    expect(computePlan(plan([open], { renewContracts: true })).cells[0].existing).toBe(1);
    const ended = employee('1990-01-01', { employmentType: 'PPPK', contractEnd: '2026-01-31' });
    expect(planningError(() => computePlan(plan([ended]))).code).toBe(PlanningErrorCode.CONTRACT_ENDED);
  });

  it('does not let binary error add a recruit', () => {
    // 0.1 × 3 × 10 × 1250 h = 3 FTE exactly in decimals, 3.0000000000000004 in doubles; with
    // rounding NONE, required − supplyEnd = 4e-16 and a plain ceil would recruit one person
    const problem = plan([employee('1980-01-01'), employee('1981-01-01'), employee('1982-01-01')], { years: [2027] }, 0.1 * 3 * 10);
    const [row] = computePlan({ ...problem, rounding: 'NONE' }).plan;
    expect(row.required).toBeGreaterThan(3);
    expect(Math.ceil(row.required - row.supplyEnd)).toBe(1);
    expect(row.formation).toBe(0);
  });

  it('plans a position with no workload as pure surplus', () => {
    const [row] = computePlan(plan([employee('1980-01-01'), employee('1981-01-01')], { years: [2027] }, 0)).plan;
    expect(row).toMatchObject({ requiredFte: 0, required: 0, supplyEnd: 2, formation: 0, surplus: 2 });
  });

  it('follows the targets of each plan year', () => {
    // volume = 2 × target; 60 min per unit; target 625, 1250, 1875 → 1, 2, 3 FTE
    const problem: PlanningProblem = {
      workingTime: { hoursPerYear: 1250 },
      targets: [625, 1250, 1875].map((value, i) => ({ indicator: 'LICENCES', year: 2027 + i, value })),
      cells: [
        {
          positionCode: 'P',
          activities: [{ kind: 'SERVICE', name: 'verify', driver: { indicator: 'LICENCES', factor: 2 }, minutesPerUnit: 60 }],
        },
      ],
      plan: { asOf: '2026-06-30', years: [2027, 2028, 2029], retirementAges: RETIREMENT_AGES, employees: [] },
    };
    const rows = computePlan(problem).plan;
    expect(rows.map((r) => r.requiredFte)).toEqual([1, 2, 3]);
    // formation fills each year's growth: 1, then 1, then 1
    expect(rows.map((r) => r.formation)).toEqual([1, 1, 1]);
  });

  describe('rejects bad staffing and plan input, naming the row', () => {
    it.each([
      [{ birthDate: '1970-03-11' }, 'the NIP states birth date 1970-03-10'],
      [{ nip: '12345' }, 'a NIP has exactly 18 digits'],
      [{ birthDate: '1970-02-30' }, 'birthDate must be a calendar date'],
      [{ positionCode: 'NOPE' }, 'position NOPE has no workload standard'],
      [{ category: 'JPT' }, 'no retirement age in the policy for JPT'],
      [{ employmentType: 'HONORER' }, 'employmentType must be PNS or PPPK'],
    ])('%j', (over, message) => {
      const base = employee('1970-03-10');
      const error = planningError(() => computePlan(plan([{ ...base, ...(over as Partial<EmployeeInput>) }])));
      expect(error.message).toContain(message);
    });

    it('a NIP twice', () => {
      const e = employee('1980-01-01');
      const error = planningError(() => computePlan(plan([e, { ...e }])));
      expect(error.code).toBe(PlanningErrorCode.DUPLICATE_NIP);
      expect(error.message).toContain(e.nip);
    });

    it.each([
      [{ years: [] }, 'years must list at least one plan year'],
      [{ years: [2028, 2027] }, 'ascending order'],
      [{ asOf: '2026-13-01' }, 'asOf must be a calendar date'],
      [{ asOf: '2028-01-01' }, 'falls after the first plan year 2027'],
      [{ attritionRate: 1.5 }, 'attritionRate must be a fraction'],
      [
        {
          retirementAges: [
            { category: 'PELAKSANA', age: 58 },
            { category: 'PELAKSANA', age: 60 },
          ],
        },
        'two rows for PELAKSANA',
      ],
    ])('plan %j', (over, message) => {
      expect(planningError(() => computePlan(plan([], over as never))).message).toContain(message);
    });
  });
});

describe('explanation of a cell', () => {
  it('carries the numbers computePlan returns, the formula steps and the employees by NIP', () => {
    const leaving = employee('1970-03-10');
    const problem = plan([leaving, employee('1980-01-01'), employee('1985-06-15')], { years: [2027, 2028], attritionRate: 0.05 });
    const result = computePlan(problem);
    const explanation = explainCell(problem, { positionCode: 'P', year: 2028 });
    expect(explanation.plan).toEqual(result.plan[1]);
    expect(explanation.workload.requiredFte).toBe(result.plan[1].requiredFte);
    expect(explanation.rules).toMatchObject({ rounding: 'HALF_UP', attritionRate: 0.05, renewContracts: false, asOf: '2026-06-30' });
    const step = (symbol: string) => explanation.steps.concat(explanation.planSteps).find((s) => s.symbol === symbol);
    expect(step('hours[work]')).toMatchObject({ substitution: '5000 × 60 / 60', value: 5000 });
    expect(step('requiredFte(2028)')).toMatchObject({ substitution: '4 × 1 + 0', value: 4 });
    expect(step('supplyStart(2028)')?.value).toBe(4);
    expect(step('stayers(2028)')).toMatchObject({ substitution: 'max(0, 4 − 1 − 0)', value: 3 });
    expect(step('expectedAttrition(2028)')).toMatchObject({ substitution: '0.05 × 3', value: 0.15000000000000002 });
    expect(step('attrition(2028)')).toMatchObject({
      substitution: 'min(3, HALF_UP(0.3) − 0) = min(3, 0 − 0)',
      value: 0,
      rule: 'whole persons: the running total 0.3 rounds to 0, already counted, so no one leaves by attrition this year',
    });
    expect(step('formation(2028)')).toMatchObject({ substitution: 'max(0, ceil(4 − 3))', value: 1 });
    expect(explanation.staff.find((s) => s.nip === leaving.nip)).toMatchObject({
      retirementAge: 58,
      lastDayInPost: '2028-03-31',
      exit: { kind: 'RETIREMENT', date: '2028-03-31', planYear: 2028 },
    });
    expect(explanation.staff.find((s) => s.nip === leaving.nip)?.retirementRule).toContain('PP 11/2017 art. 239');
  });

  it('names the target value, year and source that drove a volume', () => {
    const problem: PlanningProblem = {
      workingTime: { hoursPerYear: 1250 },
      year: 2027,
      targets: [{ indicator: 'VISITS', year: 2027, value: 3000, unitCode: 'PKM-A', source: 'RPJMD 2025-2029' }],
      cells: [
        {
          positionCode: 'BIDAN',
          unitCode: 'PKM-A',
          activities: [{ kind: 'SERVICE', name: 'antenatal', driver: { indicator: 'VISITS', factor: 0.5, base: 20 }, minutesPerUnit: 25 }],
        },
      ],
    };
    const volume = explainCell(problem, { positionCode: 'BIDAN', unitCode: 'PKM-A' }).steps.find((s) => s.symbol.startsWith('volume['));
    expect(volume).toMatchObject({
      substitution: '0.5 × 3000 + 20',
      value: 1520,
      rule: 'development target VISITS 2027 (unit PKM-A, source RPJMD 2025-2029)',
    });
  });

  it('refuses a cell that is not in the problem', () => {
    expect(planningError(() => explainCell(plan([]), { positionCode: 'X' })).code).toBe(PlanningErrorCode.UNKNOWN_CELL);
  });
});
