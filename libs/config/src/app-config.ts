import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { EnvironmentVariables } from './env.schema';

/** The typed configuration every module receives; built once from the environment. */
export class AppConfig {
  /** Unset means: start an embedded PostgreSQL under `embeddedPg.dir`. */
  databaseUrl?: string;
  /** Unset means: BullMQ runs on its PostgreSQL backend in the same database. */
  redisUrl?: string;
  port: number;
  nodeEnv: 'development' | 'production' | 'test';
  logLevel: string;
  embeddedPg: { dir: string; port: number };
  workerConcurrency: number;
  workerInProcess: boolean;
}

export class ConfigValidationError extends Error {
  override readonly name = 'ConfigValidationError';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const VARIABLES = Object.keys(new EnvironmentVariables());

/** Validates the environment; throws one error listing every wrong variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const raw: Record<string, string> = {};
  for (const key of [...VARIABLES, 'DATABASE_URL', 'REDIS_URL']) {
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
  return {
    databaseUrl: vars.DATABASE_URL,
    redisUrl: vars.REDIS_URL,
    port: vars.PORT,
    nodeEnv: vars.NODE_ENV,
    logLevel: vars.LOG_LEVEL,
    embeddedPg: { dir: vars.EMBEDDED_PG_DIR, port: vars.EMBEDDED_PG_PORT },
    workerConcurrency: vars.WORKER_CONCURRENCY,
    workerInProcess: vars.WORKER_IN_PROCESS,
  };
}
