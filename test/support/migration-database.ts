import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions, MIGRATIONS } from '@formasi/database';

/**
 * A database of its own for a migration's test: `before` has every migration up to (not
 * including) `migration` applied; `after()` opens it with `migration` too (run it, or undo it).
 */
export class MigrationDatabase {
  readonly name = `formasi_e2e_${randomBytes(5).toString('hex')}`;
  private readonly baseUrl = process.env.DATABASE_URL!;
  private readonly index: number;
  url = '';
  before!: DataSource;

  constructor(migration: (typeof MIGRATIONS)[number]) {
    this.index = MIGRATIONS.indexOf(migration);
    if (this.index < 0) throw new Error(`${migration.name} is not in MIGRATIONS`);
  }

  async open(): Promise<void> {
    await this.admin(`CREATE DATABASE ${this.name}`);
    const u = new URL(this.baseUrl);
    u.pathname = `/${this.name}`;
    this.url = u.toString();
    this.before = new DataSource({ ...dataSourceOptions(this.url), migrations: MIGRATIONS.slice(0, this.index) });
    await this.before.initialize();
    await this.before.runMigrations();
  }

  async after(): Promise<DataSource> {
    const ds = new DataSource({ ...dataSourceOptions(this.url), migrations: MIGRATIONS.slice(0, this.index + 1) });
    await ds.initialize();
    return ds;
  }

  async close(): Promise<void> {
    if (this.before?.isInitialized) await this.before.destroy();
    await this.admin(`DROP DATABASE IF EXISTS ${this.name} WITH (FORCE)`);
  }

  private async admin(sql: string): Promise<void> {
    const admin = new Client({ connectionString: this.baseUrl });
    await admin.connect();
    try {
      await admin.query(sql);
    } finally {
      await admin.end();
    }
  }
}
