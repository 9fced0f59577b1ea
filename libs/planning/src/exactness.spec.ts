import fc from 'fast-check';
import { computePlan, computePlanColumns, PLAN_FIELDS, PlanningErrorCode, PlanningProblem, roundRequired } from './index';
import { planningError } from './planning-error.testing';

// DOMAIN.md "Exactness": rounding and the CAS% refusal are exact for inputs of up to 6 decimals
// at any size a nation reaches.

/** k millionths as a decimal, rounded half up / up to a whole number, in exact integer arithmetic. */
const halfUpReference = (k: bigint): number => Number((k + 500_000n) / 1_000_000n);
const ceilReference = (k: bigint): number => Number((k + 999_999n) / 1_000_000n);

describe('exact rounding decisions', () => {
  it.each([
    [300_000.4998, 'HALF_UP', 300_000],
    [300_000.5, 'HALF_UP', 300_001],
    [20_000.499987, 'HALF_UP', 20_000],
    [300_000.0002, 'CEIL', 300_001],
    [300_000, 'CEIL', 300_000],
    [9_999_999.999999, 'CEIL', 10_000_000],
    [0.75, 'HALF_UP', 1],
    [3.92, 'HALF_UP', 4],
  ] as const)('%d rounds %s to %d', (value, rule, expected) => {
    expect(roundRequired(value, rule)).toBe(expected);
  });

  it('keeps binary noise from deciding: 0.1 × 3 × 5 is 1.5 and rounds half up to 2', () => {
    expect(roundRequired(0.1 * 3 * 5, 'HALF_UP')).toBe(2);
    expect(roundRequired(0.1 * 3 * 10, 'CEIL')).toBe(3);
  });

  it('matches a decimal reference on random 6-decimal values up to 10^7', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10_000_000_000_000n }), (k) => {
        const value = Number(k) / 1e6;
        expect(roundRequired(value, 'HALF_UP')).toBe(halfUpReference(k));
        expect(roundRequired(value, 'CEIL')).toBe(ceilReference(k));
      }),
      { numRuns: 20_000 },
    );
  });

  it('matches the reference next to every integer and half, where a tolerance would decide', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10_000_000n }), fc.constantFrom(-1n, 0n, 1n, 499_999n, 500_000n, 500_001n), (whole, offset) => {
        const k = whole * 1_000_000n + offset;
        const value = Number(k) / 1e6;
        expect(roundRequired(value, 'HALF_UP')).toBe(halfUpReference(k));
        expect(roundRequired(value, 'CEIL')).toBe(ceilReference(k));
      }),
      { numRuns: 5_000 },
    );
  });
});

describe('exact CAS% refusal', () => {
  const cell = (support: Array<{ percentOfWorkingTime?: number; hoursPerYear?: number }>): PlanningProblem => ({
    workingTime: { hoursPerYear: 1250 },
    cells: [
      {
        positionCode: 'P',
        existing: 1,
        activities: [
          { kind: 'SERVICE', name: 'work', annualVolume: 1000, minutesPerUnit: 60 },
          ...support.map((s, i) => ({ kind: 'SUPPORT' as const, name: `support ${i + 1}`, ...s })),
        ],
      },
    ],
  });

  it('refuses 28.4 % + 35.8 % + 35.8 %, which is exactly 100 %', () => {
    expect(28.4 + 35.8 + 35.8).toBeLessThan(100); // what binary floating point makes of it
    const error = planningError(() =>
      computePlan(cell([{ percentOfWorkingTime: 28.4 }, { percentOfWorkingTime: 35.8 }, { percentOfWorkingTime: 35.8 }])),
    );
    expect(error.code).toBe(PlanningErrorCode.SUPPORT_AT_OR_ABOVE_100);
    expect(error.message).toContain('position P');
  });

  it('refuses hours per year that add up to the whole working time (625 h + 625 h of 1,250 h)', () => {
    expect(planningError(() => computePlan(cell([{ hoursPerYear: 625 }, { hoursPerYear: 625 }]))).code).toBe(
      PlanningErrorCode.SUPPORT_AT_OR_ABOVE_100,
    );
  });

  it('accepts 99.999999 %, a millionth below the limit', () => {
    const [result] = computePlan(cell([{ percentOfWorkingTime: 99.999999 }])).cells;
    expect(result.caf / 1e8).toBeCloseTo(1, 6);
  });
});

/** A random agency-sized plan: a few cells, a roster, a rate and a horizon. */
const planArbitrary = fc
  .record({
    rate: fc.integer({ min: 0, max: 300 }).map((n) => n / 1000),
    years: fc.integer({ min: 1, max: 7 }),
    cells: fc.array(
      fc.record({
        fte: fc.integer({ min: 0, max: 40_000_000 }).map((n) => n / 1_000_000),
        staff: fc.array(
          fc.record({ year: fc.integer({ min: 1969, max: 2000 }), month: fc.integer({ min: 1, max: 12 }), pppk: fc.boolean() }),
          { maxLength: 12 },
        ),
      }),
      { minLength: 1, maxLength: 5 },
    ),
    renew: fc.boolean(),
    rounding: fc.constantFrom('HALF_UP' as const, 'CEIL' as const, 'NONE' as const),
  })
  .map(({ rate, years, cells, renew, rounding }): PlanningProblem => {
    let sequence = 0;
    const employees = cells.flatMap((c, i) =>
      c.staff.map((s) => {
        const birth = `${s.year}-${String(s.month).padStart(2, '0')}-15`;
        const nip = `${s.year}${String(s.month).padStart(2, '0')}15${s.pppk ? '202221' : `${s.year + 25}03`}1${String(++sequence).padStart(3, '0')}`;
        return {
          nip,
          birthDate: birth,
          positionCode: `P${i}`,
          category: 'PELAKSANA' as const,
          employmentType: s.pppk ? ('PPPK' as const) : ('PNS' as const),
          contractEnd: s.pppk ? `${2027 + (sequence % 4)}-06-30` : null,
        };
      }),
    );
    return {
      workingTime: { hoursPerYear: 1250 },
      rounding,
      cells: cells.map((c, i) => ({
        positionCode: `P${i}`,
        activities: [{ kind: 'SERVICE', name: 'work', annualVolume: c.fte * 1250, minutesPerUnit: 60 }],
      })),
      plan: {
        asOf: '2026-06-30',
        years: Array.from({ length: years }, (_, y) => 2027 + y),
        attritionRate: rate,
        renewContracts: renew,
        retirementAges: [{ category: 'PELAKSANA', age: 58 }],
        employees,
      },
    };
  });

describe('whole-person attrition over random plans', () => {
  it('totals HALF_UP(Σ expectedAttrition) over the horizon, and never sends supply or formation below 0', () => {
    fc.assert(
      fc.property(planArbitrary, (problem) => {
        const rows = computePlan(problem).plan;
        for (const code of new Set(rows.map((r) => r.positionCode))) {
          const cell = rows.filter((r) => r.positionCode === code);
          const expected = cell.reduce((s, r) => s + r.expectedAttrition, 0);
          expect(cell.reduce((s, r) => s + r.attrition, 0)).toBe(Math.floor(expected + 0.5 + 1e-9));
          for (const r of cell) {
            expect(Number.isInteger(r.attrition)).toBe(true);
            expect(r.supplyEnd).toBeGreaterThanOrEqual(0);
            expect(r.formation).toBeGreaterThanOrEqual(0);
            expect(Number.isInteger(r.formation)).toBe(true);
            expect(Number.isInteger(r.supplyEnd)).toBe(true);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same numbers through the row API and the column API', () => {
    fc.assert(
      fc.property(planArbitrary, (problem) => {
        const rows = computePlan(problem).plan;
        const { plan } = computePlanColumns(problem);
        rows.forEach((row, i) => {
          for (const field of PLAN_FIELDS) expect(row[field]).toBe(plan![field][i]);
        });
      }),
      { numRuns: 200 },
    );
  });
});
