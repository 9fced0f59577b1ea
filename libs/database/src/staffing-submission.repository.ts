import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { StaffingDiff, StaffingFileFormat } from './entities';
import type { Queryable } from './roster-version.repository';

// The lifecycle of a staffing submission up to validation, one method per transition:
// UPLOADED (insertUploaded) → VALIDATING (claimForValidation) → VALIDATED | INVALID | FAILED.
// Commits and supersessions are roster versions: see roster-version.repository.ts.

export interface NewSubmission {
  id: string;
  agencyId: string;
  uploadedBy: string;
  fileName: string;
  filePath: string;
  fileSize: number;
  sha256: string;
  format: StaffingFileFormat;
  asOf: string;
}

/** What the validation job needs of the submission it claimed. */
export interface ClaimedSubmission {
  agencyId: string;
  filePath: string | null;
  format: StaffingFileFormat;
  asOf: string;
}

/** One problem of a row (or of the file: row 1 is the header). */
export interface SubmissionErrorRow {
  rowNo: number;
  column: string;
  rule: string;
  value: string;
  message: string;
}

export interface SubmissionErrorCounts {
  errorCount: number;
  transferCount: number;
  /** Count per rule. */
  summary: Record<string, number>;
}

@Injectable()
export class StaffingSubmissionRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The agency's COMMITTED submission of exactly this file, if any (re-uploading it is a no-op). */
  async findCommittedFile(agencyId: string, sha256: string): Promise<string | null> {
    const [row] = (await this.db.query(`SELECT id FROM staffing_submission WHERE agency_id = $1 AND status = 'COMMITTED' AND sha256 = $2`, [
      agencyId,
      sha256,
    ])) as Array<{ id: string }>;
    return row?.id ?? null;
  }

  /** Records an uploaded file; `tx` is the caller's (audited) transaction. */
  async insertUploaded(tx: Queryable, s: NewSubmission): Promise<void> {
    await tx.query(
      `INSERT INTO staffing_submission (id, agency_id, status, uploaded_by, file_name, file_path, file_size, sha256, format, as_of)
       VALUES ($1, $2, 'UPLOADED', $3, $4, $5, $6, $7, $8, $9)`,
      [s.id, s.agencyId, s.uploadedBy, s.fileName, s.filePath, s.fileSize, s.sha256, s.format, s.asOf],
    );
  }

  /** No job will ever read the file: FAILED with the reason, instead of UPLOADED forever. */
  async failUnqueued(id: string, reason: string): Promise<void> {
    await this.db.query(`UPDATE staffing_submission SET status = 'FAILED', failure = $2, file_path = NULL WHERE id = $1`, [id, reason]);
  }

  /** VALIDATING; null when it is already validated, committed or failed for good (a redelivered job changes nothing). */
  async claimForValidation(id: string): Promise<ClaimedSubmission | null> {
    const [claimed] = (
      await this.db.query(
        `UPDATE staffing_submission SET status = 'VALIDATING', validation_started_at = now(), progress = 1, failure = NULL
          WHERE id = $1 AND status IN ('UPLOADED', 'VALIDATING')
          RETURNING agency_id AS "agencyId", file_path AS "filePath", format, to_char(as_of, 'YYYY-MM-DD') AS "asOf"`,
        [id],
      )
    )[0] as ClaimedSubmission[];
    return claimed ?? null;
  }

  /** Progress only moves forward. */
  async progress(id: string, percent: number): Promise<void> {
    await this.db.query('UPDATE staffing_submission SET progress = $2 WHERE id = $1 AND progress < $2', [id, percent]);
  }

  /** What an earlier attempt reported is cleared before a retry reports again. */
  async clearErrors(id: string): Promise<void> {
    await this.db.query('DELETE FROM staffing_submission_error WHERE submission_id = $1', [id]);
  }

  async insertErrors(id: string, errors: SubmissionErrorRow[]): Promise<void> {
    if (errors.length === 0) return;
    await this.db.query(
      `INSERT INTO staffing_submission_error (submission_id, row_no, column_name, rule, value, message, severity)
       SELECT $1, * , 'ERROR' FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[])`,
      [
        id,
        errors.map((e) => e.rowNo),
        errors.map((e) => e.column),
        errors.map((e) => e.rule),
        errors.map((e) => e.value.replace(/\0/g, '')),
        errors.map((e) => e.message),
      ],
    );
  }

  async errorCounts(id: string): Promise<SubmissionErrorCounts> {
    const [counts] = (await this.db.query(
      `SELECT coalesce(sum(n) FILTER (WHERE severity = 'ERROR'), 0)::int AS "errorCount",
              coalesce(sum(n) FILTER (WHERE severity = 'TRANSFER'), 0)::int AS "transferCount",
              coalesce(jsonb_object_agg(rule, n), '{}'::jsonb) AS summary
         FROM (SELECT rule, severity, count(*)::int AS n FROM staffing_submission_error WHERE submission_id = $1 GROUP BY rule, severity) e`,
      [id],
    )) as SubmissionErrorCounts[];
    return counts!;
  }

  /** The agency's latest committed version number (0 before the first), the base a diff is against. */
  async latestVersion(agencyId: string): Promise<number> {
    const [base] = (await this.db.query(
      `SELECT coalesce(max(version), 0)::int AS v FROM staffing_submission WHERE agency_id = $1 AND status IN ('COMMITTED', 'SUPERSEDED')`,
      [agencyId],
    )) as Array<{ v: number }>;
    return base!.v;
  }

  async markInvalid(id: string, rowCount: number, counts: SubmissionErrorCounts): Promise<void> {
    await this.db.query(
      `UPDATE staffing_submission SET status = 'INVALID', progress = 100, row_count = $2, error_count = $3, transfer_count = $4,
              error_summary = $5, validated_at = now(), file_path = NULL WHERE id = $1`,
      [id, rowCount, counts.errorCount, counts.transferCount, JSON.stringify(counts.summary)],
    );
  }

  async markValidated(id: string, rowCount: number, counts: SubmissionErrorCounts, diff: StaffingDiff, baseVersion: number): Promise<void> {
    await this.db.query(
      `UPDATE staffing_submission SET status = 'VALIDATED', progress = 100, row_count = $2, error_count = 0, transfer_count = $3,
              error_summary = $4, diff = $5, base_version = $6, validated_at = now(), file_path = NULL WHERE id = $1`,
      [id, rowCount, counts.transferCount, JSON.stringify(counts.summary), JSON.stringify(diff), baseVersion],
    );
  }

  /** FAILED after the last attempt (the database or the disk, not the file, failed); answers the file to remove. */
  async failValidation(id: string, message: string): Promise<string | null> {
    const [rows] = (await this.db.query(
      `UPDATE staffing_submission SET status = 'FAILED', failure = $2, validated_at = now()
        WHERE id = $1 AND status IN ('UPLOADED', 'VALIDATING') RETURNING file_path AS "filePath"`,
      [id, message],
    )) as [Array<{ filePath: string | null }>, number];
    return rows[0]?.filePath ?? null;
  }
}
