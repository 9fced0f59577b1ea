// Planner tools over computed cell-years: what changed between two runs (scenarios), and which
// surpluses could cover shortages of the same position before anyone is recruited.

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

export interface CellYearChange {
  agencyCode: string;
  unitCode: string | null;
  positionCode: string;
  year: number;
  /** Figures of the first run; null where the cell is only in the second. */
  before: CellYearFigures | null;
  after: CellYearFigures | null;
  deltaRequiredFte: number;
  deltaRequired: number;
  deltaFormation: number;
  /** null where either side has no ratio. */
  deltaWisnRatio: number | null;
}

const cellKey = (c: { agencyCode: string; unitCode: string | null; positionCode: string; year: number }) =>
  `${c.agencyCode}\u0000${c.unitCode ?? ''}\u0000${c.positionCode}\u0000${c.year}`;

/**
 * Per cell-year differences between run A (before) and run B (after), largest change first:
 * by |Δformation|, then |ΔrequiredFte|, then agency, unit, position and year. Unchanged cells
 * are left out unless `includeUnchanged`.
 */
export function compareCellYears(before: CellYearFigures[], after: CellYearFigures[], includeUnchanged = false): CellYearChange[] {
  const pairs = new Map<string, { before: CellYearFigures | null; after: CellYearFigures | null }>();
  for (const c of before) pairs.set(cellKey(c), { before: c, after: null });
  for (const c of after) {
    const pair = pairs.get(cellKey(c));
    if (pair) pair.after = c;
    else pairs.set(cellKey(c), { before: null, after: c });
  }
  const changes: CellYearChange[] = [];
  for (const { before: a, after: b } of pairs.values()) {
    const id = (a ?? b)!;
    const change: CellYearChange = {
      agencyCode: id.agencyCode,
      unitCode: id.unitCode,
      positionCode: id.positionCode,
      year: id.year,
      before: a,
      after: b,
      deltaRequiredFte: (b?.requiredFte ?? 0) - (a?.requiredFte ?? 0),
      deltaRequired: (b?.required ?? 0) - (a?.required ?? 0),
      deltaFormation: (b?.formation ?? 0) - (a?.formation ?? 0),
      deltaWisnRatio: a?.wisnRatio != null && b?.wisnRatio != null ? b.wisnRatio - a.wisnRatio : null,
    };
    const unchanged = change.deltaFormation === 0 && Math.abs(change.deltaRequiredFte) < 1e-12 && change.deltaRequired === 0 && (change.deltaWisnRatio ?? 0) === 0 && a && b;
    if (includeUnchanged || !unchanged) changes.push(change);
  }
  return changes.sort(
    (x, y) =>
      Math.abs(y.deltaFormation) - Math.abs(x.deltaFormation) ||
      Math.abs(y.deltaRequiredFte) - Math.abs(x.deltaRequiredFte) ||
      x.agencyCode.localeCompare(y.agencyCode) ||
      (x.unitCode ?? '').localeCompare(y.unitCode ?? '') ||
      x.positionCode.localeCompare(y.positionCode) ||
      x.year - y.year,
  );
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
  const byCode = (a: CellYearFigures, b: CellYearFigures) => a.agencyCode.localeCompare(b.agencyCode) || (a.unitCode ?? '').localeCompare(b.unitCode ?? '');
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
