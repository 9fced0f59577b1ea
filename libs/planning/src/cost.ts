import { isFiniteNumber } from './numeric';
import { PlanningError, PlanningErrorCode } from './planning-error';
import type { AnnualCostRule } from './model';

// Cost of a formation: an annual cost in rupiah per person, by position category and level
// (salary, allowances and contributions of one holder of that grade for a year). A policy table,
// like the retirement ages: a level row wins over its category's row; no row = cost unknown.

/** `costOf(category, level)`: the annual cost per person, or null when the table has no row for it. */
export function annualCostTable(rules: readonly AnnualCostRule[] = []): (category: string, level: string | null) => number | null {
  const byKey = new Map<string, number>();
  rules.forEach((r, i) => {
    if (!isFiniteNumber(r.annualCost) || r.annualCost < 0) {
      throw new PlanningError(
        PlanningErrorCode.INVALID_INPUT,
        `annual cost of ${r.category}${r.level ? ` ${r.level}` : ''} must be a number of rupiah, 0 or more, got ${JSON.stringify(r.annualCost)}`,
        { row: i + 1 },
      );
    }
    const key = `${r.category}\u0000${r.level ?? ''}`;
    if (byKey.has(key))
      throw new PlanningError(
        PlanningErrorCode.INVALID_INPUT,
        `annual cost of ${r.category}${r.level ? ` ${r.level}` : ''} is given twice`,
        { row: i + 1 },
      );
    byKey.set(key, r.annualCost);
  });
  return (category, level) => (level ? byKey.get(`${category}\u0000${level}`) : undefined) ?? byKey.get(`${category}\u0000`) ?? null;
}

/** What a cell-year's formation costs a year: formation × annual cost, or null when the cost is unknown. */
export function formationCostOf(formation: number, annualCost: number | null): number | null {
  return annualCost === null ? null : formation * annualCost;
}
