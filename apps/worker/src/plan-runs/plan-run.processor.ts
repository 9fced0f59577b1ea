import { InjectQueue, OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Job, Queue, UnrecoverableError } from 'bullmq';
import { DataSource, EntityManager } from 'typeorm';
import { computePlan, PLANNING_RULES_VERSION, PlanningError } from '@formasi/planning';
import { AppConfig } from '@formasi/config';
import {
  ClaimedPlanRun,
  currentInputVersions,
  isDatabaseOutage,
  openAudit,
  PlanRunRepository,
  recordBaselineVersions,
  systemActor,
} from '@formasi/database';
import {
  ComputePlanJobData,
  PLAN_RUN_QUEUE,
  PLAN_RUN_SWEEP_EVERY_MS,
  PLAN_RUN_UNQUEUED_GRACE_MS,
  PLAN_RUN_WORKER_OPTIONS,
  PlanRunJobName,
} from '@formasi/queue';
import { deferOnDatabaseOutage } from '../database-outage.job';
import { AgencyPlanInput, PlanInputsLoader, SharedPlanInputs } from './plan-inputs.loader';
import { toResultRows } from './plan-result.mapper';
import { PlanRollUpsWriter } from './plan-roll-ups.writer';
import { PlanResultsWriter } from './plan-results.writer';

/**
 * Agencies read, computed and written together: a national run asks a few dozen set-based
 * queries, and a batch's rows (about 16 × 2,400 at national size) stay a few MB in memory.
 */
const PLAN_RUN_AGENCY_BATCH = 16;

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Milliseconds spent per phase of a run, summed over its agencies: the success log line carries them. */
class PhaseTimer {
  private readonly spent: Record<string, number> = {};
  private last = performance.now();
  lap(phase: string): void {
    const now = performance.now();
    this.spent[phase] = (this.spent[phase] ?? 0) + now - this.last;
    this.last = now;
  }
  get ms(): Record<string, number> {
    return Object.fromEntries(Object.entries(this.spent).map(([k, v]) => [k, Math.round(v)]));
  }
}

/** What the queue's reason for giving a job up means for the run's reader. */
function lostRunError(failedReason: string | undefined): string {
  if (failedReason && /stalled more than allowable limit/i.test(failedReason)) {
    return 'the worker running this plan run stopped twice (killed, or out of memory, or cut off from the queue); start the run again';
  }
  return `the queue gave this plan run up: ${failedReason ?? 'no reason recorded'}`;
}

@Processor(PLAN_RUN_QUEUE, { ...PLAN_RUN_WORKER_OPTIONS })
export class PlanRunProcessor extends WorkerHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(PlanRunProcessor.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly loader: PlanInputsLoader,
    private readonly writer: PlanResultsWriter,
    private readonly rollUps: PlanRollUpsWriter,
    private readonly config: AppConfig,
    private readonly runs: PlanRunRepository,
    @InjectQueue(PLAN_RUN_QUEUE) private readonly queue: Queue,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    this.worker.concurrency = this.config.workerConcurrency;
    // one schedule per queue, whichever worker registers it; any worker runs the sweep
    await this.queue.upsertJobScheduler(
      PlanRunJobName.SWEEP,
      { every: PLAN_RUN_SWEEP_EVERY_MS },
      {
        name: PlanRunJobName.SWEEP,
        opts: { removeOnComplete: true, removeOnFail: { count: 100 } },
      },
    );
  }

  /**
   * Lets a running job finish before anything closes: the database pool is destroyed in the
   * later shutdown phase, and BullMQ closes its own workers only in that phase too.
   */
  async beforeApplicationShutdown(): Promise<void> {
    await this.worker.close();
  }

  /** Claim the run, compute and store it in one transaction, then succeed; or fail (for good, or for a retry). */
  async process(job: Job<ComputePlanJobData>, token?: string): Promise<{ cells: number } | { failed: number }> {
    try {
      if (job.name === PlanRunJobName.SWEEP) return { failed: await this.sweep() };
      return await this.attempt(job);
    } catch (e) {
      await deferOnDatabaseOutage(job, token, e);
      throw e;
    }
  }

  private async attempt(job: Job<ComputePlanJobData>): Promise<{ cells: number }> {
    if (job.name !== PlanRunJobName.COMPUTE) throw new UnrecoverableError(`unknown job ${job.name}`);
    const runId = job.data.planRunId;
    const run = await this.runs.claim(runId);
    if (!run) throw new UnrecoverableError(`plan run ${runId} does not exist`);
    // the run's own count: a takeover after a stall is an attempt too (BullMQ counts only errors)
    const attempt = run.attempts;
    if (attempt > 1) this.logger.warn({ runId, attempt }, 'plan run retrying');
    try {
      const { cells, phases } = await this.computeAndStore(job, run, attempt);
      await job.updateProgress(100);
      this.logger.log({ runId, cells, attempt, phasesMs: phases }, 'plan run succeeded');
      return { cells };
    } catch (e) {
      // nothing can be recorded while the database is away; the job is deferred and the run resumes
      if (isDatabaseOutage(e)) throw e;
      // bad inputs will not get better by retrying
      // whether BullMQ tries again is its count of errors, not of stalls
      const final = e instanceof PlanningError || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      const message = e instanceof Error ? e.message : String(e);
      const error = final ? message : `attempt ${attempt} failed, retrying: ${message}`;
      await this.runs.failOrRetry(runId, { final, error, errorCode: e instanceof PlanningError ? e.code : 'INTERNAL' });
      if (final) this.logger.error({ runId, attempt, err: message }, 'plan run failed');
      else this.logger.warn({ runId, attempt, err: message }, 'plan run attempt failed, retrying');
      if (e instanceof PlanningError) throw new UnrecoverableError(message);
      throw e;
    }
  }

  /**
   * Snapshot and results of the whole run are written in ONE transaction, batch by batch so
   * memory stays bounded, the results into a table of the run's own that becomes its partition
   * of plan_result at the end: a retried or duplicated job replaces them, never adds to them. Inputs
   * are read on a second connection in one REPEATABLE READ snapshot, so every agency of a run
   * sees the data as it was at one instant even while planners keep editing.
   */
  private async computeAndStore(
    job: Job<ComputePlanJobData>,
    run: ClaimedPlanRun,
    attempt: number,
  ): Promise<{ cells: number; phases: Record<string, number> }> {
    // data held outside any version gets one first, so the versions this run names are never 0 for data that is there
    await recordBaselineVersions(this.db, 'worker:plan-run');
    const reader = this.db.createQueryRunner();
    await reader.connect();
    let phases: Record<string, number> = {};
    try {
      const cells = await this.db.transaction(async (tx) => {
        await this.runs.takeTurnAndClearResults(tx, run.id);
        await this.writer.createResultsTable(tx, run.id);
        await reader.query('START TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
        const shared = await this.loader.loadShared(reader.manager, run);
        const versions = await currentInputVersions(
          reader.manager,
          shared.agencies.map((a) => a.id),
        );
        const t = new PhaseTimer();
        await this.progress(job, 10);
        t.lap('shared');
        let written = 0;
        const batches = chunk(shared.agencies, PLAN_RUN_AGENCY_BATCH);
        // the next batch's inputs are read (on the reader's connection) while this one is computed and written
        let next = this.prefetch(reader.manager, run, shared, batches[0]);
        for (let i = 0; i < batches.length; i++) {
          const inputs = await next;
          if (i + 1 < batches.length) next = this.prefetch(reader.manager, run, shared, batches[i + 1]);
          t.lap('inputs');
          await this.writer.insertInputs(tx, run.id, inputs, versions);
          t.lap('snapshot');
          const rows = inputs.flatMap((input) => toResultRows(input, computePlan(input.problem)));
          t.lap('engine');
          await this.writer.insertResults(tx, run.id, rows);
          t.lap('results');
          // the batch's agencies' roll-ups while their cells are in memory
          await this.rollUps.insertAgencyRollUps(tx, run.id, rows);
          t.lap('rollUps');
          written += rows.length;
          await this.progress(job, 10 + Math.floor((85 * (i + 1)) / batches.length));
          t.lap('progress');
        }
        await this.writer.publishResults(tx, run.id);
        t.lap('publish');
        // provinces and nation as sums of the agencies' roll-ups: readers never aggregate a national run
        await this.rollUps.insertRegionAndNationRollUps(tx, run.id);
        t.lap('rollUps');
        await this.writer.analyze(tx);
        t.lap('analyze');
        phases = t.ms;
        await this.runs.succeed(tx, run.id, PLANNING_RULES_VERSION);
        // who started the run is logged by startPlanRun; the worker logs what it produced
        await openAudit(tx, systemActor('worker:plan-run'), {
          action: 'planRun.succeeded',
          entity: 'planRun',
          entityKey: run.id,
          summary: { cells: written, agencies: shared.agencies.length, attempt },
        });
        return written;
      });
      return { cells, phases };
    } finally {
      await reader.query('ROLLBACK').catch(() => undefined);
      await reader.release();
    }
  }

  /** A batch's inputs, read ahead; a failure surfaces when awaited, never as an unhandled rejection meanwhile. */
  private prefetch(
    db: EntityManager,
    run: ClaimedPlanRun,
    shared: SharedPlanInputs,
    batch: Array<{ id: string; code: string }> | undefined,
  ): Promise<AgencyPlanInput[]> {
    const loading = batch ? this.loader.loadBatch(db, run, shared, batch) : Promise.resolve([]);
    loading.catch(() => undefined);
    return loading;
  }

  private async progress(job: Job<ComputePlanJobData>, percent: number): Promise<void> {
    await this.runs.progress(job.data.planRunId, percent);
    await job.updateProgress(percent);
  }

  /**
   * Runs whose job the queue gave up (stalled once too often) or no longer holds are FAILED
   * with a reason a planner can read, instead of waiting as RUNNING or QUEUED forever.
   */
  private async sweep(): Promise<number> {
    let failed = 0;
    for (const run of await this.runs.unfinished()) {
      const job = await this.queue.getJob(run.id);
      const state = job ? await job.getState() : null;
      let error: string;
      if (state === 'failed') error = lostRunError(job!.failedReason);
      else if (!job && run.ageMs > PLAN_RUN_UNQUEUED_GRACE_MS)
        error = "the queue no longer holds this plan run's job (removed, or the queue was emptied); start the run again";
      else continue;
      if (await this.runs.failLost(run.id, error, 'WORKER_LOST')) {
        failed++;
        this.logger.error({ runId: run.id, status: run.status, err: error }, 'plan run failed');
      }
    }
    return failed;
  }

  /** This worker found a job whose worker stopped renewing its lock: it goes back to the queue for a takeover. */
  @OnWorkerEvent('stalled')
  onStalled(jobId: string): void {
    // the sweep's own jobs come from its scheduler ("repeat:…"); only a plan run's stall matters
    if (jobId.startsWith('repeat:')) return;
    this.logger.warn(
      { runId: jobId },
      'plan run stalled: its worker stopped (killed, out of memory or cut off); another worker takes it over',
    );
  }

  @OnWorkerEvent('error')
  onError(err: Error): void {
    this.logger.error(err.message);
  }
}
