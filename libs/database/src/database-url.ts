import { AppConfig, ConfigValidationError } from '@formasi/config';
import { EmbeddedPostgresHandle, startEmbeddedPostgres } from './embedded-postgres';
import { EmbeddedPostgresError } from './embedded-postgres-access';

/** DATABASE_URL when set; otherwise the embedded PostgreSQL, started here. */
export async function resolveDatabase(config: AppConfig, log: (m: string) => void = () => {}): Promise<EmbeddedPostgresHandle> {
  if (config.databaseUrl) return { url: config.databaseUrl, dataDir: null, movedBecause: null, stop: async () => {} };
  return startEmbeddedPostgres(config.embeddedPg.dir, config.embeddedPg.port, { log, mayMoveData: !config.embeddedPg.dirChosen });
}

/** Where the embedded PostgreSQL keeps its data, and why there when it is not the folder asked for; null with DATABASE_URL. */
export function embeddedDataNotice(config: AppConfig, db: EmbeddedPostgresHandle): string | null {
  if (!db.dataDir) return null;
  return `Embedded PostgreSQL data: ${db.dataDir}${db.movedBecause ? ` (not ${config.embeddedPg.dir}: ${db.movedBecause})` : ''}`;
}

/** The URL of the embedded PostgreSQL another process (`npm start`) runs, for a worker beside it. */
export function embeddedDatabaseUrl(config: AppConfig): string {
  return `postgres://postgres:postgres@127.0.0.1:${config.embeddedPg.port}/postgres`;
}

/** What a process that cannot start prints: the sentence alone for a wrong setting or a refused embedded start, else the stack. */
export function startupFailureText(e: unknown): string {
  if (e instanceof ConfigValidationError || e instanceof EmbeddedPostgresError) return e.message;
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
}
