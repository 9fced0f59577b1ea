import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '@formasi/config';
import {
  checkCompose,
  checkDockerfile,
  interpolate,
  InterpolationError,
  missingRequiredVariables,
  parseCompose,
  parseDockerfile,
  ProductionFiles,
  serviceEnvironment,
  stageSetting,
} from './support/production-image';

// docker-compose.yml and the Dockerfile checked against the configuration schema and
// package.json, without Docker (it is not on every machine that runs the tests). Each check is
// also shown failing on a copy of the real file with one thing broken.
const root = join(__dirname, '..');
const read = (path: string): string => readFileSync(join(root, path), 'utf8');
const files: ProductionFiles = {
  compose: read('docker-compose.yml'),
  dockerfile: read('Dockerfile'),
  dockerignore: read('.dockerignore'),
  scripts: (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts,
  root,
};
// what `npm run build` reads: the folders tsconfig.build.json compiles (the dashboard is in apps/) and the tsconfigs
const buildIncludes = [
  ...new Set((JSON.parse(read('tsconfig.build.json')) as { include: string[] }).include.map((p) => p.split('/')[0]!)),
  'tsconfig.json',
  'tsconfig.build.json',
];
const SECRETS = { JWT_SECRET: 'j'.repeat(48), POSTGRES_PASSWORD: 'p4ssw0rd' };

/** The real compose file with one line changed; fails the test if the line is not there. */
function composeWith(pattern: RegExp, replacement: string): ProductionFiles {
  expect(files.compose).toMatch(pattern);
  return { ...files, compose: files.compose.replace(pattern, replacement) };
}
function dockerfileWith(pattern: RegExp, replacement: string): ProductionFiles {
  expect(files.dockerfile).toMatch(pattern);
  return { ...files, dockerfile: files.dockerfile.replace(pattern, replacement) };
}

describe("compose's variable interpolation", () => {
  it('substitutes, defaults and escapes as compose does', () => {
    const vars = { A: '1', EMPTY: '' };
    expect(interpolate('x${A}y$A-$$A', vars)).toBe('x1y1-$A');
    expect(interpolate('${EMPTY:-d}|${EMPTY-d}|${UNSET-d}|${UNSET:-${A}2}', vars)).toBe('d||d|12');
    expect(interpolate('${A:+alt}|${EMPTY:+alt}|${EMPTY+alt}|${UNSET}', vars)).toBe('alt||alt|');
    expect(interpolate('${EMPTY?only unset fails}', vars)).toBe('');
  });

  it('stops on a required variable without a value, naming it', () => {
    expect(() => interpolate('${EMPTY:?set EMPTY in .env}', { EMPTY: '' })).toThrow(
      new InterpolationError('EMPTY', 'required variable EMPTY is missing a value: set EMPTY in .env'),
    );
    expect(() => interpolate('${NOPE?x}', {})).toThrow('required variable NOPE is missing a value: x');
  });
});

describe('docker-compose.yml', () => {
  it('will not start without JWT_SECRET and POSTGRES_PASSWORD, and names each one missing', () => {
    expect(missingRequiredVariables(files.compose, {})).toEqual(['JWT_SECRET', 'POSTGRES_PASSWORD']);
    expect(missingRequiredVariables(files.compose, { JWT_SECRET: SECRETS.JWT_SECRET })).toEqual(['POSTGRES_PASSWORD']);
    expect(missingRequiredVariables(files.compose, { ...SECRETS, JWT_SECRET: '' })).toEqual(['JWT_SECRET']);
    expect(missingRequiredVariables(files.compose, SECRETS)).toEqual([]);
  });

  it('gives migrate, api and worker all that production requires, built from the Dockerfile, after the migrations', () => {
    expect(checkCompose(files)).toEqual([]);
  });

  it('gives the api a configuration the schema accepts, on the services of the file', () => {
    const api = parseCompose(files.compose).services!.api!;
    const config = loadConfig(serviceEnvironment(api, SECRETS));
    expect(config).toMatchObject({
      nodeEnv: 'production',
      databaseUrl: 'postgres://formasi:p4ssw0rd@postgres:5432/formasi',
      redisUrl: 'redis://redis:6379',
      port: 3000,
      staffingUploadDir: '/var/lib/formasi/uploads',
      corsOrigins: [],
      auth: { jwtSecret: SECRETS.JWT_SECRET },
    });
  });

  it('keeps production settings when .env is the copied .env.example (environment wins over env_file)', () => {
    const example = read('.env.example');
    expect(example).toMatch(/^NODE_ENV=development$/m);
    for (const name of ['migrate', 'api', 'worker']) {
      const env = serviceEnvironment(parseCompose(files.compose).services![name]!, SECRETS, { '.env': example });
      expect([name, env.NODE_ENV, env.DATABASE_URL]).toEqual([name, 'production', 'postgres://formasi:p4ssw0rd@postgres:5432/formasi']);
      // and the rest of .env.example passes the schema
      expect(loadConfig(env).rateLimit).toEqual({ windowSeconds: 10, maxRequests: 100 });
    }
  });

  it('documents every variable it reads in .env.example', () => {
    const read_ = [...new Set([...files.compose.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]!))].sort();
    expect(read_).toEqual(['FORMASI_PORT', 'JWT_SECRET', 'POSTGRES_PASSWORD']);
    const example = read('.env.example');
    expect(read_.filter((name) => !new RegExp(`^#?\\s?${name}=`, 'm').test(example))).toEqual([]);
  });

  it('reports a file without JWT_SECRET by name, for each service that runs the app', () => {
    const broken = composeWith(/^ {4}JWT_SECRET: .*\n/m, '');
    expect(missingRequiredVariables(broken.compose, {})).toEqual(['POSTGRES_PASSWORD']);
    expect(checkCompose(broken)).toEqual(
      ['migrate', 'api', 'worker'].flatMap((name) => [
        `${name}: JWT_SECRET is not provided (production requires it)`,
        `${name}: JWT_SECRET is required in production (at least 32 random characters, e.g. openssl rand -base64 48)`,
      ]),
    );
  });

  it('reports a secret written into the file, or required without :?', () => {
    const literal = composeWith(/\$\{JWT_SECRET:\?[^}]*\}/, 'a-secret-anyone-with-the-repository-can-read');
    expect(checkCompose(literal)).toEqual([
      ...['migrate', 'api', 'worker'].map(
        (name) =>
          `${name}: JWT_SECRET is a secret and must come from .env as \${JWT_SECRET:?message}, not "a-secret-anyone-with-the-repository-can-read"`,
      ),
      ...['migrate', 'api', 'worker'].map(
        (name) => `${name}: JWT_SECRET must be required as \${JWT_SECRET:?message}, so a missing one stops compose with its name`,
      ),
    ]);
    const password = composeWith(/formasi:\$\{POSTGRES_PASSWORD:\?[^}]*\}@/, 'formasi:formasi@');
    expect(checkCompose(password)).toEqual(
      ['migrate', 'api', 'worker'].map(
        (name) => `${name}: the password in DATABASE_URL must come from .env as \${NAME:?message}, not "formasi"`,
      ),
    );
  });

  it('reports a development NODE_ENV, a database outside the file, and a worker that does not wait for the migrations', () => {
    expect(checkCompose(composeWith(/NODE_ENV: production/, 'NODE_ENV: development'))).toEqual(
      ['migrate', 'api', 'worker'].map((name) => `${name}: NODE_ENV must be production, not "development"`),
    );
    expect(checkCompose(composeWith(/@postgres:5432/, '@127.0.0.1:5432'))).toEqual(
      ['migrate', 'api', 'worker'].map((name) => `${name}: DATABASE_URL points at "127.0.0.1", which is not a service of this file`),
    );
    const worker = /( {2}worker:\n(?: {4}.*\n)*? {4}depends_on:\n) {6}migrate: \{ condition: service_completed_successfully \}\n/;
    expect(checkCompose(composeWith(worker, '$1'))).toEqual([
      'worker: must depend on migrate with condition service_completed_successfully (has none)',
    ]);
  });

  it('reports an app service run with another command than its package.json script', () => {
    expect(checkCompose(composeWith(/dist\/scripts\/migrate\.js/, 'dist/scripts/seed-demo.js'))).toEqual([
      'migrate: runs "node dist/scripts/seed-demo.js", not npm run migrate ("node dist/scripts/migrate.js")',
    ]);
  });
});

describe('Dockerfile', () => {
  it('builds in one stage and runs the api and the worker from a slim runtime stage', () => {
    const stages = parseDockerfile(files.dockerfile);
    expect(stages.map((s) => [s.name, s.from])).toEqual([
      ['build', 'node:20-bookworm-slim'],
      ['runtime', 'node:20-bookworm-slim'],
      ['worker', 'runtime'],
      ['api', 'runtime'],
    ]);
    expect(stageSetting(files.dockerfile, 'api', 'CMD')).toBe(files.scripts['start:api']);
    expect(stageSetting(files.dockerfile, 'worker', 'CMD')).toBe(files.scripts['start:worker']);
    expect(stageSetting(files.dockerfile, 'worker', 'USER')).toBe('node');
    expect(stageSetting(files.dockerfile, 'worker', 'HEALTHCHECK')).toBe('NONE');
  });

  it('passes every check: multi-stage, npm ci --omit=dev, non-root USER, HEALTHCHECK on /health', () => {
    expect(checkDockerfile(files, buildIncludes)).toEqual([]);
  });

  it('probes the route the health controller serves', () => {
    expect(read('apps/api/src/health/health.controller.ts')).toMatch(/@Controller\('health'\)/);
    expect(stageSetting(files.dockerfile, 'api', 'HEALTHCHECK')).toMatch(/\/health'\)/);
  });

  it('reports dev dependencies, a root user and a missing HEALTHCHECK in the image', () => {
    expect(checkDockerfile(dockerfileWith(/npm ci --omit=dev/, 'npm ci'), buildIncludes)).toEqual(
      ['worker', 'api'].map(
        (t) =>
          `Dockerfile: target "${t}" must install production dependencies only (npm ci --omit=dev), runs "npm ci --no-audit --no-fund"`,
      ),
    );
    expect(checkDockerfile(dockerfileWith(/^USER node$/m, 'USER root'), buildIncludes)).toEqual(
      ['worker', 'api'].map((t) => `Dockerfile: target "${t}" runs as root (USER root)`),
    );
    expect(checkDockerfile(dockerfileWith(/^USER node\n/m, ''), buildIncludes)).toEqual(
      ['worker', 'api'].map((t) => `Dockerfile: target "${t}" runs as root (no USER)`),
    );
    expect(checkDockerfile(dockerfileWith(/^HEALTHCHECK --interval[^\n]*\n[^\n]*\n/m, ''), buildIncludes)).toEqual([
      'Dockerfile: target "api" runs the API without a HEALTHCHECK',
    ]);
    expect(checkDockerfile(dockerfileWith(/^ENTRYPOINT .*\n/m, ''), buildIncludes)).toEqual(
      ['worker', 'api'].map(
        (t) =>
          `Dockerfile: target "${t}" runs node as PID 1 (ENTRYPOINT ["/usr/bin/tini", "--"]): it would ignore the SIGTERM the worker raises again after closing`,
      ),
    );
  });

  it('reports a single-stage image and a build stage that leaves out sources', () => {
    const single =
      'FROM node:20-bookworm-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\nUSER node\nCMD ["node", "dist/apps/api/src/main.js"]\n';
    expect(checkDockerfile({ ...files, dockerfile: single }, buildIncludes)).toEqual([
      'Dockerfile: must be multi-stage (build, then runtime), has 1 stage(s)',
      'Dockerfile: target "0" is built on the build stage "0" (dev dependencies and sources in the image)',
    ]);
    expect(checkDockerfile(dockerfileWith(/^COPY migrations \.\/migrations\n/m, ''), buildIncludes)).toEqual([
      'Dockerfile: the build stage does not copy migrations, which npm run build needs',
    ]);
  });

  it('keeps .env, .git and node_modules out of the build context', () => {
    expect(checkDockerfile({ ...files, dockerignore: 'dist\n' }, buildIncludes)).toEqual([
      '.dockerignore: must keep .env out of the build context',
      '.dockerignore: must keep .git out of the build context',
      '.dockerignore: must keep node_modules out of the build context',
    ]);
  });
});
