import { createHash } from 'node:crypto';
import type { Queryable } from './roster-version.repository';
import { idHex } from './table-names';

// A run's result rows are tables of their own, like a roster version's (roster-version.repository.ts).
// A run is computed in batches of agencies, each batch by a job of its own (a BullMQ flow), and
// each batch's rows go into a table of their own, `plan_result_<run>_<delivery>_<batch>`: created
// by the job's transaction, loaded by COPY with no index to maintain, indexed after loading as
// `plan_result` is indexed, and committed by the job. When every batch is written, the run's
// table `plan_result_<run>` is created, partitioned by agency code, with the batches' tables as
// its partitions, and attached as the run's partition of `plan_result` (partitioned by run id),
// all in one transaction: readers see the whole run or nothing. Deleting a run drops its tables
// (a trigger on plan_run).

const hexOf = (runId: string): string => idHex(runId, 'plan run id');

const literal = (value: string): string => `'${value.replace(/'/g, "''")}'`;

/** The run's table: a partition of `plan_result` once the run succeeded. */
export function planResultTable(runId: string): string {
  return `plan_result_${hexOf(runId)}`;
}

/**
 * The table of one batch of a run's agencies, for one delivery of the run (the flow's job id:
 * a second delivery of a finished run writes beside the published tables, never over them).
 */
export function planResultBatchTable(runId: string, delivery: string, batch: number): string {
  if (!Number.isInteger(batch) || batch < 0 || batch > 99_999) throw new Error(`not a batch number: ${batch}`);
  const tag = createHash('sha1').update(delivery).digest('hex').slice(0, 6);
  return `plan_result_${hexOf(runId)}_${tag}_${batch}`;
}

/**
 * An empty table for a batch's rows (one an earlier attempt of the batch left is dropped first),
 * with the CHECK constraints that match its partition bounds (the run, the batch's agencies), so
 * attaching it needs no scan. A COPY in the transaction that ran this can use FREEZE.
 */
export async function createPlanResultBatchTable(
  db: Queryable,
  runId: string,
  delivery: string,
  batch: number,
  agencyCodes: string[],
): Promise<string> {
  if (agencyCodes.length === 0) throw new Error(`batch ${batch} of plan run ${runId} has no agency`);
  const table = planResultBatchTable(runId, delivery, batch);
  await db.query(`DROP TABLE IF EXISTS ${table}`);
  await db.query(
    `CREATE TABLE ${table} (LIKE plan_result INCLUDING DEFAULTS, CONSTRAINT ${table}_run CHECK (run_id = ${literal(runId)}),
       CONSTRAINT ${table}_agency CHECK (agency_code IN (${agencyCodes.map(literal).join(', ')})))`,
  );
  return table;
}

/**
 * Builds on a loaded table every key and index `plan_result` declares, read from the catalog so
 * a batch never misses one (ATTACH adopts them instead of building its own: one sort per index
 * over the loaded rows, in the batch's job, instead of keeping them up to date row by row), then
 * ANALYZEs the columns readers filter by, so they plan with the run's real row counts from the first query.
 */
export async function indexPlanResultTable(db: Queryable, table: string): Promise<void> {
  const indexes = (await db.query(
    `SELECT pg_get_indexdef(x.indexrelid) AS def, pg_get_constraintdef(c.oid) AS constraint
       FROM pg_index x LEFT JOIN pg_constraint c ON c.conindid = x.indexrelid AND c.conrelid = x.indrelid
      WHERE x.indrelid = 'plan_result'::regclass
      ORDER BY x.indexrelid`,
  )) as Array<{ def: string; constraint: string | null }>;
  for (const [i, { def, constraint }] of indexes.entries()) {
    // a key's index is adopted only by the same key on the partition, not by a bare unique index
    if (constraint) await db.query(`ALTER TABLE ${table} ADD CONSTRAINT ${table}_k${i} ${constraint}`);
    else {
      const own = def.replace(/^CREATE (UNIQUE )?INDEX \S+ ON ONLY \S+ /, `CREATE $1INDEX ${table}_i${i} ON ${table} `);
      if (own === def) throw new Error(`unexpected definition of an index of plan_result: ${def}`);
      await db.query(own);
    }
  }
  await db.query(
    `ALTER TABLE ${table} ${STATISTICS_COLUMNS.map((c) => `ALTER COLUMN ${c} SET STATISTICS ${STATISTICS_TARGET}`).join(', ')}`,
  );
  await db.query(`ANALYZE ${table} (${STATISTICS_COLUMNS.join(', ')})`);
}

/**
 * The columns readers filter and group results by (the run's id too: every read names it, and
 * without its statistics the planner guesses a run holds 0.5 % of its rows): the ones whose statistics plan their
 * queries. A batch's ANALYZE of every column at the default target took 240 ms of a 38,000-row
 * batch (a tenth of a national run); these from a sample of 3,000 rows take about 9 ms, and a
 * batch holds a few agencies' codes, five years and some hundreds of units: the sample sees them.
 */
const STATISTICS_COLUMNS = [
  'run_id',
  'agency_id',
  'agency_code',
  'unit_code',
  'position_code',
  'category',
  'level',
  'year',
  'efficiency_band',
];
const STATISTICS_TARGET = 10;

/** A written batch: its table and the agencies it holds. */
export interface PlanResultBatch {
  table: string;
  agencyCodes: string[];
}

/**
 * Makes the run's batches its results, in the caller's transaction: any table an earlier
 * delivery published goes, the run's table is created with the batches as its partitions (the
 * CHECK constraints spare the scans, the indexes are adopted) and attached to `plan_result`.
 * Readers see it when the transaction commits. Replacing a published run holds plan_result's
 * lock until then; a first publication blocks no reader.
 */
export async function publishPlanResultTables(db: Queryable, runId: string, batches: PlanResultBatch[]): Promise<void> {
  const run = planResultTable(runId);
  await db.query(`DROP TABLE IF EXISTS ${run}`);
  await db.query(`CREATE TABLE ${run} (LIKE plan_result INCLUDING DEFAULTS) PARTITION BY LIST (agency_code)`);
  for (const b of batches) {
    await db.query(`ALTER TABLE ${run} ATTACH PARTITION ${b.table} FOR VALUES IN (${b.agencyCodes.map(literal).join(', ')})`);
  }
  await db.query(`ALTER TABLE plan_result ATTACH PARTITION ${run} FOR VALUES IN (${literal(runId)})`);
}

/** Drops every table of the run: the published one (its batches with it) and any batch never published. */
export async function dropPlanResultTables(db: Queryable, runId: string): Promise<void> {
  const run = planResultTable(runId);
  await db.query(`DROP TABLE IF EXISTS ${run}`);
  const left = (await db.query(`SELECT relname AS t FROM pg_class WHERE relkind = 'r' AND relname LIKE $1`, [`${run}\\_%`])) as Array<{
    t: string;
  }>;
  for (const { t } of left) await db.query(`DROP TABLE IF EXISTS ${t}`);
}

/** How many batches of one delivery of the run are written (committed): the run's progress. */
export async function countPlanResultBatchTables(db: Queryable, runId: string, delivery: string): Promise<number> {
  const prefix = planResultBatchTable(runId, delivery, 0).replace(/_0$/, '');
  const [row] = (await db.query(`SELECT count(*)::int AS n FROM pg_class WHERE relkind = 'r' AND relname LIKE $1`, [
    `${prefix}\\_%`,
  ])) as Array<{
    n: number;
  }>;
  return row!.n;
}
