import { DataSource, EntityManager } from 'typeorm';
import { DomainError, DomainErrorCode, InputValidationError, NotFoundError } from '../common/domain-error';

export interface FinishedRun {
  id: string;
  years: number[];
  /** Version of the planning rules that computed the run's results. */
  rulesVersion: number;
  /**
   * When its results were written (to the microsecond): a run whose results are written again (a
   * redelivered job) gets a new one, so it keys what readers keep of the results.
   */
  finishedAt: string;
}

/** The run, if it exists and its results are complete; `year`, when given, must be one of its plan years. */
export async function requireFinishedRun(
  db: DataSource | EntityManager,
  runId: string,
  year?: number | null,
  field = 'year',
): Promise<FinishedRun> {
  const [run] = (await db.query(
    `SELECT id, status, years, rules_version AS "rulesVersion", to_char(finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') AS "finishedAt"
       FROM plan_run WHERE id = $1`,
    [runId],
  )) as Array<FinishedRun & { status: string }>;
  if (!run) throw new NotFoundError('plan run', runId);
  if (run.status !== 'SUCCEEDED')
    throw new DomainError(DomainErrorCode.RUN_NOT_FINISHED, `plan run ${runId} is ${run.status}, not SUCCEEDED`);
  if (year != null && !run.years.includes(year)) {
    throw new InputValidationError([{ field, message: `${year} is not a plan year of run ${runId} (${run.years.join(', ')})` }]);
  }
  return { id: run.id, years: run.years, rulesVersion: run.rulesVersion, finishedAt: run.finishedAt };
}
