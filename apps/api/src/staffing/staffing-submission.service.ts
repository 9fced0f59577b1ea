import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { StaffingSubmissionRepository } from '@formasi/database';
import type { AuditActor } from '@formasi/database';
import { AgencyService } from '../agencies/agency.service';
import { isRealDate } from '../common/validators';
import { AuditService } from '../audit/audit.service';
import { Queue } from 'bullmq';
import { rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { DataSource } from 'typeorm';
import type { StaffingDiff } from '@formasi/database';
import { STAFFING_IMPORT_JOB_ATTEMPTS, STAFFING_IMPORT_QUEUE, StaffingImportJobName, ValidateSubmissionJobData } from '@formasi/queue';
import { sniffFormat, spreadsheetTextSql } from '@formasi/staffing';
import { DomainError, DomainErrorCode, InputValidationError, NotFoundError } from '../common/domain-error';
import { RosterVersionModel, StaffingDiffModel, StaffingRowErrorModel, StaffingSubmissionModel } from './staffing-submission.model';

export const SUBMISSION_COLUMNS = `s.id, a.code AS "agencyCode", s.version, s.status, s.uploaded_by AS "uploadedBy", s.file_name AS "fileName",
  s.file_size::float8 AS "fileSize", s.sha256, s.format, to_char(s.as_of, 'YYYY-MM-DD') AS "asOf", s.base_version AS "baseVersion",
  s.progress, s.row_count AS "rowCount", s.error_count AS "errorCount", s.transfer_count AS "transferCount",
  s.error_summary AS "errorSummary", s.failure, '/staffing/submissions/' || s.id || '/errors.csv' AS "errorFileUrl",
  s.created_at AS "createdAt", s.validated_at AS "validatedAt",
  (extract(epoch FROM s.validated_at - s.validation_started_at) * 1000)::int AS "validationMs",
  s.committed_at AS "committedAt", s.commit_ms AS "commitMs", s.superseded_at AS "supersededAt", s.rows_purged_at AS "rowsPurgedAt"`;

export interface NewSubmission {
  agencyCode: string;
  uploadedBy?: string;
  asOf?: string;
  fileName: string;
  /** The uploaded file, already on disk in the upload directory (see storeRoster); its name is the submission id. */
  id: string;
  path: string;
  size: number;
  sha256: string;
}

export interface SubmissionReceipt {
  /** True when the file is the agency's current committed version: nothing to do. */
  noop: boolean;
  message: string;
  submission: StaffingSubmissionModel;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Staffing submissions: recording uploads, queueing their validation, reports and roster versions. */
@Injectable()
export class StaffingSubmissionService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectQueue(STAFFING_IMPORT_QUEUE) private readonly queue: Queue<ValidateSubmissionJobData>,
    private readonly audit: AuditService,
    private readonly agencies: AgencyService,
    private readonly submissions: StaffingSubmissionRepository,
  ) {}

  async requireAgencyId(code: string): Promise<string> {
    return (await this.agencies.requireExisting(code)).id;
  }

  /** Records an uploaded file and queues its validation; the same file as the current version is a no-op. */
  async submit(actor: AuditActor, input: NewSubmission): Promise<SubmissionReceipt> {
    try {
      const asOf = input.asOf ?? new Date().toISOString().slice(0, 10);
      if (!isRealDate(asOf)) throw new InputValidationError([{ field: 'asOf', message: 'asOf must be a calendar date yyyy-mm-dd' }]);
      if (input.size === 0) throw new InputValidationError([{ field: 'file', message: 'the file is empty' }]);
      const agencyId = await this.requireAgencyId(input.agencyCode);
      const { sha256 } = input;
      if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`the upload of ${input.fileName} was stored without its SHA-256`);
      const format = await sniffFormat(input.path);
      const current = await this.submissions.findCommittedFile(agencyId, sha256);
      if (current) {
        await rm(input.path, { force: true });
        return {
          noop: true,
          message: 'this file is already the current roster version; nothing changes',
          submission: await this.get(current),
        };
      }
      const entry = {
        action: 'submitStaffing',
        agencyCode: input.agencyCode,
        entity: 'staffingSubmission',
        entityKey: input.id,
        summary: { fileName: input.fileName, size: input.size, sha256, asOf },
      };
      const uploadedBy = input.uploadedBy?.trim() || 'unknown';
      await this.audit.transaction(actor, entry, (tx) =>
        this.submissions.insertUploaded(tx, {
          id: input.id,
          agencyId,
          uploadedBy,
          fileName: input.fileName,
          filePath: input.path,
          fileSize: input.size,
          sha256,
          format,
          asOf,
        }),
      );
      try {
        await this.queue.add(
          StaffingImportJobName.VALIDATE,
          { submissionId: input.id },
          {
            jobId: input.id,
            attempts: STAFFING_IMPORT_JOB_ATTEMPTS,
            backoff: { type: 'exponential', delay: 1000 },
            removeOnComplete: { count: 1000 },
            removeOnFail: { count: 1000 },
          },
        );
      } catch (e) {
        // no job will ever read the file: say so on the submission instead of leaving it UPLOADED
        const reason = `the validation job could not be queued: ${e instanceof Error ? e.message : String(e)}`;
        await this.submissions.failUnqueued(input.id, reason);
        throw new DomainError(
          DomainErrorCode.QUEUE_UNAVAILABLE,
          `submission ${input.id} could not be queued; it is recorded as FAILED, upload the file again later`,
        );
      }
      return {
        noop: false,
        message: 'validation queued; the report shows errors and the diff, commit applies it',
        submission: await this.get(input.id),
      };
    } catch (e) {
      await rm(input.path, { force: true });
      throw e;
    }
  }

  async get(id: string): Promise<StaffingSubmissionModel> {
    const row = UUID.test(id)
      ? (
          (await this.db.query(
            `SELECT ${SUBMISSION_COLUMNS} FROM staffing_submission s JOIN agency a ON a.id = s.agency_id WHERE s.id = $1`,
            [id],
          )) as StaffingSubmissionModel[]
        )[0]
      : undefined;
    if (!row) throw new NotFoundError('staffing submission', id);
    return row;
  }

  async list(agencyCode: string, first: number): Promise<StaffingSubmissionModel[]> {
    const agencyId = await this.requireAgencyId(agencyCode);
    return this.db.query(
      `SELECT ${SUBMISSION_COLUMNS} FROM staffing_submission s JOIN agency a ON a.id = s.agency_id
        WHERE s.agency_id = $1 ORDER BY s.created_at DESC, s.id LIMIT $2`,
      [agencyId, Math.min(Math.max(first, 1), 500)],
    );
  }

  async errors(submissionId: string, severity: 'ERROR' | 'TRANSFER', first: number): Promise<StaffingRowErrorModel[]> {
    return this.db.query(
      `SELECT row_no AS "rowNo", column_name AS "column", rule, value, message FROM staffing_submission_error
        WHERE submission_id = $1 AND severity = $2 ORDER BY row_no, id LIMIT $3`,
      [submissionId, severity, Math.min(Math.max(first, 0), 10000)],
    );
  }

  async diff(submissionId: string): Promise<StaffingDiffModel | null> {
    const [row] = (await this.db.query('SELECT diff FROM staffing_submission WHERE id = $1', [submissionId])) as Array<{
      diff: StaffingDiff | null;
    }>;
    const d = row?.diff;
    if (!d) return null;
    return {
      unchanged: d.unchanged,
      joiners: d.joiners,
      leavers: d.leavers,
      moves: d.moves,
      changed: d.changed,
      joinerSample: d.sample.joiners,
      leaverSample: d.sample.leavers,
      moveSample: d.sample.moves,
      changedSample: d.sample.changed,
    };
  }

  /** Streams every error of a submission as CSV, straight from PostgreSQL's COPY. */
  async writeErrorCsv(submissionId: string, out: NodeJS.WritableStream): Promise<void> {
    await this.get(submissionId);
    const runner = this.db.createQueryRunner();
    const client = (await runner.connect()) as PoolClient;
    try {
      // the id is a checked uuid; COPY takes no parameters
      const copy = client.query(
        copyTo(
          `COPY (SELECT row_no AS "row", ${spreadsheetTextSql('column_name')} AS "column", rule, ${spreadsheetTextSql('value')} AS value,
                       ${spreadsheetTextSql('message')} AS message, severity FROM staffing_submission_error
                WHERE submission_id = '${submissionId}' ORDER BY row_no, id) TO STDOUT WITH (FORMAT csv, HEADER true)`,
        ),
      );
      await pipeline(copy, out);
    } finally {
      await runner.release();
    }
  }

  /** The roster a committed submission made: its staged rows, kept as that version's history. */
  async rosterAtVersion(agencyCode: string, version: number, first: number, offset: number): Promise<RosterVersionModel> {
    const agencyId = await this.requireAgencyId(agencyCode);
    const [sub] = (await this.db.query(
      `SELECT id, to_char(as_of, 'YYYY-MM-DD') AS "asOf", committed_at AS "committedAt", row_count AS "rowCount", to_char(rows_purged_at, 'YYYY-MM-DD') AS "purgedOn"
         FROM staffing_submission WHERE agency_id = $1 AND version = $2`,
      [agencyId, version],
    )) as Array<{ id: string; asOf: string; committedAt: Date; rowCount: number; purgedOn: string | null }>;
    if (!sub) throw new NotFoundError('roster version', `${agencyCode} v${version}`);
    if (sub.purgedOn) {
      throw new DomainError(
        DomainErrorCode.NOT_FOUND,
        `the rows of roster version ${agencyCode} v${version} were removed on ${sub.purgedOn}: the service keeps the rows of each agency's newest versions only (ROSTER_VERSIONS_KEPT); the submission record stays`,
      );
    }
    const employees = await this.db.query(
      `SELECT nip, name, to_char(birth_date, 'YYYY-MM-DD') AS "birthDate", sex, employment_type AS "employmentType",
              position_code AS "positionCode", unit_code AS "unitCode", category, level, to_char(tmt, 'YYYY-MM-DD') AS tmt,
              to_char(contract_end, 'YYYY-MM-DD') AS "contractEnd"
         FROM staffing_submission_row WHERE submission_id = $1 ORDER BY row_no LIMIT $2 OFFSET $3`,
      [sub.id, Math.min(Math.max(first, 0), 10000), Math.max(offset, 0)],
    );
    return { agencyCode, version, submissionId: sub.id, asOf: sub.asOf, committedAt: sub.committedAt, totalCount: sub.rowCount, employees };
  }
}
