#!/usr/bin/env node
// Does what the Dockerfile's runtime stage does, without Docker: package.json and the lockfile
// with production dependencies only (npm ci --omit=dev), the build's dist/ and examples/, in a
// folder of their own, then runs the image's commands there as an unprivileged user that cannot
// write to it (the image's USER node on files owned by root), with NODE_ENV=production and only
// the variables docker-compose.yml gives: the migrations, the demo seed, the command line's
// create-user, the API (/health, /dashboard/, sign-in) and a worker that computes a plan run.
// A runtime dependency listed under devDependencies fails here. Needs `npm run build` first;
// uses PostgreSQL and Redis on 127.0.0.1 (IMAGE_CHECK_PG, IMAGE_CHECK_REDIS), a scratch database
// and queue prefix of its own, removed at the end.
//   node .ci/production-image.mjs
/* global fetch */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const requireFromRoot = createRequire(join(root, 'package.json'));
const { Client } = requireFromRoot('pg');
const Redis = requireFromRoot('ioredis');

const PG = process.env.IMAGE_CHECK_PG ?? 'postgres://postgres@127.0.0.1:5432';
const REDIS_URL = process.env.IMAGE_CHECK_REDIS ?? 'redis://127.0.0.1:6379';
const DB = `formasi_image_${process.pid}`;
const PREFIX = `formasi-image-${process.pid}`;
const started = Date.now();
const rows = [];
const children = new Set();

function step(name, detail) {
  rows.push([name, detail, `${((Date.now() - started) / 1000).toFixed(1)} s`]);
  process.stdout.write(`ok  ${name}: ${detail}\n`);
}
function fail(message) {
  throw new Error(message);
}

// the image runs as `node` on files owned by root; here: nobody, on files owned by root
const asRoot = process.getuid?.() === 0;
const unprivileged = (argv) =>
  asRoot ? ['setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', '--', ...argv]] : [argv[0], argv.slice(1)];

function run(app, env, argv, { input } = {}) {
  const [cmd, args] = unprivileged(argv);
  const r = spawnSync(cmd, args, { cwd: app, env, input, encoding: 'utf8', timeout: 300_000 });
  if (r.status !== 0) fail(`${argv.join(' ')} exited ${r.status ?? r.signal}:\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

function start(app, env, argv) {
  const [cmd, args] = unprivileged(argv);
  const child = spawn(cmd, args, { cwd: app, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  child.output = '';
  child.stdout.on('data', (d) => (child.output += d));
  child.stderr.on('data', (d) => (child.output += d));
  child.exited = new Promise((done) => child.on('exit', (code, signal) => (children.delete(child), done(code ?? signal))));
  return child;
}

async function until(what, timeoutMs, probe) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) fail(`${what}: not within ${timeoutMs / 1000} s`);
    await sleep(500);
  }
}

const freePort = () =>
  new Promise((done) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => done(port));
    });
  });

async function main() {
  for (const built of [
    'dist/apps/api/src/main.js',
    'dist/apps/worker/src/main.js',
    'dist/scripts/migrate.js',
    'dist/dashboard/index.html',
  ]) {
    if (!existsSync(join(root, built))) fail(`${built} is missing: run npm run build first`);
  }

  // ---- the runtime stage
  const app = mkdtempSync(join(tmpdir(), 'formasi-image-'));
  // the container's own /tmp and its upload volume, writable by its user
  const uploads = mkdtempSync(join(tmpdir(), 'formasi-image-uploads-'));
  const tmp = mkdtempSync(join(tmpdir(), 'formasi-image-tmp-'));
  process.on('exit', () => {
    for (const dir of [app, uploads, tmp]) rmSync(dir, { recursive: true, force: true });
  });
  chmodSync(app, 0o755);
  if (asRoot) for (const dir of [uploads, tmp]) chownSync(dir, 65534, 65534);
  cpSync(join(root, 'package.json'), join(app, 'package.json'));
  cpSync(join(root, 'package-lock.json'), join(app, 'package-lock.json'));
  const ci = spawnSync('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund'], { cwd: app, encoding: 'utf8' });
  if (ci.status !== 0) fail(`npm ci --omit=dev failed:\n${ci.stdout}${ci.stderr}`);
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const devInstalled = Object.keys(pkg.devDependencies).filter((name) => existsSync(join(app, 'node_modules', name)));
  const size = spawnSync('du', ['-sh', join(app, 'node_modules')], { encoding: 'utf8' }).stdout.split('\t')[0];
  step(
    'npm ci --omit=dev',
    `node_modules ${size}; devDependencies present as dependencies of production ones: ${devInstalled.join(', ') || 'none'}`,
  );
  for (const part of ['apps', 'libs', 'migrations', 'scripts', 'dashboard'])
    cpSync(join(root, 'dist', part), join(app, 'dist', part), { recursive: true });
  cpSync(join(root, 'examples'), join(app, 'examples'), { recursive: true });

  // ---- the services, as compose gives them
  const admin = new Client({ connectionString: `${PG}/postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${DB}`);
  const port = await freePort();
  const env = {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    DATABASE_URL: `${PG}/${DB}`,
    REDIS_URL,
    QUEUE_PREFIX: PREFIX,
    JWT_SECRET: randomBytes(36).toString('base64'),
    STAFFING_UPLOAD_DIR: uploads,
    TMPDIR: tmp,
  };
  try {
    const migrated = run(app, env, ['node', 'dist/scripts/migrate.js']);
    if (!/^applied: /.test(migrated)) fail(`the migrations applied nothing: ${migrated}`);
    step('migrate (node dist/scripts/migrate.js)', `${migrated.split(',').length} migrations applied`);
    step('seed (node dist/scripts/seed-demo.js)', run(app, env, ['node', 'dist/scripts/seed-demo.js']).trim());
    const password = randomBytes(12).toString('hex');
    run(app, { ...env, FORMASI_USER_PASSWORD: password }, [
      'node',
      'dist/apps/cli/src/main.js',
      'create-user',
      '--email',
      'ops@image.check',
      '--role',
      'ADMIN',
    ]);
    step('create-user (node dist/apps/cli/src/main.js)', 'ops@image.check, ADMIN');

    const api = start(app, { ...env, PORT: String(port) }, ['node', 'dist/apps/api/src/main.js']);
    const base = `http://127.0.0.1:${port}`;
    const health = await until('GET /health 200', 120_000, async () => {
      if (api.exitCode !== null) fail(`the API exited ${api.exitCode}:\n${api.output}`);
      const r = await fetch(`${base}/health`);
      return r.status === 200 ? r.text() : undefined;
    });
    step('api (node dist/apps/api/src/main.js)', `GET /health 200 ${health}`);
    const page = await fetch(`${base}/dashboard/`);
    const html = await page.text();
    if (page.status !== 200 || !html.includes('<html')) fail(`GET /dashboard/ ${page.status}`);
    step('api: dashboard', `GET /dashboard/ ${page.status} ${page.headers.get('content-type')}`);

    const gql = async (query, variables, token) => {
      const r = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      const body = await r.json();
      if (body.errors) fail(`${query}: ${JSON.stringify(body.errors)}`);
      return body.data;
    };
    const { login } = await gql('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', {
      e: 'ops@image.check',
      p: password,
    });
    step('api: sign-in', `login → a token of ${login.token.length} characters`);

    const worker = start(app, env, ['node', 'dist/apps/worker/src/main.js']);
    await until('worker started', 120_000, async () => {
      if (worker.exitCode !== null) fail(`the worker exited ${worker.exitCode}:\n${worker.output}`);
      return worker.output.includes('plan-run worker started');
    });
    step('worker (node dist/apps/worker/src/main.js)', 'plan-run worker started (queue backend: redis)');
    const { startPlanRun } = await gql(
      'mutation { startPlanRun(input: { agencyCode: "KAB-SUKAMAJU", asOf: "2025-12-31", years: [2026, 2027, 2028, 2029, 2030] }) { id status } }',
      {},
      login.token,
    );
    const status = await until('plan run finished', 300_000, async () => {
      const { planRun } = await gql('query($id: ID!) { planRun(id: $id) { status } }', { id: startPlanRun.id }, login.token);
      return ['SUCCEEDED', 'FAILED'].includes(planRun.status) ? planRun.status : undefined;
    });
    if (status !== 'SUCCEEDED') fail(`the plan run ${status}:\n${worker.output}`);
    step('worker: plan run', `${startPlanRun.status} → ${status}`);

    // the API exits 0 after closing; the worker's Nest shutdown hooks close it, then re-raise the signal
    const stopped = [];
    for (const [name, child] of [
      ['api', api],
      ['worker', worker],
    ]) {
      const at = Date.now();
      child.kill('SIGTERM');
      const code = await child.exited;
      if (code !== 0 && code !== 'SIGTERM') fail(`${name} exited ${code} on SIGTERM:\n${child.output}`);
      stopped.push(`${name} ended (${code}) in ${((Date.now() - at) / 1000).toFixed(1)} s`);
    }
    step('SIGTERM', stopped.join(', '));
  } finally {
    for (const child of children) child.kill('SIGKILL');
    await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
    await admin.end();
    const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    const keys = await redis.keys(`${PREFIX}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  }
  process.stdout.write(`\nthe runtime stage's commands work (${asRoot ? 'as nobody' : 'as this user'}, NODE_ENV=production):\n`);
  for (const [name, detail, at] of rows) process.stdout.write(`  ${at.padStart(8)}  ${name}: ${detail}\n`);
}

main().catch((e) => {
  for (const child of children) child.kill('SIGKILL');
  process.stderr.write(`production image check failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
