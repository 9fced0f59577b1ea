import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import { STANDARDS_IMPORT_QUEUE, StandardsImportJobName, ValidateStandardsJobData } from '@formasi/queue';
import { StandardsValidationOutcome, StandardsValidationService } from './standards-validation.service';

/** Validates uploaded standards and targets files; the submission row carries status and progress for the API. */
@Processor(STANDARDS_IMPORT_QUEUE)
export class StandardsImportProcessor extends WorkerHost {
  private readonly logger = new Logger(StandardsImportProcessor.name);

  constructor(private readonly validation: StandardsValidationService) {
    super();
  }

  async process(job: Job<ValidateStandardsJobData>): Promise<StandardsValidationOutcome | null> {
    if (job.name !== StandardsImportJobName.VALIDATE) throw new UnrecoverableError(`unknown job ${job.name}`);
    const { submissionId } = job.data;
    const started = Date.now();
    try {
      const outcome = await this.validation.validate(submissionId, (percent) => job.updateProgress(percent));
      this.logger.log({ submissionId, ...outcome, ms: Date.now() - started }, 'standards submission validated');
      return outcome;
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      this.logger.warn({ submissionId, attempt: job.attemptsMade + 1, finalAttempt, err: message }, 'standards validation attempt failed');
      if (finalAttempt) await this.validation.fail(submissionId, message);
      throw e;
    }
  }

  @OnWorkerEvent('error')
  onError(err: Error): void {
    this.logger.error(err.message);
  }
}
