import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';

export const NODE_ENVS = ['development', 'production', 'test'] as const;
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
const toBool = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (['true', '1', 'yes'].includes(v)) return true;
  if (['false', '0', 'no', ''].includes(v)) return false;
  return value;
};

/**
 * Every environment variable the service reads; validated once at start-up. Decorators run
 * bottom-up and only the first failure per variable is reported, so the type check sits last.
 */
export class EnvironmentVariables {
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;

  @IsOptional()
  @Matches(/^rediss?:\/\/\S+$/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'QUEUE_PREFIX must be 1–64 letters, digits, "-" or "_"' })
  QUEUE_PREFIX?: string;

  @IsOptional()
  @Transform(toInt)
  @Min(0)
  @Max(65535, { message: 'PORT must be between 0 and 65535' })
  @IsInt({ message: 'PORT must be an integer' })
  PORT: number = 3000;

  @IsOptional()
  @IsIn(NODE_ENVS, { message: `NODE_ENV must be one of ${NODE_ENVS.join(', ')}` })
  NODE_ENV: (typeof NODE_ENVS)[number] = 'development';

  @IsOptional()
  @IsIn(LOG_LEVELS, { message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  @IsOptional()
  @IsString()
  EMBEDDED_PG_DIR: string = '.data/postgres';

  @IsOptional()
  @Transform(toInt)
  @Min(1)
  @Max(65535, { message: 'EMBEDDED_PG_PORT must be between 1 and 65535' })
  @IsInt({ message: 'EMBEDDED_PG_PORT must be an integer' })
  EMBEDDED_PG_PORT: number = 54329;

  @IsOptional()
  @Transform(toInt)
  @Min(1, { message: 'WORKER_CONCURRENCY must be at least 1' })
  @Max(64, { message: 'WORKER_CONCURRENCY must be at most 64' })
  @IsInt({ message: 'WORKER_CONCURRENCY must be an integer' })
  WORKER_CONCURRENCY: number = 2;

  @IsOptional()
  @Transform(toInt)
  @Min(1, { message: 'WORKER_THREADS must be at least 1' })
  @Max(64, { message: 'WORKER_THREADS must be at most 64' })
  @IsInt({ message: 'WORKER_THREADS must be an integer' })
  WORKER_THREADS: number = 1;

  @IsOptional()
  @Transform(toInt)
  @Min(1, { message: 'PLAN_RUN_BATCH_AGENCIES must be at least 1' })
  @Max(1000, { message: 'PLAN_RUN_BATCH_AGENCIES must be at most 1000' })
  @IsInt({ message: 'PLAN_RUN_BATCH_AGENCIES must be an integer' })
  PLAN_RUN_BATCH_AGENCIES: number = 16;

  @IsOptional()
  @Transform(toInt)
  @Min(0, { message: 'ROSTER_VERSIONS_KEPT must be 0 (keep every version) or more' })
  @IsInt({ message: 'ROSTER_VERSIONS_KEPT must be an integer' })
  ROSTER_VERSIONS_KEPT: number = 0;

  @IsOptional()
  @Transform(toInt)
  @Min(0, { message: 'STANDARDS_VERSIONS_KEPT must be 0 (keep every version) or more' })
  @IsInt({ message: 'STANDARDS_VERSIONS_KEPT must be an integer' })
  STANDARDS_VERSIONS_KEPT: number = 0;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean({ message: 'WORKER_IN_PROCESS must be true or false' })
  WORKER_IN_PROCESS: boolean = false;

  /** Where uploaded rosters wait for their validation job; the OS temporary directory's formasi-staffing-uploads when unset. */
  @IsOptional()
  @IsString()
  STAFFING_UPLOAD_DIR?: string = undefined;

  // Abuse limits. Defaults leave room for every query the API's own clients send.
  @IsOptional()
  @Transform(toInt)
  @Min(2, { message: 'GRAPHQL_MAX_DEPTH must be at least 2' })
  @Max(100, { message: 'GRAPHQL_MAX_DEPTH must be at most 100' })
  @IsInt({ message: 'GRAPHQL_MAX_DEPTH must be an integer' })
  GRAPHQL_MAX_DEPTH: number = 12;

  @IsOptional()
  @Transform(toInt)
  @Min(10, { message: 'GRAPHQL_MAX_COMPLEXITY must be at least 10' })
  @IsInt({ message: 'GRAPHQL_MAX_COMPLEXITY must be an integer' })
  GRAPHQL_MAX_COMPLEXITY: number = 5000;

  @IsOptional()
  @Transform(toInt)
  @Min(0, { message: 'GRAPHQL_MAX_ALIASES must be at least 0' })
  @IsInt({ message: 'GRAPHQL_MAX_ALIASES must be an integer' })
  GRAPHQL_MAX_ALIASES: number = 30;

  @IsOptional()
  @Transform(toInt)
  @Min(1, { message: 'GRAPHQL_MAX_BATCH must be at least 1' })
  @Max(100, { message: 'GRAPHQL_MAX_BATCH must be at most 100' })
  @IsInt({ message: 'GRAPHQL_MAX_BATCH must be an integer' })
  GRAPHQL_MAX_BATCH: number = 10;

  @IsOptional()
  @Transform(toInt)
  @Min(100, { message: 'GRAPHQL_MAX_TOKENS must be at least 100' })
  @IsInt({ message: 'GRAPHQL_MAX_TOKENS must be an integer' })
  GRAPHQL_MAX_TOKENS: number = 10000;

  @IsOptional()
  @Transform(toInt)
  @Min(1, { message: 'RATE_LIMIT_WINDOW_SECONDS must be at least 1' })
  @IsInt({ message: 'RATE_LIMIT_WINDOW_SECONDS must be an integer' })
  RATE_LIMIT_WINDOW_SECONDS: number = 10;

  @IsOptional()
  @Transform(toInt)
  @Min(1, { message: 'RATE_LIMIT_MAX_REQUESTS must be at least 1' })
  @IsInt({ message: 'RATE_LIMIT_MAX_REQUESTS must be an integer' })
  RATE_LIMIT_MAX_REQUESTS: number = 100;

  /** HMAC secret for access tokens (HS256). Required in production; elsewhere a random one per process. */
  @IsOptional()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  @IsString()
  JWT_SECRET?: string;

  @IsOptional()
  @Transform(toInt)
  @Min(60, { message: 'JWT_TTL_SECONDS must be at least 60' })
  @Max(86400, { message: 'JWT_TTL_SECONDS must be at most 86400 (a day)' })
  @IsInt({ message: 'JWT_TTL_SECONDS must be an integer' })
  JWT_TTL_SECONDS: number = 3600;

  @IsOptional()
  @Transform(toInt)
  @Min(1, { message: 'RATE_LIMIT_USER_MAX_REQUESTS must be at least 1' })
  @IsInt({ message: 'RATE_LIMIT_USER_MAX_REQUESTS must be an integer' })
  RATE_LIMIT_USER_MAX_REQUESTS: number = 300;

  @IsOptional()
  @Transform(toInt)
  @Min(1, { message: 'LOGIN_MAX_FAILURES must be at least 1' })
  @IsInt({ message: 'LOGIN_MAX_FAILURES must be an integer' })
  LOGIN_MAX_FAILURES: number = 10;

  @IsOptional()
  @Transform(toInt)
  @Min(1, { message: 'LOGIN_LOCKOUT_MINUTES must be at least 1' })
  @IsInt({ message: 'LOGIN_LOCKOUT_MINUTES must be an integer' })
  LOGIN_LOCKOUT_MINUTES: number = 15;

  /** Reverse proxies in front of the API whose X-Forwarded-For is believed (express "trust proxy" hops). */
  @IsOptional()
  @Transform(toInt)
  @Min(0, { message: 'TRUST_PROXY_HOPS must be at least 0' })
  @IsInt({ message: 'TRUST_PROXY_HOPS must be an integer' })
  TRUST_PROXY_HOPS: number = 0;

  /** Comma-separated origins, or `*`; unset: any origin outside production, none in production. */
  @IsOptional()
  @Matches(/^(\*|https?:\/\/[^\s,/]+(\s*,\s*https?:\/\/[^\s,/]+)*)$/, {
    message: 'CORS_ORIGINS must be * or comma-separated origins such as https://formasi.example.go.id',
  })
  CORS_ORIGINS?: string;
}
