// Planner tools over computed cell-years: which surpluses could cover shortages of the same
// position before anyone is recruited. (What changed between two runs is a SQL join of their
// stored results, so two national runs never meet in memory.)

export interface CellYearFigures {
  agencyCode: string;
  unitCode: string | null;
  positionCode: string;
  year: number;
  requiredFte: number;
  required: number;
  supplyEnd: number;
  formation: number;
  surplus: number;
  /** existing (supplyStart) / requiredFte; null when nothing is required. */
  wisnRatio: number | null;
}

export interface TransferHint {
  /** The grouping the transfer stays within: an agency code, or a region code. */
  scope: string;
  positionCode: string;
  year: number;
  fromAgencyCode: string;
  fromUnitCode: string | null;
  toAgencyCode: string;
  toUnitCode: string | null;
  persons: number;
}

/**
 * Surplus next to shortage of the same position and year within one scope (an agency, or a
 * region when `scopeOf` says so) as transfer candidates before recruitment. Only whole persons
 * move: a cell can give floor(surplus) and needs its formation; the largest surplus is matched
 * to the largest need first, ties by agency and unit code, so the hints are deterministic.
 */
export function transferHints(cells: CellYearFigures[], scopeOf: (c: CellYearFigures) => string = (c) => c.agencyCode): TransferHint[] {
  const groups = new Map<string, CellYearFigures[]>();
  for (const c of cells) {
    const key = `${scopeOf(c)}\u0000${c.positionCode}\u0000${c.year}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = []));
    group.push(c);
  }
  const byCode = (a: CellYearFigures, b: CellYearFigures) =>
    a.agencyCode.localeCompare(b.agencyCode) || (a.unitCode ?? '').localeCompare(b.unitCode ?? '');
  const hints: TransferHint[] = [];
  for (const group of groups.values()) {
    // floor with the engine's tolerance: 1.9999999999999998 spare people are 2
    const donors = group.map((c) => ({ c, left: Math.floor(c.surplus + 1e-9) })).filter((d) => d.left > 0);
    const takers = group.map((c) => ({ c, left: c.formation })).filter((t) => t.left > 0);
    if (donors.length === 0 || takers.length === 0) continue;
    donors.sort((a, b) => b.left - a.left || byCode(a.c, b.c));
    takers.sort((a, b) => b.left - a.left || byCode(a.c, b.c));
    let d = 0;
    for (const taker of takers) {
      while (taker.left > 0 && d < donors.length) {
        const donor = donors[d];
        const persons = Math.min(donor.left, taker.left);
        hints.push({
          scope: scopeOf(taker.c),
          positionCode: taker.c.positionCode,
          year: taker.c.year,
          fromAgencyCode: donor.c.agencyCode,
          fromUnitCode: donor.c.unitCode,
          toAgencyCode: taker.c.agencyCode,
          toUnitCode: taker.c.unitCode,
          persons,
        });
        donor.left -= persons;
        taker.left -= persons;
        if (donor.left === 0) d++;
      }
    }
  }
  return hints;
}
