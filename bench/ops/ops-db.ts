// What the drills and the benchmark read from the database: one short connection per question,
// so a question asked while PostgreSQL restarts fails alone and the next one reconnects.
import { Client } from 'pg';
import { rosterRowsTable } from '../../libs/database/src/roster-version.repository';

export class OpsDb {
  constructor(readonly url: string) {}

  async query<T>(text: string, params: unknown[] = []): Promise<T[]> {
    const c = new Client({ connectionString: this.url, connectionTimeoutMillis: 10_000 });
    await c.connect();
    try {
      return (await c.query(text, params)).rows as T[];
    } finally {
      await c.end().catch(() => undefined);
    }
  }

  async run(id: string): Promise<{ status: string; progress: number; attempts: number; error: string | null }> {
    const [r] = await this.query<{ status: string; progress: number; attempts: number; error: string | null }>(
      'SELECT status, progress, attempts, error FROM plan_run WHERE id = $1',
      [id],
    );
    if (!r) throw new Error(`plan run ${id} does not exist`);
    return r;
  }

  /**
   * A digest of everything a run stored for readers: its result rows and roll-ups (all columns
   * but their own ids), in a fixed order. Two runs over the same inputs must agree.
   */
  async runDigest(id: string): Promise<{ rows: number; rollUps: number; hash: string }> {
    const [r] = await this.query<{ rows: number; roll_ups: number; hash: string }>(
      `SELECT (SELECT count(*)::int FROM plan_result WHERE run_id = $1) AS rows,
              (SELECT count(*)::int FROM plan_roll_up WHERE run_id = $1) AS roll_ups,
              md5(coalesce((SELECT string_agg(t, E'\\n' ORDER BY t) FROM (SELECT (to_jsonb(r) - 'id' - 'run_id')::text AS t FROM plan_result r WHERE r.run_id = $1) x), '')
               || '|' ||
                  coalesce((SELECT string_agg(t, E'\\n' ORDER BY t) FROM (SELECT (to_jsonb(p) - 'id' - 'run_id')::text AS t FROM plan_roll_up p WHERE p.run_id = $1) y), '')) AS hash`,
      [id],
    );
    return { rows: r!.rows, rollUps: r!.roll_ups, hash: r!.hash };
  }

  async submission(
    id: string,
  ): Promise<{ status: string; progress: number; rowCount: number | null; failure: string | null; tableRows: number | null }> {
    const table = rosterRowsTable(id);
    const [s] = await this.query<{
      status: string;
      progress: number;
      row_count: number | null;
      failure: string | null;
      has_table: boolean;
    }>('SELECT status, progress, row_count, failure, to_regclass($2) IS NOT NULL AS has_table FROM staffing_submission WHERE id = $1', [
      id,
      table,
    ]);
    if (!s) throw new Error(`submission ${id} does not exist`);
    const tableRows = s.has_table ? (await this.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]!.n : null;
    return { status: s.status, progress: s.progress, rowCount: s.row_count, failure: s.failure, tableRows };
  }
}
