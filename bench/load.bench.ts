// npm run bench:load — signed-in read load on a large national run with autocannon: LOAD_CONNECTIONS
// clients (default 50) for LOAD_SECONDS (default 60) cycle through formationNeeds pages (keyset
// cursors of every year, 50 cells a page), formationSummary by unit and cellExplanation of cells
// across agencies, while a national plan run computes in the background (another starts when it
// ends). The built API and one worker run against a PostgreSQL and Redis of the benchmark's own.
// Prints p50/p95/p99 per query, errors (HTTP and GraphQL) and the API's RSS over the run.
// Goal: p95 ≤ 50 ms for a page, 0 errors, no growth of the API's memory.
// Also prints the CPU time per request of the API process and of its PostgreSQL sessions, and
// the SQL statements per request (pg_stat_statements). LOAD_PROFILE=1 runs the API with
// --cpu-prof and prints where its CPU time went over the load (self time by module and function).
// Size: LOAD_AGENCIES (default 60) copies of the demo regency with LOAD_UNIT_COPIES (default 6) of its units.
import autocannon from 'autocannon';
import { readdirSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { summariseCpuProfile } from './ops/cpu-profile';
import { OpsDb } from './ops/ops-db';
import { API_APPLICATION_NAME, Formasi, GqlClient } from './ops/formasi';
import { seedNational } from './ops/national-data';
import { OwnPostgres, OwnRedis, processCpuMs, removeWorkDir, sleep, waitFor, workDir } from './ops/services';

const CONNECTIONS = Number(process.env.LOAD_CONNECTIONS ?? 50);
const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);
const AGENCIES = Number(process.env.LOAD_AGENCIES ?? 60);
const UNIT_COPIES = Number(process.env.LOAD_UNIT_COPIES ?? 6);
const PROFILE = process.env.LOAD_PROFILE === '1';
const PAGE = 50;
const GOAL_P95_MS = 50;
const EMAIL = 'load@formasi.example';
const PASSWORD = 'load-password-1234567890';
const YEARS = [2026, 2027, 2028, 2029, 2030];

const say = (m: string): void => void process.stdout.write(`${m}\n`);

const NEEDS = `query($r: ID!, $y: Int!, $a: String) { formationNeeds(runId: $r, first: ${PAGE}, after: $a, filter: { year: $y }, sort: PRESSURE) {
  totalCount totals { requiredFte formation }
  edges { cursor node { agencyCode unitCode positionCode requiredFte required supplyStart retirements contractEnds attrition supplyEnd formation pressure } }
  pageInfo { hasNextPage endCursor } } }`;
const SUMMARY =
  'query($r: ID!, $y: Int!) { formationSummary(runId: $r, groupBy: UNIT, year: $y) { unitCode requiredFte existing formation wisnRatio } }';
const EXPLAIN =
  'query($r: ID!, $ag: String!, $u: String!, $p: String!, $y: Int!) { cellExplanation(runId: $r, agencyCode: $ag, unitCode: $u, positionCode: $p, year: $y) }';

type Kind = 'formationNeeds page' | 'formationSummary' | 'cellExplanation';
interface Op {
  kind: Kind;
  body: string;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function main(): Promise<void> {
  const dir = workDir('formasi-load');
  // statements per request, where the server ships the module
  const statementStats = OwnPostgres.hasModule('pg_stat_statements');
  const pg = await OwnPostgres.start(dir, statementStats ? { shared_preload_libraries: 'pg_stat_statements' } : {});
  const redis = await OwnRedis.start(dir);
  const databaseUrl = await pg.createDatabase('formasi');
  const db = new OpsDb(databaseUrl);
  const formasi = new Formasi({ databaseUrl, redisUrl: redis.url, dir });
  let ok = false;
  try {
    formasi.migrate();
    if (statementStats) await db.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    const seeded = await seedNational(databaseUrl, { agencies: AGENCIES, unitCopies: UNIT_COPIES });
    formasi.createUser(EMAIL, 'PLANNER', PASSWORD);
    const profileDir = join(dir, 'cpu-profile');
    const api = await formasi.startApi(PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []);
    await formasi.startWorker();
    const client = new GqlClient(formasi.url);
    await client.login(EMAIL, PASSWORD);
    const runId = await client.startRun(null);
    await waitFor('the national run finishes', async () => (await db.run(runId)).status === 'SUCCEEDED', 20 * 60_000, 500);
    const { rows } = await db.runDigest(runId);
    say(
      `data: ${seeded.agencies} agencies, ${seeded.units} units, ${seeded.employees.toLocaleString('en')} employees; national run of ${rows.toLocaleString('en')} result rows`,
    );

    // the requests: every page of every year (cursors from a walk through them), a summary per
    // year, and explanations of cells spread over the run
    const ops: Op[] = [];
    for (const y of YEARS) {
      let after: string | null = null;
      for (;;) {
        const d: { formationNeeds: { pageInfo: { hasNextPage: boolean; endCursor: string } } } = await client.data(NEEDS, {
          r: runId,
          y,
          a: after,
        });
        ops.push({ kind: 'formationNeeds page', body: JSON.stringify({ query: NEEDS, variables: { r: runId, y, a: after } }) });
        if (!d.formationNeeds.pageInfo.hasNextPage) break;
        after = d.formationNeeds.pageInfo.endCursor;
      }
    }
    const pages = ops.length;
    const cells = await db.query<{ agency_code: string; unit_code: string; position_code: string; year: number }>(
      `SELECT agency_code, unit_code, position_code, year FROM plan_result WHERE run_id = $1 AND unit_code IS NOT NULL ORDER BY md5(id::text) LIMIT 200`,
      [runId],
    );
    const summaries = YEARS.map((y) => JSON.stringify({ query: SUMMARY, variables: { r: runId, y } }));
    const explains = cells.map((c) =>
      JSON.stringify({ query: EXPLAIN, variables: { r: runId, ag: c.agency_code, u: c.unit_code, p: c.position_code, y: c.year } }),
    );
    // interleaved: a client's requests go page, summary, explanation, page, …
    const mixed: Op[] = [];
    for (let i = 0; i < Math.max(pages, explains.length); i++) {
      mixed.push(
        ops[i % pages]!,
        { kind: 'formationSummary', body: summaries[i % summaries.length]! },
        { kind: 'cellExplanation', body: explains[i % explains.length]! },
      );
    }

    // warm-up, then the API's memory as the load starts
    await autocannon({
      url: `${formasi.url}/graphql`,
      connections: 10,
      amount: 300,
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${client.token}` },
      body: mixed[0]!.body,
    });
    await sleep(1000);
    const rssStart = api.rssMiB();
    // CPU from here on: the API process and its PostgreSQL sessions (the worker's are apart)
    const apiBackends = async (): Promise<number[]> =>
      (await db.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [API_APPLICATION_NAME])).map(
        (r) => r.pid,
      );
    const backendsStart = await apiBackends();
    const cpuStart = { api: processCpuMs(api.pid), pg: new Map(backendsStart.map((pid) => [pid, processCpuMs(pid)])) };
    if (statementStats) await db.query('SELECT pg_stat_statements_reset()');
    const loadStart = Date.now();
    const loadAvgStart = loadavg()[0]!;
    const rssSamples: number[] = [rssStart];

    // one plan run always computing in the background
    let background = await client.startRun(null);
    let backgroundRuns = 1;
    let loading = true;
    const keeper = (async () => {
      while (loading) {
        rssSamples.push(api.rssMiB());
        // a slow answer under load is no reason to stop keeping a run going
        const r = await db.run(background).catch(() => null);
        if (r?.status === 'SUCCEEDED' || r?.status === 'FAILED') {
          background = await client.startRun(null);
          backgroundRuns++;
        }
        await sleep(2000);
      }
    })();

    // latencies per kind: each connection answers its requests in order, so its n-th response is its n-th request
    const latencies: Record<Kind, number[]> = { 'formationNeeds page': [], formationSummary: [], cellExplanation: [] };
    let gqlErrors = 0;
    let firstError = '';
    const sent = new Map<unknown, number>();
    let finished!: (r: autocannon.Result) => void;
    let failed!: (e: unknown) => void;
    const outcome = new Promise<autocannon.Result>((res, rej) => ((finished = res), (failed = rej)));
    const instance = autocannon(
      {
        url: `${formasi.url}/graphql`,
        connections: CONNECTIONS,
        duration: SECONDS,
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${client.token}` },
        requests: mixed.map((op) => ({
          method: 'POST',
          body: op.body,
          onResponse: (status: number, body: string) => {
            if (status === 200 && body.includes('"errors"')) {
              gqlErrors++;
              firstError ||= body.slice(0, 300);
            }
          },
        })),
      },
      (err, r) => (err ? failed(err) : finished(r)),
    );
    instance.on('response', (c: unknown, _status: number, _bytes: number, ms: number) => {
      const n = sent.get(c) ?? 0;
      sent.set(c, n + 1);
      latencies[mixed[n % mixed.length]!.kind].push(ms);
    });
    const result = await outcome;
    const loadEnd = Date.now();
    const loadAvgEnd = loadavg()[0]!;
    const apiCpuMs = processCpuMs(api.pid) - cpuStart.api;
    // a session that started during the load counts from 0; one that ended is missed (the pool keeps them while busy)
    const backendsEnd = await apiBackends();
    const pgCpuMs = backendsEnd.reduce((sum, pid) => sum + processCpuMs(pid) - (cpuStart.pg.get(pid) ?? 0), 0);
    const statements = !statementStats
      ? []
      : await db.query<{ query: string; calls: number; mean: number }>(
          `SELECT s.query, s.calls::int AS calls, s.mean_exec_time AS mean FROM pg_stat_statements s
         JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = current_database() ORDER BY s.calls DESC LIMIT 12`,
        );
    loading = false;
    await keeper;
    await sleep(2000);
    const rssEnd = api.rssMiB();

    const errors = result.errors + result.timeouts + result.non2xx + gqlErrors;
    say('');
    say(
      `load, ${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}: ` +
        `${CONNECTIONS} signed-in clients for ${SECONDS} s, ${pages} pages of ${PAGE} cells, ${backgroundRuns} national run(s) computing meanwhile`,
    );
    say('| query | requests | p50 | p95 | p99 | goal |');
    say('| --- | ---: | ---: | ---: | ---: | --- |');
    let pageP95 = 0;
    for (const [kind, xs] of Object.entries(latencies) as Array<[Kind, number[]]>) {
      xs.sort((a, b) => a - b);
      const p95 = percentile(xs, 95);
      if (kind === 'formationNeeds page') pageP95 = p95;
      const goal = kind === 'formationNeeds page' ? `p95 ≤ ${GOAL_P95_MS} ms: ${p95 <= GOAL_P95_MS ? 'MET' : 'MISSED'}` : '';
      say(
        `| ${kind} | ${xs.length} | ${percentile(xs, 50).toFixed(0)} ms | ${p95.toFixed(0)} ms | ${percentile(xs, 99).toFixed(0)} ms | ${goal} |`,
      );
    }
    say(
      `all: ${result.requests.total} requests, ${result.requests.average.toFixed(0)} req/s; errors ${errors} ` +
        `(connection ${result.errors}, timeouts ${result.timeouts}, non-2xx ${result.non2xx}, GraphQL ${gqlErrors})${firstError ? `: ${firstError}` : ''}`,
    );
    say(
      `API RSS: ${rssStart.toFixed(0)} MiB at the start, ${rssEnd.toFixed(0)} MiB at the end, ${Math.max(...rssSamples).toFixed(0)} MiB at most ` +
        `(${rssEnd - rssStart > 0 ? '+' : ''}${(rssEnd - rssStart).toFixed(0)} MiB)`,
    );
    const per = (x: number): string => (x / result.requests.total).toFixed(2);
    say(
      `load average ${loadAvgStart.toFixed(1)} at the start, ${loadAvgEnd.toFixed(1)} at the end; CPU per request: API ${per(apiCpuMs)} ms, ` +
        `its PostgreSQL sessions ${per(pgCpuMs)} ms (${backendsEnd.length} sessions)`,
    );
    say(
      statementStats
        ? 'SQL statements (API and worker) by calls, per request:'
        : 'SQL statements: no pg_stat_statements module in this PostgreSQL',
    );
    for (const st of statements) say(`  ${per(st.calls)} × ${st.mean.toFixed(3)} ms  ${st.query.replace(/\s+/g, ' ').slice(0, 110)}`);
    ok = errors === 0;
    if (pageP95 > GOAL_P95_MS) say(`page p95 ${pageP95.toFixed(0)} ms is over the ${GOAL_P95_MS} ms goal`);
    if (PROFILE) {
      await api.kill('SIGTERM'); // the profile is written as the API exits
      const file = readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile'));
      if (!file) throw new Error(`no CPU profile in ${profileDir}`);
      const prof = summariseCpuProfile(join(profileDir, file), api.exitedAt!, loadStart, loadEnd);
      // the profiler samples on the wall clock, so on a busy machine its "busy" time holds time the
      // process waited for a core: shares of it say where the CPU went, the /proc figure how much
      const share = (ms: number): string => `${((100 * ms) / prof.busyMs).toFixed(1).padStart(5)} %`;
      say(`API CPU profile over the load (${prof.busyMs.toFixed(0)} ms sampled busy, GC ${share(prof.gcMs).trim()}); self time by module:`);
      for (const m of prof.modules) say(`  ${share(m.ms)}  ${m.name}`);
      say('by function:');
      for (const f of prof.functions) say(`  ${share(f.ms)}  ${f.name}`);
      say(`profile: ${join(profileDir, file)}`);
    }
  } finally {
    await formasi.stopAll().catch(() => formasi.killAll());
    formasi.killAll();
    await redis.stopServer().catch(() => redis.destroy());
    await pg.destroy();
    // a profiled run keeps its work folder, and the profile in it
    if (ok && !PROFILE) removeWorkDir(dir);
    else say(`logs kept in ${dir}`);
  }
  // errors fail the benchmark; latency and memory are reported, not asserted (a shared machine is noisy)
  process.exitCode = ok ? 0 : 1;
}

main().then(
  () => process.exit(),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
