// The roll-ups a run stores (DOMAIN.md "Aggregation"), computed here while an agency's cells are
// in memory: per agency by year, by year and category, and by year, category and level; then the
// provinces and the nation as sums of the agencies' rows. Sums are exact decimals (decimal.ts),
// ratios the numeric division of the sums — the figures a SQL GROUP BY over the stored cells
// gives, without reading the cells back.
import { Decimal, DecimalSum, divideDecimals } from './decimal';

export type StoredRollUpScope = 'NATION' | 'REGION' | 'AGENCY';
export type StoredRollUpGrouping = 'NONE' | 'CATEGORY' | 'CATEGORY_LEVEL';

/** What a roll-up sums of one cell-year (a result row). */
export interface RollUpCell {
  year: number;
  category: string;
  level: string | null;
  requiredFte: number;
  required: number;
  existing: number;
  supplyEnd: number;
  retirements: number;
  contractEnds: number;
  attrition: number;
  formation: number;
  surplus: number;
  formationCost: number | null;
  /** Null when the policy has no cost for the cell's grade: its formation counts as uncosted. */
  annualCost: number | null;
}

/** One stored roll-up row; the columns outside its scope and grouping are null. */
export interface StoredRollUp {
  scope: StoredRollUpScope;
  groupBy: StoredRollUpGrouping;
  year: number;
  /** The province: the first part of the agency's Kemendagri region code, or the agency's code when it has none. */
  regionCode: string | null;
  agencyCode: string | null;
  category: string | null;
  level: string | null;
  cells: number;
  requiredFte: Decimal;
  required: number;
  existing: Decimal;
  supplyEnd: Decimal;
  retirements: number;
  contractEnds: number;
  attrition: Decimal;
  formation: number;
  surplus: Decimal;
  /** Null when no cell of the roll-up is costed. */
  formationCost: Decimal | null;
  uncostedFormation: number;
  /** Σ existing / Σ requiredFte; null when nothing is required. */
  wisnRatio: Decimal | null;
  /** Σ requiredFte / Σ existing; null when nobody is in post. */
  efficiency: Decimal | null;
}

/** The province of an agency as roll-ups name it: "33.71" → "33"; no region code → the agency's own code. */
export function provinceOf(agencyCode: string, regionCode: string | null): string {
  const province = (regionCode ?? '').split('.')[0];
  return province ? province : agencyCode;
}

/** A running total of one roll-up row. */
class Total {
  cells = 0;
  required = 0;
  retirements = 0;
  contractEnds = 0;
  formation = 0;
  uncostedFormation = 0;
  readonly requiredFte = new DecimalSum();
  readonly existing = new DecimalSum();
  readonly supplyEnd = new DecimalSum();
  readonly attrition = new DecimalSum();
  readonly surplus = new DecimalSum();
  readonly formationCost = new DecimalSum();

  constructor(readonly row: Pick<StoredRollUp, 'scope' | 'groupBy' | 'year' | 'regionCode' | 'agencyCode' | 'category' | 'level'>) {}

  addCell(c: RollUpCell): void {
    this.cells++;
    this.required += c.required;
    this.retirements += c.retirements;
    this.contractEnds += c.contractEnds;
    this.formation += c.formation;
    if (c.annualCost === null) this.uncostedFormation += c.formation;
    this.requiredFte.add(c.requiredFte);
    this.existing.add(c.existing);
    this.supplyEnd.add(c.supplyEnd);
    this.attrition.add(c.attrition);
    this.surplus.add(c.surplus);
    this.formationCost.add(c.formationCost);
  }

  /** Another total's cells, as if each had been added here. */
  addTotal(t: Total): void {
    this.cells += t.cells;
    this.required += t.required;
    this.retirements += t.retirements;
    this.contractEnds += t.contractEnds;
    this.formation += t.formation;
    this.uncostedFormation += t.uncostedFormation;
    this.requiredFte.addSum(t.requiredFte);
    this.existing.addSum(t.existing);
    this.supplyEnd.addSum(t.supplyEnd);
    this.attrition.addSum(t.attrition);
    this.surplus.addSum(t.surplus);
    this.formationCost.addSum(t.formationCost);
  }

  /** A stored agency row's figures, read back to sum provinces and the nation. */
  addStored(r: StoredGradeRow): void {
    this.cells += r.cells;
    this.required += r.required;
    this.retirements += r.retirements;
    this.contractEnds += r.contractEnds;
    this.formation += r.formation;
    this.uncostedFormation += r.uncostedFormation;
    this.requiredFte.addText(r.requiredFte);
    this.existing.addText(r.existing);
    this.supplyEnd.addText(r.supplyEnd);
    this.attrition.addText(r.attrition);
    this.surplus.addText(r.surplus);
    if (r.formationCost !== null) this.formationCost.addText(r.formationCost);
  }

  finish(): StoredRollUp {
    const zero: Decimal = { units: 0n, scale: 0 };
    const requiredFte = this.requiredFte.value() ?? zero;
    const existing = this.existing.value() ?? zero;
    const row = this.row;
    return {
      scope: row.scope,
      groupBy: row.groupBy,
      year: row.year,
      regionCode: row.regionCode,
      agencyCode: row.agencyCode,
      category: row.category,
      level: row.level,
      cells: this.cells,
      requiredFte,
      required: this.required,
      existing,
      supplyEnd: this.supplyEnd.value() ?? zero,
      retirements: this.retirements,
      contractEnds: this.contractEnds,
      attrition: this.attrition.value() ?? zero,
      formation: this.formation,
      surplus: this.surplus.value() ?? zero,
      formationCost: this.formationCost.value(),
      uncostedFormation: this.uncostedFormation,
      wisnRatio: divideDecimals(existing, requiredFte),
      efficiency: divideDecimals(requiredFte, existing),
    };
  }
}

/** Totals by key, in order of first appearance. */
class Totals {
  private readonly byKey = new Map<string, Total>();

  get(key: string, row: () => Total['row']): Total {
    let total = this.byKey.get(key);
    if (!total) this.byKey.set(key, (total = new Total(row())));
    return total;
  }

  values(): Total[] {
    return [...this.byKey.values()];
  }
}

const GROUPINGS: Array<{ groupBy: StoredRollUpGrouping; category: boolean; level: boolean }> = [
  { groupBy: 'NONE', category: false, level: false },
  { groupBy: 'CATEGORY', category: true, level: false },
  { groupBy: 'CATEGORY_LEVEL', category: true, level: true },
];

/**
 * An agency's roll-ups from its cells: by year, by year and category, by year, category and
 * level (a grade of no level is its own group with level null). The cells are summed once per
 * grade and the coarser rows from the grades' sums (a sum of sums is the same exact sum).
 */
export function rollUpAgency(agencyCode: string, regionCode: string | null, cells: Iterable<RollUpCell>): StoredRollUp[] {
  const region = provinceOf(agencyCode, regionCode);
  // grade by category, level and year: maps of the cells' own values, no key built per cell
  const grades: Total[] = [];
  const byCategory = new Map<string, Map<string | null, Map<number, Total>>>();
  for (const c of cells) {
    let byLevel = byCategory.get(c.category);
    if (!byLevel) byCategory.set(c.category, (byLevel = new Map()));
    let byYear = byLevel.get(c.level);
    if (!byYear) byLevel.set(c.level, (byYear = new Map()));
    let total = byYear.get(c.year);
    if (!total) {
      total = new Total({
        scope: 'AGENCY',
        groupBy: 'CATEGORY_LEVEL',
        year: c.year,
        regionCode: region,
        agencyCode,
        category: c.category,
        level: c.level,
      });
      byYear.set(c.year, total);
      grades.push(total);
    }
    total.addCell(c);
  }
  return regroup(grades, 'AGENCY').map((t) => t.finish());
}

/** The totals of `scope` in all three groupings from totals by grade (year, category, level). */
function regroup(grades: Total[], scope: StoredRollUpScope): Total[] {
  const out: Total[] = [];
  for (const g of GROUPINGS) {
    const totals = new Totals();
    for (const grade of grades) {
      const r = grade.row;
      const region = scope === 'NATION' ? null : r.regionCode;
      const agency = scope === 'AGENCY' ? r.agencyCode : null;
      const category = g.category ? r.category : null;
      const level = g.level ? r.level : null;
      const key = [r.year, region, agency, category, level ?? '\u0001'].join('\u0000');
      totals
        .get(key, () => ({ scope, groupBy: g.groupBy, year: r.year, regionCode: region, agencyCode: agency, category, level }))
        .addTotal(grade);
    }
    out.push(...totals.values());
  }
  return out;
}

/**
 * An agency's stored roll-up by grade (scope AGENCY, CATEGORY_LEVEL) as PostgreSQL gives it back:
 * decimals as text, so their value and display scale are summed exactly as stored.
 */
export interface StoredGradeRow {
  year: number;
  regionCode: string;
  agencyCode: string;
  category: string;
  level: string | null;
  cells: number;
  required: number;
  retirements: number;
  contractEnds: number;
  formation: number;
  uncostedFormation: number;
  requiredFte: string;
  existing: string;
  supplyEnd: string;
  attrition: string;
  surplus: string;
  formationCost: string | null;
}

/**
 * The provinces' and the nation's roll-ups as sums of the agencies' rows by grade (written by
 * `rollUpAgency` for every agency of the run): the run's last, cheap step, once every agency's
 * rows are written.
 */
export function rollUpRegionsAndNation(agencyGrades: Iterable<StoredGradeRow>): StoredRollUp[] {
  const grades: Total[] = [];
  for (const r of agencyGrades) {
    const grade = new Total({
      scope: 'AGENCY',
      groupBy: 'CATEGORY_LEVEL',
      year: r.year,
      regionCode: r.regionCode,
      agencyCode: r.agencyCode,
      category: r.category,
      level: r.level,
    });
    grade.addStored(r);
    grades.push(grade);
  }
  return [...regroup(grades, 'REGION'), ...regroup(grades, 'NATION')].map((t) => t.finish());
}
