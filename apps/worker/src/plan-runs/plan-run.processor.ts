import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Job, UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';
import { computePlan, PLANNING_RULES_VERSION, PlanningError } from '@formasi/planning';
import { AppConfig } from '@formasi/config';
import { ClaimedPlanRun, currentInputVersions, isDatabaseOutage, openAudit, PlanRunRepository, systemActor } from '@formasi/database';
import { ComputePlanJobData, PLAN_RUN_QUEUE, PlanRunJobName } from '@formasi/queue';
import { deferOnDatabaseOutage } from '../database-outage.job';
import { PlanInputsLoader } from './plan-inputs.loader';
import { toResultRows } from './plan-result.mapper';
import { PlanResultsWriter } from './plan-results.writer';

@Processor(PLAN_RUN_QUEUE)
export class PlanRunProcessor extends WorkerHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(PlanRunProcessor.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly loader: PlanInputsLoader,
    private readonly writer: PlanResultsWriter,
    private readonly config: AppConfig,
    private readonly runs: PlanRunRepository,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.workerConcurrency;
  }

  /**
   * Lets a running job finish before anything closes: the database pool is destroyed in the
   * later shutdown phase, and BullMQ closes its own workers only in that phase too.
   */
  async beforeApplicationShutdown(): Promise<void> {
    await this.worker.close();
  }

  /** Claim the run, compute and store it in one transaction, then succeed; or fail (for good, or for a retry). */
  async process(job: Job<ComputePlanJobData>, token?: string): Promise<{ cells: number }> {
    try {
      return await this.attempt(job);
    } catch (e) {
      await deferOnDatabaseOutage(job, token, e);
      throw e;
    }
  }

  private async attempt(job: Job<ComputePlanJobData>): Promise<{ cells: number }> {
    if (job.name !== PlanRunJobName.COMPUTE) throw new UnrecoverableError(`unknown job ${job.name}`);
    const runId = job.data.planRunId;
    const attempt = job.attemptsMade + 1;
    const run = await this.runs.claim(runId);
    if (!run) throw new UnrecoverableError(`plan run ${runId} does not exist`);
    try {
      const cells = await this.computeAndStore(job, run);
      await job.updateProgress(100);
      this.logger.log({ runId, cells, attempt }, 'plan run succeeded');
      return { cells };
    } catch (e) {
      // nothing can be recorded while the database is away; the job is deferred and the run resumes
      if (isDatabaseOutage(e)) throw e;
      // bad inputs will not get better by retrying
      const final = e instanceof PlanningError || attempt >= (job.opts.attempts ?? 1);
      const message = e instanceof Error ? e.message : String(e);
      const error = final ? message : `attempt ${attempt} failed, retrying: ${message}`;
      await this.runs.failOrRetry(runId, { final, error, errorCode: e instanceof PlanningError ? e.code : 'INTERNAL' });
      this.logger.warn({ runId, attempt, finalAttempt: final, err: message }, 'plan run attempt failed');
      if (e instanceof PlanningError) throw new UnrecoverableError(message);
      throw e;
    }
  }

  /**
   * Snapshot and results of the whole run are written in ONE transaction, agency by agency so
   * memory stays bounded: a retried or duplicated job replaces them, never adds to them. Inputs
   * are read on a second connection in one REPEATABLE READ snapshot, so every agency of a run
   * sees the data as it was at one instant even while planners keep editing.
   */
  private async computeAndStore(job: Job<ComputePlanJobData>, run: ClaimedPlanRun): Promise<number> {
    const reader = this.db.createQueryRunner();
    await reader.connect();
    try {
      return await this.db.transaction(async (tx) => {
        await this.runs.takeTurnAndClearResults(tx, run.id);
        await reader.query('START TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
        const shared = await this.loader.loadShared(reader.manager, run);
        const versions = await currentInputVersions(reader.manager, shared.agencies.map((a) => a.id));
        await this.progress(job, 10);
        let written = 0;
        for (const [i, agency] of shared.agencies.entries()) {
          const input = await this.loader.loadAgency(reader.manager, run, shared, agency);
          await this.writer.insertInput(tx, run.id, input, versions.get(agency.id));
          const rows = toResultRows(input, computePlan(input.problem));
          await this.writer.insertResults(tx, run.id, rows);
          written += rows.length;
          await this.progress(job, 10 + Math.floor((85 * (i + 1)) / shared.agencies.length));
        }
        // computed once, with the results they sum, so readers never aggregate a national run
        await this.writer.insertRollUps(tx, run.id);
        await this.runs.succeed(tx, run.id, PLANNING_RULES_VERSION);
        // who started the run is logged by startPlanRun; the worker logs what it produced
        await openAudit(tx, systemActor('worker:plan-run'), {
          action: 'planRun.succeeded', entity: 'planRun', entityKey: run.id,
          summary: { cells: written, agencies: shared.agencies.length, attempt: job.attemptsMade + 1 },
        });
        return written;
      });
    } finally {
      await reader.query('ROLLBACK').catch(() => undefined);
      await reader.release();
    }
  }

  private async progress(job: Job<ComputePlanJobData>, percent: number): Promise<void> {
    await this.runs.progress(job.data.planRunId, percent);
    await job.updateProgress(percent);
  }

  @OnWorkerEvent('error')
  onError(err: Error): void {
    this.logger.error(err.message);
  }
}
