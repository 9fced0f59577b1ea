import fc from 'fast-check';
import { Activity, computePlan, PlanningProblem, rollUp } from './index';

const service = fc.record({
  annualVolume: fc.integer({ min: 0, max: 50_000 }),
  minutesPerUnit: fc.integer({ min: 0, max: 600 }).map((m) => m / 4),
});
const cellArb = fc.record({
  services: fc.array(service, { minLength: 1, maxLength: 6 }),
  additional: fc.array(fc.record({ hoursPerYear: fc.integer({ min: 0, max: 400 }), staffCount: fc.integer({ min: 0, max: 5 }) }), {
    maxLength: 2,
  }),
  existing: fc.integer({ min: 0, max: 40 }),
  unit: fc.constantFrom('U1', 'U2', 'U3'),
});

const activitiesOf = (
  c: { services: { annualVolume: number; minutesPerUnit: number }[]; additional: { hoursPerYear: number; staffCount: number }[] },
  supportPercent: number,
): Activity[] => [
  ...c.services.map((s, i) => ({ kind: 'SERVICE' as const, name: `s${i}`, ...s })),
  ...c.additional.map((a, i) => ({ kind: 'ADDITIONAL' as const, name: `a${i}`, ...a })),
  { kind: 'SUPPORT' as const, name: 'support', percentOfWorkingTime: supportPercent },
];

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

describe('aggregation', () => {
  it('sums requiredFte, existing and formation and takes ratios from the sums', () => {
    fc.assert(
      fc.property(fc.array(cellArb, { minLength: 1, maxLength: 12 }), fc.integer({ min: 0, max: 60 }), (cells, support) => {
        const problem: PlanningProblem = {
          workingTime: { hoursPerYear: 1250 },
          year: 2027,
          cells: cells.map((c, i) => ({
            positionCode: `P${i}`,
            unitCode: c.unit,
            existing: c.existing,
            activities: activitiesOf(c, support),
          })),
        };
        const result = computePlan(problem);
        const totals = rollUp(result.cells, (c) => c.unitCode ?? '');
        for (const total of totals) {
          const members = result.cells.filter((c) => c.unitCode === total.key);
          const requiredFte = members.reduce((s, c) => s + c.requiredFte, 0);
          const existing = members.reduce((s, c) => s + c.existing, 0);
          if (total.cells !== members.length || !close(total.requiredFte, requiredFte) || total.existing !== existing) return false;
          // ratio of sums, not an average of the cells' ratios
          if (requiredFte > 0 ? !close(total.wisnRatio!, existing / requiredFte) : total.wisnRatio !== null) return false;
          if (existing > 0 ? !close(total.efficiency!, requiredFte / existing) : total.efficiency !== null) return false;
        }
        return true;
      }),
    );
  });

  it('equals recomputing one cell from the summed inputs where the allowance factor is shared', () => {
    // requiredFte is linear in service hours (× the shared CAF) and in additional hours, so the
    // cells of a position with the same CAS% add up to one cell holding all their activities.
    fc.assert(
      fc.property(fc.array(cellArb, { minLength: 1, maxLength: 8 }), fc.integer({ min: 0, max: 80 }), (cells, support) => {
        const separate = computePlan({
          workingTime: { workingDaysPerYear: 260, publicHolidays: 16, annualLeave: 12, hoursPerDay: 7.5 },
          year: 2027,
          cells: cells.map((c, i) => ({ positionCode: 'P', unitCode: `U${i}`, activities: activitiesOf(c, support) })),
        });
        const merged = computePlan({
          workingTime: { workingDaysPerYear: 260, publicHolidays: 16, annualLeave: 12, hoursPerDay: 7.5 },
          year: 2027,
          cells: [
            {
              positionCode: 'P',
              activities: [
                ...cells.flatMap((c, i) =>
                  activitiesOf(c, support)
                    .filter((a) => a.kind !== 'SUPPORT')
                    .map((a) => ({ ...a, name: `${i}.${a.name}` })),
                ),
                { kind: 'SUPPORT' as const, name: 'support', percentOfWorkingTime: support },
              ],
            },
          ],
        });
        const [total] = rollUp(separate.cells, () => 'P');
        return close(total.requiredFte, merged.cells[0].requiredFte);
      }),
    );
  });

  it('never returns NaN or Infinity for valid input', () => {
    fc.assert(
      fc.property(
        fc.array(cellArb, { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 0, max: 99 }),
        fc.constantFrom('HALF_UP', 'CEIL', 'NONE'),
        (cells, support, rounding) => {
          const result = computePlan({
            workingTime: { hoursPerYear: 1200 },
            rounding: rounding as PlanningProblem['rounding'],
            cells: cells.map((c, i) => ({ positionCode: `P${i}`, existing: c.existing, activities: activitiesOf(c, support) })),
            plan: { asOf: '2026-12-31', years: [2027, 2028, 2029], attritionRate: 0.03, retirementAges: [], employees: undefined },
          });
          const numbers = [...result.cells, ...result.plan].flatMap((row) => Object.values(row).filter((v) => typeof v === 'number'));
          return (
            numbers.every((v) => Number.isFinite(v)) &&
            result.plan.every((r) => Number.isInteger(r.formation) && r.formation >= 0 && r.surplus >= 0)
          );
        },
      ),
    );
  });

  it('adds integer formations of cells rather than recomputing a ceiling of the total', () => {
    const [total] = rollUp(
      [
        { requiredFte: 1.2, existing: 1, formation: 1 },
        { requiredFte: 1.2, existing: 1, formation: 1 },
      ],
      () => 'all',
    );
    expect(total).toMatchObject({ cells: 2, existing: 2, formation: 2 });
    expect(total.requiredFte).toBeCloseTo(2.4, 12);
    expect(total.wisnRatio).toBeCloseTo(2 / 2.4, 12);
  });
});
