import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Job, UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';
import { indexRosterRows, isDatabaseOutage } from '@formasi/database';
import { STAFFING_IMPORT_QUEUE, StaffingImportJobName, ValidateSubmissionJobData } from '@formasi/queue';
import { deferOnDatabaseOutage } from '../database-outage.job';
import { StaffingValidationService, ValidationOutcome } from './staffing-validation.service';

/**
 * Validates uploaded roster files (the submission row carries status and progress for the API)
 * and indexes committed versions for paging.
 */
@Processor(STAFFING_IMPORT_QUEUE)
export class StaffingImportProcessor extends WorkerHost {
  private readonly logger = new Logger(StaffingImportProcessor.name);

  constructor(
    private readonly validation: StaffingValidationService,
    @InjectDataSource() private readonly db: DataSource,
  ) {
    super();
  }

  async process(job: Job<ValidateSubmissionJobData>, token?: string): Promise<ValidationOutcome | boolean | null> {
    try {
      return await this.run(job);
    } catch (e) {
      await deferOnDatabaseOutage(job, token, e);
      throw e;
    }
  }

  private async run(job: Job<ValidateSubmissionJobData>): Promise<ValidationOutcome | boolean | null> {
    if (job.name === StaffingImportJobName.INDEX_VERSION) return indexRosterRows(this.db, job.data.submissionId);
    if (job.name !== StaffingImportJobName.VALIDATE) throw new UnrecoverableError(`unknown job ${job.name}`);
    const { submissionId } = job.data;
    const started = Date.now();
    try {
      const outcome = await this.validation.validate(submissionId, (percent) => job.updateProgress(percent));
      this.logger.log({ submissionId, ...outcome, ms: Date.now() - started }, 'staffing submission validated');
      return outcome;
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      this.logger.warn({ submissionId, attempt: job.attemptsMade + 1, finalAttempt, err: message }, 'staffing validation attempt failed');
      // a database outage defers the job instead (its COPY rolled back: no rows table is left)
      if (finalAttempt && !isDatabaseOutage(e)) await this.validation.fail(submissionId, message);
      throw e;
    }
  }

  @OnWorkerEvent('error')
  onError(err: Error): void {
    this.logger.error(err.message);
  }
}
