import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Job, UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';
import { computePlan, PlanningError } from '@formasi/planning';
import { AppConfig } from '@formasi/config';
import { PlanRunInputs } from '@formasi/database';
import { ComputePlanJobData, PLAN_RUN_QUEUE, PlanRunJobName } from '@formasi/queue';
import { PlanInputsLoader, PlanRunRow } from './plan-inputs.loader';
import { PlanResultRow, PlanResultsWriter } from './plan-results.writer';

/** Turns the engine's result for one agency into result rows. */
export function toResultRows(entry: PlanRunInputs['agencies'][number], result: ReturnType<typeof computePlan>): PlanResultRow[] {
  const workload = new Map(result.cells.map((c) => [`${c.positionCode}|${c.unitCode ?? ''}`, c]));
  return result.plan.map((p) => {
    const cell = workload.get(`${p.positionCode}|${p.unitCode ?? ''}`);
    const info = entry.positions[p.positionCode];
    return {
      agencyId: entry.agencyId,
      agencyCode: entry.agencyCode,
      unitCode: p.unitCode,
      positionCode: p.positionCode,
      category: info?.category ?? 'PELAKSANA',
      level: info?.level ?? null,
      year: p.year,
      requiredFte: p.requiredFte,
      required: p.required,
      existing: p.supplyStart,
      supplyStart: p.supplyStart,
      retirements: p.retirements,
      contractEnds: p.contractEnds,
      attrition: p.attrition,
      exits: p.exits,
      supplyEnd: p.supplyEnd,
      formation: p.formation,
      surplus: p.surplus,
      caf: cell?.caf ?? 1,
      iaf: cell?.iaf ?? 0,
      wisnRatio: p.requiredFte > 0 ? p.supplyStart / p.requiredFte : null,
      // the quota-allocation pressure of DOMAIN.md: the share of the need not covered
      pressure: p.required > 0 ? (p.required - p.supplyEnd) / p.required : 0,
    };
  });
}

@Processor(PLAN_RUN_QUEUE)
export class PlanRunProcessor extends WorkerHost implements OnApplicationBootstrap {
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

  async process(job: Job<ComputePlanJobData>): Promise<{ cells: number }> {
    if (job.name !== PlanRunJobName.COMPUTE) throw new UnrecoverableError(`unknown job ${job.name}`);
    const runId = job.data.planRunId;
    // UPDATE … RETURNING answers [rows, rowCount]
    const [[claimed]] = (await this.db.query(
      `UPDATE plan_run SET status = 'RUNNING', started_at = coalesce(started_at, now()), attempts = attempts + 1, progress = 5
        WHERE id = $1
        RETURNING id, agency_id AS "agencyId", to_char(as_of, 'YYYY-MM-DD') AS "asOf", years::int[] AS years, policy, inputs`,
      [runId],
    )) as [Array<PlanRunRow & { inputs: PlanRunInputs | null }>, number];
    if (!claimed) throw new UnrecoverableError(`plan run ${runId} does not exist`);
    const run = claimed;
    try {
      // A retry reuses the snapshot of the first attempt, so every attempt computes the same rows.
      let inputs = run.inputs;
      if (!inputs) {
        inputs = await this.loader.load(run);
        await this.db.query('UPDATE plan_run SET inputs = $2 WHERE id = $1', [runId, JSON.stringify(inputs)]);
      }
      await this.progress(job, 20);
      const rows: PlanResultRow[] = [];
      for (const [i, entry] of inputs.agencies.entries()) {
        rows.push(...toResultRows(entry, computePlan(entry.problem)));
        await this.progress(job, 20 + Math.floor((70 * (i + 1)) / inputs.agencies.length));
      }
      await this.writer.replaceResults(runId, rows);
      await job.updateProgress(100);
      this.logger.log({ runId, cells: rows.length, attempt: job.attemptsMade + 1 }, 'plan run succeeded');
      return { cells: rows.length };
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
