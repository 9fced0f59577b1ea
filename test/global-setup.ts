// Starts an embedded PostgreSQL for the e2e suite when DATABASE_URL is unset. Each test file
// then creates its own database from this server (test/support/e2e-app.ts). As root from a
// folder the server's user cannot reach, its data goes where `npm start`'s would (docs/hardening.md).
import { resolve } from 'node:path';
import { EmbeddedPostgresHandle, startEmbeddedPostgres } from '../libs/database/src/embedded-postgres';

declare global {
  var __FORMASI_E2E_PG__: EmbeddedPostgresHandle | undefined;
}

export default async function globalSetup(): Promise<void> {
  if (process.env.DATABASE_URL) return;
  const port = Number(process.env.E2E_EMBEDDED_PG_PORT ?? 54339);
  const pg = await startEmbeddedPostgres(resolve('.data/e2e-postgres'), port, { throwaway: true });
  globalThis.__FORMASI_E2E_PG__ = pg;
  process.env.DATABASE_URL = pg.url;
  process.env.FORMASI_E2E_EMBEDDED = '1';
}
