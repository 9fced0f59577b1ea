/** Every queue and job name, shared by producers (API) and consumers (worker). */
export const PLAN_RUN_QUEUE = 'plan-runs';

export enum PlanRunJobName {
  COMPUTE = 'compute-plan',
}

/** Jobs carry ids, never data: the processor loads what it needs. */
export interface ComputePlanJobData {
  planRunId: string;
}

export const PLAN_RUN_JOB_ATTEMPTS = 3;
