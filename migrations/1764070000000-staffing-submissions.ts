import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Staffing submissions: uploaded roster files, their staged rows (which stay as the roster
 * at the version a committed submission became) and the rule violations found in them.
 */
export class StaffingSubmissions1764070000000 implements MigrationInterface {
  name = 'StaffingSubmissions1764070000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE staffing_submission (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        agency_id uuid NOT NULL REFERENCES agency(id) ON DELETE CASCADE,
        version integer CHECK (version > 0),
        status varchar(16) NOT NULL
          CHECK (status IN ('UPLOADED', 'VALIDATING', 'VALIDATED', 'INVALID', 'COMMITTED', 'SUPERSEDED', 'FAILED')),
        uploaded_by text NOT NULL,
        file_name text NOT NULL,
        file_path text,
        file_size bigint NOT NULL,
        sha256 char(64) NOT NULL,
        format varchar(8) NOT NULL CHECK (format IN ('CSV', 'XLSX')),
        as_of date NOT NULL,
        base_version integer,
        progress smallint NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
        row_count integer,
        error_count integer,
        transfer_count integer,
        error_summary jsonb,
        diff jsonb,
        failure text,
        created_at timestamptz NOT NULL DEFAULT now(),
        validation_started_at timestamptz,
        validated_at timestamptz,
        committed_at timestamptz,
        superseded_at timestamptz,
        commit_ms integer,
        CONSTRAINT uq_staffing_submission_version UNIQUE (agency_id, version),
        CHECK ((version IS NOT NULL) = (status IN ('COMMITTED', 'SUPERSEDED')))
      );
      CREATE INDEX ix_staffing_submission_agency ON staffing_submission (agency_id, created_at DESC);
      -- one current version per agency
      CREATE UNIQUE INDEX uq_staffing_submission_current ON staffing_submission (agency_id) WHERE status = 'COMMITTED';

      -- Staged rows, loaded with COPY: no foreign key (a per-row check would slow the load), the
      -- submission's deletion removes them in the service. Typed columns are NULL where the
      -- file's text is not a valid value; the error rows keep that text.
      CREATE TABLE staffing_submission_row (
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
        level varchar(16),
        PRIMARY KEY (submission_id, row_no)
      );

      CREATE TABLE staffing_submission_error (
        id bigserial PRIMARY KEY,
        submission_id uuid NOT NULL REFERENCES staffing_submission(id) ON DELETE CASCADE,
        row_no integer NOT NULL,
        column_name varchar(64) NOT NULL,
        rule varchar(48) NOT NULL,
        value text,
        message text NOT NULL,
        severity varchar(8) NOT NULL CHECK (severity IN ('ERROR', 'TRANSFER'))
      );
      CREATE INDEX ix_staffing_submission_error_row ON staffing_submission_error (submission_id, severity, row_no, id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE staffing_submission_error; DROP TABLE staffing_submission_row; DROP TABLE staffing_submission;');
  }
}
