import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigValidationError, loadConfig } from './app-config';

const SECRET = 'a-test-secret-of-at-least-32-characters';

describe('loadConfig', () => {
  it('gives the embedded defaults with an empty environment', () => {
    expect(loadConfig({})).toEqual({
      databaseUrl: undefined,
      redisUrl: undefined,
      port: 3000,
      nodeEnv: 'development',
      logLevel: 'info',
      embeddedPg: { dir: '.data/postgres', port: 54329, dirChosen: false },
      workerConcurrency: 2,
      workerThreads: 1,
      planRunBatchAgencies: 16,
      workerInProcess: false,
      staffingUploadDir: join(tmpdir(), 'formasi-staffing-uploads'),
      rosterVersionsKept: 0,
      standardsVersionsKept: 0,
      graphqlLimits: { maxDepth: 12, maxComplexity: 5000, maxAliases: 30, maxBatch: 10, maxTokens: 10000 },
      rateLimit: { windowSeconds: 10, maxRequests: 100 },
      corsOrigins: '*',
      auth: { jwtSecret: null, tokenTtlSeconds: 3600, userMaxRequests: 300, loginMaxFailures: 10, loginLockoutMinutes: 15 },
      trustProxyHops: 0,
    });
  });

  it('requires a JWT secret of at least 32 characters in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET is required in production/);
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'short' })).toThrow(/JWT_SECRET must be at least 32 characters/);
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: SECRET }).auth.jwtSecret).toBe(SECRET);
  });

  it('allows no cross-origin requests in production unless origins are listed', () => {
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: SECRET }).corsOrigins).toEqual([]);
    expect(
      loadConfig({ NODE_ENV: 'production', JWT_SECRET: SECRET, CORS_ORIGINS: 'https://a.example.go.id, https://b.example.go.id' })
        .corsOrigins,
    ).toEqual(['https://a.example.go.id', 'https://b.example.go.id']);
    expect(() => loadConfig({ CORS_ORIGINS: 'a.example.go.id' })).toThrow(/CORS_ORIGINS must be \* or comma-separated origins/);
  });

  it('parses every variable', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://u:p@db:5432/formasi',
      REDIS_URL: 'redis://cache:6379',
      PORT: '8080',
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      EMBEDDED_PG_DIR: '/tmp/pg',
      EMBEDDED_PG_PORT: '55000',
      WORKER_CONCURRENCY: '4',
      WORKER_THREADS: '2',
      WORKER_IN_PROCESS: 'true',
      GRAPHQL_MAX_DEPTH: '8',
      GRAPHQL_MAX_COMPLEXITY: '2000',
      GRAPHQL_MAX_ALIASES: '5',
      GRAPHQL_MAX_BATCH: '1',
      RATE_LIMIT_WINDOW_SECONDS: '60',
      RATE_LIMIT_MAX_REQUESTS: '300',
      CORS_ORIGINS: '*',
      JWT_SECRET: SECRET,
      JWT_TTL_SECONDS: '900',
      RATE_LIMIT_USER_MAX_REQUESTS: '50',
      LOGIN_MAX_FAILURES: '5',
      LOGIN_LOCKOUT_MINUTES: '30',
      TRUST_PROXY_HOPS: '1',
      STAFFING_UPLOAD_DIR: '/var/lib/formasi/uploads',
      ROSTER_VERSIONS_KEPT: '24',
      STANDARDS_VERSIONS_KEPT: '12',
    });
    expect(config.auth).toEqual({
      jwtSecret: SECRET,
      tokenTtlSeconds: 900,
      userMaxRequests: 50,
      loginMaxFailures: 5,
      loginLockoutMinutes: 30,
    });
    expect(config.trustProxyHops).toBe(1);
    expect(config.staffingUploadDir).toBe('/var/lib/formasi/uploads');
    expect(config.rosterVersionsKept).toBe(24);
    expect(config.standardsVersionsKept).toBe(12);
    expect(config.embeddedPg).toEqual({ dir: '/tmp/pg', port: 55000, dirChosen: true });
    expect(config).toMatchObject({
      databaseUrl: 'postgres://u:p@db:5432/formasi',
      redisUrl: 'redis://cache:6379',
      port: 8080,
      workerConcurrency: 4,
      workerThreads: 2,
      planRunBatchAgencies: 16,
      workerInProcess: true,
      graphqlLimits: { maxDepth: 8, maxComplexity: 2000, maxAliases: 5, maxBatch: 1 },
      rateLimit: { windowSeconds: 60, maxRequests: 300 },
      corsOrigins: '*',
    });
  });

  it('names each wrong variable in one error', () => {
    let error: unknown;
    try {
      loadConfig({
        DATABASE_URL: 'mysql://x',
        PORT: 'eighty',
        WORKER_CONCURRENCY: '0',
        WORKER_THREADS: '65',
        WORKER_IN_PROCESS: 'maybe',
        LOG_LEVEL: 'loud',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigValidationError);
    const problems = (error as ConfigValidationError).problems.join('\n');
    expect(problems).toContain('DATABASE_URL must be a postgres:// URL (got "mysql://x")');
    expect(problems).toContain('PORT must be an integer (got "eighty")');
    expect(problems).toContain('WORKER_CONCURRENCY must be at least 1');
    expect(problems).toContain('WORKER_THREADS must be at most 64');
    expect(problems).toContain('WORKER_IN_PROCESS must be true or false');
    expect(problems).toContain('LOG_LEVEL must be one of');
    expect((error as ConfigValidationError).problems).toHaveLength(6);
  });
});
