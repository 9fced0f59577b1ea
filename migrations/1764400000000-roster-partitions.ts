import { MigrationInterface, QueryRunner } from 'typeorm';

const COLUMNS = `
  submission_id uuid NOT NULL,
  row_no integer NOT NULL,
  nip text NOT NULL,
  name text,
  birth_date date,
  sex char(1),
  employment_type varchar(8),
  position_code text,
  unit_code text,
  tmt date,
  contract_end date,
  category varchar(16),
  level varchar(16)`;

const EMPLOYEE_VIEW = `
  CREATE VIEW employee AS
    SELECT r.nip, r.name, r.birth_date, r.sex, r.employment_type, s.agency_id, p.id AS position_id, u.id AS unit_id,
           r.category, r.level, r.tmt, r.contract_end, true AS active, r.submission_id, r.row_no
      FROM staffing_submission s
      JOIN staffing_submission_row r ON r.submission_id = s.id
      JOIN position p ON p.code = r.position_code
      LEFT JOIN org_unit u ON u.agency_id = s.agency_id AND u.code = r.unit_code
     WHERE s.status = 'COMMITTED'`;

/**
 * Each submission's rows get a table of their own, `staffing_submission_row_<id without dashes>`:
 * validation creates it and loads it with COPY FREEZE and no index to maintain (a shared table's
 * primary key cost PostgreSQL about as much as the load itself), a failed or superseded submission
 * drops it, and a commit attaches it as a partition of `staffing_submission_row`, the roster
 * history, which is partitioned by submission id. Existing rows move into tables of that form.
 */
export class RosterPartitions1764400000000 implements MigrationInterface {
  name = 'RosterPartitions1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP VIEW employee;
      ALTER TABLE staffing_submission_row RENAME TO staffing_submission_row_shared;
      CREATE TABLE staffing_submission_row (${COLUMNS}) PARTITION BY LIST (submission_id);
      DO $$
      DECLARE
        sub record;
        t text;
      BEGIN
        FOR sub IN SELECT DISTINCT r.submission_id AS id, s.status FROM staffing_submission_row_shared r JOIN staffing_submission s ON s.id = r.submission_id LOOP
          t := 'staffing_submission_row_' || replace(sub.id::text, '-', '');
          EXECUTE format('CREATE TABLE %I (LIKE staffing_submission_row, CHECK (submission_id = %L))', t, sub.id);
          EXECUTE format('ALTER TABLE %I ALTER submission_id SET DEFAULT %L', t, sub.id);
          EXECUTE format('INSERT INTO %I SELECT * FROM staffing_submission_row_shared WHERE submission_id = %L ORDER BY row_no', t, sub.id);
          IF sub.status IN ('COMMITTED', 'SUPERSEDED') THEN
            EXECUTE format('ALTER TABLE staffing_submission_row ATTACH PARTITION %I FOR VALUES IN (%L)', t, sub.id);
          END IF;
        END LOOP;
      END $$;
      DROP TABLE staffing_submission_row_shared;
      ${EMPLOYEE_VIEW};
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP VIEW employee;
      ALTER TABLE staffing_submission_row RENAME TO staffing_submission_row_history;
      CREATE TABLE staffing_submission_row (${COLUMNS}, PRIMARY KEY (submission_id, row_no));
      DO $$
      DECLARE
        t text;
      BEGIN
        FOR t IN SELECT c.relname FROM pg_class c WHERE c.relkind = 'r' AND c.relname ~ '^staffing_submission_row_[0-9a-f]{32}$' LOOP
          EXECUTE format('INSERT INTO staffing_submission_row SELECT * FROM %I', t);
          EXECUTE format('DROP TABLE %I', t);
        END LOOP;
      END $$;
      DROP TABLE staffing_submission_row_history;
      ${EMPLOYEE_VIEW};
    `);
  }
}
