import { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { DestinationStream } from 'pino';
import request from 'supertest';
import { AppConfig, loadConfig } from '@formasi/config';
import { Role, runMigrations, systemActor } from '@formasi/database';
import { configureQueueBackend } from '@formasi/queue';
import { TokenService } from '../../apps/api/src/auth/token.service';
import { UserService } from '../../apps/api/src/accounts/user.service';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { ProcessorsModule } from '../../apps/worker/src/processors.module';

export interface GqlResponse<T> {
  data?: T;
  errors?: Array<{
    message: string;
    extensions?: { code?: string; fieldErrors?: Array<{ field: string; row?: number; message: string }> } & Record<string, unknown>;
  }>;
}

export interface E2eApp {
  app: INestApplication;
  config: AppConfig;
  /** Direct SQL on this file's database, for assertions only. */
  sql<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** GraphQL as this file's ADMIN, or as the holder of `token` (null: anonymous). */
  gql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<GqlResponse<T>>;
  /** supertest on the app, signed in as this file's ADMIN, or with `token` (null: anonymous). */
  http(token?: string | null): request.Agent;
  /** A new account of that role (and agencies) and a token for it. */
  tokenFor(role: Role, agencyCodes?: string[]): Promise<string>;
  adminToken: string;
  /** Shuts the application down (as on SIGTERM) but keeps the database for assertions. */
  closeApp(): Promise<void>;
  close(): Promise<void>;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * A fresh database per test file (migrated), the API and the worker in one process. `env`
 * overrides variables for this file's app (e.g. a tiny rate limit, production mode);
 * `logDestination` receives its log lines instead of standard output.
 */
export async function startE2eApp(opts: { env?: Record<string, string>; logDestination?: DestinationStream } = {}): Promise<E2eApp> {
  const baseUrl = process.env.DATABASE_URL;
  if (!baseUrl) throw new Error('DATABASE_URL is not set; run the e2e project through jest (test/global-setup.ts)');
  const name = `formasi_e2e_${randomBytes(5).toString('hex')}`;
  const admin = new Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = withDatabase(baseUrl, name);
  await runMigrations(url);

  // with Redis, a key prefix per file keeps parallel files' queues apart
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: url,
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'error',
    WORKER_IN_PROCESS: 'true',
    ...(process.env.REDIS_URL ? { QUEUE_PREFIX: `e2e-${name}` } : {}),
    ...opts.env,
  });
  const queue = configureQueueBackend({ redisUrl: config.redisUrl, databaseUrl: url, prefix: config.queuePrefix });
  // the worker's processors run in this process, beside the API
  const app = await createApiApp({
    config,
    databaseUrl: url,
    queue,
    logDestination: opts.logDestination,
    extraImports: config.workerInProcess ? [ProcessorsModule] : [],
  });
  await app.init();

  // accounts without passwords and tokens issued directly: argon2 is for the login tests
  const users = app.get(UserService);
  const tokens = app.get(TokenService);
  let accounts = 0;
  const tokenFor = async (role: Role, agencyCodes: string[] = []): Promise<string> => {
    const email = `${role.toLowerCase().replace('_', '-')}-${++accounts}@e2e.formasi.test`;
    const user = await users.create(systemActor('e2e'), { email, displayName: email, role, password: null, agencyCodes });
    return (await tokens.issue({ sub: user.id, ver: 0 })).token;
  };
  const adminToken = await tokenFor('ADMIN');
  const http = (token: string | null = adminToken): request.Agent => {
    const agent = request.agent(app.getHttpServer());
    return token ? agent.set('authorization', `Bearer ${token}`) : agent;
  };

  const client = new Client({ connectionString: url });
  await client.connect();
  let appClosed: Promise<void> | null = null;
  const closeApp = (): Promise<void> => (appClosed ??= app.close());
  return {
    app,
    config,
    sql: async <T>(text: string, params: unknown[] = []) => (await client.query(text, params)).rows as T[],
    gql: async <T>(query: string, variables: Record<string, unknown> = {}, token: string | null = adminToken) => {
      const res = await http(token).post('/graphql').send({ query, variables });
      return res.body as GqlResponse<T>;
    },
    http,
    tokenFor,
    adminToken,
    closeApp,
    close: async () => {
      await client.end();
      await closeApp();
      const drop = new Client({ connectionString: baseUrl });
      await drop.connect();
      await drop.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await drop.end();
    },
  };
}

/** Polls the run until it is finished (the worker runs in this process). */
export async function waitForRun(
  e2e: E2eApp,
  runId: string,
  until: (r: { status: string; attempts: number }) => boolean = (r) => r.status === 'SUCCEEDED' || r.status === 'FAILED',
  timeoutMs = 30000,
): Promise<{ status: string; progress: number; error: string | null; errorCode: string | null; attempts: number }> {
  const started = Date.now();
  for (;;) {
    const res = await e2e.gql<{
      planRun: { status: string; progress: number; error: string | null; errorCode: string | null; attempts: number };
    }>('query($id: ID!) { planRun(id: $id) { status progress error errorCode attempts } }', { id: runId });
    const run = res.data?.planRun;
    if (run && until(run)) return run;
    if (Date.now() - started > timeoutMs) throw new Error(`run ${runId} not finished: ${JSON.stringify(res)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
