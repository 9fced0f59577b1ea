import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EnvironmentVariables } from './env.schema';

/** The typed configuration every module receives; built once from the environment. */
export class AppConfig {
  /** Unset means: start an embedded PostgreSQL under `embeddedPg.dir`. */
  databaseUrl?: string;
  /** Unset means: BullMQ runs on its PostgreSQL backend in the same database. */
  redisUrl?: string;
  /** BullMQ key prefix: deployments sharing one Redis keep their queues apart. Unset: BullMQ's own ("bull"). */
  queuePrefix?: string;
  port: number;
  nodeEnv: 'development' | 'production' | 'test';
  logLevel: string;
  /** `dirChosen`: EMBEDDED_PG_DIR was set, so the data stays there (or the start is refused) rather than going where the server can reach it. */
  embeddedPg: { dir: string; port: number; dirChosen: boolean };
  workerConcurrency: number;
  /** Processor threads of a worker process, each with WORKER_CONCURRENCY jobs: a process uses that many cores. */
  workerThreads: number;
  /** Agencies per job of a plan run's flow: a national run is spread over workers batch by batch. */
  planRunBatchAgencies: number;
  workerInProcess: boolean;
  /** Where uploaded roster files wait for their validation job: the API writes, the worker reads and removes them. */
  staffingUploadDir: string;
  /** How many of an agency's newest roster versions keep their rows; 0 keeps every version. */
  rosterVersionsKept: number;
  /** How many of a scope's newest standards or targets versions keep their content; 0 keeps every version. */
  standardsVersionsKept: number;
  graphqlLimits: { maxDepth: number; maxComplexity: number; maxAliases: number; maxBatch: number; maxTokens: number };
  /** Requests per IP address within a window. */
  rateLimit: { windowSeconds: number; maxRequests: number };
  /** Origins allowed cross-origin requests; an empty list means same-origin only. */
  corsOrigins: '*' | string[];
  auth: {
    /** Unset outside production: a random secret per process (tokens end with it). */
    jwtSecret: string | null;
    tokenTtlSeconds: number;
    /** Requests per signed-in user within the rate-limit window, from any address. */
    userMaxRequests: number;
    loginMaxFailures: number;
    loginLockoutMinutes: number;
  };
  trustProxyHops: number;
}

export class ConfigValidationError extends Error {
  override readonly name = 'ConfigValidationError';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Every variable the service reads, in the schema's order. */
export const ENVIRONMENT_VARIABLES: readonly string[] = [
  ...new Set([...Object.keys(new EnvironmentVariables()), 'DATABASE_URL', 'REDIS_URL', 'CORS_ORIGINS', 'JWT_SECRET']),
];

/** Variables without which the service refuses to start in production, with what to set them to. */
export const PRODUCTION_REQUIRED_VARIABLES = {
  JWT_SECRET: 'at least 32 random characters, e.g. openssl rand -base64 48',
} as const satisfies Partial<Record<keyof EnvironmentVariables, string>>;

/** Validates the environment; throws one error listing every wrong variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const raw: Record<string, string> = {};
  for (const key of ENVIRONMENT_VARIABLES) {
    const value = env[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const vars = plainToInstance(EnvironmentVariables, raw, { exposeDefaultValues: true });
  const errors = validateSync(vars, { whitelist: true, stopAtFirstError: true });
  if (errors.length > 0) {
    throw new ConfigValidationError(
      errors.flatMap((e) => Object.values(e.constraints ?? {}).map((m) => `${m} (got "${String(e.value)}")`)),
    );
  }
  if (vars.NODE_ENV === 'production') {
    const missing = Object.entries(PRODUCTION_REQUIRED_VARIABLES).filter(([name]) => !vars[name as keyof EnvironmentVariables]);
    if (missing.length > 0) throw new ConfigValidationError(missing.map(([name, hint]) => `${name} is required in production (${hint})`));
  }
  return {
    databaseUrl: vars.DATABASE_URL,
    redisUrl: vars.REDIS_URL,
    queuePrefix: vars.QUEUE_PREFIX,
    port: vars.PORT,
    nodeEnv: vars.NODE_ENV,
    logLevel: vars.LOG_LEVEL,
    embeddedPg: { dir: vars.EMBEDDED_PG_DIR, port: vars.EMBEDDED_PG_PORT, dirChosen: raw.EMBEDDED_PG_DIR !== undefined },
    workerConcurrency: vars.WORKER_CONCURRENCY,
    workerThreads: vars.WORKER_THREADS,
    planRunBatchAgencies: vars.PLAN_RUN_BATCH_AGENCIES,
    workerInProcess: vars.WORKER_IN_PROCESS,
    staffingUploadDir: vars.STAFFING_UPLOAD_DIR ?? join(tmpdir(), 'formasi-staffing-uploads'),
    rosterVersionsKept: vars.ROSTER_VERSIONS_KEPT,
    standardsVersionsKept: vars.STANDARDS_VERSIONS_KEPT,
    graphqlLimits: {
      maxDepth: vars.GRAPHQL_MAX_DEPTH,
      maxComplexity: vars.GRAPHQL_MAX_COMPLEXITY,
      maxAliases: vars.GRAPHQL_MAX_ALIASES,
      maxBatch: vars.GRAPHQL_MAX_BATCH,
      maxTokens: vars.GRAPHQL_MAX_TOKENS,
    },
    rateLimit: { windowSeconds: vars.RATE_LIMIT_WINDOW_SECONDS, maxRequests: vars.RATE_LIMIT_MAX_REQUESTS },
    corsOrigins: parseCorsOrigins(vars.CORS_ORIGINS, vars.NODE_ENV),
    auth: {
      jwtSecret: vars.JWT_SECRET ?? null,
      tokenTtlSeconds: vars.JWT_TTL_SECONDS,
      userMaxRequests: vars.RATE_LIMIT_USER_MAX_REQUESTS,
      loginMaxFailures: vars.LOGIN_MAX_FAILURES,
      loginLockoutMinutes: vars.LOGIN_LOCKOUT_MINUTES,
    },
    trustProxyHops: vars.TRUST_PROXY_HOPS,
  };
}

function parseCorsOrigins(value: string | undefined, nodeEnv: AppConfig['nodeEnv']): AppConfig['corsOrigins'] {
  if (value === undefined) return nodeEnv === 'production' ? [] : '*';
  if (value.trim() === '*') return '*';
  return value.split(',').map((o) => o.trim());
}
