// Aggregation to unit, agency, region or nation (DOMAIN.md "Aggregation"): sum requiredFte,
// existing and the integer formation of the cells, and compute ratios from the sums — never
// an average of the cells' ratios.

export interface RollUpInput {
  requiredFte: number;
  existing: number;
  required?: number;
  formation?: number;
  surplus?: number;
}

export interface RollUp {
  key: string;
  cells: number;
  requiredFte: number;
  required: number;
  existing: number;
  formation: number;
  surplus: number;
  wisnDifference: number;
  /** existing / requiredFte of the sums; null when nothing is required. */
  wisnRatio: number | null;
  /** requiredFte / existing of the sums; null when nobody is in post. */
  efficiency: number | null;
}

export function emptyRollUp(key: string): RollUp {
  return {
    key,
    cells: 0,
    requiredFte: 0,
    required: 0,
    existing: 0,
    formation: 0,
    surplus: 0,
    wisnDifference: 0,
    wisnRatio: null,
    efficiency: null,
  };
}

/** Adds one cell to a running total (ratios are set by `finishRollUp`). */
export function addToRollUp(total: RollUp, row: RollUpInput): void {
  total.cells++;
  total.requiredFte += row.requiredFte;
  total.required += row.required ?? 0;
  total.existing += row.existing;
  total.formation += row.formation ?? 0;
  total.surplus += row.surplus ?? 0;
}

export function finishRollUp(total: RollUp): RollUp {
  total.wisnDifference = total.existing - total.requiredFte;
  total.wisnRatio = total.requiredFte > 0 ? total.existing / total.requiredFte : null;
  total.efficiency = total.existing > 0 ? total.requiredFte / total.existing : null;
  return total;
}

/** Groups rows by key (in order of first appearance) and totals each group. */
export function rollUp<T extends RollUpInput>(rows: Iterable<T>, keyOf: (row: T) => string): RollUp[] {
  const groups = new Map<string, RollUp>();
  for (const row of rows) {
    const key = keyOf(row);
    let total = groups.get(key);
    if (!total) groups.set(key, (total = emptyRollUp(key)));
    addToRollUp(total, row);
  }
  return [...groups.values()].map(finishRollUp);
}
