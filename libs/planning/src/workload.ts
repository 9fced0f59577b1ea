import { Activity, CellInput, CellWorkload, EfficiencyBand, RoundingRule, ServiceActivity, TargetValue } from './model';
import { activityProblems } from './activity-rules';
import { atLeastTolerant, ceilTolerant, isFiniteNumber, roundHalfUpTolerant } from './numeric';
import { describeCell, PlanningError, PlanningErrorCode } from './planning-error';
import { num, Tracer } from './trace';

// ABK / WISN workload of one position × unit (DOMAIN.md "The calculation"):
//   serviceHours = Σ volume × minutesPerUnit / 60 (or volume / unitsPerHour)
//   CAF = 1 / (1 − CAS%/100), IAF = Σ hoursPerYear × staffCount / AWT
//   requiredFte = serviceHours / AWT × CAF + IAF

// DOMAIN.md: A ≥ 1.00, B ≥ 0.90, C ≥ 0.70, D ≥ 0.50, E below. Efficiency is never negative,
// so E's minimum of 0 is "below D" and, unlike −∞, survives a JSON policy column: this is the
// one default, used by the engine and stored by the policy service alike.
export const DEFAULT_EFFICIENCY_BANDS: readonly EfficiencyBand[] = Object.freeze([
  { band: 'A', minimum: 1.0 },
  { band: 'B', minimum: 0.9 },
  { band: 'C', minimum: 0.7 },
  { band: 'D', minimum: 0.5 },
  { band: 'E', minimum: 0 },
]);

/** Where a target-driven volume took its target value from, per plan year. */
export interface ResolvedTarget {
  indicator: string;
  unitCode: string | null;
  values: Float64Array;
  /** Per year: true where the unit's own value was used, false for the agency-wide one. */
  unitScoped: boolean[];
  sources: (string | null)[];
}

/** Looks target values up once per indicator × unit for all plan years. */
export class TargetTable {
  private readonly byIndicator = new Map<string, Map<string, Map<number, TargetValue>>>();
  private readonly cache = new Map<string, Map<string, ResolvedTarget | string>>();

  constructor(
    targets: TargetValue[],
    private readonly years: number[],
  ) {
    targets.forEach((t, i) => {
      if (!t || typeof t.indicator !== 'string' || t.indicator === '') throw inputError(`targets[${i}].indicator must be a non-empty text`);
      if (!Number.isInteger(t.year)) throw inputError(`target ${t.indicator}: year must be a whole number, got ${JSON.stringify(t.year)}`);
      if (!isFiniteNumber(t.value))
        throw inputError(`target ${t.indicator} ${t.year}: value must be a number, got ${JSON.stringify(t.value)}`);
      const scope = t.unitCode ?? '';
      let units = this.byIndicator.get(t.indicator);
      if (!units) this.byIndicator.set(t.indicator, (units = new Map()));
      let byYear = units.get(scope);
      if (!byYear) units.set(scope, (byYear = new Map()));
      if (byYear.has(t.year)) {
        throw inputError(`target ${t.indicator} has two values for ${t.year}${scope ? ` in unit ${scope}` : ''}`);
      }
      byYear.set(t.year, t);
    });
  }

  /** The target values for the plan years, or the first year that has none (as text). */
  resolve(indicator: string, unitCode: string | null): ResolvedTarget | string {
    const units = this.byIndicator.get(indicator);
    // Only a unit with values of its own gets its own resolution; the rest share the agency's.
    const own = unitCode && units ? units.get(unitCode) : undefined;
    const key = own ? unitCode! : '';
    let perUnit = this.cache.get(indicator);
    if (!perUnit) this.cache.set(indicator, (perUnit = new Map()));
    const hit = perUnit.get(key);
    if (hit !== undefined) return hit;
    const wide = units?.get('');
    const values = new Float64Array(this.years.length);
    const unitScoped: boolean[] = [];
    const sources: (string | null)[] = [];
    let result: ResolvedTarget | string | undefined;
    for (let i = 0; i < this.years.length && result === undefined; i++) {
      const ownValue = own?.get(this.years[i]);
      const t = ownValue ?? wide?.get(this.years[i]);
      if (!t) {
        result = String(this.years[i]);
        break;
      }
      values[i] = t.value;
      unitScoped.push(ownValue !== undefined);
      sources.push(t.source ?? null);
    }
    result ??= { indicator, unitCode: own ? unitCode : null, values, unitScoped, sources };
    perUnit.set(key, result);
    return result;
  }
}

function inputError(message: string): PlanningError {
  return new PlanningError(PlanningErrorCode.INVALID_INPUT, message);
}

/**
 * Cells made ready for every plan year, in columns: one typed array per quantity, so a
 * national problem of 300,000 cells allocates a handful of arrays rather than 300,000 objects.
 * serviceHours is indexed cell × nYears + year.
 */
export interface CellColumns {
  size: number;
  nYears: number;
  serviceHours: Float64Array;
  supportPercent: Float64Array;
  supportHours: Float64Array;
  casPercent: Float64Array;
  caf: Float64Array;
  additionalHours: Float64Array;
  iaf: Float64Array;
  existing: Float64Array;
}

export function createCellColumns(size: number, nYears: number): CellColumns {
  // One buffer for all columns: every large external allocation can start a full GC, and a
  // full GC of a national heap costs hundreds of milliseconds.
  const buffer = new ArrayBuffer(size * (nYears + 7) * 8);
  let at = 0;
  const column = (length = size) => {
    const view = new Float64Array(buffer, at, length);
    at += length * 8;
    return view;
  };
  return {
    size,
    nYears,
    serviceHours: column(size * nYears),
    supportPercent: column(),
    supportHours: column(),
    casPercent: column(),
    caf: column(),
    additionalHours: column(),
    iaf: column(),
    existing: column(),
  };
}

interface CompileContext {
  hoursPerYear: number;
  years: number[];
  targets: TargetTable;
  /** Year driving volumes when there is no plan; null where none was given. */
  yearGiven: boolean;
}

const activityName = (cell: CellInput, i: number): string => {
  const name = (cell.activities[i] as Partial<Activity> | undefined)?.name;
  return typeof name === 'string' && name ? name : `activity #${i + 1}`;
};

/** An error about activity i of a cell; built only when input is bad, never on the hot path. */
function activityError(cell: CellInput, i: number, message: string, code = PlanningErrorCode.INVALID_ACTIVITY): PlanningError {
  const name = activityName(cell, i);
  return new PlanningError(code, `${describeCell(cell.positionCode, cell.unitCode)}, activity "${name}": ${message}`, {
    positionCode: cell.positionCode,
    unitCode: cell.unitCode ?? null,
    activity: name,
  });
}

/** Validates one cell's activities and writes its workload into slot `slot` of the columns. */
export function compileCell(cell: CellInput, ctx: CompileContext, cols: CellColumns, slot: number, trace: Tracer = null): void {
  const positionCode = cell.positionCode;
  const unitCode = cell.unitCode ?? null;
  const offset = slot * cols.nYears;
  let supportPercent = 0,
    supportHours = 0,
    additionalHours = 0;
  const activities = cell.activities;
  if (!Array.isArray(activities)) {
    throw new PlanningError(PlanningErrorCode.INVALID_ACTIVITY, `${describeCell(positionCode, unitCode)}: activities must be a list`, {
      positionCode,
      unitCode,
    });
  }

  for (let i = 0; i < activities.length; i++) {
    const activity = activities[i];
    const problems = activityProblems(activity, true);
    if (problems) throw activityError(cell, i, problems[0].message, problems[0].code);
    if (activity.kind === 'SERVICE') {
      compileService(cell, i, activity, ctx, cols.serviceHours, offset, trace);
    } else if (activity.kind === 'SUPPORT') {
      const pct = activity.percentOfWorkingTime,
        hours = activity.hoursPerYear;
      if (pct !== undefined && pct !== null) {
        supportPercent += pct;
        trace?.push({ symbol: `CAS%[${activity.name}]`, formula: 'percentOfWorkingTime', substitution: num(pct), value: pct });
      } else {
        supportHours += hours!;
        trace?.push({
          symbol: `CAS%[${activity.name}]`,
          formula: 'hoursPerYear / AWT × 100',
          substitution: `${num(hours!)} / ${num(ctx.hoursPerYear)} × 100`,
          value: (hours! / ctx.hoursPerYear) * 100,
        });
      }
    } else {
      const hours = activity.hoursPerYear,
        staff = activity.staffCount ?? 1;
      additionalHours += hours * staff;
      trace?.push({
        symbol: `IA[${activity.name}]`,
        formula: 'hoursPerYear × staffCount',
        substitution: `${num(hours)} × ${num(staff)}`,
        value: hours * staff,
      });
    }
  }

  const casPercent = supportPercent + (supportHours / ctx.hoursPerYear) * 100;
  if (atLeastTolerant(casPercent, 100)) {
    throw new PlanningError(
      PlanningErrorCode.SUPPORT_AT_OR_ABOVE_100,
      `${describeCell(positionCode, unitCode)}: supporting activities take ${num(casPercent)}% of working time; CAF = 1 / (1 − CAS%/100) needs CAS% below 100`,
      { positionCode, unitCode, casPercent },
    );
  }
  const caf = 1 / (1 - casPercent / 100);
  const iaf = additionalHours / ctx.hoursPerYear;
  const existing = cell.existing ?? 0;
  if (!isFiniteNumber(existing) || existing < 0) {
    throw new PlanningError(
      PlanningErrorCode.INVALID_INPUT,
      `${describeCell(positionCode, unitCode)}: existing must be a number of staff, 0 or more, got ${JSON.stringify(cell.existing)}`,
      { positionCode, unitCode },
    );
  }
  cols.supportPercent[slot] = supportPercent;
  cols.supportHours[slot] = supportHours;
  cols.casPercent[slot] = casPercent;
  cols.caf[slot] = caf;
  cols.additionalHours[slot] = additionalHours;
  cols.iaf[slot] = iaf;
  cols.existing[slot] = existing;
}

function compileService(
  cell: CellInput,
  i: number,
  activity: ServiceActivity,
  ctx: CompileContext,
  serviceHours: Float64Array,
  offset: number,
  trace: Tracer,
): void {
  const nYears = ctx.years.length;
  const { minutesPerUnit, unitsPerHour, annualVolume, driver } = activity;
  // the shape rules (activityProblems) have passed: exactly one time standard, one volume source
  const hasMinutes = minutesPerUnit !== undefined && minutesPerUnit !== null;
  const hasFixed = annualVolume !== undefined && annualVolume !== null;
  // ABK: volume × norma waktu (minutes) / 60, or WISN: volume / units per hour.
  const minutes = hasMinutes ? minutesPerUnit : 0;
  const rate = hasMinutes ? 0 : unitsPerHour!;
  const standard = trace ? (hasMinutes ? `× ${num(minutes)} / 60` : `/ ${num(rate)}`) : '';
  const name = activity.name;

  if (hasFixed) {
    const hours = hasMinutes ? (annualVolume * minutes) / 60 : annualVolume / rate;
    for (let y = 0; y < nYears; y++) serviceHours[offset + y] += hours;
    trace?.push({
      symbol: `hours[${name}]`,
      formula: hasMinutes ? 'annualVolume × minutesPerUnit / 60' : 'annualVolume / unitsPerHour',
      substitution: `${num(annualVolume)} ${standard}`,
      value: hours,
    });
    return;
  }
  const d = driver!;
  const base = d.base ?? 0;
  if (ctx.years.length === 0 || !ctx.yearGiven) {
    throw activityError(
      cell,
      i,
      `volume is driven by target ${d.indicator}, so the year whose targets apply must be given`,
      PlanningErrorCode.MISSING_TARGET,
    );
  }
  const unitCode = cell.unitCode ?? null;
  const resolved = ctx.targets.resolve(d.indicator, unitCode);
  if (typeof resolved === 'string') {
    const error = activityError(
      cell,
      i,
      `volume is driven by target ${d.indicator}, which has no value for ${resolved}${unitCode ? ` (unit ${unitCode} or agency-wide)` : ''}`,
      PlanningErrorCode.MISSING_TARGET,
    );
    Object.assign(error.details, { indicator: d.indicator, year: Number(resolved) });
    throw error;
  }
  for (let y = 0; y < nYears; y++) {
    const target = resolved.values[y];
    const volume = d.factor * target + base;
    if (volume < 0) {
      throw activityError(
        cell,
        i,
        `volume ${num(d.factor)} × ${d.indicator}(${ctx.years[y]}) ${num(target)} + ${num(base)} = ${num(volume)} is negative`,
        PlanningErrorCode.NEGATIVE_VOLUME,
      );
    }
    const hours = hasMinutes ? (volume * minutes) / 60 : volume / rate;
    serviceHours[offset + y] += hours;
    if (trace) {
      const scope = resolved.unitScoped[y] ? `unit ${unitCode}` : 'agency-wide';
      const source = resolved.sources[y] ? `, source ${resolved.sources[y]}` : '';
      trace.push({
        symbol: `volume[${name}](${ctx.years[y]})`,
        formula: `factor × target(${d.indicator}, ${ctx.years[y]}) + base`,
        substitution: `${num(d.factor)} × ${num(target)} + ${num(base)}`,
        value: volume,
        rule: `development target ${d.indicator} ${ctx.years[y]} (${scope}${source})`,
        year: ctx.years[y],
      });
      trace.push({
        symbol: `hours[${name}](${ctx.years[y]})`,
        formula: hasMinutes ? 'volume × minutesPerUnit / 60' : 'volume / unitsPerHour',
        substitution: `${num(volume)} ${standard}`,
        value: hours,
        year: ctx.years[y],
      });
    }
  }
}

export function roundRequired(requiredFte: number, rule: RoundingRule): number {
  if (rule === 'NONE') return requiredFte;
  return rule === 'CEIL' ? ceilTolerant(requiredFte) : roundHalfUpTolerant(requiredFte);
}

export function efficiencyBand(efficiency: number | null, bands: readonly EfficiencyBand[]): string | null {
  if (efficiency === null) return null;
  // bands sorted by minimum, highest first (prepareProblem sorts them)
  for (const b of bands) if (atLeastTolerant(efficiency, b.minimum)) return b.band;
  return null;
}

export interface WorkloadContext {
  hoursPerYear: number;
  rounding: RoundingRule;
  bands: readonly EfficiencyBand[];
  years: number[];
}

/** requiredFte = serviceHours / AWT × CAF + IAF, for plan-year index y. */
export function requiredFteOf(cols: CellColumns, slot: number, y: number, hoursPerYear: number): number {
  return (cols.serviceHours[slot * cols.nYears + y] / hoursPerYear) * cols.caf[slot] + cols.iaf[slot];
}

/** requiredFte and the WISN/ABK indicators of a compiled cell for plan-year index y. */
export function cellWorkload(
  cell: { positionCode: string; unitCode: string | null },
  cols: CellColumns,
  slot: number,
  y: number,
  existing: number,
  ctx: WorkloadContext,
  trace: Tracer = null,
): CellWorkload {
  const hours = ctx.hoursPerYear;
  const serviceHours = cols.serviceHours[slot * cols.nYears + y];
  const caf = cols.caf[slot],
    iaf = cols.iaf[slot],
    casPercent = cols.casPercent[slot];
  const serviceStaff = serviceHours / hours;
  const requiredFte = requiredFteOf(cols, slot, y, hours);
  const required = roundRequired(requiredFte, ctx.rounding);
  const wisnRatio = requiredFte > 0 ? existing / requiredFte : null;
  const efficiency = existing > 0 ? requiredFte / existing : null;
  const year = ctx.years.length ? ctx.years[y] : null;
  if (trace) {
    const at = year === null ? '' : `(${year})`;
    trace.push(
      { symbol: `serviceHours${at}`, formula: 'Σ SERVICE hours', substitution: num(serviceHours), value: serviceHours },
      {
        symbol: `serviceStaff${at}`,
        formula: 'serviceHours / AWT',
        substitution: `${num(serviceHours)} / ${num(hours)}`,
        value: serviceStaff,
        rule: 'ABK: Σ volume × norma waktu / jam kerja efektif',
      },
      {
        symbol: 'CAS%',
        formula: 'Σ SUPPORT percentOfWorkingTime + Σ SUPPORT hoursPerYear / AWT × 100',
        substitution: `${num(cols.supportPercent[slot])} + ${num(cols.supportHours[slot])} / ${num(hours)} × 100`,
        value: casPercent,
      },
      {
        symbol: 'CAF',
        formula: '1 / (1 − CAS%/100)',
        substitution: `1 / (1 − ${num(casPercent)}/100)`,
        value: caf,
        rule: 'WISN category allowance factor',
      },
      {
        symbol: 'IAF',
        formula: 'Σ ADDITIONAL hoursPerYear × staffCount / AWT',
        substitution: `${num(cols.additionalHours[slot])} / ${num(hours)}`,
        value: iaf,
        rule: 'WISN individual allowance factor',
      },
      {
        symbol: `requiredFte${at}`,
        formula: 'serviceStaff × CAF + IAF',
        substitution: `${num(serviceStaff)} × ${num(caf)} + ${num(iaf)}`,
        value: requiredFte,
      },
      {
        symbol: `required${at}`,
        formula: `round(requiredFte, ${ctx.rounding})`,
        substitution: `round(${num(requiredFte)}, ${ctx.rounding})`,
        value: required,
        rule: `rounding policy ${ctx.rounding}`,
      },
      {
        symbol: `wisnDifference${at}`,
        formula: 'existing − requiredFte',
        substitution: `${num(existing)} − ${num(requiredFte)}`,
        value: existing - requiredFte,
      },
      {
        symbol: `wisnRatio${at}`,
        formula: 'existing / requiredFte',
        substitution: `${num(existing)} / ${num(requiredFte)}`,
        value: wisnRatio,
      },
      {
        symbol: `efficiency${at}`,
        formula: 'requiredFte / existing',
        substitution: `${num(requiredFte)} / ${num(existing)}`,
        value: efficiency,
        rule: 'ABK efisiensi jabatan (EJ), banded by policy',
      },
    );
  }
  return {
    positionCode: cell.positionCode,
    unitCode: cell.unitCode,
    year,
    existing,
    serviceHours,
    serviceStaff,
    casPercent,
    caf,
    iaf,
    requiredFte,
    required,
    wisnDifference: existing - requiredFte,
    wisnRatio,
    efficiency,
    efficiencyBand: efficiencyBand(efficiency, ctx.bands),
  };
}
