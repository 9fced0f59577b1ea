import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditActor, lockImportScope, recordEditVersion, standardFingerprint } from '@formasi/database';
import { Activity, activityProblems } from '@formasi/planning';
import { AuditService } from '../audit/audit.service';
import { FieldError, InputValidationError } from '../common/domain-error';
import { ActivityInput, UpsertWorkloadStandardInput } from './upsert-workload-standard.input';
import { UpsertPositionInput } from './upsert-position.input';
import { ActivityModel, PositionModel, WorkloadStandardModel } from './position.model';

const API_FIELD: Record<string, string> = {
  'driver.indicator': 'driverIndicator',
  'driver.factor': 'driverFactor',
  'driver.base': 'driverBase',
};

/** The engine's activity shape of an API activity (the driver's three fields become one object). */
export function toEngineActivity(a: ActivityInput): Activity {
  const { driverIndicator, driverFactor, driverBase, ...rest } = a;
  const driver =
    driverIndicator != null || driverFactor != null
      ? { indicator: driverIndicator as string, factor: driverFactor as number, base: driverBase ?? undefined }
      : undefined;
  return { ...rest, driver } as unknown as Activity;
}

/** The shape rules of an activity (DOMAIN.md "Inputs" 2), as the engine states them, reported per field. */
export function activityErrors(a: ActivityInput, path: string): FieldError[] {
  return (activityProblems(toEngineActivity(a)) ?? []).map((p) => ({
    field: `${path}.${API_FIELD[p.field] ?? p.field}`,
    message: p.message,
  }));
}

@Injectable()
export class PositionService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async upsert(actor: AuditActor, input: UpsertPositionInput): Promise<PositionModel> {
    const entry = { action: 'upsertPosition', entity: 'position', entityKey: input.code };
    const [row] = await this.audit.transaction(actor, entry, (tx) =>
      tx.query(
        `INSERT INTO position (code, name, category, level, retirement_age_override) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, category = EXCLUDED.category, level = EXCLUDED.level,
         retirement_age_override = EXCLUDED.retirement_age_override
       RETURNING id, code, name, category, level, retirement_age_override AS "retirementAgeOverride"`,
        [input.code, input.name, input.category, input.level ?? null, input.retirementAgeOverride ?? null],
      ),
    );
    return row as PositionModel;
  }

  list(): Promise<PositionModel[]> {
    return this.db.query(
      'SELECT id, code, name, category, level, retirement_age_override AS "retirementAgeOverride" FROM position ORDER BY code',
    );
  }

  /**
   * Standards with their activities in one query, optionally narrowed to a position or agency;
   * unit standards only of `agencyIds` (the caller's agencies, null = all).
   */
  async listStandards(
    positionCode: string | null,
    agencyCode: string | null,
    agencyIds: string[] | null = null,
  ): Promise<WorkloadStandardModel[]> {
    const rows: Array<
      ActivityModel & { id: string; positionCode: string; agencyCode: string | null; unitCode: string | null; ordinal: number | null }
    > = await this.db.query(
      `SELECT s.id, p.code AS "positionCode", ag.code AS "agencyCode", u.code AS "unitCode", a.ordinal, a.kind, a.name,
              a.annual_volume::float8 AS "annualVolume", a.driver_indicator AS "driverIndicator", a.driver_factor::float8 AS "driverFactor",
              a.driver_base::float8 AS "driverBase", a.minutes_per_unit::float8 AS "minutesPerUnit", a.units_per_hour::float8 AS "unitsPerHour",
              a.percent_of_working_time::float8 AS "percentOfWorkingTime", a.hours_per_year::float8 AS "hoursPerYear", a.staff_count::float8 AS "staffCount"
         FROM workload_standard s JOIN position p ON p.id = s.position_id
         LEFT JOIN org_unit u ON u.id = s.unit_id LEFT JOIN agency ag ON ag.id = u.agency_id
         LEFT JOIN workload_activity a ON a.standard_id = s.id
        WHERE ($1::text IS NULL OR p.code = $1) AND ($2::text IS NULL OR ag.code = $2 OR s.unit_id IS NULL)
          AND ($3::uuid[] IS NULL OR s.unit_id IS NULL OR ag.id = ANY($3))
        ORDER BY p.code, ag.code NULLS FIRST, u.code NULLS FIRST, a.ordinal`,
      [positionCode, agencyCode, agencyIds],
    );
    const byId = new Map<string, WorkloadStandardModel>();
    for (const { id, positionCode: pc, agencyCode: ac, unitCode, ordinal, ...activity } of rows) {
      const std = byId.get(id) ?? { id, positionCode: pc, agencyCode: ac, unitCode, activities: [] };
      if (ordinal !== null) std.activities.push(activity);
      byId.set(id, std);
    }
    return [...byId.values()];
  }

  /**
   * Replaces the standard's activities as a whole, in one transaction that also records the
   * scope's new version (its agency's standards, or the national ones): a plan run that named
   * the previous version keeps reading what it read. Writing what is already there (a retried
   * mutation) makes no version.
   */
  async upsertStandard(actor: AuditActor, input: UpsertWorkloadStandardInput): Promise<WorkloadStandardModel> {
    const errors = input.activities.flatMap((a, i) => activityErrors(a, `activities.${i}`));
    const [position] = await this.db.query('SELECT id FROM position WHERE code = $1', [input.positionCode]);
    if (!position) errors.push({ field: 'positionCode', message: `position ${input.positionCode} does not exist` });
    let unitId: string | null = null;
    let agencyId: string | null = null;
    // an agency without a unit would silently write the position-wide standard, which is national
    if (input.agencyCode && !input.unitCode)
      errors.push({
        field: 'unitCode',
        message:
          'unitCode is required with agencyCode: a standard belongs to a unit of that agency, or (both left out) to the whole position',
      });
    if (input.unitCode) {
      if (!input.agencyCode) errors.push({ field: 'agencyCode', message: 'agencyCode is required with unitCode' });
      else {
        const [unit] = await this.db.query(
          'SELECT u.id, u.agency_id AS "agencyId" FROM org_unit u JOIN agency a ON a.id = u.agency_id WHERE a.code = $1 AND u.code = $2',
          [input.agencyCode, input.unitCode],
        );
        if (!unit) errors.push({ field: 'unitCode', message: `unit ${input.unitCode} does not exist in agency ${input.agencyCode}` });
        else ({ id: unitId, agencyId } = unit as { id: string; agencyId: string });
      }
    }
    if (errors.length > 0) throw new InputValidationError(errors);
    const positionId = (position as { id: string }).id;

    const entry = {
      action: 'upsertWorkloadStandard',
      agencyCode: input.agencyCode ?? null,
      entity: 'workloadStandard',
      entityKey: [input.positionCode, input.unitCode].filter(Boolean).join('@'),
    };
    const id = await this.audit.transaction(actor, entry, async (tx, audit) => {
      await lockImportScope(tx, 'STANDARDS', agencyId);
      const before = await standardFingerprint(tx, positionId, unitId);
      const [std] = await tx.query(
        `INSERT INTO workload_standard (position_id, unit_id) VALUES ($1, $2)
         ON CONFLICT ON CONSTRAINT uq_workload_standard_position_unit DO UPDATE SET position_id = EXCLUDED.position_id
         RETURNING id`,
        [positionId, unitId],
      );
      const standardId = (std as { id: string }).id;
      await tx.query('DELETE FROM workload_activity WHERE standard_id = $1', [standardId]);
      const a = input.activities;
      const col = <K extends keyof ActivityInput>(k: K): Array<ActivityInput[K] | null> => a.map((x) => x[k] ?? null);
      await tx.query(
        `INSERT INTO workload_activity (standard_id, ordinal, kind, name, annual_volume, driver_indicator, driver_factor,
           driver_base, minutes_per_unit, units_per_hour, percent_of_working_time, hours_per_year, staff_count)
         SELECT $1, t.* FROM unnest($2::smallint[], $3::text[], $4::text[], $5::numeric[], $6::text[], $7::numeric[],
           $8::numeric[], $9::numeric[], $10::numeric[], $11::numeric[], $12::numeric[], $13::numeric[]) AS t`,
        [
          standardId,
          a.map((_, i) => i),
          col('kind'),
          col('name'),
          col('annualVolume'),
          col('driverIndicator'),
          col('driverFactor'),
          col('driverBase'),
          col('minutesPerUnit'),
          col('unitsPerHour'),
          col('percentOfWorkingTime'),
          col('hoursPerYear'),
          col('staffCount'),
        ],
      );
      const changed = before !== (await standardFingerprint(tx, positionId, unitId));
      const { version } = await recordEditVersion(tx, 'STANDARDS', agencyId, {
        by: actor.email,
        what: `upsertWorkloadStandard ${entry.entityKey}`,
        changed,
      });
      await audit.amend({ summary: { activities: a.length, version, changed } });
      return standardId;
    });
    return {
      id,
      positionCode: input.positionCode,
      agencyCode: input.agencyCode ?? null,
      unitCode: input.unitCode ?? null,
      activities: input.activities.map((x): ActivityModel => ({
        kind: x.kind,
        name: x.name,
        annualVolume: x.annualVolume ?? null,
        driverIndicator: x.driverIndicator ?? null,
        driverFactor: x.driverFactor ?? null,
        driverBase: x.driverBase ?? null,
        minutesPerUnit: x.minutesPerUnit ?? null,
        unitsPerHour: x.unitsPerHour ?? null,
        percentOfWorkingTime: x.percentOfWorkingTime ?? null,
        hoursPerYear: x.hoursPerYear ?? null,
        staffCount: x.staffCount ?? null,
      })),
    };
  }
}
