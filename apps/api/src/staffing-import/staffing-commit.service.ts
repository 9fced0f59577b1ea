import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AuditActor } from '@formasi/database';
import { AuditService } from '../audit/audit.service';
import { DataSource, EntityManager } from 'typeorm';
import type { StaffingSubmissionStatus } from '@formasi/database';
import { DomainError, DomainErrorCode, InputValidationError, NotFoundError } from '../common/domain-error';

export interface CommitOutcome {
  /** False when the submission was already committed (a repeated commit). */
  applied: boolean;
  version: number;
  joiners: number;
  leavers: number;
  updated: number;
  transferredIn: number;
}

interface LockedSubmission {
  agencyId: string;
  status: StaffingSubmissionStatus;
  version: number | null;
  errorCount: number | null;
  transferCount: number | null;
  baseVersion: number | null;
}

const affected = (res: unknown): number => (Array.isArray(res) && typeof res[1] === 'number' ? res[1] : 0);

/**
 * Applies a validated submission: the agency's roster (the `employee` rows the plan worker
 * reads) becomes the submission's rows in ONE transaction, set-based, or nothing changes.
 */
@Injectable()
export class StaffingCommitService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async commit(actor: AuditActor, submissionId: string, confirmTransfers = false): Promise<CommitOutcome> {
    const started = Date.now();
    const [head] = (await this.db.query(
      'SELECT s.agency_id AS "agencyId", a.code AS "agencyCode" FROM staffing_submission s JOIN agency a ON a.id = s.agency_id WHERE s.id = $1',
      [submissionId],
    )) as Array<{ agencyId: string; agencyCode: string }>;
    if (!head) throw new NotFoundError('staffing submission', submissionId);
    const entry = { action: 'commitStaffingSubmission', agencyCode: head.agencyCode, entity: 'staffingSubmission', entityKey: submissionId, summary: { confirmTransfers } };
    const outcome = await this.audit.transaction(actor, entry, async (tx, record): Promise<CommitOutcome> => {
      // one commit per agency at a time; the second waits and then sees the new version
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`staffing-commit:${head.agencyId}`]);
      const [sub] = (await tx.query(
        `SELECT agency_id AS "agencyId", status, version, error_count AS "errorCount", transfer_count AS "transferCount",
                base_version AS "baseVersion" FROM staffing_submission WHERE id = $1 FOR UPDATE`,
        [submissionId],
      )) as LockedSubmission[];
      if (sub!.status === 'COMMITTED') return { applied: false, version: sub!.version!, joiners: 0, leavers: 0, updated: 0, transferredIn: 0 };
      if (sub!.status !== 'VALIDATED' || sub!.errorCount !== 0) {
        throw new DomainError(DomainErrorCode.CONFLICT, `submission ${submissionId} is ${sub!.status}; only a VALIDATED submission without errors can be committed`);
      }
      if ((sub!.transferCount ?? 0) > 0 && !confirmTransfers) {
        throw new InputValidationError([{
          field: 'confirmTransfers',
          message: `${sub!.transferCount} NIPs are in post in another agency; commit with confirmTransfers: true to move them here`,
        }]);
      }
      const [current] = (await tx.query(
        `SELECT coalesce(max(version), 0)::int AS v FROM staffing_submission WHERE agency_id = $1 AND status IN ('COMMITTED', 'SUPERSEDED')`,
        [sub!.agencyId],
      )) as Array<{ v: number }>;
      if (current!.v !== sub!.baseVersion) {
        throw new DomainError(
          DomainErrorCode.CONFLICT,
          `roster version ${current!.v} was committed after this submission was validated against version ${sub!.baseVersion}; upload it again to see the new diff`,
        );
      }
      const merged = await this.merge(tx, submissionId, sub!.agencyId, confirmTransfers);
      const version = current!.v + 1;
      await tx.query(`UPDATE staffing_submission SET status = 'SUPERSEDED', superseded_at = now() WHERE agency_id = $1 AND status = 'COMMITTED'`, [sub!.agencyId]);
      await tx.query(
        `UPDATE staffing_submission SET status = 'COMMITTED', version = $2, committed_at = now(), commit_ms = $3 WHERE id = $1`,
        [submissionId, version, Date.now() - started],
      );
      await record.amend({ summary: { version, ...merged } });
      return { ...merged, applied: true, version };
    });
    // a first roster of a large agency changes employee's size many times over; plans for the
    // next diff and commit need to know it before autovacuum gets round to it
    if (outcome.joiners + outcome.leavers > 10000) await this.db.query('ANALYZE employee');
    if (outcome.applied) {
      // submissions validated against an older version can no longer be committed: free their staged rows
      await this.db.query(
        `DELETE FROM staffing_submission_row WHERE submission_id IN (
           SELECT id FROM staffing_submission WHERE agency_id = $1 AND status = 'VALIDATED' AND base_version < $2)`,
        [head.agencyId, outcome.version],
      );
    }
    return outcome;
  }

  /**
   * Leavers are closed (active = false), changed rows updated in place, joiners inserted.
   * `s.nip::bpchar` lets PostgreSQL use employee's NIP index (char(18)) for small submissions.
   */
  private async merge(tx: EntityManager, submissionId: string, agencyId: string, confirmTransfers: boolean): Promise<Omit<CommitOutcome, 'applied' | 'version'>> {
    let transferredIn = 0;
    if (confirmTransfers) {
      transferredIn = affected(await tx.query(
        `UPDATE employee e SET active = false FROM staffing_submission_row s
          WHERE s.submission_id = $1 AND e.nip = s.nip::bpchar AND e.active AND e.agency_id <> $2`,
        [submissionId, agencyId],
      ));
    }
    const leavers = affected(await tx.query(
      `UPDATE employee e SET active = false
        WHERE e.agency_id = $2 AND e.active
          AND NOT EXISTS (SELECT 1 FROM staffing_submission_row s WHERE s.submission_id = $1 AND s.nip = e.nip)`,
      [submissionId, agencyId],
    ));
    const updated = affected(await tx.query(
      `UPDATE employee e SET name = s.name, birth_date = s.birth_date, sex = s.sex, employment_type = s.employment_type,
              position_id = p.id, unit_id = u.id, category = s.category, level = s.level, tmt = s.tmt, contract_end = s.contract_end
         FROM staffing_submission_row s JOIN position p ON p.code = s.position_code
              LEFT JOIN org_unit u ON u.agency_id = $2 AND u.code = s.unit_code
        WHERE s.submission_id = $1 AND e.nip = s.nip::bpchar AND e.agency_id = $2 AND e.active
          AND (e.name, e.birth_date, e.sex, e.employment_type, e.position_id, e.unit_id, e.category, e.level, e.tmt, e.contract_end)
              IS DISTINCT FROM (s.name, s.birth_date, s.sex, s.employment_type, p.id, u.id, s.category, s.level, s.tmt, s.contract_end)`,
      [submissionId, agencyId],
    ));
    // INSERT answers no row count through TypeORM; count the RETURNING rows in SQL instead
    const [inserted] = (await tx.query(
      `WITH ins AS (INSERT INTO employee (nip, name, birth_date, sex, employment_type, agency_id, position_id, unit_id, category, level, tmt, contract_end)
       SELECT s.nip, s.name, s.birth_date, s.sex, s.employment_type, $2, p.id, u.id, s.category, s.level, s.tmt, s.contract_end
         FROM staffing_submission_row s JOIN position p ON p.code = s.position_code
              LEFT JOIN org_unit u ON u.agency_id = $2 AND u.code = s.unit_code
        WHERE s.submission_id = $1 AND NOT EXISTS (SELECT 1 FROM employee e WHERE e.nip = s.nip::bpchar AND e.active)
       RETURNING 1) SELECT count(*)::int AS n FROM ins`,
      [submissionId, agencyId],
    )) as Array<{ n: number }>;
    return { joiners: inserted!.n, leavers, updated, transferredIn };
  }
}
