import { parseIsoDate } from './dates';
import {
  CellInput,
  CellWorkload,
  EfficiencyBand,
  PlanCellYear,
  PlanningProblem,
  PlanningResult,
  PlanYearIndicators,
  ROUNDING_RULES,
  RoundingRule,
} from './model';
import { ceilTolerant, isFiniteNumber, roundHalfUpTolerant } from './numeric';
import { describeCell, PlanningError, PlanningErrorCode } from './planning-error';
import {
  ExitHorizon,
  invalidPlan,
  projectSupply,
  resolveStaff,
  retirementAgeTable,
  rosterFromEmployees,
  StaffColumns,
  SupplyProjection,
} from './supply';
import { num, TraceStep, Tracer } from './trace';
import {
  CellColumns,
  cellWorkload,
  compileCell,
  createCellColumns,
  DEFAULT_EFFICIENCY_BANDS,
  efficiencyBand,
  requiredFteOf,
  roundRequired,
  TargetTable,
  WorkloadContext,
} from './workload';
import { resolveWorkingTime, ResolvedWorkingTime } from './working-time';

// The multi-year formation plan (DOMAIN.md "Multi-year formation plan"), in whole persons:
//   stayers(y) = supplyStart(y) − retirements(y) − contractEnds(y)
//   expectedAttrition(y) = attritionRate × stayers(y)                        (a decimal, reported)
//   attrition(y) = min(stayers(y), HALF_UP(Σ_{k≤y} expectedAttrition(k)) − Σ_{k<y} attrition(k))
//   exits(y) = retirements + contractEnds + attrition, supplyEnd(y) = supplyStart(y) − exits(y) ≥ 0
//   formation(y) = max(0, ceil(required(y) − supplyEnd(y))), surplus(y) = max(0, supplyEnd(y) − required(y))
//   supplyStart(y+1) = supplyEnd(y) + formation(y)
// The running total keeps a fraction of a person from recruiting a whole one, and the
// horizon's attrition is the rounded expected total.

/** Everything a problem resolves to before any cell-year is computed. */
export interface PreparedProblem {
  workingTime: ResolvedWorkingTime;
  workload: WorkloadContext;
  cells: CellInput[];
  targets: TargetTable;
  yearGiven: boolean;
  horizon: ExitHorizon | null;
  attritionRate: number;
  /** Cell index by position then unit (unit '' for none); built on first use by `cellIndexOf`. */
  index: Map<string, Map<string, number>> | null;
}

export function prepareProblem(problem: PlanningProblem): PreparedProblem {
  if (!problem || typeof problem !== 'object')
    throw new PlanningError(PlanningErrorCode.INVALID_INPUT, 'the planning problem must be an object');
  const workingTime = resolveWorkingTime(problem.workingTime);
  const rounding: RoundingRule = problem.rounding ?? 'HALF_UP';
  if (!ROUNDING_RULES.includes(rounding)) {
    throw new PlanningError(
      PlanningErrorCode.INVALID_INPUT,
      `rounding must be one of ${ROUNDING_RULES.join(', ')}, got ${JSON.stringify(rounding)}`,
    );
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
    if (Math.floor(asOfYmd / 10000) > years[0])
      throw invalidPlan(`the snapshot date ${plan.asOf} falls after the first plan year ${years[0]}`);
    attritionRate = plan.attritionRate ?? 0;
    if (!isFiniteNumber(attritionRate) || attritionRate < 0 || attritionRate >= 1) {
      throw invalidPlan(`attritionRate must be a fraction from 0 up to (not including) 1, got ${JSON.stringify(plan.attritionRate)}`);
    }
    horizon = { asOfYmd, years, renewContracts: plan.renewContracts ?? false };
  } else if (problem.year !== undefined && problem.year !== null) {
    if (!Number.isInteger(problem.year))
      throw new PlanningError(PlanningErrorCode.INVALID_INPUT, `year must be a whole year, got ${JSON.stringify(problem.year)}`);
    years = [problem.year];
  } else {
    years = [];
  }
  const cells = problem.cells;
  if (!Array.isArray(cells)) throw new PlanningError(PlanningErrorCode.INVALID_INPUT, 'cells (positions) must be a list');
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i];
    if (!c || typeof c.positionCode !== 'string' || c.positionCode === '') {
      throw new PlanningError(PlanningErrorCode.INVALID_INPUT, `cell #${i + 1}: positionCode must be a non-empty text`);
    }
  }
  const duplicate = firstDuplicateCell(cells);
  if (duplicate >= 0) {
    const c = cells[duplicate];
    throw new PlanningError(
      PlanningErrorCode.DUPLICATE_CELL,
      `${describeCell(c.positionCode, c.unitCode)} appears twice; one workload standard per position and unit`,
      {
        positionCode: c.positionCode,
        unitCode: c.unitCode ?? null,
      },
    );
  }
  return {
    workingTime,
    workload: { hoursPerYear: workingTime.hoursPerYear, rounding, bands, years },
    cells,
    targets: new TargetTable(problem.targets ?? [], years),
    yearGiven: years.length > 0,
    horizon,
    attritionRate,
    index: null,
  };
}

function validateBands(bands: readonly EfficiencyBand[]): EfficiencyBand[] {
  if (!Array.isArray(bands) || bands.length === 0)
    throw new PlanningError(PlanningErrorCode.INVALID_INPUT, 'efficiencyBands must list at least one band');
  const sorted = [...bands].sort((a, b) => b.minimum - a.minimum);
  sorted.forEach((b, i) => {
    if (typeof b.band !== 'string' || !b.band || typeof b.minimum !== 'number' || Number.isNaN(b.minimum)) {
      throw new PlanningError(PlanningErrorCode.INVALID_INPUT, `efficiencyBands[${i}] needs a band name and a minimum`);
    }
  });
  return sorted;
}

export function compileContext(p: PreparedProblem) {
  // Without a year the workload is computed once, for fixed volumes only.
  const years = p.workload.years.length ? p.workload.years : [0];
  return { hoursPerYear: p.workload.hoursPerYear, years, targets: p.targets, yearGiven: p.yearGiven };
}

export function compileCells(p: PreparedProblem): CellColumns {
  const ctx = compileContext(p);
  const cols = createCellColumns(p.cells.length, ctx.years.length);
  for (let i = 0; i < p.cells.length; i++) compileCell(p.cells[i], ctx, cols, i);
  return cols;
}

export function cellIndexOf(p: PreparedProblem): (positionCode: string, unitCode: string | null) => number {
  if (!p.index) {
    // Position first: a catalogue has far fewer positions than units, so far fewer maps.
    const index = new Map<string, Map<string, number>>();
    p.cells.forEach((c, i) => {
      let units = index.get(c.positionCode);
      if (!units) index.set(c.positionCode, (units = new Map()));
      units.set(c.unitCode ?? '', i);
    });
    p.index = index;
  }
  const index = p.index;
  return (positionCode, unitCode) => index.get(positionCode)?.get(unitCode ?? '') ?? -1;
}

/** 32-bit FNV-1a of position and unit code. */
function cellHash(c: CellInput): number {
  let h = 0x811c9dc5;
  const position = c.positionCode,
    unit = c.unitCode ?? '';
  for (let i = 0; i < position.length; i++) h = Math.imul(h ^ position.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ 0xff, 0x01000193);
  for (let i = 0; i < unit.length; i++) h = Math.imul(h ^ unit.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * Index of a cell whose position and unit an earlier cell already has, or -1. Sorting packed
 * (hash, index) numbers keeps a national check to one typed array, where a map of 300,000
 * string keys costs a quarter of a second.
 */
function firstDuplicateCell(cells: CellInput[]): number {
  const SHIFT = 2 ** 21;
  if (cells.length >= SHIFT) {
    const seen = new Set<string>();
    for (let i = 0; i < cells.length; i++) {
      const key = `${cells[i].positionCode}\u0000${cells[i].unitCode ?? ''}`;
      if (seen.size === seen.add(key).size) return i;
    }
    return -1;
  }
  const keys = new Float64Array(cells.length);
  for (let i = 0; i < cells.length; i++) keys[i] = cellHash(cells[i]) * SHIFT + i;
  keys.sort();
  let first = -1;
  for (let k = 1; k < keys.length; k++) {
    if (Math.floor(keys[k] / SHIFT) !== Math.floor(keys[k - 1] / SHIFT)) continue;
    // Same hash: compare the codes of every earlier cell with this hash.
    const i = keys[k] % SHIFT;
    for (let j = k - 1; j >= 0 && Math.floor(keys[j] / SHIFT) === Math.floor(keys[k] / SHIFT); j--) {
      const other = keys[j] % SHIFT;
      const a = cells[i],
        b = cells[other];
      if (a.positionCode === b.positionCode && (a.unitCode ?? '') === (b.unitCode ?? '')) {
        const later = Math.max(i, other);
        if (first < 0 || later < first) first = later;
      }
    }
  }
  return first;
}

/** The plan's staff with exit dates resolved, or null where the plan gives headcounts only. */
export function staffOf(p: PreparedProblem, problem: PlanningProblem): StaffColumns | null {
  const plan = problem.plan;
  if (!plan || !p.horizon) return null;
  const roster = plan.roster ?? (plan.employees ? rosterFromEmployees(plan.employees, cellIndexOf(p)) : null);
  if (!roster) return null;
  const ages = retirementAgeTable(plan.retirementAges);
  return resolveStaff(roster, p.cells.length, (c) => p.cells[c].positionCode, ages, p.horizon.asOfYmd, p.horizon.renewContracts);
}

/** Plan cell-years in columns, indexed cell × nYears + year. */
export interface PlanColumns {
  nYears: number;
  requiredFte: Float64Array;
  required: Float64Array;
  supplyStart: Float64Array;
  retirements: Float64Array;
  contractEnds: Float64Array;
  expectedAttrition: Float64Array;
  attrition: Float64Array;
  exits: Float64Array;
  supplyEnd: Float64Array;
  formation: Float64Array;
  surplus: Float64Array;
}

export const PLAN_FIELDS = [
  'requiredFte',
  'required',
  'supplyStart',
  'retirements',
  'contractEnds',
  'expectedAttrition',
  'attrition',
  'exits',
  'supplyEnd',
  'formation',
  'surplus',
] as const;

export function createPlanColumns(size: number, nYears: number): PlanColumns {
  // One buffer for all columns (see createCellColumns), and a literal object so every field
  // access in the plan loop stays a fast property load.
  const buffer = new ArrayBuffer(PLAN_FIELDS.length * size * nYears * 8);
  let at = 0;
  const column = () => {
    const view = new Float64Array(buffer, at, size * nYears);
    at += size * nYears * 8;
    return view;
  };
  return {
    nYears,
    requiredFte: column(),
    required: column(),
    supplyStart: column(),
    retirements: column(),
    contractEnds: column(),
    expectedAttrition: column(),
    attrition: column(),
    exits: column(),
    supplyEnd: column(),
    formation: column(),
    surplus: column(),
  };
}

/**
 * supplyStart → exits → supplyEnd → formation for each plan year of the cell in `slot` of
 * `cells`, written to the same slot of `out`; `supplySlot` is the cell's index in the supply.
 */
export function planCell(
  cells: CellColumns,
  slot: number,
  existing: number,
  supply: SupplyProjection | null,
  supplySlot: number,
  p: PreparedProblem,
  out: PlanColumns,
  trace: Tracer = null,
): void {
  const years = p.workload.years;
  const nYears = years.length;
  const hours = p.workload.hoursPerYear;
  const rate = p.attritionRate;
  let supplyStart = existing;
  // running totals of expected and counted attrition (DOMAIN.md: whole persons)
  let expectedSoFar = 0,
    attritionSoFar = 0;
  for (let y = 0; y < nYears; y++) {
    const requiredFte = requiredFteOf(cells, slot, y, hours);
    const required = roundRequired(requiredFte, p.workload.rounding);
    const from = supplySlot * nYears + y;
    const retirements = supply ? supply.retirements[from] : 0;
    const contractEnds = supply ? supply.contractEnds[from] : 0;
    // assumed-filled formation never retires, so a roster's leavers can outnumber the supply
    const stayers = Math.max(0, supplyStart - retirements - contractEnds);
    const expectedAttrition = rate * stayers;
    expectedSoFar += expectedAttrition;
    const attrition = Math.min(stayers, roundHalfUpTolerant(expectedSoFar) - attritionSoFar);
    attritionSoFar += attrition;
    const exits = retirements + contractEnds + attrition;
    const supplyEnd = Math.max(0, supplyStart - exits);
    const formation = Math.max(0, ceilTolerant(required - supplyEnd));
    const surplus = Math.max(0, supplyEnd - required);
    const to = slot * nYears + y;
    out.requiredFte[to] = requiredFte;
    out.required[to] = required;
    out.supplyStart[to] = supplyStart;
    out.retirements[to] = retirements;
    out.contractEnds[to] = contractEnds;
    out.expectedAttrition[to] = expectedAttrition;
    out.attrition[to] = attrition;
    out.exits[to] = exits;
    out.supplyEnd[to] = supplyEnd;
    out.formation[to] = formation;
    out.surplus[to] = surplus;
    if (trace) {
      const v = {
        requiredFte,
        required,
        supplyStart,
        retirements,
        contractEnds,
        expectedAttrition,
        attrition,
        exits,
        supplyEnd,
        formation,
        surplus,
      };
      traceYear(trace, years[y], p, v, { stayers, expectedSoFar, attritionBefore: attritionSoFar - attrition }, y === 0);
    }
    supplyStart = supplyEnd + formation;
  }
}

/** wisnRatio, pressure and efficiency of a cell-year, from its plan figures. */
export function planYearIndicators(
  v: Pick<PlanCellYear, 'requiredFte' | 'required' | 'supplyStart' | 'supplyEnd'>,
  bands: readonly EfficiencyBand[],
): PlanYearIndicators {
  const efficiency = v.supplyStart > 0 ? v.requiredFte / v.supplyStart : null;
  return {
    wisnRatio: v.requiredFte > 0 ? v.supplyStart / v.requiredFte : null,
    pressure: v.required > 0 ? (v.required - v.supplyEnd) / v.required : 0,
    efficiency,
    efficiencyBand: efficiencyBand(efficiency, bands),
  };
}

export function planRow(
  cell: { positionCode: string; unitCode?: string | null },
  plan: PlanColumns,
  slot: number,
  y: number,
  year: number,
  bands: readonly EfficiencyBand[] = DEFAULT_EFFICIENCY_BANDS,
): PlanCellYear {
  const i = slot * plan.nYears + y;
  // one literal, not spreads: a national run builds 1.5 million of these
  const requiredFte = plan.requiredFte[i],
    required = plan.required[i],
    supplyStart = plan.supplyStart[i],
    supplyEnd = plan.supplyEnd[i];
  const indicators = planYearIndicators({ requiredFte, required, supplyStart, supplyEnd }, bands);
  return {
    positionCode: cell.positionCode,
    unitCode: cell.unitCode ?? null,
    year,
    requiredFte,
    required,
    supplyStart,
    retirements: plan.retirements[i],
    contractEnds: plan.contractEnds[i],
    expectedAttrition: plan.expectedAttrition[i],
    attrition: plan.attrition[i],
    exits: plan.exits[i],
    supplyEnd,
    formation: plan.formation[i],
    surplus: plan.surplus[i],
    wisnRatio: indicators.wisnRatio,
    pressure: indicators.pressure,
    efficiency: indicators.efficiency,
    efficiencyBand: indicators.efficiencyBand,
  };
}

/** The running totals behind one year's whole-person attrition, for the trace. */
interface AttritionSteps {
  stayers: number;
  /** Σ expectedAttrition up to and including this year. */
  expectedSoFar: number;
  /** Σ attrition of the earlier plan years. */
  attritionBefore: number;
}

type PlanYearValues = Omit<PlanCellYear, 'positionCode' | 'unitCode' | 'year' | keyof PlanYearIndicators>;

function traceYear(trace: TraceStep[], year: number, p: PreparedProblem, v: PlanYearValues, a: AttritionSteps, first: boolean): void {
  const at = `(${year})`;
  const rounded = roundHalfUpTolerant(a.expectedSoFar);
  const capped = rounded - a.attritionBefore > a.stayers;
  trace.push(
    first
      ? { symbol: `supplyStart${at}`, formula: 'employees in post on asOf', substitution: num(v.supplyStart), value: v.supplyStart, year }
      : {
          symbol: `supplyStart${at}`,
          formula: 'supplyEnd(previous year) + formation(previous year)',
          substitution: num(v.supplyStart),
          value: v.supplyStart,
          rule: 'the formation is assumed filled',
          year,
        },
    {
      symbol: `retirements${at}`,
      formula: 'employees whose last day in post before pension falls in the year',
      substitution: num(v.retirements),
      value: v.retirements,
      rule: 'BUP: last day of the birthday month in the year the age is reached',
      year,
    },
    {
      symbol: `contractEnds${at}`,
      formula: p.horizon?.renewContracts ? 'none: the plan renews PPPK contracts' : "PPPK whose contract's last day falls in the year",
      substitution: num(v.contractEnds),
      value: v.contractEnds,
      year,
    },
    {
      symbol: `stayers${at}`,
      formula: 'max(0, supplyStart − retirements − contractEnds)',
      substitution: `max(0, ${num(v.supplyStart)} − ${num(v.retirements)} − ${num(v.contractEnds)})`,
      value: a.stayers,
      year,
    },
    {
      symbol: `expectedAttrition${at}`,
      formula: 'attritionRate × stayers',
      substitution: `${num(p.attritionRate)} × ${num(a.stayers)}`,
      value: v.expectedAttrition,
      year,
    },
    {
      symbol: `attrition${at}`,
      formula: 'min(stayers, HALF_UP(Σ expectedAttrition so far) − attrition already counted)',
      substitution: `min(${num(a.stayers)}, HALF_UP(${num(a.expectedSoFar)}) − ${num(a.attritionBefore)}) = min(${num(a.stayers)}, ${num(rounded)} − ${num(a.attritionBefore)})`,
      value: v.attrition,
      rule: capped
        ? 'whole persons: capped at the people who stay; the rest of the expected total falls in a later year'
        : v.attrition > 0
          ? `whole persons: the running total of expected attrition reaches ${num(rounded)} person(s) this year`
          : `whole persons: the running total ${num(a.expectedSoFar)} rounds to ${num(rounded)}, already counted, so no one leaves by attrition this year`,
      year,
    },
    {
      symbol: `exits${at}`,
      formula: 'retirements + contractEnds + attrition',
      substitution: `${num(v.retirements)} + ${num(v.contractEnds)} + ${num(v.attrition)}`,
      value: v.exits,
      year,
    },
    {
      symbol: `supplyEnd${at}`,
      formula: 'max(0, supplyStart − exits)',
      substitution: `max(0, ${num(v.supplyStart)} − ${num(v.exits)})`,
      value: v.supplyEnd,
      year,
    },
    {
      symbol: `formation${at}`,
      formula: 'max(0, ceil(required − supplyEnd))',
      substitution: `max(0, ceil(${num(v.required)} − ${num(v.supplyEnd)}))`,
      value: v.formation,
      year,
    },
    {
      symbol: `surplus${at}`,
      formula: 'max(0, supplyEnd − required)',
      substitution: `max(0, ${num(v.supplyEnd)} − ${num(v.required)})`,
      value: v.surplus,
      year,
    },
  );
}

/** The whole problem in columns: what the worker and the benchmark use at national scale. */
export interface ColumnarResult {
  prepared: PreparedProblem;
  cells: CellColumns;
  /** Headcount on asOf per cell (from the staff, or each cell's `existing`). */
  existing: Float64Array;
  supply: SupplyProjection | null;
  plan: PlanColumns | null;
}

export function computePlanColumns(problem: PlanningProblem): ColumnarResult {
  const p = prepareProblem(problem);
  const n = p.cells.length;
  const cells = compileCells(p);
  const staff = staffOf(p, problem);
  const supply = staff && p.horizon ? projectSupply(staff, n, p.horizon.years) : null;
  const existing = supply ? Float64Array.from(supply.existing) : cells.existing;
  let plan: PlanColumns | null = null;
  if (p.horizon) {
    plan = createPlanColumns(n, p.horizon.years.length);
    for (let i = 0; i < n; i++) planCell(cells, i, existing[i], supply, i, p, plan);
  }
  return { prepared: p, cells, existing, supply, plan };
}

/** Required headcount and, with a plan, the formation plan of every cell, as rows. */
export function computePlan(problem: PlanningProblem): PlanningResult {
  const { prepared: p, cells: cols, existing, plan } = computePlanColumns(problem);
  const n = p.cells.length;
  const cells: CellWorkload[] = new Array(n);
  const rows: PlanCellYear[] = [];
  for (let i = 0; i < n; i++) {
    const cell = { positionCode: p.cells[i].positionCode, unitCode: p.cells[i].unitCode ?? null };
    cells[i] = cellWorkload(cell, cols, i, 0, existing[i], p.workload);
    if (plan) p.workload.years.forEach((year, y) => rows.push(planRow(cell, plan, i, y, year, p.workload.bands)));
  }
  return { workingHoursPerYear: p.workingTime.hoursPerYear, rounding: p.workload.rounding, cells, plan: rows };
}
