import { setDefaultBackendFactory } from 'bullmq';
import { createPostgresBackend } from 'bullmq/dist/cjs/postgres';
import type { QueueOptions } from 'bullmq';

export type QueueBackendKind = 'redis' | 'postgres';

export interface QueueConnectionSettings {
  kind: QueueBackendKind;
  connection: QueueOptions['connection'];
  prefix?: string;
}

/**
 * Chooses BullMQ's backend: Redis when REDIS_URL is set, otherwise BullMQ's PostgreSQL
 * backend in the application database. Must run before any Queue or Worker is created,
 * because the backend factory is process-wide.
 */
export function configureQueueBackend(opts: { redisUrl?: string; databaseUrl: string; prefix?: string }): QueueConnectionSettings {
  if (opts.redisUrl) {
    const u = new URL(opts.redisUrl);
    return {
      kind: 'redis',
      prefix: opts.prefix,
      connection: {
        host: u.hostname,
        port: Number(u.port || 6379),
        username: u.username ? decodeURIComponent(u.username) : undefined,
        password: u.password ? decodeURIComponent(u.password) : undefined,
        db: u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0,
        tls: u.protocol === 'rediss:' ? {} : undefined,
        // BullMQ workers block on Redis; a bounded retry would drop jobs
        maxRetriesPerRequest: null,
      },
    };
  }
  setDefaultBackendFactory(createPostgresBackend);
  return {
    kind: 'postgres',
    prefix: opts.prefix,
    connection: { connectionString: opts.databaseUrl, migrate: true } as unknown as QueueOptions['connection'],
  };
}
