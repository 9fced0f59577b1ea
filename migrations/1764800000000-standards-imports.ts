import { MigrationInterface, QueryRunner } from 'typeorm';

const BULK_AUDITED = ['workload_standard', 'workload_activity', 'development_target'];

/**
 * File imports of workload standards and development targets, as versions: a submission per
 * uploaded file (scope: one agency, or national for position-wide standards), its errors, the
 * output unit of an activity (the file carries it), and what each plan run read. An import is
 * audited as one record with counts (as a bulk roster change is): the row triggers of the three
 * tables stand aside only when the transaction's audit record itself names the change as bulk.
 */
export class StandardsImports1764800000000 implements MigrationInterface {
  name = 'StandardsImports1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE standards_submission (
        id uuid PRIMARY KEY,
        kind varchar(16) NOT NULL,
        agency_id uuid,
        version integer,
        status varchar(16) NOT NULL,
        uploaded_by text NOT NULL,
        file_name text NOT NULL,
        file_path text,
        file_size bigint NOT NULL,
        sha256 char(64) NOT NULL,
        format varchar(8) NOT NULL,
        sheets jsonb,
        base_version integer,
        progress smallint NOT NULL DEFAULT 0,
        row_count integer,
        error_count integer,
        error_summary jsonb,
        diff jsonb,
        failure text,
        created_at timestamptz NOT NULL DEFAULT now(),
        validation_started_at timestamptz,
        validated_at timestamptz,
        committed_at timestamptz,
        superseded_at timestamptz,
        commit_ms integer,
        CONSTRAINT standards_submission_agency_id_fkey FOREIGN KEY (agency_id) REFERENCES agency(id) ON DELETE CASCADE,
        CONSTRAINT standards_submission_kind_check CHECK (kind IN ('STANDARDS', 'TARGETS')),
        CONSTRAINT standards_submission_status_check CHECK (status IN ('UPLOADED', 'VALIDATING', 'VALIDATED', 'INVALID', 'FAILED', 'COMMITTED', 'SUPERSEDED')),
        -- targets belong to an agency; only standards have a national (position-wide) scope
        CONSTRAINT standards_submission_scope_check CHECK (agency_id IS NOT NULL OR kind = 'STANDARDS')
      );
      -- versions 1, 2, … per scope (national: agency NULL)
      CREATE UNIQUE INDEX uq_standards_submission_version ON standards_submission (kind, agency_id, version) NULLS NOT DISTINCT WHERE version IS NOT NULL;
      CREATE INDEX ix_standards_submission_scope ON standards_submission (kind, agency_id, created_at);
      -- one current version per scope
      CREATE UNIQUE INDEX uq_standards_submission_committed ON standards_submission (kind, agency_id) NULLS NOT DISTINCT WHERE status = 'COMMITTED';

      CREATE TABLE standards_submission_error (
        id bigserial PRIMARY KEY,
        submission_id uuid NOT NULL,
        sheet text NOT NULL DEFAULT '',
        row_no integer NOT NULL,
        column_name text NOT NULL,
        rule varchar(48) NOT NULL,
        value text,
        message text NOT NULL,
        CONSTRAINT standards_submission_error_submission_id_fkey FOREIGN KEY (submission_id) REFERENCES standards_submission(id) ON DELETE CASCADE
      );
      CREATE INDEX ix_standards_submission_error ON standards_submission_error (submission_id, row_no);

      ALTER TABLE workload_activity ADD COLUMN output_unit text;
      -- { standards, nationalStandards, targets }: the versions a run's snapshot of the agency read
      ALTER TABLE plan_run_input ADD COLUMN input_versions jsonb NOT NULL DEFAULT '{}';
    `);
    for (const table of BULK_AUDITED) {
      await q.query(`DROP TRIGGER ${table}_audit ON ${table}`);
      await q.query(`CREATE TRIGGER ${table}_audit AFTER INSERT OR UPDATE OR DELETE ON ${table} FOR EACH ROW
        WHEN (coalesce(current_setting('formasi.audit_bulk', true), '') = ''
              OR current_setting('formasi.audit_bulk', true) IS DISTINCT FROM current_setting('formasi.audit_id', true))
        EXECUTE FUNCTION audit_row_change()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of BULK_AUDITED) {
      await q.query(`DROP TRIGGER ${table}_audit ON ${table}`);
      await q.query(`CREATE TRIGGER ${table}_audit AFTER INSERT OR UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION audit_row_change()`);
    }
    await q.query(`
      ALTER TABLE plan_run_input DROP COLUMN input_versions;
      ALTER TABLE workload_activity DROP COLUMN output_unit;
      DROP TABLE standards_submission_error;
      DROP TABLE standards_submission;
    `);
  }
}
