import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { PlanRunPolicyOverrides } from './entities';
import type { Queryable } from './roster-version.repository';

// The lifecycle of a plan run, one method per transition:
// QUEUED (insertQueued) → RUNNING (claim) → SUCCEEDED (succeed) | QUEUED again or FAILED (failOrRetry);
// a run that never reached the queue is FAILED at once (failUnqueued). The API and the worker
// decide when; the SQL of each move lives only here.

/** What the worker needs of a run it claimed. */
export interface ClaimedPlanRun {
  id: string;
  agencyId: string | null;
  asOf: string;
  years: number[];
  policy: PlanRunPolicyOverrides;
  scenarioId: string | null;
}

export interface NewPlanRun {
  agencyId: string | null;
  asOf: string;
  years: number[];
  policy: PlanRunPolicyOverrides;
  scenarioId: string | null;
}

@Injectable()
export class PlanRunRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Records a run waiting for the worker; `tx` is the caller's (audited) transaction. */
  async insertQueued(tx: Queryable, run: NewPlanRun): Promise<string> {
    const [row] = (await tx.query(
      `INSERT INTO plan_run (status, agency_id, as_of, years, policy, scenario_id) VALUES ('QUEUED', $1, $2, $3, $4, $5) RETURNING id`,
      [run.agencyId, run.asOf, run.years, JSON.stringify(run.policy), run.scenarioId],
    )) as Array<{ id: string }>;
    return row!.id;
  }

  /** A run that could not be queued must not wait as QUEUED forever. */
  async failUnqueued(id: string, message: string): Promise<void> {
    await this.db.query(
      `UPDATE plan_run SET status = 'FAILED', error = $2, error_code = 'QUEUE_UNAVAILABLE', finished_at = now() WHERE id = $1`,
      [id, message],
    );
  }

  /** RUNNING, one more attempt, the error of an earlier attempt cleared; null when the run does not exist. */
  async claim(id: string): Promise<ClaimedPlanRun | null> {
    // UPDATE … RETURNING answers [rows, rowCount]
    const [[run]] = (await this.db.query(
      `UPDATE plan_run SET status = 'RUNNING', started_at = coalesce(started_at, now()), attempts = attempts + 1, progress = 5,
              error = NULL, error_code = NULL
        WHERE id = $1
        RETURNING id, agency_id AS "agencyId", to_char(as_of, 'YYYY-MM-DD') AS "asOf", years::int[] AS years, policy,
                  scenario_id AS "scenarioId"`,
      [id],
    )) as [ClaimedPlanRun[], number];
    return run ?? null;
  }

  /**
   * Inside the transaction that writes a run's results: waits for another delivery of the same
   * run (an advisory lock, so progress updates on the plan_run row are not blocked), then
   * removes what an earlier attempt wrote, so a retried run replaces its results, never adds.
   */
  async takeTurnAndClearResults(tx: Queryable, id: string): Promise<void> {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [id]);
    await tx.query('DELETE FROM plan_result WHERE run_id = $1', [id]);
    await tx.query('DELETE FROM plan_run_input WHERE run_id = $1', [id]);
    await tx.query('DELETE FROM plan_roll_up WHERE run_id = $1', [id]);
  }

  /** Progress only moves forward (two deliveries may report out of order). */
  async progress(id: string, percent: number): Promise<void> {
    await this.db.query('UPDATE plan_run SET progress = $2 WHERE id = $1 AND progress < $2', [id, percent]);
  }

  /** SUCCEEDED, in the transaction that wrote the results, with the planning rules version they were computed by. */
  async succeed(tx: Queryable, id: string, rulesVersion: number): Promise<void> {
    await tx.query(
      `UPDATE plan_run SET status = 'SUCCEEDED', progress = 100, finished_at = now(), error = NULL, error_code = NULL, rules_version = $2
        WHERE id = $1`,
      [id, rulesVersion],
    );
  }

  /** FAILED for good (`final`), or QUEUED again for BullMQ's next attempt, with the error kept on the run. */
  async failOrRetry(id: string, outcome: { final: boolean; error: string; errorCode: string }): Promise<void> {
    await this.db.query(
      `UPDATE plan_run SET status = $2::varchar, error = $3, error_code = $4, finished_at = CASE WHEN $2::varchar = 'FAILED' THEN now() END WHERE id = $1`,
      [id, outcome.final ? 'FAILED' : 'QUEUED', outcome.error, outcome.errorCode],
    );
  }
}
