import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { PlanRunPolicyOverrides } from './entities';
import type { Queryable } from './roster-version.repository';
import { dropPlanResultTables } from './plan-result-table';

// The lifecycle of a plan run, one method per transition:
// QUEUED (insertQueued) → RUNNING (claimBatch) → SUCCEEDED (succeed) | QUEUED again or FAILED (failOrRetry);
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

const CLAIMED_COLUMNS = `id, attempts, agency_id AS "agencyId", to_char(as_of, 'YYYY-MM-DD') AS "asOf", years::int[] AS years, policy,
  scenario_id AS "scenarioId"`;

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

  /** The agencies a run covers (one, or every agency), in code order: the order of its batches. */
  async agencyIdsOf(id: string): Promise<string[]> {
    const rows = (await this.db.query(
      `SELECT a.id FROM plan_run r JOIN agency a ON r.agency_id IS NULL OR a.id = r.agency_id WHERE r.id = $1 ORDER BY a.code`,
      [id],
    )) as Array<{ id: string }>;
    return rows.map((r) => r.id);
  }

  /** A run that could not be queued must not wait as QUEUED forever. */
  async failUnqueued(id: string, message: string): Promise<void> {
    await this.db.query(
      `UPDATE plan_run SET status = 'FAILED', error = $2, error_code = 'QUEUE_UNAVAILABLE', finished_at = clock_timestamp() WHERE id = $1`,
      [id, message],
    );
  }

  /**
   * A batch of the run starts (a job of the run's flow, `delivery` naming the flow): RUNNING,
   * the error of an earlier attempt cleared; null when the run does not exist or has FAILED.
   * `attempts` counts the run's deliveries and every retry or takeover of one of its batches
   * (`batchAttempt` > 1): the batches of one delivery starting side by side are one attempt.
   * The progress a watcher saw is kept: a retry does not send the bar back.
   */
  async claimBatch(id: string, delivery: string, batchAttempt: number): Promise<ClaimedPlanRun | null> {
    // UPDATE … RETURNING answers [rows, rowCount]
    const [[run]] = (await this.db.query(
      `UPDATE plan_run SET status = 'RUNNING', started_at = coalesce(started_at, clock_timestamp()),
              attempts = attempts + CASE WHEN delivery IS DISTINCT FROM $2 OR $3 > 1 THEN 1 ELSE 0 END, delivery = $2,
              progress = greatest(progress, 5), error = NULL, error_code = NULL
        WHERE id = $1 AND status <> 'FAILED'
        RETURNING ${CLAIMED_COLUMNS}`,
      [id, delivery, batchAttempt],
    )) as [ClaimedPlanRun[], number];
    return run ?? null;
  }

  /** The run as its publishing job needs it, unchanged; null when it does not exist. */
  async find(id: string): Promise<(ClaimedPlanRun & { status: string }) | null> {
    const [run] = (await this.db.query(`SELECT status, ${CLAIMED_COLUMNS} FROM plan_run WHERE id = $1`, [id])) as Array<
      ClaimedPlanRun & { status: string }
    >;
    return run ?? null;
  }

  /**
   * Inside the transaction that writes a batch: waits for another delivery of the same batch (an
   * advisory lock, so progress updates on the plan_run row are not blocked), then removes the
   * inputs and agency roll-ups an earlier attempt recorded for the batch's agencies, so a retry
   * replaces, never adds.
   */
  async takeBatchTurn(tx: Queryable, id: string, delivery: string, batch: number, agencyIds: string[]): Promise<void> {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`${id}:${delivery}:${batch}`]);
    const [{ earlier }] = (await tx.query(
      `WITH gone AS (DELETE FROM plan_run_input WHERE run_id = $1 AND agency_id = ANY($2::uuid[]) RETURNING 1) SELECT count(*)::int AS earlier FROM gone`,
      [id, agencyIds],
    )) as Array<{ earlier: number }>;
    // a batch's inputs and roll-ups are committed together: no inputs, no roll-ups to remove (a
    // first attempt spares the search of the run's roll-ups by agency, ~20 ms a batch nationally)
    if (earlier === 0) return;
    await tx.query(
      `DELETE FROM plan_roll_up WHERE run_id = $1 AND scope = 'AGENCY' AND agency_code IN (SELECT code FROM agency WHERE id = ANY($2::uuid[]))`,
      [id, agencyIds],
    );
  }

  /**
   * Inside the transaction that publishes a run: one publication at a time, the province and
   * nation roll-ups of an earlier one gone. False, having changed nothing, when this delivery
   * already published the run: its publishing job ran again after it committed (a lost
   * acknowledgement), and publishing anew would drop the batch tables the run's table holds.
   */
  async takeTurnToPublish(tx: Queryable, id: string, delivery: string): Promise<boolean> {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [id]);
    const [run] = (await tx.query(
      `SELECT status = 'SUCCEEDED' AND delivery IS NOT DISTINCT FROM $2 AS published FROM plan_run WHERE id = $1`,
      [id, delivery],
    )) as Array<{ published: boolean }>;
    if (run?.published) return false;
    await tx.query(`DELETE FROM plan_roll_up WHERE run_id = $1 AND scope <> 'AGENCY'`, [id]);
    return true;
  }

  /** The result tables of a run that will never succeed: nothing of it was visible, now nothing of it is stored. */
  async discardResults(id: string): Promise<void> {
    await dropPlanResultTables(this.db, id);
    await this.db.query('DELETE FROM plan_roll_up WHERE run_id = $1', [id]);
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
