import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuditActor } from '@formasi/database';
import { DEFAULT_EFFICIENCY_BANDS } from '@formasi/planning';
import { AuditService } from '../audit/audit.service';
import { FieldError, InputValidationError } from '../common/domain-error';
import { AgencyService } from '../agencies/agency.service';
import { PlanningPolicyModel, WorkingTimeProfileModel } from './planning-policy.model';
import { UpsertPlanningPolicyInput, UpsertWorkingTimeProfileInput, WorkingTimeInput } from './upsert-policy.input';

const PROFILE_COLUMNS = `id, code, name, hours_per_year::float8 AS "hoursPerYear", working_days_per_year::float8 AS "workingDaysPerYear",
  public_holidays::float8 AS "publicHolidays", annual_leave::float8 AS "annualLeave", sick_leave::float8 AS "sickLeave",
  other_leave::float8 AS "otherLeave", hours_per_day::float8 AS "hoursPerDay"`;

/** The shape rules of a working-time profile (DOMAIN.md "Inputs" 4), reported per field under `path`. */
export function workingTimeErrors(input: WorkingTimeInput, path = ''): FieldError[] {
  const at = (field: string): string => (path ? `${path}.${field}` : field);
  const direct = input.hoursPerYear != null;
  const days = input.workingDaysPerYear != null || input.hoursPerDay != null;
  const errors: FieldError[] = [];
  if (direct === days)
    errors.push({ field: at('hoursPerYear'), message: 'give either hoursPerYear, or workingDaysPerYear with hoursPerDay' });
  if (!direct && (input.workingDaysPerYear == null || input.hoursPerDay == null)) {
    errors.push({
      field: at(input.workingDaysPerYear == null ? 'workingDaysPerYear' : 'hoursPerDay'),
      message: 'workingDaysPerYear and hoursPerDay go together',
    });
  }
  if (!direct && input.workingDaysPerYear != null) {
    const off = (input.publicHolidays ?? 0) + (input.annualLeave ?? 0) + (input.sickLeave ?? 0) + (input.otherLeave ?? 0);
    if (off >= input.workingDaysPerYear)
      errors.push({ field: at('workingDaysPerYear'), message: 'holidays and leave leave no working days' });
  }
  return errors;
}

/** A policy table keyed by category and level (retirement ages, annual costs) names each grade once. */
export function gradeTwiceErrors(
  rows: ReadonlyArray<{ category: string; level?: string | null }>,
  path: string,
  what: string,
): FieldError[] {
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  rows.forEach((r, i) => {
    const key = `${r.category}${r.level ? ` ${r.level}` : ''}`;
    if (seen.has(key)) errors.push({ field: `${path}.${i}`, row: i, message: `${what} for ${key} given twice` });
    seen.add(key);
  });
  return errors;
}

@Injectable()
export class PolicyService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly agencies: AgencyService,
    private readonly audit: AuditService,
  ) {}

  async upsertProfile(actor: AuditActor, input: UpsertWorkingTimeProfileInput): Promise<WorkingTimeProfileModel> {
    const errors = workingTimeErrors(input);
    if (errors.length > 0) throw new InputValidationError(errors);
    const entry = { action: 'upsertWorkingTimeProfile', entity: 'workingTimeProfile', entityKey: input.code };
    const [row] = await this.audit.transaction(actor, entry, (tx) =>
      tx.query(
        `INSERT INTO working_time_profile (code, name, hours_per_year, working_days_per_year, public_holidays, annual_leave, sick_leave, other_leave, hours_per_day)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, hours_per_year = EXCLUDED.hours_per_year,
         working_days_per_year = EXCLUDED.working_days_per_year, public_holidays = EXCLUDED.public_holidays,
         annual_leave = EXCLUDED.annual_leave, sick_leave = EXCLUDED.sick_leave, other_leave = EXCLUDED.other_leave,
         hours_per_day = EXCLUDED.hours_per_day
       RETURNING ${PROFILE_COLUMNS}`,
        [
          input.code,
          input.name,
          input.hoursPerYear ?? null,
          input.workingDaysPerYear ?? null,
          input.publicHolidays ?? null,
          input.annualLeave ?? null,
          input.sickLeave ?? null,
          input.otherLeave ?? null,
          input.hoursPerDay ?? null,
        ],
      ),
    );
    return row as WorkingTimeProfileModel;
  }

  async upsertPolicy(actor: AuditActor, input: UpsertPlanningPolicyInput): Promise<PlanningPolicyModel> {
    const agency = input.agencyCode ? await this.agencies.requireAgency(input.agencyCode) : null;
    const [profile] = await this.db.query('SELECT id FROM working_time_profile WHERE code = $1', [input.workingTimeProfileCode]);
    if (!profile)
      throw new InputValidationError([
        { field: 'workingTimeProfileCode', message: `working-time profile ${input.workingTimeProfileCode} does not exist` },
      ]);
    const errors = [
      ...gradeTwiceErrors(input.retirementAges, 'retirementAges', 'retirement age'),
      ...gradeTwiceErrors(input.annualCosts ?? [], 'annualCosts', 'annual cost'),
    ];
    if (errors.length > 0) throw new InputValidationError(errors);
    const retirementAges = input.retirementAges.map((r) => ({ category: r.category, level: r.level ?? null, age: r.age }));
    const annualCosts = (input.annualCosts ?? []).map((c) => ({ category: c.category, level: c.level ?? null, annualCost: c.annualCost }));
    const bands =
      input.efficiencyBands?.map((b) => ({ band: b.band, minimum: b.minimum })) ?? DEFAULT_EFFICIENCY_BANDS.map((b) => ({ ...b }));
    const entry = {
      action: 'upsertPlanningPolicy',
      agencyCode: agency?.code ?? null,
      entity: 'planningPolicy',
      entityKey: agency?.code ?? 'default',
    };
    const [row] = await this.audit.transaction(actor, entry, (tx) =>
      tx.query(
        `INSERT INTO planning_policy (agency_id, working_time_profile_id, rounding, attrition_rate, renew_contracts, retirement_ages, efficiency_bands, annual_costs)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT ON CONSTRAINT uq_planning_policy_agency DO UPDATE SET working_time_profile_id = EXCLUDED.working_time_profile_id,
         rounding = EXCLUDED.rounding, attrition_rate = EXCLUDED.attrition_rate, renew_contracts = EXCLUDED.renew_contracts,
         retirement_ages = EXCLUDED.retirement_ages, efficiency_bands = EXCLUDED.efficiency_bands, annual_costs = EXCLUDED.annual_costs
       RETURNING id`,
        [
          agency?.id ?? null,
          (profile as { id: string }).id,
          input.rounding,
          input.attritionRate,
          input.renewContracts,
          JSON.stringify(retirementAges),
          JSON.stringify(bands),
          JSON.stringify(annualCosts),
        ],
      ),
    );
    return {
      id: (row as { id: string }).id,
      agencyCode: agency?.code ?? null,
      workingTimeProfileCode: input.workingTimeProfileCode,
      rounding: input.rounding,
      attritionRate: input.attritionRate,
      renewContracts: input.renewContracts,
      retirementAges,
      efficiencyBands: bands,
      annualCosts,
    };
  }
}
