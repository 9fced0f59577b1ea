import { DataSource } from 'typeorm';
import { planResultTable } from '@formasi/database';
import { MigrationDatabase } from './support/migration-database';
import { PlanResultPartitions1765400000000 } from '../migrations/1765400000000-plan-result-partitions';

// The migration that gives each run's results a table of their own moves existing rows: every
// run's rows become its partition of plan_result, ids kept (cursors issued before stay valid),
// readable as before; deleting a run drops its table; going back restores the one shared table.
describe('plan result partitions migration', () => {
  const scratch = new MigrationDatabase(PlanResultPartitions1765400000000);
  let before: DataSource;

  const partitions = async (db: DataSource): Promise<Array<{ t: string; attached: boolean }>> =>
    db.query(
      `SELECT c.relname AS t, c.relispartition AS attached FROM pg_class c
        WHERE c.relkind = 'r' AND c.relname ~ '^plan_result_[0-9a-f]{32}$' ORDER BY c.relname`,
    );

  beforeAll(async () => {
    await scratch.open();
    before = scratch.before;
  });

  afterAll(async () => {
    await scratch.close();
  });

  it('moves every run’s rows into its own partition and back', async () => {
    const runs = (await before.query(
      `INSERT INTO plan_run (status, as_of, years) VALUES ('SUCCEEDED', '2026-12-31', '{2027}'), ('SUCCEEDED', '2026-12-31', '{2027,2028}')
       RETURNING id`,
    )) as Array<{ id: string }>;
    const [a, b] = runs.map((r) => r.id) as [string, string];
    const row = (run: string, unit: string | null, year: number, pressure: number): Promise<unknown> =>
      before.query(
        `INSERT INTO plan_result (run_id, agency_id, agency_code, unit_code, position_code, category, year, required_fte, required, existing,
           supply_start, retirements, contract_ends, expected_attrition, attrition, exits, supply_end, formation, surplus, caf, iaf, pressure, rules_version)
         VALUES ($1, gen_random_uuid(), 'KAB-M', $2, 'PERAWAT', 'FUNGSIONAL', $3, 2.5, 3, 1, 1, 0, 0, 0, 0, 0, 1, 2, 0, 1, 0.2, $4, 2)`,
        [run, unit, year, pressure],
      );
    await row(a, 'PKM-A', 2027, 0.5);
    await row(b, 'PKM-A', 2027, 0.25);
    await row(b, null, 2028, 0.75);
    const read = (db: DataSource): Promise<Array<{ id: string; run_id: string; unit_code: string | null; pressure: string }>> =>
      db.query('SELECT id::text, run_id, unit_code, pressure::text FROM plan_result ORDER BY id');
    const stored = await read(before);
    await before.destroy();

    const after = await scratch.after();
    try {
      await after.runMigrations();
      expect(await partitions(after)).toEqual(
        [
          { t: planResultTable(a), attached: true },
          { t: planResultTable(b), attached: true },
        ].sort((x, y) => x.t.localeCompare(y.t)),
      );
      expect(await read(after)).toEqual(stored);
      // a page of run b reads its own partition on the keyset index
      const plan = (await after.query(`EXPLAIN SELECT id FROM plan_result WHERE run_id = $1 ORDER BY -pressure, id LIMIT 50`, [
        b,
      ])) as Array<{
        'QUERY PLAN': string;
      }>;
      expect(plan.map((p) => p['QUERY PLAN']).join('\n')).toMatch(new RegExp(`on ${planResultTable(b)}`));
      // new rows take ids after the moved ones
      const [{ next }] = (await after.query(`SELECT nextval('plan_result_id_seq')::int AS next`)) as Array<{ next: number }>;
      expect(next).toBeGreaterThan(Number(stored[2]!.id));
      // deleting a run drops its table
      await after.query('DELETE FROM plan_run WHERE id = $1', [a]);
      expect(await partitions(after)).toEqual([{ t: planResultTable(b), attached: true }]);

      await after.undoLastMigration();
      expect(await partitions(after)).toEqual([]);
      expect(await read(after)).toEqual(stored.slice(1));
      // the shared table's foreign key is back: a deleted run's rows go with it
      await after.query('DELETE FROM plan_run WHERE id = $1', [b]);
      expect(await read(after)).toEqual([]);
    } finally {
      await after.destroy();
    }
  });
});
