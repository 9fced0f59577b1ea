import type { FlowJob } from 'bullmq';

/** Every queue and job name, shared by producers (API) and consumers (worker). */
export const PLAN_RUN_QUEUE = 'plan-runs';
/** The flow producer that queues a plan run's jobs. */
export const PLAN_RUN_FLOW = 'plan-run-flows';

export enum PlanRunJobName {
  /**
   * The parent of a run's flow (its job id is the run id): processed once every batch is written,
   * it publishes the run. A job of that name without children (queued before runs were flows)
   * computes its batches itself first.
   */
  COMPUTE = 'compute-plan',
  /** A child of a run's flow: computes one batch of agencies and writes it into a table of its own. */
  BATCH = 'compute-plan-batch',
  /** Repeated by a BullMQ job scheduler: fails the runs whose job the queue gave up or lost. */
  SWEEP = 'sweep-plan-runs',
}

/** Jobs carry ids, never data: the processor loads what it needs. */
export interface ComputePlanJobData {
  planRunId: string;
  /** How many batch jobs the flow has (absent on a job queued before runs were flows). */
  batches?: number;
}

/** One batch of a run's agencies. */
export interface ComputePlanBatchJobData {
  planRunId: string;
  batch: number;
  batches: number;
  agencyIds: string[];
}

/** What a batch job answers to its parent: the table it wrote and the agencies that table holds. */
export interface PlanBatchResult {
  batch: number;
  table: string;
  agencyCodes: string[];
  cells: number;
  phasesMs: Record<string, number>;
}

export const PLAN_RUN_JOB_ATTEMPTS = 3;

/**
 * How a killed worker's run is taken over within 15 s: its lock lapses at most `lockDuration`
 * after the last renewal (a live worker renews it every `lockDuration / 2`), and every worker
 * looks for lapsed locks each `stalledInterval`. A run stalled a second time
 * (`maxStalledCount`) is failed by the queue, and the sweep marks it FAILED. BullMQ's defaults
 * (30 s and 30 s) took a minute.
 */
export const PLAN_RUN_WORKER_OPTIONS = { lockDuration: 10_000, stalledInterval: 5_000, maxStalledCount: 1 } as const;

/**
 * A run as a BullMQ flow: the parent (`jobId`, the run id for a first delivery) waits for one
 * child per batch of `batchSize` agencies (in the order given); a child that fails for good fails
 * the parent, so the sweep sees the run lost. Children's ids are the parent's with `-b<n>`.
 */
export function planRunFlow(planRunId: string, jobId: string, agencyIds: string[], batchSize: number): FlowJob {
  const batches: string[][] = [];
  for (let i = 0; i < agencyIds.length; i += batchSize) batches.push(agencyIds.slice(i, i + batchSize));
  const retained = { removeOnComplete: { count: 1000 }, removeOnFail: { count: 1000 } };
  const retried = { attempts: PLAN_RUN_JOB_ATTEMPTS, backoff: { type: 'exponential', delay: 1000 }, ...retained };
  return {
    name: PlanRunJobName.COMPUTE,
    queueName: PLAN_RUN_QUEUE,
    data: { planRunId, batches: batches.length } satisfies ComputePlanJobData,
    opts: { jobId, ...retried },
    children: batches.map((ids, batch) => ({
      name: PlanRunJobName.BATCH,
      queueName: PLAN_RUN_QUEUE,
      data: { planRunId, batch, batches: batches.length, agencyIds: ids } satisfies ComputePlanBatchJobData,
      opts: { jobId: planRunBatchJobId(jobId, batch), failParentOnFailure: true, ...retried },
    })),
  };
}

/** The id of a flow's batch job. */
export function planRunBatchJobId(parentJobId: string, batch: number): string {
  return `${parentJobId}-b${batch}`;
}

/** How often a worker sweeps for runs whose job was given up or is gone. */
export const PLAN_RUN_SWEEP_EVERY_MS = 10_000;

/** A run whose job is missing is lost only after this long: the API records a run a moment before it queues it. */
export const PLAN_RUN_UNQUEUED_GRACE_MS = 60_000;
