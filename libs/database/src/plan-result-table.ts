import type { Queryable } from './roster-version.repository';

// A run's result rows are a table of their own, `plan_result_<run id without dashes>`, like a
// roster version's (roster-version.repository.ts): created by the attempt that computes the run,
// loaded by COPY with no index to maintain, indexed after loading as `plan_result` is indexed,
// and attached as a partition of `plan_result` (partitioned by run id) when the run succeeds.
// Readers only ever see attached tables, so a failed or killed attempt leaves nothing visible;
// deleting a run drops its table (a trigger on plan_run).

/** The table of one run's result rows; a partition of `plan_result` once the run succeeded. */
export function planResultTable(runId: string): string {
  const hex = runId.replace(/-/g, '').toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(hex)) throw new Error(`not a plan run id: ${runId}`);
  return `plan_result_${hex}`;
}

/**
 * An empty table for the run's rows (any an earlier attempt left is dropped first), with the
 * CHECK that matches its partition bound, so attaching it needs no scan. A COPY in the
 * transaction that ran this can use FREEZE.
 */
export async function createPlanResultTable(db: Queryable, runId: string): Promise<string> {
  const table = planResultTable(runId);
  await dropPlanResultTable(db, runId);
  await db.query(`CREATE TABLE ${table} (LIKE plan_result INCLUDING DEFAULTS, CONSTRAINT ${table}_run CHECK (run_id = '${runId}'))`);
  return table;
}

/**
 * Builds on a loaded table every key and index `plan_result` declares, read from the catalog so
 * a run table never misses one: ATTACH then adopts them instead of building its own, and one
 * sort per index over the loaded rows costs a fraction of keeping them up to date row by row.
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
}

/**
 * Statistics first (readers plan with the run's real row counts from the start), then the
 * table becomes the run's partition: visible to everyone once the caller's transaction commits.
 */
export async function attachPlanResultTable(db: Queryable, runId: string): Promise<void> {
  const table = planResultTable(runId);
  await db.query(`ANALYZE ${table}`);
  await db.query(`ALTER TABLE plan_result ATTACH PARTITION ${table} FOR VALUES IN ('${runId}')`);
}

/** Drops the run's table, attached or not (a partition goes with it). */
export async function dropPlanResultTable(db: Queryable, runId: string): Promise<void> {
  await db.query(`DROP TABLE IF EXISTS ${planResultTable(runId)}`);
}
