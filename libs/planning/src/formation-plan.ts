import { parseIsoDate } from './dates';
import { CellInput, CellWorkload, PlanCellYear, PlanningProblem, PlanningResult, ROUNDING_RULES, RoundingRule, EfficiencyBand } from './model';
import { ceilTolerant, isFiniteNumber } from './numeric';
import { describeCell, PlanningError, PlanningErrorCode } from './planning-error';
import { compileStaff, ExitHorizon, invalidPlan, projectSupply, retirementAgeTable, StaffColumns, SupplyProjection } from './supply';
import { num, TraceStep, Tracer } from './trace';
import { cellWorkload, compileCell, CompiledCell, DEFAULT_EFFICIENCY_BANDS, requiredFteOf, roundRequired, TargetTable, WorkloadContext } from './workload';
import { resolveWorkingTime, ResolvedWorkingTime } from './working-time';

// The multi-year formation plan (DOMAIN.md "Multi-year formation plan"):
//   exits(y) = retirements + contractEnds + attritionRate × supplyStart(y)
//   supplyEnd(y) = supplyStart(y) − exits(y)
//   formation(y) = max(0, ceil(required(y) − supplyEnd(y))), surplus(y) = max(0, supplyEnd(y) − required(y))
//   supplyStart(y+1) = supplyEnd(y) + formation(y)

/** Everything a problem resolves to before any cell-year is computed. */
export interface PreparedProblem {
  workingTime: ResolvedWorkingTime;
  workload: WorkloadContext;
  cells: CellInput[];
  targets: TargetTable;
  yearGiven: boolean;
  horizon: ExitHorizon | null;
  attritionRate: number;
  /** Cell index by unit then position; unit '' for cells without a unit. */
  index: Map<string, Map<string, number>>;
}

export function prepareProblem(problem: PlanningProblem): PreparedProblem {
  if (!problem || typeof problem !== 'object') throw new PlanningError(PlanningErrorCode.INVALID_INPUT, 'the planning problem must be an object');
  const workingTime = resolveWorkingTime(problem.workingTime);
  const rounding: RoundingRule = problem.rounding ?? 'HALF_UP';
  if (!ROUNDING_RULES.includes(rounding)) {
    throw new PlanningError(PlanningErrorCode.INVALID_INPUT, `rounding must be one of ${ROUNDING_RULES.join(', ')}, got ${JSON.stringify(rounding)}`);
  }
  const bands = validateBands(problem.efficiencyBands ?? DEFAULT_EFFICIENCY_BANDS);
  const plan = problem.plan;
  let years: number[];
  let horizon: ExitHorizon | null = null;
  let attritionRate = 0;
  if (plan) {
    const asOfYmd = parseIsoDate(plan.asOf);
    if (asOfYmd < 0) throw invalidPlan(`asOf must be a calendar date yyyy-mm-dd, got ${JSON.stringify(plan.asOf)}`);
    years = plan.years;
    if (!Array.isArray(years) || years.length === 0) throw invalidPlan('years must list at least one plan year');
    years.forEach((y, i) => {
      if (!Number.isInteger(y)) throw invalidPlan(`years[${i}] must be a whole year, got ${JSON.stringify(y)}`);
      if (i > 0 && y <= years[i - 1]) throw invalidPlan(`years must be in ascending order without repeats (${years[i - 1]} then ${y})`);
    });
    if (Math.floor(asOfYmd / 10000) > years[0]) throw invalidPlan(`the snapshot date ${plan.asOf} falls after the first plan year ${years[0]}`);
    attritionRate = plan.attritionRate ?? 0;
    if (!isFiniteNumber(attritionRate) || attritionRate < 0 || attritionRate >= 1) {
      throw invalidPlan(`attritionRate must be a fraction from 0 up to (not including) 1, got ${JSON.stringify(plan.attritionRate)}`);
    }
    horizon = { asOfYmd, years, renewContracts: plan.renewContracts ?? false };
  } else if (problem.year !== undefined && problem.year !== null) {
    if (!Number.isInteger(problem.year)) throw new PlanningError(PlanningErrorCode.INVALID_INPUT, `year must be a whole year, got ${JSON.stringify(problem.year)}`);
    years = [problem.year];
  } else {
    years = [];
  }
  const cells = problem.cells;
  if (!Array.isArray(cells)) throw new PlanningError(PlanningErrorCode.INVALID_INPUT, 'cells (positions) must be a list');
  const index = new Map<string, Map<string, number>>();
  cells.forEach((c, i) => {
    if (!c || typeof c.positionCode !== 'string' || c.positionCode === '') {
      throw new PlanningError(PlanningErrorCode.INVALID_INPUT, `cell #${i + 1}: positionCode must be a non-empty text`);
    }
    const unit = c.unitCode ?? '';
    let positions = index.get(unit);
    if (!positions) index.set(unit, (positions = new Map()));
    if (positions.has(c.positionCode)) {
      throw new PlanningError(PlanningErrorCode.DUPLICATE_CELL, `${describeCell(c.positionCode, c.unitCode)} appears twice; one workload standard per position and unit`, {
        positionCode: c.positionCode,
        unitCode: c.unitCode ?? null,
      });
    }
    positions.set(c.positionCode, i);
  });
  return {
    workingTime,
    workload: { hoursPerYear: workingTime.hoursPerYear, rounding, bands, years: years.length ? years : [] },
    cells,
    targets: new TargetTable(problem.targets ?? [], years),
    yearGiven: years.length > 0,
    horizon,
    attritionRate,
    index,
  };
}

function validateBands(bands: EfficiencyBand[]): EfficiencyBand[] {
  if (!Array.isArray(bands) || bands.length === 0) throw new PlanningError(PlanningErrorCode.INVALID_INPUT, 'efficiencyBands must list at least one band');
  const sorted = [...bands].sort((a, b) => b.minimum - a.minimum);
  sorted.forEach((b, i) => {
    if (typeof b.band !== 'string' || !b.band || typeof b.minimum !== 'number' || Number.isNaN(b.minimum)) {
      throw new PlanningError(PlanningErrorCode.INVALID_INPUT, `efficiencyBands[${i}] needs a band name and a minimum`);
    }
  });
  return sorted;
}

export function compileCellAt(p: PreparedProblem, i: number, trace: Tracer = null): CompiledCell {
  // Without a year the workload is computed once, for fixed volumes only.
  const years = p.workload.years.length ? p.workload.years : [0];
  return compileCell(p.cells[i], i, { hoursPerYear: p.workload.hoursPerYear, years, targets: p.targets, yearGiven: p.yearGiven }, trace);
}

export function cellIndexOf(p: PreparedProblem): (positionCode: string, unitCode: string | null) => number {
  return (positionCode, unitCode) => p.index.get(unitCode ?? '')?.get(positionCode) ?? -1;
}

export function staffOf(p: PreparedProblem, problem: PlanningProblem): StaffColumns | null {
  const plan = problem.plan;
  if (!plan || !p.horizon || plan.employees === undefined || plan.employees === null) return null;
  return compileStaff(plan.employees, cellIndexOf(p), retirementAgeTable(plan.retirementAges), p.horizon.asOfYmd, p.horizon.renewContracts);
}

/** supplyStart → exits → supplyEnd → formation for each plan year of one cell. */
export function planCell(
  cell: CompiledCell,
  existing: number,
  supply: SupplyProjection | null,
  p: PreparedProblem,
  out: PlanCellYear[],
  trace: Tracer = null,
): void {
  const years = p.workload.years;
  const nYears = years.length;
  const hours = p.workload.hoursPerYear;
  let supplyStart = existing;
  for (let y = 0; y < nYears; y++) {
    const requiredFte = requiredFteOf(cell, y, hours);
    const required = roundRequired(requiredFte, p.workload.rounding);
    const slot = cell.index * nYears + y;
    const retirements = supply ? supply.retirements[slot] : 0;
    const contractEnds = supply ? supply.contractEnds[slot] : 0;
    const attrition = p.attritionRate * supplyStart;
    const exits = retirements + contractEnds + attrition;
    const supplyEnd = supplyStart - exits;
    const formation = Math.max(0, ceilTolerant(required - supplyEnd));
    const surplus = Math.max(0, supplyEnd - required);
    out.push({
      positionCode: cell.positionCode,
      unitCode: cell.unitCode,
      year: years[y],
      requiredFte,
      required,
      supplyStart,
      retirements,
      contractEnds,
      attrition,
      exits,
      supplyEnd,
      formation,
      surplus,
    });
    if (trace) traceYear(trace, years[y], p, { requiredFte, required, supplyStart, retirements, contractEnds, attrition, exits, supplyEnd, formation, surplus }, y === 0);
    supplyStart = supplyEnd + formation;
  }
}

function traceYear(trace: TraceStep[], year: number, p: PreparedProblem, v: Omit<PlanCellYear, 'positionCode' | 'unitCode' | 'year'>, first: boolean): void {
  const at = `(${year})`;
  trace.push(
    first
      ? { symbol: `supplyStart${at}`, formula: 'employees in post on asOf', substitution: num(v.supplyStart), value: v.supplyStart, year }
      : { symbol: `supplyStart${at}`, formula: 'supplyEnd(previous year) + formation(previous year)', substitution: num(v.supplyStart), value: v.supplyStart, rule: 'the formation is assumed filled', year },
    { symbol: `retirements${at}`, formula: 'employees whose last day in post before pension falls in the year', substitution: num(v.retirements), value: v.retirements, rule: 'BUP: last day of the birthday month in the year the age is reached', year },
    { symbol: `contractEnds${at}`, formula: p.horizon?.renewContracts ? 'none: the plan renews PPPK contracts' : "PPPK whose contract's last day falls in the year", substitution: num(v.contractEnds), value: v.contractEnds, year },
    { symbol: `attrition${at}`, formula: 'attritionRate × supplyStart', substitution: `${num(p.attritionRate)} × ${num(v.supplyStart)}`, value: v.attrition, year },
    { symbol: `exits${at}`, formula: 'retirements + contractEnds + attrition', substitution: `${num(v.retirements)} + ${num(v.contractEnds)} + ${num(v.attrition)}`, value: v.exits, year },
    { symbol: `supplyEnd${at}`, formula: 'supplyStart − exits', substitution: `${num(v.supplyStart)} − ${num(v.exits)}`, value: v.supplyEnd, year },
    { symbol: `formation${at}`, formula: 'max(0, ceil(required − supplyEnd))', substitution: `max(0, ceil(${num(v.required)} − ${num(v.supplyEnd)}))`, value: v.formation, year },
    { symbol: `surplus${at}`, formula: 'max(0, supplyEnd − required)', substitution: `max(0, ${num(v.supplyEnd)} − ${num(v.required)})`, value: v.surplus, year },
  );
}

/** Required headcount and, with a plan, the formation plan of every cell. */
export function computePlan(problem: PlanningProblem): PlanningResult {
  const p = prepareProblem(problem);
  const n = p.cells.length;
  const compiled: CompiledCell[] = new Array(n);
  for (let i = 0; i < n; i++) compiled[i] = compileCellAt(p, i);
  const staff = staffOf(p, problem);
  const supply = staff && p.horizon ? projectSupply(staff, n, p.horizon) : null;
  const cells: CellWorkload[] = new Array(n);
  const plan: PlanCellYear[] = [];
  for (let i = 0; i < n; i++) {
    const existing = supply ? supply.existing[i] : compiled[i].existing;
    cells[i] = cellWorkload(compiled[i], 0, existing, p.workload);
    if (p.horizon) planCell(compiled[i], existing, supply, p, plan);
  }
  return { workingHoursPerYear: p.workingTime.hoursPerYear, rounding: p.workload.rounding, cells, plan };
}
