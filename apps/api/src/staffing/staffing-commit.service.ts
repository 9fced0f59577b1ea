import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AuditActor } from '@formasi/database';
import { AuditService } from '../audit/audit.service';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import {
  currentRosterIds,
  currentRostersFrom,
  dropRosterRows,
  lockRosters,
  promoteRosterVersion,
  ROSTER_ROW_COLUMNS,
  rosterRowsTable,
  writeRosterVersion,
} from '@formasi/database';
import type { StaffingDiff, StaffingSubmissionStatus } from '@formasi/database';
import { DomainError, DomainErrorCode, InputValidationError, NotFoundError } from '../common/domain-error';
import { RosterUpkeepService } from './roster-upkeep.service';

export interface CommitOutcome {
  /** False when the submission was already committed (a repeated commit). Counts come from the dry-run diff. */
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
  diff: StaffingDiff | null;
}

/** Other agencies whose current roster holds a NIP of the submission, with how many. */
interface TransferSource {
  agencyId: string;
  agencyCode: string;
  submissionId: string;
  n: number;
}

/**
 * Applies a validated submission: its staged rows become the agency's current roster by moving
 * the COMMITTED pointer, in ONE transaction, or nothing changes. No row is written per employee;
 * only a confirmed transfer writes a new version of the agency the people leave.
 */
@Injectable()
export class StaffingCommitService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly upkeep: RosterUpkeepService,
  ) {}

  async commit(actor: AuditActor, submissionId: string, confirmTransfers = false): Promise<CommitOutcome> {
    const started = Date.now();
    const [head] = (await this.db.query(
      'SELECT s.agency_id AS "agencyId", a.code AS "agencyCode" FROM staffing_submission s JOIN agency a ON a.id = s.agency_id WHERE s.id = $1',
      [submissionId],
    )) as Array<{ agencyId: string; agencyCode: string }>;
    if (!head) throw new NotFoundError('staffing submission', submissionId);
    const entry = {
      action: 'commitStaffingSubmission',
      agencyCode: head.agencyCode,
      entity: 'staffingSubmission',
      entityKey: submissionId,
      summary: { confirmTransfers },
    };
    // the roster versions this commit makes: its own, and the other side of each confirmed transfer
    const versions: string[] = [];
    const outcome = await this.audit.transaction(actor, entry, async (tx, record): Promise<CommitOutcome> => {
      // one commit per agency at a time; the second waits and then sees the new version
      await lockRosters(tx, head.agencyId);
      const [sub] = (await tx.query(
        `SELECT agency_id AS "agencyId", status, version, error_count AS "errorCount", transfer_count AS "transferCount",
                base_version AS "baseVersion", diff FROM staffing_submission WHERE id = $1 FOR UPDATE`,
        [submissionId],
      )) as LockedSubmission[];
      if (sub!.status === 'COMMITTED')
        return { applied: false, version: sub!.version!, joiners: 0, leavers: 0, updated: 0, transferredIn: 0 };
      if (sub!.status !== 'VALIDATED' || sub!.errorCount !== 0) {
        throw new DomainError(
          DomainErrorCode.CONFLICT,
          `submission ${submissionId} is ${sub!.status}; only a VALIDATED submission without errors can be committed`,
        );
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
      // checked again under the lock: another agency may have committed one of these NIPs since validation
      const sources = await this.transferSources(tx, submissionId, sub!.agencyId);
      const transfers = sources.reduce((n, s) => n + s.n, 0);
      if (transfers > 0 && !confirmTransfers) {
        throw new InputValidationError([
          {
            field: 'confirmTransfers',
            message: `${transfers} NIPs are in post in another agency; commit with confirmTransfers: true to move them here`,
          },
        ]);
      }
      for (const source of sources) versions.push(await this.transferOut(tx, source, submissionId));
      const version = current!.v + 1;
      versions.push(submissionId);
      await promoteRosterVersion(tx, sub!.agencyId, submissionId, version, Date.now() - started);
      const d = sub!.diff!;
      const outcome = {
        applied: true,
        version,
        joiners: d.joiners,
        leavers: d.leavers,
        updated: d.moves + d.changed,
        transferredIn: transfers,
      };
      const { applied: _applied, ...counts } = outcome;
      await record.amend({ summary: counts });
      return outcome;
    });
    if (outcome.applied) {
      // submissions validated against an older version can no longer be committed: free their staged rows
      const stale = (await this.db.query(
        `SELECT id FROM staffing_submission WHERE agency_id = $1 AND status = 'VALIDATED' AND base_version < $2`,
        [head.agencyId, outcome.version],
      )) as Array<{ id: string }>;
      for (const { id } of stale) await dropRosterRows(this.db, id);
      await this.upkeep.afterChange({ id: head.agencyId, code: head.agencyCode }, versions);
    }
    return outcome;
  }

  private async transferSources(tx: EntityManager, submissionId: string, agencyId: string): Promise<TransferSource[]> {
    return tx.query(
      `SELECT cur.agency_id AS "agencyId", a.code AS "agencyCode", cur.id AS "submissionId", count(*)::int AS n
         FROM ${rosterRowsTable(submissionId)} s JOIN ${currentRostersFrom('$1')} ON r.nip = s.nip JOIN agency a ON a.id = cur.agency_id
        GROUP BY cur.agency_id, a.code, cur.id`,
      [await currentRosterIds(tx, agencyId)],
    );
  }

  /** The agency people transfer from gets a new version without them; its history keeps them. Answers that version's id. */
  private async transferOut(tx: EntityManager, source: TransferSource, submissionId: string): Promise<string> {
    const { id } = await writeRosterVersion(tx, {
      agencyId: source.agencyId,
      uploadedBy: 'transfer',
      fileName: `${source.n} NIPs transferred by submission ${submissionId}`,
      sha256: createHash('sha256').update(`transfer:${source.submissionId}:${submissionId}`).digest('hex'),
      rowsSql: `SELECT r.row_no AS ord, ${ROSTER_ROW_COLUMNS} FROM staffing_submission_row r
                 WHERE r.submission_id = $2::uuid
                   AND NOT EXISTS (SELECT 1 FROM ${rosterRowsTable(submissionId)} s WHERE s.nip = r.nip)`,
    });
    return id;
  }
}
