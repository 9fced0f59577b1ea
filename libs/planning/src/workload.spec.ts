import { computePlan, PlanningErrorCode, PlanningProblem, resolveWorkingTime } from './index';
import { planningError } from './planning-error.testing';
import { ceilTolerant, roundHalfUpTolerant } from './numeric';

const abk = (cells: PlanningProblem['cells'], extra: Partial<PlanningProblem> = {}): PlanningProblem => ({
  workingTime: { hoursPerYear: 1250 },
  year: 2027,
  cells,
  ...extra,
});

describe('working time', () => {
  it('takes hoursPerYear as given (ABK 1,250 h)', () => {
    expect(resolveWorkingTime({ hoursPerYear: 1250 }).hoursPerYear).toBe(1250);
  });

  it('computes WISN available working time from days', () => {
    // (260 − (16 + 12 + 6 + 5)) × 7.5 = 221 × 7.5 = 1657.5
    const awt = resolveWorkingTime({
      workingDaysPerYear: 260,
      publicHolidays: 16,
      annualLeave: 12,
      sickLeave: 6,
      otherLeave: 5,
      hoursPerDay: 7.5,
    });
    expect(awt.hoursPerYear).toBe(1657.5);
    expect(awt.step.substitution).toBe('(260 − (16 + 12 + 6 + 5)) × 7.5');
  });

  it.each([
    [{ hoursPerYear: 0 }, 'hoursPerYear must be a number above 0'],
    [{ hoursPerYear: -5 }, 'hoursPerYear must be a number above 0'],
    [{ workingDaysPerYear: 20, publicHolidays: 10, annualLeave: 10, hoursPerDay: 8 }, 'leave no working days'],
    [{ workingDaysPerYear: 260, hoursPerDay: 0 }, 'hoursPerDay must be above 0'],
    [{ workingDaysPerYear: 260, sickLeave: -1, hoursPerDay: 8 }, 'sickLeave must be a number of days'],
    [{ hoursPerYear: 1250, workingDaysPerYear: 260, hoursPerDay: 8 }, 'not both'],
  ])('rejects the impossible profile %j', (profile, message) => {
    const error = planningError(() => resolveWorkingTime(profile as never));
    expect(error.code).toBe(PlanningErrorCode.INVALID_WORKING_TIME);
    expect(error.message).toContain(message);
  });
});

describe('ABK / WISN workload of a cell', () => {
  it('is Σ volume × norma waktu / jam kerja efektif without allowances (ABK)', () => {
    // (12000 × 6 + 8000 × 4.5 + 52 × 240) / 60 = 120480 / 60 = 2008 h; 2008 / 1250 = 1.6064
    const [cell] = computePlan(
      abk([
        {
          positionCode: 'PENGADMINISTRASI_UMUM',
          existing: 1,
          activities: [
            { kind: 'SERVICE', name: 'letters', annualVolume: 12000, minutesPerUnit: 6 },
            { kind: 'SERVICE', name: 'filing', annualVolume: 8000, minutesPerUnit: 4.5 },
            { kind: 'SERVICE', name: 'weekly report', annualVolume: 52, minutesPerUnit: 240 },
          ],
        },
      ]),
    ).cells;
    expect(cell.serviceHours).toBeCloseTo(2008, 9);
    expect(cell.requiredFte).toBeCloseTo(1.6064, 12);
    expect(cell.required).toBe(2);
    expect(cell.caf).toBe(1);
    expect(cell.iaf).toBe(0);
    expect(cell.wisnDifference).toBeCloseTo(-0.6064, 12);
    expect(cell.wisnRatio).toBeCloseTo(1 / 1.6064, 12);
    // EJ = 1.6064 / 1 ≥ 1.00 → band A
    expect(cell.efficiency).toBeCloseTo(1.6064, 12);
    expect(cell.efficiencyBand).toBe('A');
  });

  it('applies the WISN category (CAF) and individual (IAF) allowances', () => {
    // AWT 1657.5; service 36000 × 12 / 60 + 9000 / 6 = 7200 + 1500 = 8700 h → 5.248868778 staff
    // CAS% = 8 + 24 / 1657.5 × 100 = 9.447963801; CAF = 1 / (1 − 0.09447963801) = 1.104337398
    // IAF = (400 × 1 + 60 × 3) / 1657.5 = 0.349924585
    // requiredFte = 5.248868778 × 1.104337398 + 0.349924585 = 6.146446672
    const [cell] = computePlan({
      workingTime: { workingDaysPerYear: 260, publicHolidays: 16, annualLeave: 12, sickLeave: 6, otherLeave: 5, hoursPerDay: 7.5 },
      rounding: 'NONE',
      cells: [
        {
          positionCode: 'PERAWAT',
          existing: 9,
          activities: [
            { kind: 'SERVICE', name: 'triage', annualVolume: 36000, minutesPerUnit: 12 },
            { kind: 'SERVICE', name: 'immunisation', annualVolume: 9000, unitsPerHour: 6 },
            { kind: 'SUPPORT', name: 'education', percentOfWorkingTime: 8 },
            { kind: 'SUPPORT', name: 'meetings', hoursPerYear: 24 },
            { kind: 'ADDITIONAL', name: 'ward head', hoursPerYear: 400, staffCount: 1 },
            { kind: 'ADDITIONAL', name: 'students', hoursPerYear: 60, staffCount: 3 },
          ],
        },
      ],
    }).cells;
    expect(cell.casPercent).toBeCloseTo(9.447963801, 8);
    expect(cell.caf).toBeCloseTo(1.104337398, 8);
    expect(cell.iaf).toBeCloseTo(0.349924585, 8);
    expect(cell.requiredFte).toBeCloseTo(6.146446672, 8);
    expect(cell.required).toBe(cell.requiredFte);
    // EJ = 6.146 / 9 = 0.683 → band D (≥ 0.50, < 0.70)
    expect(cell.efficiencyBand).toBe('D');
  });

  it('defaults staffCount of an ADDITIONAL activity to 1', () => {
    const [cell] = computePlan(
      abk([{ positionCode: 'P', activities: [{ kind: 'ADDITIONAL', name: 'coordination', hoursPerYear: 125 }] }]),
    ).cells;
    expect(cell.iaf).toBe(0.1);
  });

  it('drives volumes by the target of the year, a unit value winning over the agency-wide one', () => {
    // agency-wide: 0.5 × 1000 + 100 = 600 visits × 125 min / 60 = 1250 h → 1 FTE
    // unit PKM-A's own target 2000: 0.5 × 2000 + 100 = 1100 × 125 / 60 = 2291.6667 h → 1.8333 FTE
    const activities = [
      { kind: 'SERVICE' as const, name: 'visits', driver: { indicator: 'VISITS', factor: 0.5, base: 100 }, minutesPerUnit: 125 },
    ];
    const result = computePlan(
      abk(
        [
          { positionCode: 'BIDAN', unitCode: 'PKM-A', activities },
          { positionCode: 'BIDAN', unitCode: 'PKM-B', activities },
        ],
        {
          targets: [
            { indicator: 'VISITS', year: 2027, value: 1000 },
            { indicator: 'VISITS', year: 2027, value: 2000, unitCode: 'PKM-A' },
            { indicator: 'VISITS', year: 2028, value: 9999 },
          ],
        },
      ),
    );
    expect(result.cells[0].requiredFte).toBeCloseTo((1100 * 125) / 60 / 1250, 12);
    expect(result.cells[1].requiredFte).toBeCloseTo(1, 12);
  });

  it('gives zero workload as zero required, no ratio and no band', () => {
    const [cell] = computePlan(abk([{ positionCode: 'KOSONG', existing: 2, activities: [] }])).cells;
    expect(cell).toMatchObject({ requiredFte: 0, required: 0, wisnDifference: 2, wisnRatio: null, efficiency: 0, efficiencyBand: 'E' });
    const [empty] = computePlan(abk([{ positionCode: 'KOSONG', existing: 0, activities: [] }])).cells;
    expect(empty).toMatchObject({ wisnRatio: null, efficiency: null, efficiencyBand: null });
  });

  describe('rounding', () => {
    // 3125 × 60 / 60 = 3125 h / 1250 = 2.5 FTE exactly
    const half = (rounding: PlanningProblem['rounding']) =>
      computePlan(
        abk([{ positionCode: 'P', activities: [{ kind: 'SERVICE', name: 'x', annualVolume: 3125, minutesPerUnit: 60 }] }], { rounding }),
      ).cells[0].required;

    it('rounds half up by default, ceils on CEIL and keeps the decimal on NONE', () => {
      expect(half(undefined)).toBe(3);
      expect(half('HALF_UP')).toBe(3);
      expect(half('CEIL')).toBe(3);
      expect(half('NONE')).toBe(2.5);
    });

    it('rounds the published ABK examples 0.75 → 1 and 3.92 → 4, and 1.2 → 1 but CEIL 1.2 → 2', () => {
      expect(roundHalfUpTolerant(0.75)).toBe(1);
      expect(roundHalfUpTolerant(3.92)).toBe(4);
      expect(roundHalfUpTolerant(1.2)).toBe(1);
      expect(ceilTolerant(1.2)).toBe(2);
    });

    it('is not thrown off by binary error at a half or an integer', () => {
      // 705 × 150 / 60 = 1762.5 h; / 1250 = 1.41; × 1 / (1 − 0.06) = 1.5 exactly, 1.4999999999999998 in doubles
      const [cell] = computePlan(
        abk([
          {
            positionCode: 'P',
            activities: [
              { kind: 'SERVICE', name: 'x', annualVolume: 705, minutesPerUnit: 150 },
              { kind: 'SUPPORT', name: 'y', percentOfWorkingTime: 6 },
            ],
          },
        ]),
      ).cells;
      expect(cell.requiredFte).toBeLessThan(1.5);
      expect(cell.required).toBe(2);
      expect(Math.ceil(0.1 * 3 * 10)).toBe(4);
      expect(ceilTolerant(0.1 * 3 * 10)).toBe(3);
      // CEIL of a value just above an integer through noise stays that integer:
      // 0.1 × 3 × 10 × 1250 = 3750.0000000000005 h → 3.0000000000000004 FTE → 3
      const [ceil] = computePlan(
        abk([{ positionCode: 'P', activities: [{ kind: 'SERVICE', name: 'x', annualVolume: 0.1 * 3 * 10 * 1250, minutesPerUnit: 60 }] }], {
          rounding: 'CEIL',
        }),
      ).cells;
      expect(ceil.requiredFte).toBeGreaterThan(3);
      expect(ceil.required).toBe(3);
    });
  });
});

describe('bad input is a typed error that names what is wrong', () => {
  const service = { kind: 'SERVICE' as const, name: 'triage', annualVolume: 1000, minutesPerUnit: 10 };

  it('rejects CAS% at or above 100, naming the position', () => {
    const error = planningError(() =>
      computePlan(abk([{ positionCode: 'PERAWAT', activities: [service, { kind: 'SUPPORT', name: 'all', percentOfWorkingTime: 100 }] }])),
    );
    expect(error.code).toBe(PlanningErrorCode.SUPPORT_AT_OR_ABOVE_100);
    expect(error.message).toContain('PERAWAT');
    expect(error.message).toContain('100%');
  });

  it('rejects a driver whose target has no value for the year, naming indicator and year', () => {
    const error = planningError(() =>
      computePlan(
        abk(
          [
            {
              positionCode: 'GURU',
              activities: [{ kind: 'SERVICE', name: 'teaching', driver: { indicator: 'STUDENTS', factor: 1 }, minutesPerUnit: 60 }],
            },
          ],
          {
            year: 2028,
            targets: [{ indicator: 'STUDENTS', year: 2027, value: 10 }],
          },
        ),
      ),
    );
    expect(error.code).toBe(PlanningErrorCode.MISSING_TARGET);
    expect(error.message).toContain('STUDENTS');
    expect(error.message).toContain('2028');
    expect(error.details).toMatchObject({ positionCode: 'GURU', indicator: 'STUDENTS', year: 2028 });
  });

  it.each([
    [{ kind: 'OVERTIME', name: 'x' }, PlanningErrorCode.UNKNOWN_ACTIVITY_KIND, 'unknown activity kind "OVERTIME"'],
    [
      { kind: 'SERVICE', name: 'x', annualVolume: -1, minutesPerUnit: 5 },
      PlanningErrorCode.NEGATIVE_VOLUME,
      'annualVolume must not be negative',
    ],
    [
      { kind: 'SERVICE', name: 'x', annualVolume: 1, minutesPerUnit: 5, unitsPerHour: 2 },
      PlanningErrorCode.INVALID_ACTIVITY,
      'either minutesPerUnit or unitsPerHour',
    ],
    [{ kind: 'SERVICE', name: 'x', annualVolume: 1 }, PlanningErrorCode.INVALID_ACTIVITY, 'either minutesPerUnit or unitsPerHour'],
    [{ kind: 'SERVICE', name: 'x', annualVolume: 1, unitsPerHour: 0 }, PlanningErrorCode.INVALID_ACTIVITY, 'unitsPerHour must be above 0'],
    [{ kind: 'SERVICE', name: 'x', minutesPerUnit: 5 }, PlanningErrorCode.INVALID_ACTIVITY, 'either annualVolume or a driver'],
    [
      { kind: 'SERVICE', name: 'x', annualVolume: '12', minutesPerUnit: 5 },
      PlanningErrorCode.INVALID_ACTIVITY,
      'annualVolume must be a number',
    ],
    [{ kind: 'SUPPORT', name: 'x' }, PlanningErrorCode.INVALID_ACTIVITY, 'either percentOfWorkingTime or hoursPerYear'],
    [
      { kind: 'ADDITIONAL', name: 'x', hoursPerYear: 10, staffCount: -1 },
      PlanningErrorCode.INVALID_ACTIVITY,
      'staffCount must not be negative',
    ],
    [
      { kind: 'SERVICE', name: 'x', annualVolume: Number.NaN, minutesPerUnit: 5 },
      PlanningErrorCode.INVALID_ACTIVITY,
      'annualVolume must be a number',
    ],
  ])('rejects the activity %j', (activity, code, message) => {
    const error = planningError(() => computePlan(abk([{ positionCode: 'ANALIS', activities: [activity as never] }])));
    expect(error.code).toBe(code);
    expect(error.message).toContain('ANALIS');
    expect(error.message).toContain(message);
  });

  it('rejects a target-driven volume that comes out negative, naming the year', () => {
    const error = planningError(() =>
      computePlan(
        abk(
          [
            {
              positionCode: 'P',
              activities: [{ kind: 'SERVICE', name: 'x', driver: { indicator: 'I', factor: 1, base: -500 }, minutesPerUnit: 5 }],
            },
          ],
          {
            targets: [{ indicator: 'I', year: 2027, value: 100 }],
          },
        ),
      ),
    );
    expect(error.code).toBe(PlanningErrorCode.NEGATIVE_VOLUME);
    expect(error.message).toContain('I(2027) 100');
  });

  it('rejects the same position twice in a unit, but not in two units', () => {
    const error = planningError(() =>
      computePlan(
        abk([
          { positionCode: 'P', unitCode: 'U1', activities: [] },
          { positionCode: 'P', unitCode: 'U1', activities: [] },
        ]),
      ),
    );
    expect(error.code).toBe(PlanningErrorCode.DUPLICATE_CELL);
    expect(error.message).toContain('position P in unit U1');
    expect(
      computePlan(
        abk([
          { positionCode: 'P', unitCode: 'U1', activities: [] },
          { positionCode: 'P', unitCode: 'U2', activities: [] },
        ]),
      ).cells,
    ).toHaveLength(2);
  });

  it('finds the repeated cell among thousands, naming the later one', () => {
    const cells = Array.from({ length: 5000 }, (_, i) => ({
      positionCode: `P${i % 50}`,
      unitCode: `U${Math.floor(i / 50)}`,
      activities: [],
    }));
    expect(computePlan(abk(cells)).cells).toHaveLength(5000);
    cells.splice(3000, 0, { positionCode: 'P7', unitCode: 'U21', activities: [] });
    const error = planningError(() => computePlan(abk(cells)));
    expect(error.details).toMatchObject({ positionCode: 'P7', unitCode: 'U21' });
  });

  it('rejects two values of one target for the same year and scope', () => {
    const error = planningError(() =>
      computePlan(
        abk([], {
          targets: [
            { indicator: 'I', year: 2027, value: 1 },
            { indicator: 'I', year: 2027, value: 2 },
          ],
        }),
      ),
    );
    expect(error.message).toContain('target I has two values for 2027');
  });
});
