import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rosters become immutable versions: an agency's current roster is the rows of its COMMITTED
 * submission (`staffing_submission_row`), so a commit moves a pointer instead of writing a
 * million `employee` rows. Rows written through the API (upsertEmployees, a confirmed transfer,
 * this migration) are versions too, with format API. `employee` stays as a read-only view of
 * every agency's current roster for code that reads it.
 */
export class RosterVersions1764100000000 implements MigrationInterface {
  name = 'RosterVersions1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE staffing_submission DROP CONSTRAINT staffing_submission_format_check;
      ALTER TABLE staffing_submission ADD CONSTRAINT staffing_submission_format_check CHECK (format IN ('CSV', 'XLSX', 'API'));

      -- the active employees of each agency become its next roster version
      CREATE TEMP TABLE roster_from_employee ON COMMIT DROP AS
        SELECT e.agency_id, gen_random_uuid() AS id,
               coalesce((SELECT max(s.version) FROM staffing_submission s WHERE s.agency_id = e.agency_id), 0) + 1 AS version,
               count(*)::int AS row_count,
               encode(sha256(convert_to(string_agg(e.id::text, ',' ORDER BY e.nip), 'UTF8')), 'hex') AS sha256
          FROM employee e WHERE e.active GROUP BY e.agency_id;
      UPDATE staffing_submission s SET status = 'SUPERSEDED', superseded_at = now()
        FROM roster_from_employee m WHERE s.agency_id = m.agency_id AND s.status = 'COMMITTED';
      INSERT INTO staffing_submission (id, agency_id, version, status, uploaded_by, file_name, file_size, sha256, format, as_of,
                                       base_version, progress, row_count, error_count, transfer_count, validated_at, committed_at, commit_ms)
        SELECT m.id, m.agency_id, m.version, 'COMMITTED', 'migration', 'employee table', 0, m.sha256, 'API', current_date,
               m.version - 1, 100, m.row_count, 0, 0, now(), now(), 0
          FROM roster_from_employee m;
      INSERT INTO staffing_submission_row (submission_id, row_no, nip, name, birth_date, sex, employment_type, position_code, unit_code, tmt, contract_end, category, level)
        SELECT m.id, 1 + row_number() OVER (PARTITION BY e.agency_id ORDER BY e.nip), e.nip, e.name, e.birth_date, e.sex, e.employment_type,
               p.code, u.code, e.tmt, e.contract_end, e.category, e.level
          FROM employee e JOIN roster_from_employee m ON m.agency_id = e.agency_id JOIN position p ON p.id = e.position_id
               LEFT JOIN org_unit u ON u.id = e.unit_id
         WHERE e.active;
      DROP TABLE employee;

      -- what the plan loader and the diff read: one agency's current rows through its COMMITTED submission
      CREATE VIEW employee AS
        SELECT r.nip, r.name, r.birth_date, r.sex, r.employment_type, s.agency_id, p.id AS position_id, u.id AS unit_id,
               r.category, r.level, r.tmt, r.contract_end, true AS active, r.submission_id, r.row_no
          FROM staffing_submission s
          JOIN staffing_submission_row r ON r.submission_id = s.id
          JOIN position p ON p.code = r.position_code
          LEFT JOIN org_unit u ON u.agency_id = s.agency_id AND u.code = r.unit_code
         WHERE s.status = 'COMMITTED';
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP VIEW employee;
      CREATE TABLE employee (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        nip char(18) NOT NULL,
        name text NOT NULL,
        birth_date date NOT NULL,
        sex char(1) NOT NULL CHECK (sex IN ('M', 'F')),
        employment_type varchar(8) NOT NULL CHECK (employment_type IN ('PNS', 'PPPK')),
        agency_id uuid NOT NULL REFERENCES agency(id) ON DELETE CASCADE,
        position_id uuid NOT NULL REFERENCES position(id),
        unit_id uuid REFERENCES org_unit(id),
        category varchar(16) NOT NULL,
        level varchar(16),
        tmt date NOT NULL,
        contract_end date,
        active boolean NOT NULL DEFAULT true,
        CHECK (employment_type = 'PNS' OR contract_end IS NOT NULL)
      );
      CREATE UNIQUE INDEX uq_employee_active_nip ON employee (nip) WHERE active;
      CREATE INDEX ix_employee_agency_cell ON employee (agency_id, position_id, unit_id) WHERE active;
      INSERT INTO employee (nip, name, birth_date, sex, employment_type, agency_id, position_id, unit_id, category, level, tmt, contract_end)
        SELECT s.nip, s.name, s.birth_date, s.sex, s.employment_type, s.agency_id, s.position_id, s.unit_id, s.category, s.level, s.tmt, s.contract_end
          FROM (SELECT r.*, sub.agency_id, p.id AS position_id, u.id AS unit_id
                  FROM staffing_submission sub JOIN staffing_submission_row r ON r.submission_id = sub.id
                  JOIN position p ON p.code = r.position_code LEFT JOIN org_unit u ON u.agency_id = sub.agency_id AND u.code = r.unit_code
                 WHERE sub.status = 'COMMITTED') s;
      DELETE FROM staffing_submission_row WHERE submission_id IN (SELECT id FROM staffing_submission WHERE format = 'API');
      DELETE FROM staffing_submission WHERE format = 'API';
      ALTER TABLE staffing_submission DROP CONSTRAINT staffing_submission_format_check;
      ALTER TABLE staffing_submission ADD CONSTRAINT staffing_submission_format_check CHECK (format IN ('CSV', 'XLSX'));
    `);
  }
}
