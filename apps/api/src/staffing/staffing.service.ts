import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  currentRosterIds,
  currentRostersFrom,
  currentRosterVersion,
  lockRosters,
  ROSTER_ROW_COLUMNS,
  writeRosterVersion,
} from '@formasi/database';
import { NIP_PROBLEM_TEXT, nipRowProblems, parseIsoDate, parseNip } from '@formasi/planning';
import { FieldError, InputValidationError } from '../common/domain-error';
import type { AuditActor } from '@formasi/database';
import { AuditService } from '../audit/audit.service';
import { AgencyService } from '../agencies/agency.service';
import { RosterUpkeepService } from './roster-upkeep.service';
import { EmployeeRowInput, UpsertEmployeesInput } from './upsert-employees.input';
import { StaffingImportResultModel } from './staffing-import.model';
import { isRealDate } from '../common/validators';

/** Checks a row against its own NIP: birth date, sex digit and TMT must agree. */
export function employeeRowErrors(row: EmployeeRowInput, i: number): FieldError[] {
  const errors: FieldError[] = [];
  const err = (field: string, message: string): void => void errors.push({ field: `rows.${i}.${field}`, row: i, message });
  if (!isRealDate(row.birthDate)) err('birthDate', 'birthDate is not a real date');
  if (!isRealDate(row.tmt)) err('tmt', 'tmt is not a real date');
  if (row.contractEnd && !isRealDate(row.contractEnd)) err('contractEnd', 'contractEnd is not a real date');
  if (row.employmentType === 'PPPK' && !row.contractEnd) err('contractEnd', 'a PPPK employee needs a contract end');
  if (row.employmentType === 'PNS' && row.contractEnd) err('contractEnd', 'a PNS has no contract end');
  if (row.tmt <= row.birthDate) err('tmt', 'tmt must come after birthDate');
  if (row.contractEnd && row.contractEnd < row.tmt) err('contractEnd', 'contractEnd must not be before tmt');
  const nip = parseNip(row.nip);
  if (typeof nip === 'string') {
    err('nip', NIP_PROBLEM_TEXT[nip]);
    return errors;
  }
  const problems = nipRowProblems(
    row.nip,
    nip,
    { birthYmd: parseIsoDate(row.birthDate), sex: row.sex, employmentType: row.employmentType, tmtYmd: parseIsoDate(row.tmt) },
    { birthDate: `birthDate ${row.birthDate}`, sex: `sex ${row.sex}`, employmentTypeColumn: 'employmentType', tmt: `tmt ${row.tmt}` },
  );
  for (const p of problems) err('nip', p.message);
  return errors;
}

const elsewhereError = (nip: string, row: number, agency: string): FieldError => ({
  field: `rows.${row}.nip`,
  row,
  message: `NIP ${nip} is active in agency ${agency}; record the transfer there first`,
});

@Injectable()
export class StaffingService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly agencies: AgencyService,
    private readonly audit: AuditService,
    private readonly upkeep: RosterUpkeepService,
  ) {}

  /**
   * Validates every row, then writes the agency's next roster version in one transaction — or
   * nothing: the current rows (unless `replaceRoster`) with these rows upserted by NIP.
   */
  async upsertEmployees(actor: AuditActor, input: UpsertEmployeesInput): Promise<StaffingImportResultModel> {
    const agency = await this.agencies.requireAgency(input.agencyCode);
    const rows = input.rows;
    const errors: FieldError[] = rows.flatMap((r, i) => employeeRowErrors(r, i));

    // reference codes and NIP clashes checked set-based, one query each
    const positions: Array<{ code: string; id: string; category: string; level: string | null }> = await this.db.query(
      'SELECT code, id, category, level FROM position WHERE code = ANY($1::text[])',
      [[...new Set(rows.map((r) => r.positionCode))]],
    );
    const units: Array<{ code: string; id: string }> = await this.db.query('SELECT code, id FROM org_unit WHERE agency_id = $1', [
      agency.id,
    ]);
    const elsewhere = await this.inPostElsewhere(this.db, agency.id, rows);
    const positionBy = new Map(positions.map((p) => [p.code, p]));
    const unitBy = new Map(units.map((u) => [u.code, u.id]));
    const elsewhereBy = new Map(elsewhere.map((e) => [e.nip, e.agency]));
    const firstRow = new Map<string, number>();
    rows.forEach((r, i) => {
      if (!positionBy.has(r.positionCode))
        errors.push({ field: `rows.${i}.positionCode`, row: i, message: `position ${r.positionCode} does not exist` });
      if (r.unitCode && !unitBy.has(r.unitCode))
        errors.push({ field: `rows.${i}.unitCode`, row: i, message: `unit ${r.unitCode} does not exist in agency ${agency.code}` });
      const other = elsewhereBy.get(r.nip);
      if (other) errors.push(elsewhereError(r.nip, i, other));
      const prev = firstRow.get(r.nip);
      if (prev !== undefined) errors.push({ field: `rows.${i}.nip`, row: i, message: `NIP ${r.nip} already appears in row ${prev}` });
      else firstRow.set(r.nip, i);
    });
    if (errors.length > 0) throw new InputValidationError(errors.sort((a, b) => (a.row ?? 0) - (b.row ?? 0)));

    const replace = input.replaceRoster === true;
    // the log keeps counts, not the rows: personal data stays in the roster
    const entry = {
      action: 'upsertEmployees',
      agencyCode: agency.code,
      entity: 'roster',
      entityKey: agency.code,
      summary: { rows: rows.length, replaceRoster: replace },
    };
    const { result, versionId } = await this.audit.transaction(actor, entry, async (tx, record) => {
      await lockRosters(tx, agency.id);
      // again under the lock: another agency may have committed one of these NIPs meanwhile
      const raced = await this.inPostElsewhere(tx, agency.id, rows);
      if (raced.length > 0)
        throw new InputValidationError(
          raced.map((e) =>
            elsewhereError(
              e.nip,
              rows.findIndex((r) => r.nip === e.nip),
              e.agency,
            ),
          ),
        );
      const prev = await currentRosterVersion(tx, agency.id);
      const nips = rows.map((r) => r.nip);
      const [{ kept }] = (await tx.query(
        'SELECT count(*)::int AS kept FROM staffing_submission_row WHERE submission_id = $1 AND nip = ANY($2::text[])',
        [prev?.id ?? null, nips],
      )) as Array<{ kept: number }>;
      const col = <T>(f: (r: EmployeeRowInput) => T): T[] => rows.map(f);
      const written = await writeRosterVersion(tx, {
        agencyId: agency.id,
        uploadedBy: 'upsertEmployees',
        fileName: `upsertEmployees (${rows.length} rows${replace ? ', whole roster' : ''})`,
        sha256: createHash('sha256')
          .update(JSON.stringify([prev?.id ?? null, replace, rows]))
          .digest('hex'),
        // the rows kept from the current version first (unless the input is the whole roster), then the input's
        rowsSql: `SELECT r.row_no AS ord, ${ROSTER_ROW_COLUMNS} FROM staffing_submission_row r
                   WHERE r.submission_id = $2::uuid AND NOT $3::boolean AND NOT (r.nip = ANY($4::text[]))
                  UNION ALL
                  SELECT 1e9 + t.ord, t.nip, t.name, t.birth_date, t.sex, t.employment_type, t.position_code, t.unit_code, t.tmt, t.contract_end, t.category, t.level
                    FROM unnest($4::text[], $5::text[], $6::date[], $7::text[], $8::text[], $9::text[], $10::text[], $11::date[], $12::date[], $13::text[], $14::text[])
                         WITH ORDINALITY AS t(nip, name, birth_date, sex, employment_type, position_code, unit_code, tmt, contract_end, category, level, ord)`,
        params: [
          replace,
          nips,
          col((r) => r.name),
          col((r) => r.birthDate),
          col((r) => r.sex),
          col((r) => r.employmentType),
          col((r) => r.positionCode),
          col((r) => r.unitCode ?? null),
          col((r) => r.tmt),
          col((r) => r.contractEnd ?? null),
          col((r) => positionBy.get(r.positionCode)?.category),
          col((r) => positionBy.get(r.positionCode)?.level ?? null),
        ],
      });
      const previous = prev
        ? ((await tx.query('SELECT row_count AS n FROM staffing_submission WHERE id = $1', [prev.id])) as Array<{ n: number }>)[0]!.n
        : 0;
      const result = { inserted: rows.length - kept, updated: kept, deactivated: replace ? previous - kept : 0, version: written.version };
      await record.amend({ summary: result });
      return { result, versionId: written.id };
    });
    await this.upkeep.afterChange(agency, [versionId]);
    return result;
  }

  private async inPostElsewhere(
    db: Pick<DataSource, 'query'>,
    agencyId: string,
    rows: EmployeeRowInput[],
  ): Promise<Array<{ nip: string; agency: string }>> {
    return db.query(
      `SELECT r.nip, a.code AS agency FROM ${currentRostersFrom('$1')} JOIN agency a ON a.id = cur.agency_id WHERE r.nip = ANY($2::text[])`,
      [await currentRosterIds(db, agencyId), rows.map((r) => r.nip)],
    );
  }
}
