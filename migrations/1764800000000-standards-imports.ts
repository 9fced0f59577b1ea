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
    // The activity → standard reference is checked per statement, not per row: a row-level
    // foreign key runs one lookup per inserted activity (7.5 of 10.7 s for 1.5 M activities,
    // measured on PostgreSQL 15), a statement trigger one join over the statement's rows.
    // Same guarantees: an activity's standard exists (locked against a concurrent delete) and
    // deleting a standard deletes its activities.
    await q.query(`
      ALTER TABLE workload_activity DROP CONSTRAINT workload_activity_standard_id_fkey;
      CREATE FUNCTION workload_activity_standard_exists() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        wanted bigint;
        found bigint;
        missing uuid;
      BEGIN
        -- the standards named, each once, locked against a concurrent delete as a foreign key would
        SELECT count(*) INTO wanted FROM (SELECT DISTINCT standard_id FROM new_rows) i;
        SELECT count(*) INTO found FROM (SELECT 1 FROM workload_standard s WHERE s.id IN (SELECT DISTINCT standard_id FROM new_rows) FOR KEY SHARE OF s) l;
        IF found < wanted THEN
          SELECT n.standard_id INTO missing FROM new_rows n WHERE NOT EXISTS (SELECT 1 FROM workload_standard s WHERE s.id = n.standard_id) LIMIT 1;
          RAISE EXCEPTION 'insert or update on table "workload_activity" violates foreign key "workload_activity_standard_id_fkey": standard % does not exist', missing
            USING ERRCODE = 'foreign_key_violation';
        END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER workload_activity_standard_exists_insert AFTER INSERT ON workload_activity
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION workload_activity_standard_exists();
      CREATE TRIGGER workload_activity_standard_exists_update AFTER UPDATE ON workload_activity
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION workload_activity_standard_exists();
      CREATE FUNCTION workload_standard_delete_activities() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM workload_activity a USING old_rows o WHERE a.standard_id = o.id;
        RETURN NULL;
      END $$;
      CREATE TRIGGER workload_standard_delete_activities AFTER DELETE ON workload_standard
        REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION workload_standard_delete_activities();
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
    // back to the row-level foreign key and the plain audit triggers, in the reverse order of up()
    await q.query(`
      DROP TRIGGER workload_standard_delete_activities ON workload_standard;
      DROP TRIGGER workload_activity_standard_exists_insert ON workload_activity;
      DROP TRIGGER workload_activity_standard_exists_update ON workload_activity;
      DROP FUNCTION workload_standard_delete_activities(); DROP FUNCTION workload_activity_standard_exists();
      ALTER TABLE workload_activity ADD CONSTRAINT workload_activity_standard_id_fkey FOREIGN KEY (standard_id) REFERENCES workload_standard(id) ON DELETE CASCADE;
    `);
    for (const table of BULK_AUDITED) {
      await q.query(`DROP TRIGGER ${table}_audit ON ${table}`);
      await q.query(
        `CREATE TRIGGER ${table}_audit AFTER INSERT OR UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION audit_row_change()`,
      );
    }
    await q.query(`
      ALTER TABLE plan_run_input DROP COLUMN input_versions;
      ALTER TABLE workload_activity DROP COLUMN output_unit;
      DROP TABLE standards_submission_error;
      DROP TABLE standards_submission;
    `);
  }
}
