import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { NIP_PROBLEM_TEXT, nipRowProblems, parseIsoDate, parseNip } from '@formasi/planning';
import { FieldError, InputValidationError } from '../common/domain-error';
import type { AuditActor } from '@formasi/database';
import { AuditService } from '../audit/audit.service';
import { AgencyService } from '../agencies/agency.service';
import { EmployeeRowInput, UpsertEmployeesInput } from './upsert-employees.input';
import { StaffingImportResultModel } from './staffing-import.model';

const isRealDate = (s: string): boolean => parseIsoDate(s) >= 0;

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

@Injectable()
export class StaffingService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly agencies: AgencyService,
    private readonly audit: AuditService,
  ) {}

  /** Validates every row, then writes all of them in one transaction — or nothing. */
  async upsertEmployees(actor: AuditActor, input: UpsertEmployeesInput): Promise<StaffingImportResultModel> {
    const agency = await this.agencies.requireAgency(input.agencyCode);
    const rows = input.rows;
    const errors: FieldError[] = rows.flatMap((r, i) => employeeRowErrors(r, i));

    // reference codes and NIP clashes checked set-based, one query each
    const positions: Array<{ code: string; id: string; category: string; level: string | null }> = await this.db.query(
      'SELECT code, id, category, level FROM position WHERE code = ANY($1::text[])',
      [[...new Set(rows.map((r) => r.positionCode))]],
    );
    const units: Array<{ code: string; id: string }> = await this.db.query('SELECT code, id FROM org_unit WHERE agency_id = $1', [agency.id]);
    const elsewhere: Array<{ nip: string; agency: string }> = await this.db.query(
      `SELECT e.nip, a.code AS agency FROM employee e JOIN agency a ON a.id = e.agency_id
        WHERE e.active AND e.agency_id <> $1 AND e.nip = ANY($2::text[])`,
      [agency.id, rows.map((r) => r.nip)],
    );
    const positionBy = new Map(positions.map((p) => [p.code, p]));
    const unitBy = new Map(units.map((u) => [u.code, u.id]));
    const elsewhereBy = new Map(elsewhere.map((e) => [e.nip, e.agency]));
    const firstRow = new Map<string, number>();
    rows.forEach((r, i) => {
      if (!positionBy.has(r.positionCode)) errors.push({ field: `rows.${i}.positionCode`, row: i, message: `position ${r.positionCode} does not exist` });
      if (r.unitCode && !unitBy.has(r.unitCode)) errors.push({ field: `rows.${i}.unitCode`, row: i, message: `unit ${r.unitCode} does not exist in agency ${agency.code}` });
      const other = elsewhereBy.get(r.nip);
      if (other) errors.push({ field: `rows.${i}.nip`, row: i, message: `NIP ${r.nip} is active in agency ${other}; record the transfer there first` });
      const prev = firstRow.get(r.nip);
      if (prev !== undefined) errors.push({ field: `rows.${i}.nip`, row: i, message: `NIP ${r.nip} already appears in row ${prev}` });
      else firstRow.set(r.nip, i);
    });
    if (errors.length > 0) throw new InputValidationError(errors.sort((a, b) => (a.row ?? 0) - (b.row ?? 0)));

    // the log keeps counts, not the rows: personal data stays in the roster
    const entry = { action: 'upsertEmployees', agencyCode: agency.code, entity: 'roster', entityKey: agency.code, summary: { rows: rows.length, replaceRoster: !!input.replaceRoster } };
    return this.audit.transaction(actor, entry, async (tx, record) => {
      const col = <T>(f: (r: EmployeeRowInput) => T): T[] => rows.map(f);
      const upserted: Array<{ inserted: boolean }> = await tx.query(
        `INSERT INTO employee (nip, name, birth_date, sex, employment_type, agency_id, position_id, unit_id, category, level, tmt, contract_end)
         SELECT t.nip, t.name, t.birth_date, t.sex, t.employment_type, $1, t.position_id, t.unit_id, t.category, t.level, t.tmt, t.contract_end
           FROM unnest($2::text[], $3::text[], $4::date[], $5::text[], $6::text[], $7::uuid[], $8::uuid[], $9::text[], $10::text[], $11::date[], $12::date[])
             AS t(nip, name, birth_date, sex, employment_type, position_id, unit_id, category, level, tmt, contract_end)
         ON CONFLICT (nip) WHERE active DO UPDATE SET name = EXCLUDED.name, birth_date = EXCLUDED.birth_date, sex = EXCLUDED.sex,
           employment_type = EXCLUDED.employment_type, position_id = EXCLUDED.position_id, unit_id = EXCLUDED.unit_id,
           category = EXCLUDED.category, level = EXCLUDED.level, tmt = EXCLUDED.tmt, contract_end = EXCLUDED.contract_end
         RETURNING (xmax = 0) AS inserted`,
        [
          agency.id, col((r) => r.nip), col((r) => r.name), col((r) => r.birthDate), col((r) => r.sex), col((r) => r.employmentType),
          col((r) => positionBy.get(r.positionCode)?.id), col((r) => (r.unitCode ? unitBy.get(r.unitCode) : null)),
          col((r) => positionBy.get(r.positionCode)?.category), col((r) => positionBy.get(r.positionCode)?.level ?? null),
          col((r) => r.tmt), col((r) => r.contractEnd ?? null),
        ],
      );
      let deactivated = 0;
      if (input.replaceRoster) {
        const res: [unknown[], number] = await tx.query(
          'UPDATE employee SET active = false WHERE agency_id = $1 AND active AND NOT (nip = ANY($2::text[]))',
          [agency.id, rows.map((r) => r.nip)],
        );
        deactivated = res[1];
      }
      const inserted = upserted.filter((r) => r.inserted).length;
      const result = { inserted, updated: upserted.length - inserted, deactivated };
      await record.amend({ summary: result });
      return result;
    });
  }
}
