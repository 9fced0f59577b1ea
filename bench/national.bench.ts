// npm run bench:national — a national plan run through the real service: a synthetic country
// (bench/national-country.ts, BENCH_SCALE=1 is 629 agencies, 20,503 units, 300,000 cells,
// 1.65M activities, 4.3M employees in 629 roster versions) written with COPY, the GraphQL API in
// this process, and 1 then 2 worker processes (BENCH_WORKERS=1,2) of one processor thread a core
// each (BENCH_WORKER_THREADS, WORKER_THREADS of the workers). For each run it prints the
// phases as the run's progress showed them, the workers' and PostgreSQL's CPU, the workers' peak
// RSS (BENCH_PROFILE=1: where the workers' CPU went); then the latency of national pages (p50/p95 over BENCH_REPEATS calls) and the ratio to a
// floor measured in the same database: a raw binary COPY of the run's result rows into a bare
// table plus one aggregate pass over the current rosters.
// Uses DATABASE_URL/REDIS_URL when set (database BENCH_DATABASE, default formasi_bench_national,
// dropped and created; BENCH_REUSE=1 keeps a country of the same scale), else an embedded
// PostgreSQL (BENCH_PG_PORT, default 54346) with BullMQ on its PostgreSQL backend.
import { ChildProcess, spawn } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { INestApplication } from '@nestjs/common';
import { loadConfig } from '../libs/config/src';
import { runMigrations, startEmbeddedPostgres, systemActor } from '../libs/database/src';
import { configureQueueBackend } from '../libs/queue/src';
import { TokenService } from '../apps/api/src/auth/token.service';
import { UserService } from '../apps/api/src/accounts/user.service';
import { createApiApp } from '../apps/api/src/bootstrap';
import { summariseCpuProfile } from './ops/cpu-profile';
import { AS_OF, countryAt, CountrySize, generateCountry, YEARS } from './national-country';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const WORKER_COUNTS = (process.env.BENCH_WORKERS ?? '1,2').split(',').map(Number);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 20);
const DATABASE = process.env.BENCH_DATABASE ?? 'formasi_bench_national';
const RUN_TIMEOUT_S = Number(process.env.BENCH_RUN_TIMEOUT_S ?? 1800);
const TARGET_RUN_S = 20;
// BENCH_PROFILE=1: the workers run with --cpu-prof; where their CPU went during the run is printed after it
const PROFILE = process.env.BENCH_PROFILE === '1';
// processor threads of each worker process (WORKER_THREADS; docs/national-scale.md): by default one a core, as a worker given the machine runs
const WORKER_THREADS = Number(process.env.BENCH_WORKER_THREADS ?? availableParallelism());
// node flags of the worker processes, as `npm run start:worker` and the image give them (BENCH_WORKER_NODE_FLAGS replaces them)
const WORKER_NODE_FLAGS = (process.env.BENCH_WORKER_NODE_FLAGS ?? '').split(' ').filter(Boolean);
const TARGET_PAGE_P95_MS = 50;
const TICK_HZ = 100; // /proc clock ticks per second on Linux
const WORKER_MAIN = join(__dirname, '..', 'apps', 'worker', 'src', 'main.js');

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

/** CPU seconds (user + system) a process has used, from /proc; 0 once it is gone. */
function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICK_HZ;
  } catch {
    return 0;
  }
}

/** Peak resident set of a live process, MiB. */
function peakRssMiB(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * CPU of this database's PostgreSQL backends over an interval: each backend's total at its last
 * sample, less what it had used when first seen (backends that start later start from 0).
 */
class BackendCpu {
  private readonly first = new Map<number, number>();
  private readonly last = new Map<number, number>();
  constructor(
    private readonly db: Client,
    private readonly database: string,
  ) {}

  async sample(initial = false): Promise<void> {
    const { rows } = await this.db.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [this.database],
    );
    for (const { pid } of rows) {
      const used = cpuSeconds(pid);
      if (!this.first.has(pid)) this.first.set(pid, initial ? used : 0);
      if (used > 0) this.last.set(pid, used);
    }
  }

  seconds(): number {
    let total = 0;
    for (const [pid, used] of this.last) total += used - (this.first.get(pid) ?? 0);
    return total;
  }
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

interface Worker {
  child: ChildProcess;
  log: string[];
  exitedAt?: number;
}

function startWorker(env: NodeJS.ProcessEnv, nodeFlags: string[]): Promise<Worker> {
  const child = spawn(process.execPath, [...nodeFlags, WORKER_MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const log: string[] = [];
  return new Promise((resolve, reject) => {
    let buffered = '';
    const onData = (chunk: Buffer): void => {
      buffered += chunk.toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        log.push(line);
        if (line.includes('worker started')) resolve({ child, log });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`worker exited with ${code} before it started:\n${log.join('\n')}${buffered}`)));
  });
}

async function stopWorker(w: Worker): Promise<void> {
  if (w.child.exitCode !== null) return;
  const exited = new Promise((r) => w.child.once('exit', r));
  w.child.kill('SIGTERM');
  await exited;
  w.exitedAt = Date.now();
}

/** The run's progress over time as a watcher saw it: when each value first showed. */
interface RunTrace {
  runId: string;
  status: string;
  error: string | null;
  wallMs: number;
  marks: Array<{ atMs: number; status: string; progress: number }>;
  workerCpu: number;
  postgresCpu: number;
  peakRss: number[];
  durationMs: number | null;
  cells: number;
}

async function runPlan(ctx: Context, workers: number): Promise<RunTrace> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    DATABASE_URL: ctx.url,
    ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
    QUEUE_PREFIX: ctx.prefix,
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.BENCH_WORKER_LOG_LEVEL ?? 'info',
    WORKER_THREADS: String(WORKER_THREADS),
    ...(process.env.WORKER_CONCURRENCY ? { WORKER_CONCURRENCY: process.env.WORKER_CONCURRENCY } : {}),
  };
  const profileDir = PROFILE ? mkdtempSync(join(tmpdir(), 'formasi-worker-profile-')) : null;
  const window = { from: 0, to: 0 };
  const pool = await Promise.all(
    Array.from({ length: workers }, () =>
      startWorker(env, [...WORKER_NODE_FLAGS, ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [])]),
    ),
  );
  const pids = pool.map((w) => w.child.pid!);
  const cpuBefore = pids.map(cpuSeconds);
  const backends = new BackendCpu(ctx.sql, DATABASE);
  await backends.sample(true);
  try {
    const started = performance.now();
    window.from = Date.now();
    const res = await ctx.gql<{ startPlanRun: { id: string } }>(
      `mutation($asOf: String!, $years: [Int!]) { startPlanRun(input: { asOf: $asOf, years: $years }) { id } }`,
      { asOf: AS_OF, years: YEARS },
    );
    const runId = res.data?.startPlanRun.id;
    if (!runId) throw new Error(`startPlanRun failed: ${JSON.stringify(res)}`);
    const marks: RunTrace['marks'] = [];
    const peakRss = pids.map(() => 0);
    let last = '';
    for (;;) {
      const { rows } = await ctx.sql.query<{ status: string; progress: number; error: string | null }>(
        'SELECT status, progress, error FROM plan_run WHERE id = $1',
        [runId],
      );
      const run = rows[0]!;
      const atMs = performance.now() - started;
      if (`${run.status}|${run.progress}` !== last) {
        last = `${run.status}|${run.progress}`;
        marks.push({ atMs, status: run.status, progress: run.progress });
      }
      pids.forEach((pid, i) => (peakRss[i] = Math.max(peakRss[i]!, peakRssMiB(pid))));
      await backends.sample();
      if (run.status === 'SUCCEEDED' || run.status === 'FAILED') {
        window.to = Date.now();
        const [final] = (
          await ctx.sql.query<{ durationMs: number | null; cells: number }>(
            `SELECT (extract(epoch FROM finished_at - started_at) * 1000)::int AS "durationMs",
                    (SELECT count(*)::int FROM plan_result WHERE run_id = $1) AS cells FROM plan_run WHERE id = $1`,
            [runId],
          )
        ).rows;
        return {
          runId,
          status: run.status,
          error: run.error,
          wallMs: atMs,
          marks,
          workerCpu: pids.reduce((sum, pid, i) => sum + cpuSeconds(pid) - cpuBefore[i]!, 0),
          postgresCpu: backends.seconds(),
          peakRss,
          durationMs: final!.durationMs,
          cells: final!.cells,
        };
      }
      if (atMs > RUN_TIMEOUT_S * 1000) throw new Error(`run ${runId} did not finish in ${RUN_TIMEOUT_S} s: ${last}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await Promise.all(pool.map(stopWorker));
    if (process.env.BENCH_SHOW_WORKER_LOG) for (const w of pool) process.stdout.write(`${w.log.join('\n')}\n`);
    if (profileDir && window.to > 0) printWorkerProfiles(profileDir, pool, window);
  }
}

/** Self time of each worker over the run, by module and by function (BENCH_PROFILE=1). */
function printWorkerProfiles(dir: string, pool: Worker[], window: { from: number; to: number }): void {
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  for (const [i, w] of pool.entries()) {
    const file = files.find((f) => f.includes(`.${w.child.pid}.`));
    if (!file || !w.exitedAt) continue;
    const prof = summariseCpuProfile(join(dir, file), w.exitedAt, window.from, window.to, 30);
    const share = (ms: number): string => `${(ms / 1000).toFixed(2).padStart(7)} s`;
    const out = [`worker ${i + 1} CPU profile over the run (${s(prof.busyMs)} sampled busy, GC ${s(prof.gcMs)}); self time by module:`];
    for (const m of prof.modules) out.push(`  ${share(m.ms)}  ${m.name}`);
    out.push('by function:');
    for (const f of prof.functions) out.push(`  ${share(f.ms)}  ${f.name}`);
    out.push(`profile: ${join(dir, file)}`);
    process.stdout.write(`${out.join('\n')}\n`);
  }
}

function printRun(workers: number, t: RunTrace): void {
  const out = [
    `national run, ${workers} worker process${workers > 1 ? 'es' : ''} of ${WORKER_THREADS} thread${WORKER_THREADS > 1 ? 's' : ''}: ${t.status}${t.error ? ` (${t.error})` : ''}, ${fmt(t.cells)} result rows`,
  ];
  out.push(
    `  startPlanRun → ${t.status}     ${s(t.wallMs).padStart(9)}  (target ≤ ${TARGET_RUN_S} s) ${t.wallMs <= TARGET_RUN_S * 1000 ? 'MET' : 'MISSED'}`,
  );
  out.push(`  durationMs of the run row        ${t.durationMs === null ? 'null' : s(t.durationMs).padStart(9)}`);
  // phases as a watcher sees them: when the run was picked up, passed 10 % (shared inputs read),
  // 95 % (every agency written) and finished; BENCH_TRACE=1 prints every progress value
  const keep = (m: RunTrace['marks'][number], i: number): boolean =>
    process.env.BENCH_TRACE === '1' ||
    i === t.marks.length - 1 ||
    t.marks.findIndex((x) => x.status === m.status && (m.status !== 'RUNNING' || x.progress >= threshold(m.progress))) === i;
  const threshold = (p: number): number => (p >= 95 ? 95 : p >= 10 ? 10 : 0);
  let prev = 0;
  for (const [i, m] of t.marks.entries()) {
    if (!keep(m, i)) continue;
    out.push(`    ${s(m.atMs).padStart(9)} (+${s(m.atMs - prev)})  ${m.status} ${m.progress}%`);
    prev = m.atMs;
  }
  const wall = t.wallMs / 1000;
  out.push(
    `  worker CPU ${t.workerCpu.toFixed(1)} s, PostgreSQL CPU ${t.postgresCpu.toFixed(1)} s: ${((t.workerCpu + t.postgresCpu) / wall).toFixed(2)} of 2 cores busy on average`,
  );
  out.push(`  worker peak RSS ${t.peakRss.map((m) => `${fmt(m)} MiB`).join(', ')}`);
  process.stdout.write(`${out.join('\n')}\n`);
}

interface Context {
  url: string;
  prefix: string;
  sql: Client;
  gql<T>(query: string, variables?: Record<string, unknown>): Promise<{ data?: T; errors?: unknown[] }>;
  /** As a viewer limited to LIMITED_AGENCY. */
  limitedGql<T>(query: string, variables?: Record<string, unknown>): Promise<{ data?: T; errors?: unknown[] }>;
}

/** The agency of the limited viewer: one in the middle of the country, in a batch of its own run table. */
const LIMITED_AGENCY = `AG-${String(Math.floor(countryAt(SCALE).agencies / 2)).padStart(4, '0')}`;

async function latencies(ctx: Context, runId: string): Promise<Array<{ label: string; p50: number; p95: number }>> {
  const cases: Array<{ label: string; query: string; variables: Record<string, unknown>; limited?: boolean }> = [
    {
      label: 'formationNeeds(first: 50, sort: PRESSURE)',
      query: `query($runId: ID!) { formationNeeds(runId: $runId, first: 50, sort: PRESSURE) { totalCount totals { requiredFte formation } edges { cursor node { unitCode positionCode pressure formation } } pageInfo { hasNextPage endCursor } } }`,
      variables: { runId },
    },
    {
      label: `  … filter { year: ${YEARS[0]} }`,
      query: `query($runId: ID!, $year: Int) { formationNeeds(runId: $runId, first: 50, sort: PRESSURE, filter: { year: $year }) { totalCount totals { requiredFte formation } edges { cursor node { unitCode positionCode pressure formation } } pageInfo { hasNextPage endCursor } } }`,
      variables: { runId, year: YEARS[0] },
    },
    { label: '  … second page (after the first cursor)', query: '', variables: { runId } },
    {
      label: `  … filter { agencyCode: AG-0001, year: ${YEARS[0]} }`,
      query: `query($runId: ID!, $year: Int) { formationNeeds(runId: $runId, first: 50, sort: PRESSURE, filter: { agencyCode: "AG-0001", year: $year }) { totalCount totals { requiredFte formation } edges { cursor node { unitCode positionCode pressure formation } } pageInfo { hasNextPage endCursor } } }`,
      variables: { runId, year: YEARS[0] },
    },
    {
      label: '  … filter { category: FUNGSIONAL }',
      query: `query($runId: ID!) { formationNeeds(runId: $runId, first: 50, sort: PRESSURE, filter: { category: FUNGSIONAL }) { totalCount totals { requiredFte formation } edges { cursor node { unitCode positionCode pressure formation } } pageInfo { hasNextPage endCursor } } }`,
      variables: { runId },
    },
    {
      label: `  … as a viewer of ${LIMITED_AGENCY} only`,
      query: `query($runId: ID!) { formationNeeds(runId: $runId, first: 50, sort: PRESSURE) { totalCount totals { requiredFte formation } edges { cursor node { agencyCode unitCode positionCode pressure formation } } pageInfo { hasNextPage endCursor } } }`,
      variables: { runId },
      limited: true,
    },
    {
      label: 'formationNeeds(first: 50, sort: FORMATION)',
      query: `query($runId: ID!) { formationNeeds(runId: $runId, first: 50, sort: FORMATION) { totalCount totals { requiredFte formation } edges { cursor node { unitCode positionCode pressure formation } } pageInfo { hasNextPage endCursor } } }`,
      variables: { runId },
    },
    {
      label: 'formationSummary(groupBy: AGENCY)',
      query: `query($runId: ID!) { formationSummary(runId: $runId, groupBy: AGENCY) { agencyCode year requiredFte existing formation wisnRatio } }`,
      variables: { runId },
    },
    {
      label: '… year: 2027 (a year, as a dashboard shows it)',
      query: `query($runId: ID!) { formationSummary(runId: $runId, groupBy: AGENCY, year: 2027) { agencyCode year requiredFte existing formation wisnRatio } }`,
      variables: { runId },
    },
    {
      label: 'formationSummary(groupBy: CATEGORY)',
      query: `query($runId: ID!) { formationSummary(runId: $runId, groupBy: CATEGORY) { category year requiredFte existing formation wisnRatio } }`,
      variables: { runId },
    },
  ];
  const first = await ctx.gql<{ formationNeeds: { pageInfo: { endCursor: string } } }>(cases[0]!.query, { runId });
  if (!first.data) throw new Error(`formationNeeds failed: ${JSON.stringify(first.errors)}`);
  cases[2]!.query = `query($runId: ID!, $after: String) { formationNeeds(runId: $runId, first: 50, sort: PRESSURE, after: $after) { totalCount edges { cursor node { unitCode positionCode pressure } } pageInfo { hasNextPage endCursor } } }`;
  cases[2]!.variables = { runId, after: first.data.formationNeeds.pageInfo.endCursor };
  const out: Array<{ label: string; p50: number; p95: number }> = [];
  for (const c of cases) {
    const times: number[] = [];
    for (let i = 0; i < REPEATS; i++) {
      const t = performance.now();
      const res = await (c.limited ? ctx.limitedGql : ctx.gql)(c.query, c.variables);
      times.push(performance.now() - t);
      if (res.errors) throw new Error(`${c.label}: ${JSON.stringify(res.errors)}`);
      const nodes = (res.data as { formationNeeds?: { edges: Array<{ node: { agencyCode?: string } }> } } | undefined)?.formationNeeds
        ?.edges;
      if (c.limited && (!nodes?.length || nodes.some((e) => e.node.agencyCode !== LIMITED_AGENCY))) {
        throw new Error(`${c.label}: the limited viewer was given ${nodes?.length ?? 0} rows, not all of ${LIMITED_AGENCY}`);
      }
    }
    out.push({ label: c.label, p50: percentile(times, 50), p95: percentile(times, 95) });
  }
  return out;
}

/** The floor: the run's result rows through a raw binary COPY into a bare table, plus one aggregate pass over the rosters. */
async function floor(ctx: Context, runId: string): Promise<{ copyMs: number; aggregateMs: number; rows: number }> {
  const file = join(tmpdir(), `formasi-bench-national-${process.pid}.bin`);
  const columns = `agency_id, agency_code, unit_code, position_code, category, level, year, required_fte, required, existing, supply_start, retirements,
    contract_ends, expected_attrition, attrition, exits, supply_end, formation, surplus, caf, iaf, wisn_ratio, pressure, efficiency, efficiency_band,
    priority, annual_cost, formation_cost, rules_version`;
  try {
    await pipeline(
      ctx.sql.query(copyTo(`COPY (SELECT ${columns} FROM plan_result WHERE run_id = '${runId}') TO STDOUT WITH (FORMAT binary)`)),
      createWriteStream(file),
    );
    await ctx.sql.query('DROP TABLE IF EXISTS bench_floor');
    await ctx.sql.query(`CREATE TABLE bench_floor AS SELECT ${columns} FROM plan_result WITH NO DATA`);
    let t = performance.now();
    await pipeline(createReadStream(file), ctx.sql.query(copyFrom(`COPY bench_floor FROM STDIN WITH (FORMAT binary)`)));
    const copyMs = performance.now() - t;
    const { rows } = await ctx.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM bench_floor');
    await ctx.sql.query('DROP TABLE bench_floor');
    t = performance.now();
    await ctx.sql.query(
      `SELECT count(*) FROM (
         SELECT r.submission_id, r.position_code, r.unit_code, count(*), count(*) FILTER (WHERE r.employment_type = 'PPPK'), min(r.birth_date), max(r.contract_end)
           FROM staffing_submission_row r JOIN staffing_submission s ON s.id = r.submission_id AND s.status = 'COMMITTED'
          GROUP BY 1, 2, 3) g`,
    );
    return { copyMs, aggregateMs: performance.now() - t, rows: rows[0]!.n };
  } finally {
    await rm(file, { force: true });
  }
}

function printPages(pages: Array<{ label: string; p50: number; p95: number }>): void {
  process.stdout.write(`national pages, ${REPEATS} calls each (HTTP + GraphQL + SQL):\n`);
  for (const p of pages) {
    process.stdout.write(
      `  ${p.label.padEnd(48)} p50 ${p.p50.toFixed(1).padStart(8)} ms  p95 ${p.p95.toFixed(1).padStart(8)} ms  ${p.p95 <= TARGET_PAGE_P95_MS ? 'MET' : 'MISSED'}\n`,
    );
  }
}

async function countryPresent(sql: Client, size: CountrySize): Promise<boolean> {
  const { rows } = await sql.query<{ agencies: number; units: number }>(
    'SELECT (SELECT count(*)::int FROM agency) AS agencies, (SELECT count(*)::int FROM org_unit) AS units',
  );
  return rows[0]!.agencies === size.agencies && rows[0]!.units === size.units;
}

async function main(): Promise<void> {
  const embedded = process.env.DATABASE_URL
    ? null
    : await startEmbeddedPostgres(resolve('.data/bench-national-postgres'), Number(process.env.BENCH_PG_PORT ?? 54346));
  const serverUrl = process.env.DATABASE_URL ?? embedded!.url;
  const u = new URL(serverUrl);
  u.pathname = `/${DATABASE}`;
  const url = u.toString();
  const size = countryAt(SCALE);
  let app: INestApplication | null = null;
  const sql = new Client({ connectionString: url });
  try {
    const admin = new Client({ connectionString: serverUrl });
    await admin.connect();
    const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE])).rowCount === 1;
    let reuse = false;
    if (exists && process.env.BENCH_REUSE === '1') {
      const probe = new Client({ connectionString: url });
      await probe.connect();
      reuse = await countryPresent(probe, size).catch(() => false);
      await probe.end();
    }
    if (!reuse) {
      await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${DATABASE}`);
    }
    await admin.end();
    await runMigrations(url);
    await sql.connect();
    process.stdout.write(
      `country at BENCH_SCALE=${SCALE}: ${fmt(size.agencies)} agencies, ${fmt(size.units)} units, ${fmt(size.cells)} cells, ${fmt(size.employees)} employees ` +
        `(PostgreSQL ${embedded ? 'embedded' : 'from DATABASE_URL'}, queue ${process.env.REDIS_URL ? 'Redis' : 'on PostgreSQL'})\n`,
    );
    if (reuse) process.stdout.write('  reusing the country already in the database (BENCH_REUSE=1)\n');
    else {
      const t = performance.now();
      await generateCountry(url, size, (line) => process.stdout.write(`${line}\n`));
      process.stdout.write(`  generated in ${s(performance.now() - t)}\n`);
    }

    const prefix = `formasi-bench-${DATABASE}`;
    const config = loadConfig({
      ...process.env,
      DATABASE_URL: url,
      QUEUE_PREFIX: prefix,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      WORKER_IN_PROCESS: 'false',
      RATE_LIMIT_MAX_REQUESTS: '1000000',
      RATE_LIMIT_USER_MAX_REQUESTS: '1000000',
    });
    const queue = configureQueueBackend({ redisUrl: config.redisUrl, databaseUrl: url, prefix });
    app = await createApiApp({ config, databaseUrl: url, queue });
    await app.listen(0, '127.0.0.1');
    const port = (app.getHttpServer().address() as { port: number }).port;
    const user = await app.get(UserService).create(systemActor('bench:national'), {
      email: `bench-${Date.now()}@bench.formasi.test`,
      displayName: 'bench',
      role: 'ADMIN',
      password: null,
      agencyCodes: [],
    });
    // and a viewer limited to one agency of the middle of the country: its pages read that agency's rows only
    const viewer = await app.get(UserService).create(systemActor('bench:national'), {
      email: `bench-viewer-${Date.now()}@bench.formasi.test`,
      displayName: 'bench viewer',
      role: 'VIEWER',
      password: null,
      agencyCodes: [LIMITED_AGENCY],
    });
    const tokens = await Promise.all([user, viewer].map((u) => app!.get(TokenService).issue({ sub: u.id, ver: 0 })));
    const as =
      (token: string): Context['gql'] =>
      async (query, variables = {}) => {
        const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query, variables }),
        });
        return (await res.json()) as { data?: never; errors?: unknown[] };
      };
    const ctx: Context = { url, prefix, sql, gql: as(tokens[0]!.token), limitedGql: as(tokens[1]!.token) };

    // BENCH_PAGES_ONLY=1 with BENCH_REUSE=1: time the pages of the country's last finished run again, without a new run
    if (reuse && process.env.BENCH_PAGES_ONLY === '1') {
      const { rows } = await sql.query<{ id: string }>(
        `SELECT id FROM plan_run WHERE status = 'SUCCEEDED' ORDER BY finished_at DESC LIMIT 1`,
      );
      if (!rows[0]) throw new Error('BENCH_PAGES_ONLY: the reused database holds no finished run');
      printPages(await latencies(ctx, rows[0].id));
      return;
    }
    let lastRun: RunTrace | null = null;
    for (const workers of WORKER_COUNTS) {
      const trace = await runPlan(ctx, workers);
      printRun(workers, trace);
      if (trace.status !== 'SUCCEEDED') throw new Error(`the run ${trace.runId} ended ${trace.status}: ${trace.error}`);
      lastRun = trace;
    }
    if (!lastRun) return;
    printPages(await latencies(ctx, lastRun.runId));
    const f = await floor(ctx, lastRun.runId);
    const floorMs = f.copyMs + f.aggregateMs;
    process.stdout.write(
      `floor: raw binary COPY of ${fmt(f.rows)} result rows ${s(f.copyMs)} + one aggregate pass over the rosters ${s(f.aggregateMs)} = ${s(floorMs)}\n` +
        `  last run ${s(lastRun.wallMs)} = ${(lastRun.wallMs / floorMs).toFixed(1)}× the floor\n`,
    );
  } finally {
    await app?.close();
    await sql.end().catch(() => undefined);
    await embedded?.stop();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
