import { CellInput, TargetValue } from './model';

// DOMAIN.md "Quota allocation": a cell's pressure is weighted by the priority of the development
// target it serves. Rule: a cell-year weighs the highest priority among the targets that drive its
// SERVICE volumes in that year (the unit's own value, else the agency-wide one, as the workload
// uses); a target without a priority, and a cell with fixed volumes only, weighs 1.

export const DEFAULT_PRIORITY = 1;

/** Priority of each cell-year: `priorityOf(cell, year)`. Targets are indexed once. */
export function cellPriorities(targets: readonly TargetValue[] = []): (cell: CellInput, year: number) => number {
  const byKey = new Map<string, TargetValue>();
  for (const t of targets) byKey.set(`${t.indicator}\u0000${t.year}\u0000${t.unitCode ?? ''}`, t);
  return (cell, year) => {
    let weight: number | null = null;
    for (const a of cell.activities) {
      if (a.kind !== 'SERVICE' || !a.driver) continue;
      const t =
        (cell.unitCode ? byKey.get(`${a.driver.indicator}\u0000${year}\u0000${cell.unitCode}`) : undefined) ??
        byKey.get(`${a.driver.indicator}\u0000${year}\u0000`);
      const p = t?.priority ?? DEFAULT_PRIORITY;
      weight = weight === null ? p : Math.max(weight, p);
    }
    return weight ?? DEFAULT_PRIORITY;
  };
}
