import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Job, UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';
import { computePlan, PLANNING_RULES_VERSION, PlanningError } from '@formasi/planning';
import { AppConfig } from '@formasi/config';
import { currentInputVersions, openAudit, systemActor } from '@formasi/database';
import { ComputePlanJobData, PLAN_RUN_QUEUE, PlanRunJobName } from '@formasi/queue';
import { PlanInputsLoader, PlanRunRow } from './plan-inputs.loader';
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

  async process(job: Job<ComputePlanJobData>): Promise<{ cells: number }> {
    if (job.name !== PlanRunJobName.COMPUTE) throw new UnrecoverableError(`unknown job ${job.name}`);
    const runId = job.data.planRunId;
    // UPDATE … RETURNING answers [rows, rowCount]
    const [[run]] = (await this.db.query(
      `UPDATE plan_run SET status = 'RUNNING', started_at = coalesce(started_at, now()), attempts = attempts + 1, progress = 5,
              error = NULL, error_code = NULL
        WHERE id = $1
        RETURNING id, agency_id AS "agencyId", to_char(as_of, 'YYYY-MM-DD') AS "asOf", years::int[] AS years, policy,
                  scenario_id AS "scenarioId"`,
      [runId],
    )) as [PlanRunRow[], number];
    if (!run) throw new UnrecoverableError(`plan run ${runId} does not exist`);
    try {
      // Snapshot and results of the whole run are written in ONE transaction, agency by agency
      // so memory stays bounded: a retried or duplicated job replaces them, never adds to them.
      // Inputs are read on a second connection in one REPEATABLE READ snapshot, so every agency
      // of a run sees the data as it was at one instant even while planners keep editing.
      const reader = this.db.createQueryRunner();
      await reader.connect();
      let cells = 0;
      try {
        cells = await this.db.transaction(async (tx) => {
          // two deliveries of the same run take turns (an advisory lock, so progress updates
          // on the plan_run row from outside this transaction are not blocked)
          await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [runId]);
          await tx.query('DELETE FROM plan_result WHERE run_id = $1', [runId]);
          await tx.query('DELETE FROM plan_run_input WHERE run_id = $1', [runId]);
          await tx.query('DELETE FROM plan_roll_up WHERE run_id = $1', [runId]);
          await reader.query('START TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
          const shared = await this.loader.loadShared(reader.manager, run);
          const versions = await currentInputVersions(reader.manager, shared.agencies.map((a) => a.id));
          await this.progress(job, 10);
          let written = 0;
          for (const [i, agency] of shared.agencies.entries()) {
            const input = await this.loader.loadAgency(reader.manager, run, shared, agency);
            await this.writer.insertInput(tx, runId, input, versions.get(agency.id));
            const rows = toResultRows(input, computePlan(input.problem));
            await this.writer.insertResults(tx, runId, rows);
            written += rows.length;
            await this.progress(job, 10 + Math.floor((85 * (i + 1)) / shared.agencies.length));
          }
          // computed once, with the results they sum, so readers never aggregate a national run
          await this.writer.insertRollUps(tx, runId);
          await tx.query(
            `UPDATE plan_run SET status = 'SUCCEEDED', progress = 100, finished_at = now(), error = NULL, error_code = NULL, rules_version = $2
              WHERE id = $1`,
            [runId, PLANNING_RULES_VERSION],
          );
          // who started the run is logged by startPlanRun; the worker logs what it produced
          await openAudit(tx, systemActor('worker:plan-run'), {
            action: 'planRun.succeeded', entity: 'planRun', entityKey: runId,
            summary: { cells: written, agencies: shared.agencies.length, attempt: job.attemptsMade + 1 },
          });
          return written;
        });
      } finally {
        await reader.query('ROLLBACK').catch(() => undefined);
        await reader.release();
      }
      await job.updateProgress(100);
      this.logger.log({ runId, cells, attempt: job.attemptsMade + 1 }, 'plan run succeeded');
      return { cells };
    } catch (e) {
      const finalAttempt = e instanceof PlanningError || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      const message = e instanceof Error ? e.message : String(e);
      await this.db.query(
        `UPDATE plan_run SET status = $2::varchar, error = $3, error_code = $4, finished_at = CASE WHEN $2::varchar = 'FAILED' THEN now() END WHERE id = $1`,
        [runId, finalAttempt ? 'FAILED' : 'QUEUED', finalAttempt ? message : `attempt ${job.attemptsMade + 1} failed, retrying: ${message}`,
          e instanceof PlanningError ? e.code : 'INTERNAL'],
      );
      this.logger.warn({ runId, attempt: job.attemptsMade + 1, finalAttempt, err: message }, 'plan run attempt failed');
      // bad inputs will not get better by retrying
      if (e instanceof PlanningError) throw new UnrecoverableError(message);
      throw e;
    }
  }

  private async progress(job: Job<ComputePlanJobData>, percent: number): Promise<void> {
    await this.db.query('UPDATE plan_run SET progress = $2 WHERE id = $1 AND progress < $2', [job.data.planRunId, percent]);
    await job.updateProgress(percent);
  }

  @OnWorkerEvent('error')
  onError(err: Error): void {
    this.logger.error(err.message);
  }
}
