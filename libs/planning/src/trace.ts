// The explanation of a number: each formula step with the values put into it, so a planner
// or an auditor can recompute the cell by hand.

export interface TraceStep {
  /** Symbol as written in DOMAIN.md, e.g. "CAF" or "formation(2028)". */
  symbol: string;
  formula: string;
  /** The formula with this cell's values substituted. */
  substitution: string;
  value: number | null;
  /** The rule or regulation the step applies, where one does. */
  rule?: string;
  /** Plan year the step belongs to; absent for steps that hold for every year. */
  year?: number;
}

export type Tracer = TraceStep[] | null;

/** Compact decimal text for substitutions: exact enough to recompute, short enough to read. */
export function num(x: number | null): string {
  if (x === null) return 'n/a';
  if (Number.isInteger(x)) return String(x);
  return String(Number(x.toPrecision(12)));
}
