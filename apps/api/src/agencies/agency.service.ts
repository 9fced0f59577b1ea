import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AgencyRepository, AgencyRow, AuditActor } from '@formasi/database';
import { AuditService } from '../audit/audit.service';
import { InputValidationError, NotFoundError } from '../common/domain-error';
import { AgencyModel, OrgUnitModel } from './agency.model';
import { UpsertAgencyInput, UpsertOrgUnitInput } from './upsert-agency.input';

@Injectable()
export class AgencyService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly agencies: AgencyRepository,
  ) {}

  /** An agency named by an input: an unknown code is bad input on that field. */
  async requireAgency(code: string, field = 'agencyCode'): Promise<AgencyRow> {
    const agency = await this.agencies.findByCode(code);
    if (!agency) throw new InputValidationError([{ field, message: `agency ${code} does not exist` }]);
    return agency;
  }

  /** An agency that is the thing asked for (a query, a route): an unknown code is NOT_FOUND. */
  async requireExisting(code: string): Promise<AgencyRow> {
    const agency = await this.agencies.findByCode(code);
    if (!agency) throw new NotFoundError('agency', code);
    return agency;
  }

  async upsert(actor: AuditActor, input: UpsertAgencyInput): Promise<AgencyModel> {
    const entry = { action: 'upsertAgency', agencyCode: input.code, entity: 'agency', entityKey: input.code };
    const [row] = await this.audit.transaction(actor, entry, (tx) =>
      tx.query(
        `INSERT INTO agency (code, name, kind, region_code) VALUES ($1, $2, $3, $4)
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind,
         region_code = EXCLUDED.region_code, updated_at = now()
       RETURNING id, code, name, kind, region_code AS "regionCode"`,
        [input.code, input.name, input.kind, input.regionCode ?? null],
      ),
    );
    return row as AgencyModel;
  }

  async upsertUnit(actor: AuditActor, input: UpsertOrgUnitInput): Promise<OrgUnitModel> {
    const agency = await this.requireAgency(input.agencyCode);
    let parentId: string | null = null;
    if (input.parentCode) {
      if (input.parentCode === input.code)
        throw new InputValidationError([{ field: 'parentCode', message: 'a unit cannot be its own parent' }]);
      const [parent] = await this.db.query('SELECT id FROM org_unit WHERE agency_id = $1 AND code = $2', [agency.id, input.parentCode]);
      if (!parent)
        throw new InputValidationError([
          { field: 'parentCode', message: `unit ${input.parentCode} does not exist in agency ${agency.code}` },
        ]);
      parentId = (parent as { id: string }).id;
    }
    const entry = { action: 'upsertOrgUnit', agencyCode: agency.code, entity: 'orgUnit', entityKey: input.code };
    const [row] = await this.audit.transaction(actor, entry, (tx) =>
      tx.query(
        `INSERT INTO org_unit (agency_id, parent_id, code, name) VALUES ($1, $2, $3, $4)
       ON CONFLICT (agency_id, code) DO UPDATE SET parent_id = EXCLUDED.parent_id, name = EXCLUDED.name
       RETURNING id, code, name`,
        [agency.id, parentId, input.code, input.name],
      ),
    );
    return { ...(row as { id: string; code: string; name: string }), agencyCode: agency.code, parentCode: input.parentCode ?? null };
  }

  /** Agencies (of `agencyIds`, null = all) with their units: two queries whatever the number of agencies. */
  async list(agencyIds: string[] | null = null): Promise<AgencyModel[]> {
    const agencies: AgencyModel[] = await this.db.query(
      'SELECT id, code, name, kind, region_code AS "regionCode" FROM agency WHERE $1::uuid[] IS NULL OR id = ANY($1) ORDER BY code',
      [agencyIds],
    );
    const units = await this.unitsOf(agencies.map((a) => a.id));
    return agencies.map((a, i) => ({ ...a, units: units[i] }));
  }

  async get(code: string): Promise<AgencyModel> {
    const agency = await this.requireExisting(code);
    const [units] = await this.unitsOf([agency.id]);
    return { ...agency, units };
  }

  /** Units of many agencies in one query, in agency order. */
  async unitsOf(agencyIds: readonly string[]): Promise<OrgUnitModel[][]> {
    const rows: Array<OrgUnitModel & { agencyId: string }> = await this.db.query(
      `SELECT u.id, u.agency_id AS "agencyId", a.code AS "agencyCode", u.code, u.name, p.code AS "parentCode"
         FROM org_unit u JOIN agency a ON a.id = u.agency_id LEFT JOIN org_unit p ON p.id = u.parent_id
        WHERE u.agency_id = ANY($1::uuid[]) ORDER BY u.code`,
      [agencyIds],
    );
    return agencyIds.map((id) => rows.filter((r) => r.agencyId === id));
  }
}
