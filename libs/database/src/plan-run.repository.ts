import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { PlanRunPolicyOverrides } from './entities';
import type { Queryable } from './roster-version.repository';
import { dropPlanResultTable } from './plan-result-table';

// The lifecycle of a plan run, one method per transition:
// QUEUED (insertQueued) → RUNNING (claim) → SUCCEEDED (succeed) | QUEUED again or FAILED (failOrRetry);
// a run that never reached the queue is FAILED at once (failUnqueued). The API and the worker
// decide when; the SQL of each move lives only here.

/** What the worker needs of a run it claimed. */
export interface ClaimedPlanRun {
  id: string;
  /** Which attempt this is, counting every claim (a retry after an error and a takeover after a stall alike). */
  attempts: number;
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
      `UPDATE plan_run SET status = 'FAILED', error = $2, error_code = 'QUEUE_UNAVAILABLE', finished_at = clock_timestamp() WHERE id = $1`,
      [id, message],
    );
  }

  /**
   * RUNNING, one more attempt, the error of an earlier attempt cleared; null when the run does
   * not exist. The progress a watcher saw is kept: a retry does not send the bar back (it
   * moves again once the new attempt passes it).
   */
  async claim(id: string): Promise<ClaimedPlanRun | null> {
    // UPDATE … RETURNING answers [rows, rowCount]
    const [[run]] = (await this.db.query(
      `UPDATE plan_run SET status = 'RUNNING', started_at = coalesce(started_at, clock_timestamp()), attempts = attempts + 1, progress = greatest(progress, 5),
              error = NULL, error_code = NULL
        WHERE id = $1
        RETURNING id, attempts, agency_id AS "agencyId", to_char(as_of, 'YYYY-MM-DD') AS "asOf", years::int[] AS years, policy,
                  scenario_id AS "scenarioId"`,
      [id],
    )) as [ClaimedPlanRun[], number];
    return run ?? null;
  }

  /**
   * Inside the transaction that writes a run's results: waits for another delivery of the same
   * run (an advisory lock, so progress updates on the plan_run row are not blocked), then
   * removes what an earlier attempt wrote (its results' table too), so a retried run replaces
   * its results, never adds.
   */
  async takeTurnAndClearResults(tx: Queryable, id: string): Promise<void> {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [id]);
    await dropPlanResultTable(tx, id);
    await tx.query('DELETE FROM plan_run_input WHERE run_id = $1', [id]);
    await tx.query('DELETE FROM plan_roll_up WHERE run_id = $1', [id]);
  }

  /** Progress only moves forward (two deliveries may report out of order). */
  async progress(id: string, percent: number): Promise<void> {
    await this.db.query('UPDATE plan_run SET progress = $2 WHERE id = $1 AND progress < $2', [id, percent]);
  }

  /**
   * SUCCEEDED, in the transaction that wrote the results, with the planning rules version they
   * were computed by. The clock's time, not the transaction's start (`now()`), which for a long
   * run would make it end when it began writing.
   */
  async succeed(tx: Queryable, id: string, rulesVersion: number): Promise<void> {
    await tx.query(
      `UPDATE plan_run SET status = 'SUCCEEDED', progress = 100, finished_at = clock_timestamp(), error = NULL, error_code = NULL, rules_version = $2
        WHERE id = $1`,
      [id, rulesVersion],
    );
  }

  /** FAILED for good (`final`), or QUEUED again for BullMQ's next attempt, with the error kept on the run. */
  async failOrRetry(id: string, outcome: { final: boolean; error: string; errorCode: string }): Promise<void> {
    await this.db.query(
      `UPDATE plan_run SET status = $2::varchar, error = $3, error_code = $4, finished_at = CASE WHEN $2::varchar = 'FAILED' THEN clock_timestamp() END
        WHERE id = $1 AND status IN ('QUEUED', 'RUNNING')`,
      [id, outcome.final ? 'FAILED' : 'QUEUED', outcome.error, outcome.errorCode],
    );
  }

  /** Runs still waiting or running, for the sweep to look up their jobs; `ageMs` since they were started. */
  async unfinished(): Promise<Array<{ id: string; status: string; ageMs: number }>> {
    return (await this.db.query(
      `SELECT id, status, (extract(epoch FROM clock_timestamp() - created_at) * 1000)::float8 AS "ageMs"
         FROM plan_run WHERE status IN ('QUEUED', 'RUNNING') ORDER BY created_at`,
    )) as Array<{ id: string; status: string; ageMs: number }>;
  }

  /** FAILED because its job is gone or was given up by the queue, unless it finished meanwhile; answers whether it changed. */
  async failLost(id: string, error: string, errorCode: string): Promise<boolean> {
    const [, changed] = (await this.db.query(
      `UPDATE plan_run SET status = 'FAILED', error = $2, error_code = $3, finished_at = clock_timestamp()
        WHERE id = $1 AND status IN ('QUEUED', 'RUNNING')`,
      [id, error, errorCode],
    )) as [unknown, number];
    return changed > 0;
  }
}
