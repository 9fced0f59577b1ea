import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { isUUID } from 'class-validator';
import { DataSource, QueryFailedError } from 'typeorm';
import { activityFromRecord } from '@formasi/planning';
import type { Activity, ScenarioOverrides, WorkingTimeProfile } from '@formasi/planning';
import type { AuditActor } from '@formasi/database';
import { AgencyService } from '../agencies/agency.service';
import { AuditService } from '../audit/audit.service';
import { DomainError, DomainErrorCode, FieldError, InputValidationError, NotFoundError } from '../common/domain-error';
import { activityErrors } from '../positions/position.service';
import { ActivityModel } from '../positions/position.model';
import { gradeTwiceErrors, workingTimeErrors } from '../policies/policy.service';
import { CreateScenarioInput, ScenarioOverridesInput, UpdateScenarioInput } from './scenario.input';
import { ScenarioModel, ScenarioOverridesModel } from './scenario.model';

interface ScenarioRow {
  id: string;
  agencyId: string | null;
  agencyCode: string | null;
  name: string;
  description: string | null;
  overrides: ScenarioOverrides;
  createdAt: Date;
  updatedAt: Date;
}

const SCENARIO_COLUMNS = `s.id, s.agency_id AS "agencyId", a.code AS "agencyCode", s.name, s.description, s.overrides,
  s.created_at AS "createdAt", s.updated_at AS "updatedAt"`;

const has = <T>(v: T | null | undefined): v is T => v !== null && v !== undefined;

function toActivityModel(a: Activity): ActivityModel {
  const service = a.kind === 'SERVICE' ? a : null;
  return {
    kind: a.kind,
    name: a.name,
    annualVolume: service?.annualVolume ?? null,
    driverIndicator: service?.driver?.indicator ?? null,
    driverFactor: service?.driver?.factor ?? null,
    driverBase: service?.driver?.base ?? null,
    minutesPerUnit: service?.minutesPerUnit ?? null,
    unitsPerHour: service?.unitsPerHour ?? null,
    percentOfWorkingTime: a.kind === 'SUPPORT' ? (a.percentOfWorkingTime ?? null) : null,
    hoursPerYear: a.kind === 'SERVICE' ? null : (a.hoursPerYear ?? null),
    staffCount: a.kind === 'ADDITIONAL' ? (a.staffCount ?? null) : null,
  };
}

function toModel(r: ScenarioRow): ScenarioModel {
  const o = r.overrides;
  const wt = o.workingTime as Partial<Record<string, number>> | undefined;
  const overrides: ScenarioOverridesModel = {
    targets: (o.targets ?? []).map((t) => ({
      agencyCode: t.agencyCode,
      unitCode: t.unitCode ?? null,
      indicator: t.indicator,
      year: t.year,
      value: t.value,
      priority: t.priority ?? null,
    })),
    workloadStandards: (o.standards ?? []).map((s) => ({
      agencyCode: s.agencyCode ?? null,
      positionCode: s.positionCode,
      unitCode: s.unitCode ?? null,
      activities: s.activities.map(toActivityModel),
    })),
    workingTime: wt
      ? {
          hoursPerYear: wt.hoursPerYear ?? null,
          workingDaysPerYear: wt.workingDaysPerYear ?? null,
          publicHolidays: wt.publicHolidays ?? null,
          annualLeave: wt.annualLeave ?? null,
          sickLeave: wt.sickLeave ?? null,
          otherLeave: wt.otherLeave ?? null,
          hoursPerDay: wt.hoursPerDay ?? null,
        }
      : null,
    retirementAges: o.retirementAges ?? null,
    attritionRate: o.attritionRate ?? null,
    renewContracts: o.renewContracts ?? null,
  };
  return {
    id: r.id,
    agencyCode: r.agencyCode,
    name: r.name,
    description: r.description,
    overrides,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

/**
 * Scenarios are stored as one validated jsonb document each, so a create or an update is one
 * statement: valid as a whole or not written at all. Codes are checked against the reference
 * tables with one query per table.
 */
@Injectable()
export class ScenarioService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly agencies: AgencyService,
  ) {}

  async create(actor: AuditActor, input: CreateScenarioInput): Promise<ScenarioModel> {
    const agency = input.agencyCode ? await this.agencies.requireAgency(input.agencyCode) : null;
    const overrides = await this.normalise(input.overrides, agency?.code ?? null);
    const id = await this.unique(input.name, () =>
      this.audit.transaction(
        actor,
        { action: 'createScenario', agencyCode: agency?.code ?? null, entity: 'scenario', entityKey: input.name },
        (tx) =>
          tx.query('INSERT INTO scenario (agency_id, name, description, overrides) VALUES ($1, $2, $3, $4) RETURNING id', [
            agency?.id ?? null,
            input.name,
            input.description ?? null,
            JSON.stringify(overrides),
          ]),
      ),
    );
    return this.get(id);
  }

  async update(actor: AuditActor, input: UpdateScenarioInput): Promise<ScenarioModel> {
    const current = await this.find(input.id);
    if (!current) throw new NotFoundError('scenario', input.id);
    const overrides = input.overrides ? await this.normalise(input.overrides, current.agencyCode) : null;
    const entry = { action: 'updateScenario', agencyCode: current.agencyCode, entity: 'scenario', entityKey: input.id };
    await this.unique(input.name ?? current.name, () =>
      this.audit.transaction(actor, entry, (tx) =>
        tx.query(
          `UPDATE scenario SET name = coalesce($2, name), description = CASE WHEN $3::boolean THEN $4 ELSE description END,
                overrides = coalesce($5::jsonb, overrides), updated_at = now()
          WHERE id = $1 RETURNING id`,
          [
            input.id,
            input.name ?? null,
            input.description !== undefined,
            input.description ?? null,
            overrides ? JSON.stringify(overrides) : null,
          ],
        ),
      ),
    );
    return this.get(input.id);
  }

  async get(id: string): Promise<ScenarioModel> {
    const row = await this.find(id);
    if (!row) throw new NotFoundError('scenario', id);
    return toModel(row);
  }

  /** Scenarios of one agency (with the national ones when `includeNational`), or every scenario. */
  async list(agencyCode: string | null, includeNational: boolean): Promise<ScenarioModel[]> {
    const rows: ScenarioRow[] = await this.db.query(
      `SELECT ${SCENARIO_COLUMNS} FROM scenario s LEFT JOIN agency a ON a.id = s.agency_id
        WHERE $1::text IS NULL OR a.code = $1 OR ($2 AND s.agency_id IS NULL)
        ORDER BY a.code NULLS FIRST, s.name`,
      [agencyCode, includeNational],
    );
    return rows.map(toModel);
  }

  private async find(id: string): Promise<ScenarioRow | null> {
    if (!isUUID(id)) return null;
    const [row] = (await this.db.query(
      `SELECT ${SCENARIO_COLUMNS} FROM scenario s LEFT JOIN agency a ON a.id = s.agency_id WHERE s.id = $1`,
      [id],
    )) as ScenarioRow[];
    return row ?? null;
  }

  /** Runs the write; a second scenario of the same name in the same scope is a CONFLICT on `name`. */
  private async unique(name: string, write: () => Promise<unknown>): Promise<string> {
    try {
      const result = (await write()) as Array<{ id: string }> | [Array<{ id: string }>, number];
      const rows = Array.isArray(result[0]) ? (result[0] as Array<{ id: string }>) : (result as Array<{ id: string }>);
      return rows[0]!.id;
    } catch (e) {
      if (e instanceof QueryFailedError && (e.driverError as { constraint?: string }).constraint === 'uq_scenario_agency_name') {
        throw new DomainError(DomainErrorCode.CONFLICT, `a scenario named ${JSON.stringify(name)} already exists in this scope`, [
          { field: 'name', message: 'name is taken' },
        ]);
      }
      throw e;
    }
  }

  /**
   * Checks every override against the reference data and the shape rules, all errors at once,
   * and returns the document to store: each target and unit standard names its agency.
   */
  private async normalise(input: ScenarioOverridesInput, scenarioAgency: string | null): Promise<ScenarioOverrides> {
    const errors: FieldError[] = [];
    const targets = input.targets ?? [];
    const standards = input.workloadStandards ?? [];
    // an agency scenario changes that agency only; a national one names the agency of each row
    const agencyOf = (given: string | null | undefined, field: string, row: number, required: boolean): string | null => {
      if (scenarioAgency) {
        if (given && given !== scenarioAgency)
          errors.push({ field, row, message: `agency ${given} is not the scenario's agency ${scenarioAgency}` });
        return scenarioAgency;
      }
      if (!given && required) errors.push({ field, row, message: 'agencyCode is required in a national scenario' });
      return given ?? null;
    };
    const targetAgencies = targets.map((t, i) => agencyOf(t.agencyCode, `overrides.targets.${i}.agencyCode`, i, true));
    const standardAgencies = standards.map((s, i) =>
      agencyOf(s.agencyCode, `overrides.workloadStandards.${i}.agencyCode`, i, has(s.unitCode)),
    );

    const agencyCodes = [...new Set([...targetAgencies, ...standardAgencies].filter(has))];
    const units: Array<{ agencyCode: string; unitCode: string }> = await this.db.query(
      `SELECT a.code AS "agencyCode", u.code AS "unitCode" FROM agency a LEFT JOIN org_unit u ON u.agency_id = a.id WHERE a.code = ANY($1::text[])`,
      [agencyCodes],
    );
    const knownAgencies = new Set(units.map((u) => u.agencyCode));
    const knownUnits = new Set(units.map((u) => `${u.agencyCode}|${u.unitCode}`));
    const positions: Array<{ code: string }> = await this.db.query('SELECT code FROM position WHERE code = ANY($1::text[])', [
      [...new Set(standards.map((s) => s.positionCode))],
    ]);
    const knownPositions = new Set(positions.map((p) => p.code));

    const checkPlace = (agency: string | null, unit: string | null | undefined, path: string, row: number): void => {
      if (!agency) return;
      if (!knownAgencies.has(agency)) errors.push({ field: `${path}.agencyCode`, row, message: `agency ${agency} does not exist` });
      else if (unit && !knownUnits.has(`${agency}|${unit}`))
        errors.push({ field: `${path}.unitCode`, row, message: `unit ${unit} does not exist in agency ${agency}` });
    };
    const seen = new Set<string>();
    const once = (key: string, path: string, row: number, what: string): void => {
      if (seen.has(key)) errors.push({ field: path, row, message: `${what} appears twice` });
      seen.add(key);
    };
    targets.forEach((t, i) => {
      const path = `overrides.targets.${i}`;
      checkPlace(targetAgencies[i]!, t.unitCode, path, i);
      once(
        `t|${targetAgencies[i]}|${t.unitCode ?? ''}|${t.indicator}|${t.year}`,
        path,
        i,
        `target ${t.indicator} ${t.year}${t.unitCode ? ` of unit ${t.unitCode}` : ''}`,
      );
    });
    standards.forEach((s, i) => {
      const path = `overrides.workloadStandards.${i}`;
      if (!knownPositions.has(s.positionCode))
        errors.push({ field: `${path}.positionCode`, row: i, message: `position ${s.positionCode} does not exist` });
      checkPlace(standardAgencies[i]!, s.unitCode, path, i);
      once(
        `s|${standardAgencies[i] ?? ''}|${s.unitCode ?? ''}|${s.positionCode}`,
        path,
        i,
        `standard of ${s.positionCode}${s.unitCode ? ` in unit ${s.unitCode}` : ''}`,
      );
      errors.push(...s.activities.flatMap((a, j) => activityErrors(a, `${path}.activities.${j}`).map((e) => ({ ...e, row: i }))));
    });
    if (input.workingTime) errors.push(...workingTimeErrors(input.workingTime, 'overrides.workingTime'));
    errors.push(...gradeTwiceErrors(input.retirementAges ?? [], 'overrides.retirementAges', 'retirement age'));
    if (errors.length > 0) throw new InputValidationError(errors);

    const out: ScenarioOverrides = {};
    if (targets.length > 0) {
      out.targets = targets.map((t, i) => ({
        agencyCode: targetAgencies[i]!,
        indicator: t.indicator,
        year: t.year,
        value: t.value,
        ...(t.unitCode ? { unitCode: t.unitCode } : {}),
        ...(has(t.priority) ? { priority: t.priority } : {}),
      }));
    }
    if (standards.length > 0) {
      out.standards = standards.map((s, i) => ({
        ...(standardAgencies[i] ? { agencyCode: standardAgencies[i]! } : {}),
        positionCode: s.positionCode,
        ...(s.unitCode ? { unitCode: s.unitCode } : {}),
        activities: s.activities.map((a) => activityFromRecord(a)),
      }));
    }
    if (input.workingTime) {
      out.workingTime = Object.fromEntries(Object.entries(input.workingTime).filter(([, v]) => has(v))) as unknown as WorkingTimeProfile;
    }
    if (input.retirementAges)
      out.retirementAges = input.retirementAges.map((r) => ({ category: r.category, ...(r.level ? { level: r.level } : {}), age: r.age }));
    if (has(input.attritionRate)) out.attritionRate = input.attritionRate;
    if (has(input.renewContracts)) out.renewContracts = input.renewContracts;
    return out;
  }
}
