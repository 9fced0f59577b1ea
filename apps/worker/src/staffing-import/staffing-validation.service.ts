import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { rm } from 'node:fs/promises';
import { DataSource, EntityManager } from 'typeorm';
import { dropRosterRows, StaffingSubmissionRepository } from '@formasi/database';
import type { StaffingSubmissionStatus } from '@formasi/database';
import { SubmissionDiffBuilder } from './submission-diff.builder';
import { SubmissionSetRules } from './submission-set.rules';
import { SubmissionStager } from './submission.stager';

const BULK_WORK_MEM = '256MB';

export interface ValidationOutcome {
  status: StaffingSubmissionStatus;
  rowCount: number;
  errorCount: number;
  transferCount: number;
  /** Milliseconds per phase: parse + per-row rules + COPY, set-based rules, diff. */
  timings: { stageMs: number; rulesMs: number; diffMs: number };
}

/**
 * The validation job of a staffing submission: streams the file through the per-row rules into
 * a COPY of the submission's own rows table, runs the set-based rules in SQL and computes the
 * dry-run diff.
 * Idempotent: a retry clears what an earlier attempt staged.
 */
@Injectable()
export class StaffingValidationService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly submissions: StaffingSubmissionRepository,
    private readonly stager: SubmissionStager,
    private readonly setRules: SubmissionSetRules,
    private readonly differ: SubmissionDiffBuilder,
  ) {}

  /** Claim, stage, apply the set-based rules, then INVALID with the errors or VALIDATED with the diff. */
  async validate(submissionId: string, onProgress: (percent: number) => Promise<void> = async () => {}): Promise<ValidationOutcome | null> {
    const claimed = await this.submissions.claimForValidation(submissionId);
    // already validated, committed or failed for good: a redelivered job changes nothing
    if (!claimed) return null;
    if (!claimed.filePath) throw new Error(`the uploaded file of submission ${submissionId} is gone`);
    await this.submissions.clearErrors(submissionId);

    let lastPercent = 1;
    const progress = async (percent: number): Promise<void> => {
      if (percent < lastPercent + 5 && percent < 100) return;
      lastPercent = percent;
      await this.submissions.progress(submissionId, percent);
      await onProgress(percent);
    };

    const t0 = Date.now();
    const { rowCount, mapping, firstNips } = await this.stager.stage(submissionId, claimed, progress);
    const t1 = Date.now();
    // no ANALYZE: the planner sizes a table it has no statistics of by its pages, which is enough for hash joins
    if (mapping) await this.bulk((tx) => this.setRules.apply(tx, submissionId, claimed.agencyId, mapping));
    await progress(85);
    const t2 = Date.now();

    const counts = await this.submissions.errorCounts(submissionId);
    let status: StaffingSubmissionStatus;
    if (counts.errorCount > 0) {
      status = 'INVALID';
      // nothing can be committed from these rows; the error table keeps what the report needs
      await dropRosterRows(this.db, submissionId);
      await this.submissions.markInvalid(submissionId, rowCount, counts);
    } else {
      status = 'VALIDATED';
      const baseVersion = await this.submissions.latestVersion(claimed.agencyId);
      const diff = await this.bulk((tx) => this.differ.build(tx, submissionId, claimed.agencyId, rowCount, firstNips));
      await this.submissions.markValidated(submissionId, rowCount, counts, diff, baseVersion);
    }
    await rm(claimed.filePath, { force: true });
    await onProgress(100);
    const { errorCount, transferCount } = counts;
    return { status, rowCount, errorCount, transferCount, timings: { stageMs: t1 - t0, rulesMs: t2 - t1, diffMs: Date.now() - t2 } };
  }

  /** Marks a submission FAILED after the last attempt (the database or the disk, not the file, failed). */
  async fail(submissionId: string, message: string): Promise<void> {
    const filePath = await this.submissions.failValidation(submissionId, message);
    await dropRosterRows(this.db, submissionId);
    if (filePath) await rm(filePath, { force: true });
  }

  /** Set-based work over up to millions of rows: sorts and hashes in memory rather than on disk. */
  private bulk<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(async (tx) => {
      await tx.query(`SET LOCAL work_mem = '${BULK_WORK_MEM}'`);
      return work(tx);
    });
  }
}
