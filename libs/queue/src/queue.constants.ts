/** Every queue and job name, shared by producers (API) and consumers (worker). */
export const PLAN_RUN_QUEUE = 'plan-runs';

export enum PlanRunJobName {
  COMPUTE = 'compute-plan',
  /** Repeated by a BullMQ job scheduler: fails the runs whose job the queue gave up or lost. */
  SWEEP = 'sweep-plan-runs',
}

/** Jobs carry ids, never data: the processor loads what it needs. */
export interface ComputePlanJobData {
  planRunId: string;
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

/** How often a worker sweeps for runs whose job was given up or is gone. */
export const PLAN_RUN_SWEEP_EVERY_MS = 10_000;

/** A run whose job is missing is lost only after this long: the API records a run a moment before it queues it. */
export const PLAN_RUN_UNQUEUED_GRACE_MS = 60_000;
