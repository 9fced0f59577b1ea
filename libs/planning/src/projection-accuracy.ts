import { lastDayBeforePension, parseIsoDate, formatYmd } from './dates';
import { EmploymentType, PlanOptions, POSITION_CATEGORIES, PositionCategory, PositionLevel, RetirementAgeRule } from './model';
import { EXIT_CONTRACT_END, exitOf, rankCode, resolveStaff, retirementAgeTable, RetirementAgeTable, rosterFromEmployees } from './supply';

// Projection accuracy: how a plan run's exits for year y compare with the leavers observed
// between the two roster versions that bracket y, and the attrition rate the agency's own
// history suggests. The definitions are in docs/projection-accuracy.md.

export const PROJECTED_EXIT_KINDS = ['RETIREMENT', 'CONTRACT_END'] as const;
export type ProjectedExitKind = (typeof PROJECTED_EXIT_KINDS)[number];
/** Why a leaver left, read from their roster row: pension age or contract end reached by the window's end, else OTHER (attrition). */
export const OBSERVED_EXIT_KINDS = ['RETIREMENT', 'CONTRACT_END', 'OTHER'] as const;
export type ObservedExitKind = (typeof OBSERVED_EXIT_KINDS)[number];
export const EXIT_ACCURACY_STATUSES = ['PROJECTED_LEFT', 'PROJECTED_STAYED', 'LEFT_UNPROJECTED'] as const;
export type ExitAccuracyStatus = (typeof EXIT_ACCURACY_STATUSES)[number];

/** A roster row as far as exits are concerned. */
export interface RosterMember {
  nip: string;
  birthDate: string;
  positionCode: string;
  unitCode: string | null;
  category: PositionCategory;
  level: PositionLevel | null;
  employmentType: EmploymentType;
  contractEnd: string | null;
}

/** One employee of a run's snapshot whose exit the plan counted, in the plan year it counted in. */
export interface ProjectedExit extends RosterMember {
  kind: ProjectedExitKind;
  /** Last day in post (yyyy-mm-dd): before pension, or the contract's last day. */
  lastDay: string;
  year: number;
}

/** Every exit a run's snapshot projects within its horizon, by the engine's own rules (the counts of plan_result). */
export function projectedExits(plan: PlanOptions): ProjectedExit[] {
  const employees = plan.employees ?? [];
  const cells = new Map<string, number>();
  const positions: string[] = [];
  const roster = rosterFromEmployees(employees, (positionCode, unitCode) => {
    const key = `${positionCode}|${unitCode ?? ''}`;
    let cell = cells.get(key);
    if (cell === undefined) {
      cells.set(key, (cell = positions.length));
      positions.push(positionCode);
    }
    return cell;
  });
  const staff = resolveStaff(
    roster,
    positions.length,
    (c) => positions[c],
    retirementAgeTable(plan.retirementAges),
    parseIsoDate(plan.asOf),
    plan.renewContracts === true,
  );
  const out: ProjectedExit[] = [];
  for (let i = 0; i < roster.size; i++) {
    const exit = exitOf(staff.retireYmd[i], staff.contractEndYmd[i], plan.years);
    if (exit < 0) continue;
    const contractEnd = (exit & 1) === EXIT_CONTRACT_END;
    out.push({
      ...memberOf(employees[i]),
      kind: contractEnd ? 'CONTRACT_END' : 'RETIREMENT',
      lastDay: formatYmd(contractEnd ? staff.contractEndYmd[i] : staff.retireYmd[i]),
      year: plan.years[exit >> 1],
    });
  }
  return out;
}

function memberOf(e: NonNullable<PlanOptions['employees']>[number]): RosterMember {
  return {
    nip: e.nip,
    birthDate: e.birthDate,
    positionCode: e.positionCode,
    unitCode: e.unitCode ?? null,
    category: e.category,
    level: e.level ?? null,
    employmentType: e.employmentType,
    contractEnd: e.contractEnd ?? null,
  };
}

/**
 * Why someone who left by `toAsOf` left, from their row: the earlier of the last day before
 * pension (the run's retirement ages) and a PPPK contract's last day, if it fell by `toAsOf`
 * (the same day counts as a retirement, as in the plan); otherwise OTHER — resignation, death,
 * dismissal, a transfer out: what the plan's attrition rate stands for.
 */
export function observedExitKind(
  m: RosterMember,
  ages: RetirementAgeTable,
  toAsOfYmd: number,
): { kind: ObservedExitKind; lastDay: string | null } {
  const rule = ages.ageFor(rankCode(m.category, m.level), m.positionCode);
  const birth = parseIsoDate(m.birthDate);
  const retire = rule && birth > 0 ? lastDayBeforePension(birth, rule.age) : Number.MAX_SAFE_INTEGER;
  const contractEnd = m.employmentType === 'PPPK' ? Math.max(0, parseIsoDate(m.contractEnd)) : 0;
  if (contractEnd > 0 && contractEnd < retire && contractEnd <= toAsOfYmd) return { kind: 'CONTRACT_END', lastDay: formatYmd(contractEnd) };
  if (retire <= toAsOfYmd) return { kind: 'RETIREMENT', lastDay: formatYmd(retire) };
  return { kind: 'OTHER', lastDay: null };
}

/** Mean Gregorian month in days (365.2425 / 12). */
const MEAN_MONTH_DAYS = 30.436875;

const dayNumber = (ymd: number): number => Date.UTC(Math.floor(ymd / 10000), (Math.floor(ymd / 100) % 100) - 1, ymd % 100) / 86_400_000;

/** Whole months between two snapshot dates: days ÷ 30.436875, rounded (31 Dec → 31 Dec is 12 in leap years too). */
export function windowMonths(fromAsOf: string, toAsOf: string): number {
  return Math.round((dayNumber(parseIsoDate(toAsOf)) - dayNumber(parseIsoDate(fromAsOf))) / MEAN_MONTH_DAYS);
}

/** What the run projected for year y in one category of an agency: sums of its cells. */
export interface ProjectedFigures {
  category: PositionCategory;
  supplyStart: number;
  retirements: number;
  contractEnds: number;
  expectedAttrition: number;
  attrition: number;
}

/** One agency's (or a sum of agencies') projection against observation, in one category or all (category null). */
export interface AccuracyFigures {
  category: PositionCategory | null;
  projectedSupplyStart: number;
  projectedRetirements: number;
  projectedContractEnds: number;
  /** Whole persons, as the plan counts them. */
  projectedAttrition: number;
  /** attritionRate × stayers summed over the cells: the decimal the whole persons round. */
  projectedExpectedAttrition: number;
  projectedExits: number;
  /** Σ projected expectedAttrition / Σ projected stayers (supplyStart − retirements − contract ends). */
  projectedAttritionRate: number | null;
  /** Headcount of the earlier roster version. */
  observedInPost: number;
  observedLeavers: number;
  observedRetirements: number;
  observedContractEnds: number;
  observedOtherLeavers: number;
  /** observedInPost − observedRetirements − observedContractEnds: who was exposed to attrition. */
  observedStayers: number;
  /** observedStayers × windowMonths / 12: person-years exposed to attrition. */
  exposureYears: number;
  /** observed − projected, in persons: positive = more left than projected. */
  retirementsError: number;
  contractEndsError: number;
  attritionError: number;
  exitsError: number;
  /** exitsError / projectedExits; null when nothing was projected. */
  exitsRelativeError: number | null;
  retirementsProjectedLeft: number;
  retirementsProjectedStayed: number;
  retirementsUnprojected: number;
  contractEndsProjectedLeft: number;
  contractEndsProjectedStayed: number;
  contractEndsUnprojected: number;
  /** observedOtherLeavers / exposureYears: an annual rate for the plan's `attritionRate`; null without exposure. */
  suggestedAttritionRate: number | null;
}

/** One employee projected to leave in year y, or who left in the window without being projected to. */
export interface StaffExitAccuracy extends RosterMember {
  status: ExitAccuracyStatus;
  /** What the run projected for year y; null for an unprojected leaver. */
  projectedExit: ProjectedExitKind | null;
  /** The plan year the run counted this person's exit in (y, another year, or null: beyond the horizon or not in the snapshot). */
  projectedExitYear: number | null;
  projectedLastDay: string | null;
  /** Why they left, from their row; null while still in post. */
  observedExit: ObservedExitKind | null;
  observedLastDay: string | null;
}

export interface ProjectionAccuracyInput {
  year: number;
  /** Snapshot dates of the roster versions bracketing the plan year. */
  fromAsOf: string;
  toAsOf: string;
  retirementAges: RetirementAgeRule[];
  /** The run's plan_result sums for year y, by category. */
  projected: ProjectedFigures[];
  /** Every exit the run projected (all years: an unprojected leaver shows when the run expected them to go). */
  exits: ProjectedExit[];
  /** NIPs of year y's projected exits still in the later version. */
  stillInPost: ReadonlySet<string>;
  /** Headcount of the earlier version by category. */
  inPost: Array<{ category: PositionCategory; headcount: number }>;
  /** Rows of the earlier version whose NIP is not in the later one. */
  leavers: RosterMember[];
}

export interface ProjectionAccuracyResult {
  windowMonths: number;
  categories: AccuracyFigures[];
  total: AccuracyFigures;
  staff: StaffExitAccuracy[];
}

function emptyFigures(category: PositionCategory | null): AccuracyFigures {
  return {
    category,
    projectedSupplyStart: 0,
    projectedRetirements: 0,
    projectedContractEnds: 0,
    projectedAttrition: 0,
    projectedExpectedAttrition: 0,
    projectedExits: 0,
    projectedAttritionRate: null,
    observedInPost: 0,
    observedLeavers: 0,
    observedRetirements: 0,
    observedContractEnds: 0,
    observedOtherLeavers: 0,
    observedStayers: 0,
    exposureYears: 0,
    retirementsError: 0,
    contractEndsError: 0,
    attritionError: 0,
    exitsError: 0,
    exitsRelativeError: null,
    retirementsProjectedLeft: 0,
    retirementsProjectedStayed: 0,
    retirementsUnprojected: 0,
    contractEndsProjectedLeft: 0,
    contractEndsProjectedStayed: 0,
    contractEndsUnprojected: 0,
    suggestedAttritionRate: null,
  };
}

/** The counts that add up across categories and agencies; everything else is derived from them. */
const ADDITIVE = [
  'projectedSupplyStart',
  'projectedRetirements',
  'projectedContractEnds',
  'projectedAttrition',
  'projectedExpectedAttrition',
  'observedInPost',
  'observedLeavers',
  'observedRetirements',
  'observedContractEnds',
  'observedOtherLeavers',
  'exposureYears',
  'retirementsProjectedLeft',
  'retirementsProjectedStayed',
  'retirementsUnprojected',
  'contractEndsProjectedLeft',
  'contractEndsProjectedStayed',
  'contractEndsUnprojected',
] as const;

/** Derived figures from the additive ones: differences, and ratios of the sums (never averages of ratios). */
function finish(f: AccuracyFigures): AccuracyFigures {
  f.projectedExits = f.projectedRetirements + f.projectedContractEnds + f.projectedAttrition;
  const projectedStayers = f.projectedSupplyStart - f.projectedRetirements - f.projectedContractEnds;
  f.projectedAttritionRate = projectedStayers > 0 ? f.projectedExpectedAttrition / projectedStayers : null;
  f.observedStayers = f.observedInPost - f.observedRetirements - f.observedContractEnds;
  f.retirementsError = f.observedRetirements - f.projectedRetirements;
  f.contractEndsError = f.observedContractEnds - f.projectedContractEnds;
  f.attritionError = f.observedOtherLeavers - f.projectedAttrition;
  f.exitsError = f.observedLeavers - f.projectedExits;
  f.exitsRelativeError = f.projectedExits > 0 ? f.exitsError / f.projectedExits : null;
  f.suggestedAttritionRate = f.exposureYears > 0 ? f.observedOtherLeavers / f.exposureYears : null;
  return f;
}

/** Sums figures (of categories, or of agencies with their own windows: exposure is in person-years) into one. */
export function sumAccuracy(rows: readonly AccuracyFigures[], category: PositionCategory | null = null): AccuracyFigures {
  const total = emptyFigures(category);
  for (const row of rows) for (const k of ADDITIVE) total[k] += row[k];
  return finish(total);
}

/** Compares one agency's projection for year y with what its bracketing roster versions show. */
export function compareProjection(input: ProjectionAccuracyInput): ProjectionAccuracyResult {
  const months = windowMonths(input.fromAsOf, input.toAsOf);
  const ages = retirementAgeTable(input.retirementAges);
  const toAsOfYmd = parseIsoDate(input.toAsOf);
  const byCategory = new Map<PositionCategory, AccuracyFigures>();
  const figuresOf = (c: PositionCategory): AccuracyFigures => {
    let f = byCategory.get(c);
    if (!f) byCategory.set(c, (f = emptyFigures(c)));
    return f;
  };
  for (const p of input.projected) {
    const f = figuresOf(p.category);
    f.projectedSupplyStart += p.supplyStart;
    f.projectedRetirements += p.retirements;
    f.projectedContractEnds += p.contractEnds;
    f.projectedAttrition += p.attrition;
    f.projectedExpectedAttrition += p.expectedAttrition;
  }
  for (const { category, headcount } of input.inPost) figuresOf(category).observedInPost += headcount;

  const staff = new Map<string, StaffExitAccuracy>();
  const exitByNip = new Map(input.exits.map((e) => [e.nip, e]));
  for (const e of input.exits) {
    if (e.year !== input.year) continue;
    const left = !input.stillInPost.has(e.nip);
    const observed = left ? observedExitKind(e, ages, toAsOfYmd) : null;
    const { kind, lastDay, year, ...member } = e;
    staff.set(e.nip, {
      ...member,
      status: left ? 'PROJECTED_LEFT' : 'PROJECTED_STAYED',
      projectedExit: kind,
      projectedExitYear: year,
      projectedLastDay: lastDay,
      observedExit: observed?.kind ?? null,
      observedLastDay: observed?.lastDay ?? null,
    });
    const f = figuresOf(e.category);
    if (kind === 'RETIREMENT') f[left ? 'retirementsProjectedLeft' : 'retirementsProjectedStayed']++;
    else f[left ? 'contractEndsProjectedLeft' : 'contractEndsProjectedStayed']++;
  }
  for (const m of input.leavers) {
    const observed = observedExitKind(m, ages, toAsOfYmd);
    const f = figuresOf(m.category);
    f.observedLeavers++;
    if (observed.kind === 'RETIREMENT') f.observedRetirements++;
    else if (observed.kind === 'CONTRACT_END') f.observedContractEnds++;
    else f.observedOtherLeavers++;
    const projected = staff.get(m.nip);
    if (projected) {
      // the row of the earlier version is the better witness of why they left
      projected.observedExit = observed.kind;
      projected.observedLastDay = observed.lastDay;
      continue;
    }
    if (observed.kind === 'RETIREMENT') f.retirementsUnprojected++;
    else if (observed.kind === 'CONTRACT_END') f.contractEndsUnprojected++;
    const elsewhen = exitByNip.get(m.nip);
    staff.set(m.nip, {
      ...m,
      status: 'LEFT_UNPROJECTED',
      projectedExit: null,
      projectedExitYear: elsewhen?.year ?? null,
      projectedLastDay: elsewhen?.lastDay ?? null,
      observedExit: observed.kind,
      observedLastDay: observed.lastDay,
    });
  }
  const categories = POSITION_CATEGORIES.filter((c) => byCategory.has(c)).map((c) => {
    const f = byCategory.get(c)!;
    f.exposureYears = (f.observedInPost - f.observedRetirements - f.observedContractEnds) * (months / 12);
    return finish(f);
  });
  return {
    windowMonths: months,
    categories,
    total: sumAccuracy(categories),
    staff: [...staff.values()].sort((a, b) => (a.nip < b.nip ? -1 : a.nip > b.nip ? 1 : 0)),
  };
}
