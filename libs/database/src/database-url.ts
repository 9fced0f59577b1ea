import { AppConfig } from '@formasi/config';
import { EmbeddedPostgresHandle, startEmbeddedPostgres } from './embedded-postgres';

/** DATABASE_URL when set; otherwise the embedded PostgreSQL, started here. */
export async function resolveDatabase(config: AppConfig, log: (m: string) => void = () => {}): Promise<EmbeddedPostgresHandle> {
  if (config.databaseUrl) return { url: config.databaseUrl, stop: async () => {} };
  return startEmbeddedPostgres(config.embeddedPg.dir, config.embeddedPg.port, log);
}

/** The URL of the embedded PostgreSQL another process (`npm start`) runs, for a worker beside it. */
export function embeddedDatabaseUrl(config: AppConfig): string {
  return `postgres://postgres:postgres@127.0.0.1:${config.embeddedPg.port}/postgres`;
}
