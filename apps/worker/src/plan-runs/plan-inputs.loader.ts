import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  Activity,
  activityFromRecord,
  AnnualCostRule,
  applyOverrides,
  CellInput,
  EfficiencyBand,
  EmployeeInput,
  ownStandardKey,
  PlanningError,
  PlanningErrorCode,
  PlanningProblem,
  PlanOverrides,
  RetirementAgeRule,
  RoundingRule,
  scenarioForAgency,
  ScenarioOverrides,
  TargetValue,
  WorkingTimeProfile,
} from '@formasi/planning';
import { ClaimedPlanRun, copyBinaryOut, rosterEmployees, uuidArrayLiteral } from '@formasi/database';

interface PolicyRow {
  agencyId: string | null;
  rounding: RoundingRule;
  attritionRate: number;
  renewContracts: boolean;
  retirementAges: RetirementAgeRule[];
  efficiencyBands: EfficiencyBand[];
  annualCosts: AnnualCostRule[];
  hoursPerYear: number | null;
  workingDaysPerYear: number | null;
  publicHolidays: number | null;
  annualLeave: number | null;
  sickLeave: number | null;
  otherLeave: number | null;
  hoursPerDay: number | null;
}

export interface ActivityRow {
  positionCode: string;
  agencyId: string | null;
  unitCode: string | null;
  kind: Activity['kind'] | null;
  name: string | null;
  annualVolume: number | null;
  driverIndicator: string | null;
  driverFactor: number | null;
  driverBase: number | null;
  minutesPerUnit: number | null;
  unitsPerHour: number | null;
  percentOfWorkingTime: number | null;
  hoursPerYear: number | null;
  staffCount: number | null;
  /** The activity's place in its standard (null: a standard without activities). */
  ordinal?: number | null;
}

const byCode = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** A cell's activities sorted by their ordinals (`ordinals[i]` is activity i's). */
function inOrdinalOrder(cell: CellInput, ordinals: number[]): void {
  const order = ordinals.map((_, i) => i).sort((a, b) => ordinals[a]! - ordinals[b]!);
  const activities = order.map((i) => cell.activities[i]!);
  cell.activities.splice(0, activities.length, ...activities);
}

const defined = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined)) as T;

function toWorkingTime(p: PolicyRow): WorkingTimeProfile {
  if (p.hoursPerYear !== null) return { hoursPerYear: p.hoursPerYear };
  return defined({
    workingDaysPerYear: p.workingDaysPerYear ?? 0,
    publicHolidays: p.publicHolidays ?? undefined,
    annualLeave: p.annualLeave ?? undefined,
    sickLeave: p.sickLeave ?? undefined,
    otherLeave: p.otherLeave ?? undefined,
    hoursPerDay: p.hoursPerDay ?? 0,
  });
}

/** One agency's problem plus what the result rows need beside the engine's numbers. */
export interface AgencyPlanInput {
  agencyId: string;
  agencyCode: string;
  /** The problem the engine computes: the baseline inputs with `overrides` applied. */
  problem: PlanningProblem;
  /** The roster version whose rows are the problem's employees (null: the agency has none yet). */
  rosterId: string | null;
  /** What the run's scenario and the run itself changed in this agency's baseline. */
  overrides: PlanOverrides;
  /** position code → category/level, copied onto result rows for filtering. */
  positions: Record<string, { category: string; level: string | null }>;
}

/** Reference data every agency of a run shares, loaded once per run. */
export interface SharedPlanInputs {
  /** With the region code its roll-ups are summed into a province by. */
  agencies: Array<{ id: string; code: string; regionCode: string | null }>;
  policies: PolicyRow[];
  positionStandards: Map<string, Activity[]>;
  positions: Record<string, { category: string; level: string | null }>;
  overrides: RetirementAgeRule[];
  /** The run's scenario, read in the same snapshot as the baseline. */
  scenario: { name: string; overrides: ScenarioOverrides } | null;
}

type Queryable = Pick<EntityManager, 'query'>;

function groupBy<T>(rows: T[], keyOf: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const k = keyOf(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

const ACTIVITY_COLUMNS = `pos.code AS "positionCode", u.agency_id AS "agencyId", u.code AS "unitCode", a.kind, a.name,
  a.annual_volume::float8 AS "annualVolume", a.driver_indicator AS "driverIndicator", a.driver_factor::float8 AS "driverFactor",
  a.driver_base::float8 AS "driverBase", a.minutes_per_unit::float8 AS "minutesPerUnit", a.units_per_hour::float8 AS "unitsPerHour",
  a.percent_of_working_time::float8 AS "percentOfWorkingTime", a.hours_per_year::float8 AS "hoursPerYear", a.staff_count::float8 AS "staffCount"`;

/**
 * The cells of a batch's unit standards from their activity rows, whatever order the rows came
 * in: each standard's activities in their ordinal order, the cells by unit and position. The read
 * leaves both to the join (sorting 41,000 rows a batch cost PostgreSQL 40 ms); rows of a cell
 * arrive together and in order in practice, so the sorts here rarely have anything to do.
 * `ownStandards` are the cells whose activities come from their unit's own standard: a
 * position-wide override stays off them.
 */
export function unitStandardCells(activities: ActivityRow[]): { cells: CellInput[]; ownStandards: Set<string> } {
  const cells: CellInput[] = [];
  const byKey = new Map<string, CellInput>();
  const ownStandards = new Set<string>();
  const ordinalsOf = new Map<CellInput, number[]>();
  let cell: CellInput | undefined;
  let ordinals: number[] = [];
  for (const r of activities) {
    // keys are built once per cell, not per activity row
    if (cell === undefined || r.positionCode !== cell.positionCode || r.unitCode !== cell.unitCode) {
      const key = `${r.positionCode}|${r.unitCode}`;
      cell = byKey.get(key);
      if (cell) ordinals = ordinalsOf.get(cell)!;
      else {
        ownStandards.add(ownStandardKey(r.positionCode, r.unitCode));
        byKey.set(key, (cell = { positionCode: r.positionCode, unitCode: r.unitCode, activities: [] }));
        ordinalsOf.set(cell, (ordinals = []));
        cells.push(cell);
      }
    }
    if (r.kind) {
      cell.activities.push(activityFromRecord(r));
      ordinals.push(r.ordinal!);
    }
  }
  for (const [c, o] of ordinalsOf) if (o.some((n, i) => i > 0 && n < o[i - 1]!)) inOrdinalOrder(c, o);
  cells.sort((a, b) => byCode(a.unitCode ?? '', b.unitCode ?? '') || byCode(a.positionCode, b.positionCode));
  return { cells, ownStandards };
}

/**
 * The unit standards' activities of a batch's agencies (one row with a null kind for a standard
 * without any), through a binary COPY: a national batch reads over a million of them, and pg's
 * row objects cost more than the planning they feed.
 */
async function readActivities(db: Queryable, agencyIds: string[]): Promise<ActivityRow[]> {
  const rows: ActivityRow[] = [];
  await copyBinaryOut(
    db,
    `SELECT pos.code, u.agency_id, u.code, a.kind, a.name, a.annual_volume::float8, a.driver_indicator, a.driver_factor::float8,
            a.driver_base::float8, a.minutes_per_unit::float8, a.units_per_hour::float8, a.percent_of_working_time::float8,
            a.hours_per_year::float8, a.staff_count::float8, a.ordinal
       FROM workload_standard s JOIN position pos ON pos.id = s.position_id
       JOIN org_unit u ON u.id = s.unit_id LEFT JOIN workload_activity a ON a.standard_id = s.id
      WHERE u.agency_id = ANY(${uuidArrayLiteral(agencyIds)})`,
    (r) => {
      rows.push({
        positionCode: r.code()!,
        agencyId: r.uuid(),
        unitCode: r.code(),
        kind: r.code() as ActivityRow['kind'],
        name: r.code(),
        annualVolume: r.float8(),
        driverIndicator: r.code(),
        driverFactor: r.float8(),
        driverBase: r.float8(),
        minutesPerUnit: r.float8(),
        unitsPerHour: r.float8(),
        percentOfWorkingTime: r.float8(),
        hoursPerYear: r.float8(),
        staffCount: r.float8(),
        ordinal: r.int2(),
      });
    },
  );
  return rows;
}

/**
 * Loads a run's inputs with set-based SQL: the shared reference data once, then one query per
 * table for each batch of agencies (never a query per agency, cell or employee).
 */
@Injectable()
export class PlanInputsLoader {
  async loadShared(db: Queryable, run: ClaimedPlanRun): Promise<SharedPlanInputs> {
    const agencies: SharedPlanInputs['agencies'] = await db.query(
      'SELECT id, code, region_code AS "regionCode" FROM agency WHERE ($1::uuid IS NULL OR id = $1) ORDER BY code',
      [run.agencyId],
    );
    const policies: PolicyRow[] = await db.query(
      `SELECT p.agency_id AS "agencyId", p.rounding, p.attrition_rate::float8 AS "attritionRate", p.renew_contracts AS "renewContracts",
              p.retirement_ages AS "retirementAges", p.efficiency_bands AS "efficiencyBands", p.annual_costs AS "annualCosts", w.hours_per_year::float8 AS "hoursPerYear",
              w.working_days_per_year::float8 AS "workingDaysPerYear", w.public_holidays::float8 AS "publicHolidays",
              w.annual_leave::float8 AS "annualLeave", w.sick_leave::float8 AS "sickLeave", w.other_leave::float8 AS "otherLeave",
              w.hours_per_day::float8 AS "hoursPerDay"
         FROM planning_policy p JOIN working_time_profile w ON w.id = p.working_time_profile_id
        WHERE p.agency_id IS NULL OR p.agency_id = ANY($1::uuid[])`,
      [agencies.map((a) => a.id)],
    );
    const wide: ActivityRow[] = await db.query(
      `SELECT ${ACTIVITY_COLUMNS} FROM workload_standard s JOIN position pos ON pos.id = s.position_id
         LEFT JOIN org_unit u ON u.id = s.unit_id JOIN workload_activity a ON a.standard_id = s.id
        WHERE s.unit_id IS NULL ORDER BY pos.code, a.ordinal`,
    );
    const positionRows: Array<{
      code: string;
      category: RetirementAgeRule['category'];
      level: RetirementAgeRule['level'];
      retirementAgeOverride: number | null;
    }> = await db.query('SELECT code, category, level, retirement_age_override AS "retirementAgeOverride" FROM position');
    const [scenario] = run.scenarioId
      ? ((await db.query('SELECT name, overrides FROM scenario WHERE id = $1', [run.scenarioId])) as Array<{
          name: string;
          overrides: ScenarioOverrides;
        }>)
      : [];
    const positionStandards = new Map<string, Activity[]>();
    for (const r of wide) {
      const list = positionStandards.get(r.positionCode) ?? [];
      list.push(activityFromRecord(r));
      positionStandards.set(r.positionCode, list);
    }
    return {
      agencies,
      policies,
      positionStandards,
      positions: Object.fromEntries(
        positionRows.map((p) => [p.code, { category: p.category as string, level: (p.level ?? null) as string | null }]),
      ),
      // a position's own law may set its retirement age (teachers, lecturers …)
      overrides: positionRows
        .filter((p) => p.retirementAgeOverride !== null)
        .map((p) => ({ category: p.category, level: p.level ?? null, positionCode: p.code, age: p.retirementAgeOverride! })),
      scenario: scenario ?? null,
    };
  }

  /**
   * The problems of a batch of agencies: one query per table for the whole batch (activities,
   * targets, current roster versions, their employees), grouped in memory, so a national run asks
   * PostgreSQL a few dozen questions instead of several per agency.
   */
  async loadBatch(
    db: Queryable,
    run: ClaimedPlanRun,
    shared: SharedPlanInputs,
    agencies: Array<{ id: string; code: string }>,
  ): Promise<AgencyPlanInput[]> {
    const ids = agencies.map((a) => a.id);
    const activities = await readActivities(db, ids);
    const targets: Array<TargetValue & { agencyId: string }> = await db.query(
      `SELECT t.agency_id AS "agencyId", u.code AS "unitCode", t.indicator, t.year, t.value::float8 AS value, t.source, t.priority::float8 AS priority
         FROM development_target t LEFT JOIN org_unit u ON u.id = t.unit_id
        WHERE t.agency_id = ANY($1::uuid[]) ORDER BY t.agency_id, t.indicator, t.year, u.code NULLS FIRST`,
      [ids],
    );
    const rosters: Array<{ agencyId: string; id: string }> = await db.query(
      `SELECT agency_id AS "agencyId", id FROM staffing_submission WHERE agency_id = ANY($1::uuid[]) AND status = 'COMMITTED'`,
      [ids],
    );
    const rosterOf = new Map(rosters.map((r) => [r.agencyId, r.id]));
    // the plan does not depend on the employees' order (an explanation lists them by NIP)
    const staff = await rosterEmployees(
      db,
      rosters.map((r) => r.id),
      'stored',
    );
    const activitiesOf = groupBy(activities, (r) => r.agencyId!);
    const targetsOf = groupBy(targets, (t) => t.agencyId);
    return agencies.map((agency) => {
      const rosterId = rosterOf.get(agency.id) ?? null;
      return this.agencyInput(run, shared, agency, {
        activities: activitiesOf.get(agency.id) ?? [],
        targets: (targetsOf.get(agency.id) ?? []).map(({ agencyId: _agencyId, ...t }) => t),
        rosterId,
        staff: rosterId ? staff.get(rosterId)! : [],
      });
    });
  }

  private agencyInput(
    run: ClaimedPlanRun,
    shared: SharedPlanInputs,
    agency: { id: string; code: string },
    read: { activities: ActivityRow[]; targets: TargetValue[]; rosterId: string | null; staff: EmployeeInput[] },
  ): AgencyPlanInput {
    const policy = shared.policies.find((p) => p.agencyId === agency.id) ?? shared.policies.find((p) => p.agencyId === null);
    if (!policy) {
      throw new PlanningError(PlanningErrorCode.INVALID_PLAN, `agency ${agency.code} has no planning policy and no default policy is set`, {
        agencyCode: agency.code,
      });
    }
    const { activities, targets, staff } = read;
    const { cells: own, ownStandards } = unitStandardCells(activities);
    // the units where each position already has a cell, so the staff loop (millions of rows
    // nationally) looks up two maps instead of building a key string per employee
    const unitsOf = new Map<string, Set<string | null>>();
    for (const c of own) {
      const units = unitsOf.get(c.positionCode);
      if (units) units.add(c.unitCode ?? null);
      else unitsOf.set(c.positionCode, new Set([c.unitCode ?? null]));
    }
    // A position-wide standard applies in every unit where the position is held; staff
    // without any standard still form a cell, so their exits are planned.
    const held: CellInput[] = [];
    for (const e of staff) {
      const unitCode = e.unitCode ?? null;
      let units = unitsOf.get(e.positionCode);
      if (units?.has(unitCode)) continue;
      if (!units) unitsOf.set(e.positionCode, (units = new Set()));
      units.add(unitCode);
      held.push({ positionCode: e.positionCode, unitCode, activities: shared.positionStandards.get(e.positionCode) ?? [] });
    }
    // in code order, not in the order the roster's rows came
    held.sort((a, b) => byCode(a.positionCode, b.positionCode) || byCode(a.unitCode ?? '', b.unitCode ?? ''));
    const baseline: PlanningProblem = {
      workingTime: toWorkingTime(policy),
      rounding: policy.rounding,
      efficiencyBands: policy.efficiencyBands,
      annualCosts: policy.annualCosts.map((c) => defined(c)),
      targets: targets.map((t) => defined(t)),
      cells: [...own, ...held],
      plan: {
        asOf: run.asOf,
        years: run.years,
        attritionRate: policy.attritionRate,
        renewContracts: policy.renewContracts,
        retirementAges: [...policy.retirementAges.map((r) => defined(r)), ...shared.overrides],
        employees: staff,
      },
    };
    // the one place a run's inputs depart from the baseline: the scenario's overrides for this
    // agency, then the run's own policy values (the most specific), laid over it as data
    const overrides: PlanOverrides = { ...this.scenarioOverrides(shared, agency.code), ...run.policy };
    const problem = applyOverrides(baseline, overrides, ownStandards);
    return { agencyId: agency.id, agencyCode: agency.code, rosterId: read.rosterId, problem, overrides, positions: shared.positions };
  }

  /** The scenario's overrides of one agency; its target values name the scenario as their source in explanations. */
  private scenarioOverrides(shared: SharedPlanInputs, agencyCode: string): PlanOverrides {
    if (!shared.scenario) return {};
    const overrides = scenarioForAgency(shared.scenario.overrides, agencyCode);
    const source = `scenario ${shared.scenario.name}`;
    if (overrides.targets) overrides.targets = overrides.targets.map((t) => ({ ...t, source: t.source ?? source }));
    return overrides;
  }
}
