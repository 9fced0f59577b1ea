import { PlanningError } from './planning-error';

/** Runs `run` and returns the PlanningError it throws; any other outcome fails the test. */
export function planningError(run: () => unknown): PlanningError {
  try {
    run();
  } catch (error) {
    if (error instanceof PlanningError) return error;
    throw error;
  }
  throw new Error('expected a PlanningError');
}
