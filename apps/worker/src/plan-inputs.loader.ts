import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  Activity, CellInput, EfficiencyBand, EmployeeInput, PlanningError, PlanningErrorCode, PlanningProblem, RetirementAgeRule,
  RoundingRule, TargetValue, WorkingTimeProfile,
} from '@formasi/planning';
import { PlanRunInputs, PlanRunPolicyOverrides } from '@formasi/database';

export interface PlanRunRow {
  id: string;
  agencyId: string | null;
  asOf: string;
  years: number[];
  policy: PlanRunPolicyOverrides;
}

interface PolicyRow {
  agencyId: string | null;
  rounding: RoundingRule;
  attritionRate: number;
  renewContracts: boolean;
  retirementAges: RetirementAgeRule[];
  efficiencyBands: EfficiencyBand[];
  hoursPerYear: number | null;
  workingDaysPerYear: number | null;
  publicHolidays: number | null;
  annualLeave: number | null;
  sickLeave: number | null;
  otherLeave: number | null;
  hoursPerDay: number | null;
}

interface ActivityRow {
  standardId: string;
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
}

type EmployeeRow = EmployeeInput & { agencyId: string };

const defined = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined)) as T;

function toActivity(r: ActivityRow): Activity {
  switch (r.kind) {
    case 'SERVICE':
      return defined({
        kind: 'SERVICE' as const,
        name: r.name ?? '',
        annualVolume: r.annualVolume,
        driver: r.driverIndicator ? defined({ indicator: r.driverIndicator, factor: r.driverFactor ?? 0, base: r.driverBase }) : null,
        minutesPerUnit: r.minutesPerUnit,
        unitsPerHour: r.unitsPerHour,
      }) as Activity;
    case 'SUPPORT':
      return defined({ kind: 'SUPPORT' as const, name: r.name ?? '', percentOfWorkingTime: r.percentOfWorkingTime, hoursPerYear: r.hoursPerYear }) as Activity;
    default:
      return defined({ kind: 'ADDITIONAL' as const, name: r.name ?? '', hoursPerYear: r.hoursPerYear ?? 0, staffCount: r.staffCount }) as Activity;
  }
}

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

/**
 * Loads everything a run needs with one set-based query per table (never a query per cell)
 * and builds one PlanningProblem per agency.
 */
@Injectable()
export class PlanInputsLoader {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async load(run: PlanRunRow): Promise<PlanRunInputs> {
    const agencies: Array<{ id: string; code: string }> = await this.db.query(
      'SELECT id, code FROM agency WHERE ($1::uuid IS NULL OR id = $1) ORDER BY code',
      [run.agencyId],
    );
    const ids = agencies.map((a) => a.id);
    const [policies, activities, targets, employees, positions] = await Promise.all([
      this.db.query(
        `SELECT p.agency_id AS "agencyId", p.rounding, p.attrition_rate::float8 AS "attritionRate", p.renew_contracts AS "renewContracts",
                p.retirement_ages AS "retirementAges", p.efficiency_bands AS "efficiencyBands", w.hours_per_year::float8 AS "hoursPerYear",
                w.working_days_per_year::float8 AS "workingDaysPerYear", w.public_holidays::float8 AS "publicHolidays",
                w.annual_leave::float8 AS "annualLeave", w.sick_leave::float8 AS "sickLeave", w.other_leave::float8 AS "otherLeave",
                w.hours_per_day::float8 AS "hoursPerDay"
           FROM planning_policy p JOIN working_time_profile w ON w.id = p.working_time_profile_id
          WHERE p.agency_id IS NULL OR p.agency_id = ANY($1::uuid[])`,
        [ids],
      ) as Promise<PolicyRow[]>,
      this.db.query(
        `SELECT s.id AS "standardId", pos.code AS "positionCode", u.agency_id AS "agencyId", u.code AS "unitCode", a.kind, a.name,
                a.annual_volume::float8 AS "annualVolume", a.driver_indicator AS "driverIndicator", a.driver_factor::float8 AS "driverFactor",
                a.driver_base::float8 AS "driverBase", a.minutes_per_unit::float8 AS "minutesPerUnit", a.units_per_hour::float8 AS "unitsPerHour",
                a.percent_of_working_time::float8 AS "percentOfWorkingTime", a.hours_per_year::float8 AS "hoursPerYear",
                a.staff_count::float8 AS "staffCount"
           FROM workload_standard s
           JOIN position pos ON pos.id = s.position_id
           LEFT JOIN org_unit u ON u.id = s.unit_id
           LEFT JOIN workload_activity a ON a.standard_id = s.id
          WHERE s.unit_id IS NULL OR u.agency_id = ANY($1::uuid[])
          ORDER BY pos.code, u.code NULLS FIRST, a.ordinal`,
        [ids],
      ) as Promise<ActivityRow[]>,
      this.db.query(
        `SELECT t.agency_id AS "agencyId", u.code AS "unitCode", t.indicator, t.year, t.value::float8 AS value, t.source
           FROM development_target t LEFT JOIN org_unit u ON u.id = t.unit_id
          WHERE t.agency_id = ANY($1::uuid[]) ORDER BY t.indicator, t.year, u.code NULLS FIRST`,
        [ids],
      ) as Promise<Array<TargetValue & { agencyId: string }>>,
      this.db.query(
        `SELECT e.agency_id AS "agencyId", e.nip, to_char(e.birth_date, 'YYYY-MM-DD') AS "birthDate", pos.code AS "positionCode",
                u.code AS "unitCode", e.category, e.level, e.employment_type AS "employmentType",
                to_char(e.contract_end, 'YYYY-MM-DD') AS "contractEnd"
           FROM employee e JOIN position pos ON pos.id = e.position_id LEFT JOIN org_unit u ON u.id = e.unit_id
          WHERE e.active AND e.agency_id = ANY($1::uuid[]) ORDER BY e.nip`,
        [ids],
      ) as Promise<EmployeeRow[]>,
      this.db.query('SELECT code, category, level, retirement_age_override AS "retirementAgeOverride" FROM position') as Promise<
        Array<{ code: string; category: RetirementAgeRule['category']; level: RetirementAgeRule['level']; retirementAgeOverride: number | null }>
      >,
    ]);

    // standards: unit-specific ones keyed by agency/unit/position, position-wide ones by position
    const unitStandards = new Map<string, { positionCode: string; unitCode: string; agencyId: string; activities: Activity[] }>();
    const positionStandards = new Map<string, Activity[]>();
    for (const r of activities) {
      const list = r.unitCode && r.agencyId
        ? (unitStandards.get(`${r.agencyId}|${r.unitCode}|${r.positionCode}`) ??
          unitStandards.set(`${r.agencyId}|${r.unitCode}|${r.positionCode}`, { positionCode: r.positionCode, unitCode: r.unitCode, agencyId: r.agencyId, activities: [] })
            .get(`${r.agencyId}|${r.unitCode}|${r.positionCode}`)!).activities
        : (positionStandards.get(r.positionCode) ?? positionStandards.set(r.positionCode, []).get(r.positionCode)!);
      if (r.kind) list.push(toActivity(r));
    }

    const positionInfo = Object.fromEntries(positions.map((p) => [p.code, { category: p.category as string, level: (p.level ?? null) as string | null }]));
    const overrides: RetirementAgeRule[] = positions
      .filter((p) => p.retirementAgeOverride !== null)
      .map((p) => ({ category: p.category, level: p.level ?? null, positionCode: p.code, age: p.retirementAgeOverride! }));
    const defaultPolicy = policies.find((p) => p.agencyId === null);

    return {
      agencies: agencies.map((agency) => {
        const policy = policies.find((p) => p.agencyId === agency.id) ?? defaultPolicy;
        if (!policy) {
          throw new PlanningError(PlanningErrorCode.INVALID_PLAN, `agency ${agency.code} has no planning policy and no default policy is set`, { agencyCode: agency.code });
        }
        const staff = employees.filter((e) => e.agencyId === agency.id);
        const cells = new Map<string, CellInput>();
        for (const s of unitStandards.values()) {
          if (s.agencyId === agency.id) cells.set(`${s.positionCode}|${s.unitCode}`, { positionCode: s.positionCode, unitCode: s.unitCode, activities: s.activities });
        }
        for (const e of staff) {
          const key = `${e.positionCode}|${e.unitCode ?? ''}`;
          if (cells.has(key)) continue;
          // A position-wide standard applies in every unit where the position is held; staff
          // without any standard still form a cell, so their exits are planned.
          cells.set(key, { positionCode: e.positionCode, unitCode: e.unitCode ?? null, activities: positionStandards.get(e.positionCode) ?? [] });
        }
        const problem: PlanningProblem = {
          workingTime: toWorkingTime(policy),
          rounding: run.policy.rounding ?? policy.rounding,
          efficiencyBands: policy.efficiencyBands,
          targets: targets.filter((t) => t.agencyId === agency.id).map(({ agencyId: _a, ...t }) => defined(t)),
          cells: [...cells.values()],
          plan: {
            asOf: run.asOf,
            years: run.years,
            attritionRate: run.policy.attritionRate ?? policy.attritionRate,
            renewContracts: run.policy.renewContracts ?? policy.renewContracts,
            retirementAges: [...policy.retirementAges.map((r) => defined(r)), ...overrides],
            employees: staff.map(({ agencyId: _a, ...e }) => defined(e)),
          },
        };
        return { agencyId: agency.id, agencyCode: agency.code, problem, positions: positionInfo };
      }),
    };
  }
}
