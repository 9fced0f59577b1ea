import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { DataSource } from 'typeorm';
import { AppConfig } from '@formasi/config';
import { AuditActor, commitImport, ImportCommitRefused, ImportDiff, ImportKind, StaleImportError } from '@formasi/database';
import { STANDARDS_IMPORT_JOB_ATTEMPTS, STANDARDS_IMPORT_QUEUE, StandardsImportJobName, ValidateStandardsJobData } from '@formasi/queue';
import { sniffFormat, spreadsheetTextSql } from '@formasi/staffing';
import { ExportActivity, ExportTarget } from '@formasi/standards';
import { AuditService } from '../audit/audit.service';
import { DomainError, DomainErrorCode, InputValidationError, NotFoundError } from '../common/domain-error';
import {
  PlanRunInputVersionsModel,
  StandardsDiffModel,
  StandardsRowErrorModel,
  StandardsSubmissionModel,
} from './standards-submission.model';

const COLUMNS = `s.id, s.kind, a.code AS "agencyCode", s.version, s.status, s.uploaded_by AS "uploadedBy", s.file_name AS "fileName",
  s.file_size::float8 AS "fileSize", s.sha256, s.format, s.sheets, s.base_version AS "baseVersion", s.progress, s.row_count AS "rowCount",
  s.error_count AS "errorCount", s.error_summary AS "errorSummary", s.failure, '/standards/submissions/' || s.id || '/errors.csv' AS "errorFileUrl",
  s.created_at AS "createdAt", s.validated_at AS "validatedAt", s.committed_at AS "committedAt", s.commit_ms AS "commitMs", s.superseded_at AS "supersededAt"`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface NewStandardsSubmission {
  kind: ImportKind;
  /** Null: the national scope (position-wide standards). */
  agencyCode: string | null;
  uploadedBy: string;
  fileName: string;
  id: string;
  path: string;
  size: number;
  sha256: string;
}

export interface StandardsReceipt {
  /** True when the file is the scope's current version: nothing to do. */
  noop: boolean;
  message: string;
  submission: StandardsSubmissionModel;
}

/** Standards and targets submissions: uploads, their validation reports, commits and exports. */
@Injectable()
export class StandardsSubmissionService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectQueue(STANDARDS_IMPORT_QUEUE) private readonly queue: Queue<ValidateStandardsJobData>,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  async agencyId(code: string | null): Promise<string | null> {
    if (code === null) return null;
    const [row] = (await this.db.query('SELECT id FROM agency WHERE code = $1', [code])) as Array<{ id: string }>;
    if (!row) throw new NotFoundError('agency', code);
    return row.id;
  }

  /** Records an uploaded file and queues its validation; the same file as the current version is a no-op. */
  async submit(actor: AuditActor, input: NewStandardsSubmission): Promise<StandardsReceipt> {
    try {
      if (input.size === 0) throw new InputValidationError([{ field: 'file', message: 'the file is empty' }]);
      if (input.kind === 'TARGETS' && input.agencyCode === null)
        throw new InputValidationError([{ field: 'agencyCode', message: 'targets belong to an agency' }]);
      const agencyId = await this.agencyId(input.agencyCode);
      const format = await sniffFormat(input.path);
      const [current] = (await this.db.query(
        `SELECT id FROM standards_submission WHERE kind = $1 AND agency_id IS NOT DISTINCT FROM $2::uuid AND status = 'COMMITTED' AND sha256 = $3`,
        [input.kind, agencyId, input.sha256],
      )) as Array<{ id: string }>;
      if (current) {
        await rm(input.path, { force: true });
        return { noop: true, message: 'this file is already the current version; nothing changes', submission: await this.get(current.id) };
      }
      const entry = {
        action: input.kind === 'STANDARDS' ? 'submitStandards' : 'submitTargets',
        agencyCode: input.agencyCode,
        entity: 'standardsSubmission',
        entityKey: input.id,
        summary: { fileName: input.fileName, size: input.size, sha256: input.sha256 },
      };
      await this.audit.transaction(actor, entry, (tx) =>
        tx.query(
          `INSERT INTO standards_submission (id, kind, agency_id, status, uploaded_by, file_name, file_path, file_size, sha256, format)
         VALUES ($1, $2, $3, 'UPLOADED', $4, $5, $6, $7, $8, $9)`,
          [input.id, input.kind, agencyId, input.uploadedBy, input.fileName, input.path, input.size, input.sha256, format],
        ),
      );
      try {
        await this.queue.add(
          StandardsImportJobName.VALIDATE,
          { submissionId: input.id },
          {
            jobId: input.id,
            attempts: STANDARDS_IMPORT_JOB_ATTEMPTS,
            backoff: { type: 'exponential', delay: 1000 },
            removeOnComplete: { count: 1000 },
            removeOnFail: { count: 1000 },
          },
        );
      } catch (e) {
        const reason = `the validation job could not be queued: ${e instanceof Error ? e.message : String(e)}`;
        await this.db.query(`UPDATE standards_submission SET status = 'FAILED', failure = $2, file_path = NULL WHERE id = $1`, [
          input.id,
          reason,
        ]);
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

  async get(id: string): Promise<StandardsSubmissionModel> {
    const row = UUID.test(id)
      ? (
          (await this.db.query(`SELECT ${COLUMNS} FROM standards_submission s LEFT JOIN agency a ON a.id = s.agency_id WHERE s.id = $1`, [
            id,
          ])) as StandardsSubmissionModel[]
        )[0]
      : undefined;
    if (!row) throw new NotFoundError('standards submission', id);
    return row;
  }

  async list(kind: ImportKind, agencyCode: string | null, first: number): Promise<StandardsSubmissionModel[]> {
    const agencyId = await this.agencyId(agencyCode);
    return this.db.query(
      `SELECT ${COLUMNS} FROM standards_submission s LEFT JOIN agency a ON a.id = s.agency_id
        WHERE s.kind = $1 AND s.agency_id IS NOT DISTINCT FROM $2::uuid ORDER BY s.created_at DESC, s.id LIMIT $3`,
      [kind, agencyId, Math.min(Math.max(first, 1), 500)],
    );
  }

  errors(submissionId: string, first: number): Promise<StandardsRowErrorModel[]> {
    return this.db.query(
      `SELECT sheet, row_no AS "rowNo", column_name AS "column", rule, value, message FROM standards_submission_error
        WHERE submission_id = $1 ORDER BY id LIMIT $2`,
      [submissionId, Math.min(Math.max(first, 0), 10000)],
    );
  }

  async diff(submissionId: string): Promise<StandardsDiffModel | null> {
    const [row] = (await this.db.query('SELECT diff FROM standards_submission WHERE id = $1', [submissionId])) as Array<{
      diff: ImportDiff | null;
    }>;
    return row?.diff ?? null;
  }

  /** Every error of a submission as CSV, straight from PostgreSQL's COPY. */
  async writeErrorCsv(submissionId: string, out: NodeJS.WritableStream): Promise<void> {
    await this.get(submissionId);
    const runner = this.db.createQueryRunner();
    const client = (await runner.connect()) as PoolClient;
    try {
      // the id is a checked uuid; COPY takes no parameters
      await pipeline(
        client.query(
          copyTo(
            `COPY (SELECT ${spreadsheetTextSql('sheet')} AS sheet, row_no AS "row", ${spreadsheetTextSql('column_name')} AS "column", rule,
                       ${spreadsheetTextSql('value')} AS value, ${spreadsheetTextSql('message')} AS message FROM standards_submission_error
                WHERE submission_id = '${submissionId}' ORDER BY id) TO STDOUT WITH (FORMAT csv, HEADER true)`,
          ),
        ),
        out,
      );
    } finally {
      await runner.release();
    }
  }

  /** Makes a VALIDATED submission the scope's current standards or targets, in one transaction. */
  async commit(actor: AuditActor, id: string): Promise<StandardsSubmissionModel> {
    await this.get(id);
    const runner = this.db.createQueryRunner();
    const client = (await runner.connect()) as PoolClient;
    try {
      await commitImport(client, actor, id, this.config.standardsVersionsKept);
    } catch (e) {
      if (e instanceof ImportCommitRefused || e instanceof StaleImportError) throw new DomainError(DomainErrorCode.CONFLICT, e.message);
      throw e;
    } finally {
      await runner.release();
    }
    return this.get(id);
  }

  /** The scope's current activities, in the order the standards file lists them. */
  async standardsForExport(agencyCode: string | null): Promise<ExportActivity[]> {
    const agencyId = await this.agencyId(agencyCode);
    const num = (c: string): string => `trim_scale(a.${c})::text AS "${c.replace(/_([a-z])/g, (_, l: string) => l.toUpperCase())}"`;
    return this.db.query(
      `SELECT p.code AS "positionCode", u.code AS "unitCode", a.kind, a.name, a.output_unit AS "outputUnit", ${num('annual_volume')},
              a.driver_indicator AS "driverIndicator", ${num('driver_factor')}, ${num('driver_base')}, ${num('minutes_per_unit')}, ${num('units_per_hour')},
              ${num('percent_of_working_time')}, ${num('hours_per_year')}, ${num('staff_count')}
         FROM workload_standard s JOIN position p ON p.id = s.position_id LEFT JOIN org_unit u ON u.id = s.unit_id
         JOIN workload_activity a ON a.standard_id = s.id
        WHERE CASE WHEN $1::uuid IS NULL THEN s.unit_id IS NULL ELSE u.agency_id = $1::uuid END
        ORDER BY p.code, u.code, a.ordinal`,
      [agencyId],
    );
  }

  async targetsForExport(agencyCode: string): Promise<ExportTarget[]> {
    const agencyId = await this.agencyId(agencyCode);
    return this.db.query(
      `SELECT t.indicator, u.code AS "unitCode", t.year::int AS year, trim_scale(t.value)::text AS value, t.source, t.document, trim_scale(t.priority)::text AS priority
         FROM development_target t LEFT JOIN org_unit u ON u.id = t.unit_id WHERE t.agency_id = $1
        ORDER BY t.indicator, u.code NULLS FIRST, t.year`,
      [agencyId],
    );
  }

  /** What each agency's snapshot of a run read. */
  async inputVersions(runId: string): Promise<PlanRunInputVersionsModel[]> {
    const rows = (await this.db.query(
      `SELECT agency_code AS "agencyCode", coalesce((input_versions->>'standards')::int, 0) AS standards,
              coalesce((input_versions->>'nationalStandards')::int, 0) AS "nationalStandards", coalesce((input_versions->>'targets')::int, 0) AS targets
         FROM plan_run_input WHERE run_id = $1 ORDER BY agency_code`,
      [runId],
    )) as PlanRunInputVersionsModel[];
    if (rows.length === 0) {
      const [run] = (await this.db.query('SELECT id FROM plan_run WHERE id = $1', [runId])) as Array<{ id: string }>;
      if (!run) throw new NotFoundError('plan run', runId);
    }
    return rows;
  }
}
