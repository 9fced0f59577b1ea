import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '@formasi/config';
import { AuditActor, lockImportScope, recordEditVersion } from '@formasi/database';
import { AuditService } from '../audit/audit.service';
import { FieldError, InputValidationError } from '../common/domain-error';
import { AgencyService } from '../agencies/agency.service';
import { DevelopmentTargetModel } from './development-target.model';
import { UpsertTargetsInput } from './upsert-targets.input';

@Injectable()
export class TargetService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly agencies: AgencyService,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  /**
   * All rows validated first, then one set-based upsert: all or nothing. The agency's targets
   * become a new version in the same transaction (a plan run that named the previous one keeps
   * reading it); an upsert that changes no value (a retried mutation) makes no version.
   */
  async upsert(actor: AuditActor, input: UpsertTargetsInput): Promise<DevelopmentTargetModel[]> {
    const agency = await this.agencies.requireAgency(input.agencyCode);
    const units: Array<{ id: string; code: string }> = await this.db.query('SELECT id, code FROM org_unit WHERE agency_id = $1', [
      agency.id,
    ]);
    const unitId = new Map(units.map((u) => [u.code, u.id]));
    const errors: FieldError[] = [];
    const seen = new Set<string>();
    input.targets.forEach((t, i) => {
      if (t.unitCode && !unitId.has(t.unitCode))
        errors.push({ field: `targets.${i}.unitCode`, row: i, message: `unit ${t.unitCode} does not exist in agency ${agency.code}` });
      const key = `${t.unitCode ?? ''}|${t.indicator}|${t.year}`;
      if (seen.has(key)) errors.push({ field: `targets.${i}`, row: i, message: `target ${t.indicator} ${t.year} appears twice` });
      seen.add(key);
    });
    if (errors.length > 0) throw new InputValidationError(errors);
    const t = input.targets;
    const entry = {
      action: 'upsertDevelopmentTargets',
      agencyCode: agency.code,
      entity: 'developmentTarget',
      summary: { targets: t.length },
    };
    const rows: Array<Omit<DevelopmentTargetModel, 'agencyCode' | 'unitCode'> & { unitId: string | null }> = await this.audit.transaction(
      actor,
      entry,
      async (tx, audit) => {
        await lockImportScope(tx, 'TARGETS', agency.id);
        const written: Array<{ id: string }> = await tx.query(
          `INSERT INTO development_target AS d (agency_id, unit_id, indicator, year, value, source, document, priority)
       SELECT $1, * FROM unnest($2::uuid[], $3::text[], $4::smallint[], $5::numeric[], $6::text[], $7::text[], $8::numeric[])
       ON CONFLICT ON CONSTRAINT uq_development_target
         DO UPDATE SET value = EXCLUDED.value, source = EXCLUDED.source, document = EXCLUDED.document, priority = EXCLUDED.priority
         WHERE (d.value, d.source, d.document, d.priority) IS DISTINCT FROM (EXCLUDED.value, EXCLUDED.source, EXCLUDED.document, EXCLUDED.priority)
       RETURNING id`,
          [
            agency.id,
            t.map((x) => (x.unitCode ? unitId.get(x.unitCode) : null)),
            t.map((x) => x.indicator),
            t.map((x) => x.year),
            t.map((x) => x.value),
            t.map((x) => x.source),
            t.map((x) => x.document ?? null),
            t.map((x) => x.priority ?? 1),
          ],
        );
        const { version, pruned } = await recordEditVersion(tx, 'TARGETS', agency.id, {
          by: actor.email,
          what: `upsertDevelopmentTargets ${agency.code}`,
          changed: written.length > 0,
          versionsKept: this.config.standardsVersionsKept,
        });
        await audit.amend({ summary: { targets: t.length, changed: written.length, version, ...(pruned.length ? { pruned } : {}) } });
        return tx.query(
          `SELECT t.id, t.unit_id AS "unitId", t.indicator, t.year, t.value::float8 AS value, t.source, t.document, t.priority::float8 AS priority
             FROM development_target t JOIN unnest($2::uuid[], $3::text[], $4::smallint[]) WITH ORDINALITY AS k(unit_id, indicator, year, n)
               ON t.unit_id IS NOT DISTINCT FROM k.unit_id AND t.indicator = k.indicator AND t.year = k.year
            WHERE t.agency_id = $1 ORDER BY k.n`,
          [agency.id, t.map((x) => (x.unitCode ? unitId.get(x.unitCode) : null)), t.map((x) => x.indicator), t.map((x) => x.year)],
        );
      },
    );
    const codeOf = new Map(units.map((u) => [u.id, u.code]));
    return rows.map(({ unitId: uid, ...r }) => ({ ...r, agencyCode: agency.code, unitCode: uid ? (codeOf.get(uid) ?? null) : null }));
  }

  list(agencyCode: string): Promise<DevelopmentTargetModel[]> {
    return this.db.query(
      `SELECT t.id, a.code AS "agencyCode", u.code AS "unitCode", t.indicator, t.year, t.value::float8 AS value, t.source, t.document, t.priority::float8 AS priority
         FROM development_target t JOIN agency a ON a.id = t.agency_id LEFT JOIN org_unit u ON u.id = t.unit_id
        WHERE a.code = $1 ORDER BY t.indicator, t.year, u.code NULLS FIRST`,
      [agencyCode],
    );
  }
}
