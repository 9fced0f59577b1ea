import { MigrationInterface, QueryRunner } from 'typeorm';
import { auditTriggerSql } from './1764300000000-access-and-audit';

/**
 * Recruitment outcomes (realisasi) per determined proposal line: applicants, passed, places
 * filled by optimalisasi, withdrawals, appointments and the unfilled places with their reason.
 * One row per line, replaced whole by a later upload of the same line; the row trigger keeps
 * every before and after in the audit log.
 */
export class RecruitmentOutcomes1765000000000 implements MigrationInterface {
  name = 'RecruitmentOutcomes1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE recruitment_outcome (
        line_id uuid PRIMARY KEY,
        proposal_id uuid NOT NULL,
        applicants integer NOT NULL,
        passed integer NOT NULL,
        optimalisasi integer NOT NULL,
        withdrew integer NOT NULL,
        appointed integer NOT NULL,
        unfilled integer NOT NULL,
        unfilled_reason varchar(16),
        source varchar(8) NOT NULL,
        file_name text,
        file_sha256 char(64),
        recorded_by_email text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT recruitment_outcome_line_id_fkey FOREIGN KEY (line_id) REFERENCES proposal_line(id) ON DELETE CASCADE,
        CONSTRAINT recruitment_outcome_proposal_id_fkey FOREIGN KEY (proposal_id) REFERENCES proposal(id) ON DELETE CASCADE,
        CONSTRAINT recruitment_outcome_count_check
          CHECK (applicants >= 0 AND passed >= 0 AND optimalisasi >= 0 AND withdrew >= 0 AND appointed >= 0 AND unfilled >= 0),
        CONSTRAINT recruitment_outcome_reason_check
          CHECK (unfilled_reason IN ('NO_APPLICANT', 'NOT_QUALIFIED', 'WITHDREW', 'NOT_ANNOUNCED', 'OTHER')),
        CONSTRAINT recruitment_outcome_reason_present_check CHECK ((unfilled = 0) = (unfilled_reason IS NULL)),
        CONSTRAINT recruitment_outcome_source_check CHECK (source IN ('FILE', 'API'))
      );
      CREATE INDEX ix_recruitment_outcome_proposal ON recruitment_outcome (proposal_id);
    `);
    await q.query(auditTriggerSql('recruitment_outcome', []));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE recruitment_outcome');
  }
}
