import type { RowProblem, StagedActivity } from './standards-rows';

/** What the rules of a whole file check rows against: the position catalogue and the scope's units (null: national). */
export interface StandardsScope {
  positions: ReadonlySet<string>;
  /** The agency's unit codes; null for a national file (position-wide standards only). */
  units: ReadonlySet<string> | null;
  agencyCode: string | null;
}

const MAX_ACTIVITIES = 32767;
/** Percentages to a millionth as integers, so 28.4 + 35.8 + 35.8 is exactly 100 (DOMAIN.md "Exactness"). */
const MICRO = 1_000_000;

interface StandardTally {
  activities: number;
  supportMicros: number;
  supportRows: Array<{ sheet: string; rowNo: number; value: string }>;
}

/**
 * The rules that need the catalogue or the whole file, checked as the rows stream by (one map
 * entry per standard, no second pass over the rows): a known position, a unit of the agency in
 * an agency's file and none in a national one, support time under 100 % per standard (the CAF
 * of DOMAIN.md), at most 32,767 activities per standard. Each row also gets its place in its
 * standard (`ordinal`), in file order.
 */
export class StandardSetRules {
  private readonly standards = new Map<string, StandardTally>();

  constructor(private readonly scope: StandardsScope) {}

  get standardCount(): number {
    return this.standards.size;
  }

  /** The row's ordinal in its standard, and what it breaks. */
  row(r: StagedActivity): { ordinal: number; problems: RowProblem[] | null } {
    let problems: RowProblem[] | null = null;
    const problem = (column: string, rule: string, value: string | null, message: string): void => {
      (problems ??= []).push({ sheet: r.sheet, rowNo: r.rowNo, column, rule, value, message });
    };
    if (!this.scope.positions.has(r.positionCode))
      problem('kode_jabatan', 'UNKNOWN_POSITION', r.positionCode, `position ${r.positionCode} is not in the position catalogue`);
    if (this.scope.units === null) {
      if (r.unitCode !== null)
        problem(
          'kode_unit',
          'UNIT_IN_NATIONAL_FILE',
          r.unitCode,
          "a national file holds position-wide standards only; import a unit's standard with its agency",
        );
    } else if (r.unitCode === null) {
      problem(
        'kode_unit',
        'UNIT_REQUIRED',
        null,
        "a unit code is required: an agency's file holds the standards of its units (position-wide standards are national)",
      );
    } else if (!this.scope.units.has(r.unitCode)) {
      problem('kode_unit', 'UNKNOWN_UNIT', r.unitCode, `unit ${r.unitCode} is not a unit of agency ${this.scope.agencyCode}`);
    }
    const key = `${r.positionCode}\u0000${r.unitCode ?? ''}`;
    let tally = this.standards.get(key);
    if (!tally) this.standards.set(key, (tally = { activities: 0, supportMicros: 0, supportRows: [] }));
    const ordinal = tally.activities++;
    if (ordinal === MAX_ACTIVITIES)
      problem('uraian_tugas', 'TOO_MANY_ACTIVITIES', null, `a standard holds at most ${MAX_ACTIVITIES} activities`);
    if (r.kind === 'SUPPORT' && r.percentOfWorkingTime !== null) {
      tally.supportMicros += Math.round(Number(r.percentOfWorkingTime) * MICRO);
      tally.supportRows.push({ sheet: r.sheet, rowNo: r.rowNo, value: r.percentOfWorkingTime });
    }
    return { ordinal, problems };
  }

  /** What only the whole file shows: standards whose supporting tasks take 100 % of working time or more. */
  finish(): RowProblem[] {
    const out: RowProblem[] = [];
    for (const [key, t] of this.standards) {
      if (t.supportMicros < 100 * MICRO) continue;
      const [position, unit] = key.split('\u0000');
      for (const s of t.supportRows) {
        out.push({
          sheet: s.sheet,
          rowNo: s.rowNo,
          column: 'persen_waktu_kerja',
          rule: 'SUPPORT_AT_OR_ABOVE_100',
          value: s.value,
          message: `supporting tasks of ${position}${unit ? ` in ${unit}` : ''} take ${t.supportMicros / MICRO} % of working time together; they must stay under 100 %`,
        });
      }
    }
    return out;
  }
}
