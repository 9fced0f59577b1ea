import { InjectQueue, OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Job, Queue, UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';
import { setImmediate } from 'node:timers/promises';
import { computePlan, PLANNING_RULES_VERSION, PlanningError, rollUpAgency, StoredRollUp } from '@formasi/planning';
import { AppConfig } from '@formasi/config';
import {
  ClaimedPlanRun,
  countPlanResultBatchTables,
  currentInputVersions,
  isDatabaseOutage,
  openAudit,
  PlanRunRepository,
  recordBaselineVersions,
  systemActor,
} from '@formasi/database';
import {
  ComputePlanBatchJobData,
  ComputePlanJobData,
  PLAN_RUN_QUEUE,
  PLAN_RUN_SWEEP_EVERY_MS,
  PLAN_RUN_UNQUEUED_GRACE_MS,
  PLAN_RUN_WORKER_OPTIONS,
  PlanBatchResult,
  planRunBatchJobId,
  PlanRunJobName,
} from '@formasi/queue';
import { deferOnDatabaseOutage } from '../database-outage.job';
import { PlanInputsLoader } from './plan-inputs.loader';
import { toResultRows } from './plan-result.mapper';
import { PlanRollUpsWriter } from './plan-roll-ups.writer';
import { PlanResultRow, PlanResultsWriter } from './plan-results.writer';

/** Milliseconds spent per phase of a run, summed over its agencies: the success log line carries them. */
class PhaseTimer {
  private readonly spent: Record<string, number> = {};
  private last = performance.now();
  lap(phase: string): void {
    const now = performance.now();
    this.spent[phase] = (this.spent[phase] ?? 0) + now - this.last;
    this.last = now;
  }
  /** Time `lap` gave one phase that belongs to another (work interleaved with it). */
  move(from: string, to: string, ms: number): void {
    this.spent[from] = (this.spent[from] ?? 0) - ms;
    this.spent[to] = (this.spent[to] ?? 0) + ms;
  }
  get ms(): Record<string, number> {
    return Object.fromEntries(Object.entries(this.spent).map(([k, v]) => [k, Math.round(v)]));
  }
}

/** Phase timings of a run's jobs added up: what the run spent in each, whichever worker spent it. */
function sumPhases(parts: Array<Record<string, number>>): Record<string, number> {
  const total: Record<string, number> = {};
  for (const part of parts) for (const [k, v] of Object.entries(part)) total[k] = (total[k] ?? 0) + v;
  return total;
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

  /** A batch of a run (a child of its flow), the run's publication (the parent), or the sweep. */
  async process(job: Job, token?: string): Promise<PlanBatchResult | { cells: number } | { failed: number }> {
    try {
      if (job.name === PlanRunJobName.SWEEP) return { failed: await this.sweep() };
      if (job.name === PlanRunJobName.BATCH) return await this.batch(job as Job<ComputePlanBatchJobData>);
      if (job.name === PlanRunJobName.COMPUTE) return await this.publish(job as Job<ComputePlanJobData>);
      throw new UnrecoverableError(`unknown job ${job.name}`);
    } catch (e) {
      await deferOnDatabaseOutage(job, token, e);
      throw e;
    }
  }

  /** One batch of agencies: claimed, computed and written into its own table, committed by this job. */
  private async batch(job: Job<ComputePlanBatchJobData>): Promise<PlanBatchResult> {
    const { planRunId: runId, batch, batches, agencyIds } = job.data;
    const delivery = job.parent?.id ?? job.id!;
    const run = await this.claim(runId, delivery, job.attemptsStarted, batch);
    return this.failing(job, runId, run.attempts, async () => {
      const written = await this.writeBatch(run, delivery, batch, agencyIds);
      // progress = batches written / all batches, between the 5 of the claim and the 100 of the publication
      const done = await countPlanResultBatchTables(this.db, runId, delivery);
      await this.runs.progress(runId, 10 + Math.floor((85 * Math.min(done, batches)) / Math.max(batches, 1)));
      return written;
    });
  }

  /**
   * Every batch written: the run's results become visible at once, with their roll-ups and the
   * run SUCCEEDED, in one transaction. A job queued before runs were flows has no children: it
   * computes its batches itself first.
   */
  private async publish(job: Job<ComputePlanJobData>): Promise<{ cells: number }> {
    const runId = job.data.planRunId;
    const delivery = job.id!;
    const found = await this.runs.find(runId);
    if (!found) throw new UnrecoverableError(`plan run ${runId} does not exist`);
    if (found.status === 'FAILED') throw new UnrecoverableError(`plan run ${runId} has failed; its results are not published`);
    const legacy = job.data.batches === undefined;
    const run = legacy ? await this.claim(runId, delivery, job.attemptsStarted, 0) : found;
    return this.failing(job, runId, run.attempts, async () => {
      const written = legacy ? await this.writeAllBatches(run, delivery) : Object.values(await job.getChildrenValues<PlanBatchResult>());
      if (written.length !== (job.data.batches ?? written.length)) {
        throw new Error(`plan run ${runId}: ${written.length} of ${job.data.batches} batches written`);
      }
      const t = new PhaseTimer();
      const total = written.reduce((n, b) => n + b.cells, 0);
      const published = await this.db.transaction(async (tx) => {
        if (!(await this.runs.takeTurnToPublish(tx, runId, delivery))) return false;
        const batches = written.filter((b) => b.agencyCodes.length > 0).sort((x, y) => x.batch - y.batch);
        await this.writer.publishResults(tx, runId, batches);
        t.lap('publish');
        // provinces and nation as sums of the agencies' roll-ups (written by the batches): readers never aggregate a national run
        await this.rollUps.insertRegionAndNationRollUps(tx, runId);
        t.lap('rollUps');
        await this.writer.analyze(tx, runId);
        t.lap('analyze');
        await this.runs.succeed(tx, runId, PLANNING_RULES_VERSION);
        // who started the run is logged by startPlanRun; the worker logs what it produced
        await openAudit(tx, systemActor('worker:plan-run'), {
          action: 'planRun.succeeded',
          entity: 'planRun',
          entityKey: runId,
          summary: { cells: total, agencies: written.reduce((n, b) => n + b.agencyCodes.length, 0), attempt: run.attempts },
        });
        return true;
      });
      await job.updateProgress(100);
      if (!published) {
        this.logger.warn({ runId, cells: total }, 'plan run already published by this job: left as it is');
        return { cells: total };
      }
      const phasesMs = sumPhases([...written.map((b) => b.phasesMs), t.ms]);
      this.logger.log({ runId, cells: total, attempt: run.attempts, batches: written.length, phasesMs }, 'plan run succeeded');
      return { cells: total };
    });
  }

  /** The run RUNNING for this batch (or a job queued before flows), one attempt more if it is a retry or a new delivery. */
  private async claim(runId: string, delivery: string, jobAttempt: number, batch: number): Promise<ClaimedPlanRun> {
    const run = await this.runs.claimBatch(runId, delivery, jobAttempt);
    if (!run) throw new UnrecoverableError(`plan run ${runId} does not exist or has failed`);
    // the run's own count: a takeover after a stall is an attempt too (BullMQ counts only errors)
    if (jobAttempt > 1) this.logger.warn({ runId, attempt: run.attempts, batch }, 'plan run retrying');
    return run;
  }

  /**
   * A job's failure as the run records it: for good (bad inputs, or the job's last attempt),
   * when the run is FAILED and the tables of its batches dropped, or for another attempt.
   */
  private async failing<T>(job: Job, runId: string, attempt: number, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (e) {
      // nothing can be recorded while the database is away; the job is deferred and the run resumes
      if (isDatabaseOutage(e)) throw e;
      // bad inputs will not get better by retrying
      // whether BullMQ tries again is its count of errors, not of stalls
      const final = e instanceof PlanningError || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      const message = e instanceof Error ? e.message : String(e);
      const error = final ? message : `attempt ${attempt} failed, retrying: ${message}`;
      await this.runs.failOrRetry(runId, { final, error, errorCode: e instanceof PlanningError ? e.code : 'INTERNAL' });
      if (final) {
        await this.runs.discardResults(runId);
        this.logger.error({ runId, attempt, err: message }, 'plan run failed');
      } else this.logger.warn({ runId, attempt, err: message }, 'plan run attempt failed, retrying');
      if (e instanceof PlanningError) throw new UnrecoverableError(message);
      throw e;
    }
  }

  /** Every agency of a run in batches, one after the other (a job queued before runs were flows). */
  private async writeAllBatches(run: ClaimedPlanRun, delivery: string): Promise<PlanBatchResult[]> {
    const ids = await this.runs.agencyIdsOf(run.id);
    const size = this.config.planRunBatchAgencies;
    const written: PlanBatchResult[] = [];
    for (let i = 0; i * size < ids.length; i++) written.push(await this.writeBatch(run, delivery, i, ids.slice(i * size, (i + 1) * size)));
    return written;
  }

  /**
   * A batch's snapshot and results in ONE transaction, the results into the batch's own table,
   * committed: a retried or duplicated job replaces them, never adds to them, and none of it is
   * visible before the run is published. Inputs are read on a second connection in one
   * REPEATABLE READ snapshot, so every agency of the batch sees the data as it was at one instant.
   */
  private async writeBatch(run: ClaimedPlanRun, delivery: string, batch: number, agencyIds: string[]): Promise<PlanBatchResult> {
    // data held outside any version gets one first, so the versions this run names are never 0 for data that is there
    await recordBaselineVersions(this.db, 'worker:plan-run');
    const reader = this.db.createQueryRunner();
    await reader.connect();
    try {
      return await this.db.transaction(async (tx) => {
        const t = new PhaseTimer();
        await this.runs.takeBatchTurn(tx, run.id, delivery, batch, agencyIds);
        await reader.query('START TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
        const shared = await this.loader.loadShared(reader.manager, run);
        // an agency removed since the run was queued is no longer planned
        const wanted = new Set(agencyIds);
        const agencies = shared.agencies.filter((a) => wanted.has(a.id));
        const versions = await currentInputVersions(
          reader.manager,
          agencies.map((a) => a.id),
        );
        t.lap('shared');
        const inputs = await this.loader.loadBatch(reader.manager, run, shared, agencies);
        t.lap('inputs');
        const agencyCodes = agencies.map((a) => a.code);
        if (agencyCodes.length === 0) return { batch, table: '', agencyCodes, cells: 0, phasesMs: t.ms };
        const table = await this.writer.createBatchTable(tx, run.id, delivery, batch, agencyCodes);
        await this.writer.insertInputs(tx, run.id, inputs, versions);
        t.lap('snapshot');
        // agency by agency: the engine's rows go into the COPY as they are computed, and the
        // agency's roll-ups are summed from them on the way, so PostgreSQL stores one agency
        // while the next is computed and no batch-wide array of rows outlives its agency
        const rollUps: StoredRollUp[] = [];
        const regionOf = new Map(agencies.map((a) => [a.id, a.regionCode]));
        let cells = 0;
        let engineMs = 0;
        async function* computed(): AsyncGenerator<PlanResultRow[]> {
          for (const input of inputs) {
            const started = performance.now();
            const rows = toResultRows(input, computePlan(input.problem));
            rollUps.push(...rollUpAgency(input.agencyCode, regionOf.get(input.agencyId) ?? null, rows));
            cells += rows.length;
            engineMs += performance.now() - started;
            yield rows;
            // the other jobs of this worker get their turn between agencies
            await setImmediate();
          }
        }
        await this.writer.insertResults(tx, run.id, computed(), table);
        t.lap('results');
        t.move('results', 'engine', engineMs);
        await this.rollUps.insertAgencyRollUps(tx, run.id, rollUps);
        t.lap('rollUps');
        await this.writer.finishBatchTable(tx, table);
        t.lap('index');
        return { batch, table, agencyCodes, cells, phasesMs: t.ms };
      });
    } finally {
      await reader.query('ROLLBACK').catch(() => undefined);
      await reader.release();
    }
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
      if (state === 'failed') error = lostRunError(await this.failedReasonOf(job!));
      else if (!job && run.ageMs > PLAN_RUN_UNQUEUED_GRACE_MS)
        error = "the queue no longer holds this plan run's job (removed, or the queue was emptied); start the run again";
      else continue;
      if (await this.runs.failLost(run.id, error, 'WORKER_LOST')) {
        await this.runs.discardResults(run.id);
        failed++;
        this.logger.error({ runId: run.id, status: run.status, err: error }, 'plan run failed');
      }
    }
    return failed;
  }

  /** Why a run's flow failed: the reason of the batch that failed it (a parent only says a child failed). */
  private async failedReasonOf(parent: Job<ComputePlanJobData>): Promise<string | undefined> {
    for (let batch = 0; batch < (parent.data.batches ?? 0); batch++) {
      const child = await this.queue.getJob(planRunBatchJobId(parent.id!, batch));
      if (child && (await child.getState()) === 'failed') return child.failedReason;
    }
    return parent.failedReason;
  }

  /** This worker found a job whose worker stopped renewing its lock: it goes back to the queue for a takeover. */
  @OnWorkerEvent('stalled')
  onStalled(jobId: string): void {
    // the sweep's own jobs come from its scheduler ("repeat:…"); only a plan run's stall matters
    if (jobId.startsWith('repeat:')) return;
    // a batch's job id is its parent's with "-b<n>", and a parent's starts with the run id
    this.logger.warn(
      { runId: jobId.slice(0, 36), jobId },
      'plan run stalled: its worker stopped (killed, out of memory or cut off); another worker takes it over',
    );
  }

  @OnWorkerEvent('error')
  onError(err: Error): void {
    this.logger.error(err.message);
  }
}
