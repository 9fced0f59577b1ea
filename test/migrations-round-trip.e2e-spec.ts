import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions, MIGRATIONS } from '@formasi/database';

// Every migration's down() undoes its up() exactly: on a fresh database the migrations are run up
// one at a time, the schema read after each (tables, columns, constraints, indexes, triggers,
// functions, views); then undone one at a time back to nothing, each step expected to give back the
// schema of the step before; then run up again, expected to give the same schema as the first time.

/** The schema as a sorted list of definitions, the migrations table left out. */
async function schema(db: DataSource): Promise<string[]> {
  const rows: Array<{ d: string }> = await db.query(`
    SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || coalesce('(' || character_maximum_length || ')', '')
           || CASE WHEN is_nullable = 'NO' THEN ' NOT NULL' ELSE '' END || coalesce(' DEFAULT ' || column_default, '') AS d
      FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> 'typeorm_migrations'
    UNION ALL
    SELECT 'constraint ' || c.conrelid::regclass::text || '.' || c.conname || ' ' || pg_get_constraintdef(c.oid)
      FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
     WHERE n.nspname = 'public' AND c.conrelid <> 0 AND c.conrelid::regclass::text <> 'typeorm_migrations'
    UNION ALL
    SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> 'typeorm_migrations'
    UNION ALL
    SELECT 'trigger ' || pg_get_triggerdef(t.oid) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND NOT t.tgisinternal
    UNION ALL
    SELECT 'function ' || p.oid::regprocedure::text || ' ' || md5(pg_get_functiondef(p.oid))
      FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public' AND p.prokind IN ('f', 'p')
    UNION ALL
    SELECT 'view ' || viewname || ' ' || md5(definition) FROM pg_views WHERE schemaname = 'public'
    UNION ALL
    SELECT 'type ' || t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
     WHERE n.nspname = 'public' AND t.typtype IN ('e', 'd')`);
  return rows.map((r) => r.d).sort();
}

describe('migrations up and down', () => {
  const baseUrl = process.env.DATABASE_URL!;
  const name = `formasi_e2e_${randomBytes(5).toString('hex')}`;
  let db: DataSource;

  beforeAll(async () => {
    const admin = new Client({ connectionString: baseUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(baseUrl);
    u.pathname = `/${name}`;
    db = new DataSource(dataSourceOptions(u.toString()));
    await db.initialize();
  });

  afterAll(async () => {
    if (db?.isInitialized) await db.destroy();
    const admin = new Client({ connectionString: baseUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  });

  it('undoes every migration exactly, down to an empty schema, and runs them all up again to the same schema', async () => {
    // runMigrations runs what is pending: with one migration at a time, the schema after each
    const after: string[][] = [await schema(db)];
    const all = db.migrations;
    try {
      for (let n = 1; n <= all.length; n++) {
        (db as unknown as { migrations: typeof all }).migrations = all.slice(0, n);
        await db.runMigrations();
        after.push(await schema(db));
      }
    } finally {
      (db as unknown as { migrations: typeof all }).migrations = all;
    }
    expect(after).toHaveLength(MIGRATIONS.length + 1);
    const up = after[MIGRATIONS.length]!;

    for (let n = MIGRATIONS.length; n >= 1; n--) {
      await db.undoLastMigration();
      // the migration's name with the differences, so a failure says which down() is wrong
      const now = await schema(db);
      const expected = after[n - 1]!;
      expect({
        undone: all[n - 1]!.name,
        missing: expected.filter((d) => !now.includes(d)),
        left: now.filter((d) => !expected.includes(d)),
      }).toEqual({
        undone: all[n - 1]!.name,
        missing: [],
        left: [],
      });
    }
    expect(await schema(db)).toEqual(after[0]);

    await db.runMigrations();
    expect(await schema(db)).toEqual(up);
  });
});
