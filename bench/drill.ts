// npm run drill — fault drills with real processes: the built API and workers run against a
// PostgreSQL and a Redis of the drill's own (private ports, a temporary folder), which it kills
// and restarts while plan runs and a roster validation are in flight:
//   a) SIGKILL the worker in the middle of a national plan run: another worker finishes it and the
//      results equal an uninterrupted run's (a digest over the stored rows); a reader polling the
//      run meanwhile never sees a partial result set.
//   b) PostgreSQL crashes and restarts during a plan run, and during a roster validation: each
//      finishes or fails cleanly and can be run again; nothing is half-written.
//   c) Redis restarts while one run is running and others wait: all of them finish.
//   d) PostgreSQL is down: /health answers 503, and 200 again by itself once it is back.
// Prints a table (drill, outcome, time to recover, rows lost) and exits 1 if any drill failed.
// Size: DRILL_AGENCIES (default 40) copies of the demo regency with DRILL_UNIT_COPIES (default 6)
// copies of its units each; DRILL_ROSTER_ROWS (default 1,000,000) rows in the roster file.
import { openAsBlob } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { OpsDb } from './ops/ops-db';
import { Formasi, FormasiProcess, GqlClient } from './ops/formasi';
import { seedNational } from './ops/national-data';
import { writeRosterCsv } from './ops/roster-file';
import { OwnPostgres, OwnRedis, removeWorkDir, sleep, waitFor, workDir } from './ops/services';

const AGENCIES = Number(process.env.DRILL_AGENCIES ?? 40);
const UNIT_COPIES = Number(process.env.DRILL_UNIT_COPIES ?? 6);
const ROSTER_ROWS = Number(process.env.DRILL_ROSTER_ROWS ?? 1_000_000);
const DB_DOWN_SECONDS = Number(process.env.DRILL_DB_DOWN_SECONDS ?? 5);
const RUN_TIMEOUT_MS = Number(process.env.DRILL_TIMEOUT_SECONDS ?? 300) * 1000;
/** DRILL_ONLY=a,b1,b2,c,d runs some of the drills. */
const only = (name: string): boolean => !process.env.DRILL_ONLY || process.env.DRILL_ONLY.split(',').includes(name);
const EMAIL = 'drill@formasi.example';
const PASSWORD = 'drill-password-1234567890';

interface DrillResult {
  drill: string;
  ok: boolean;
  outcome: string;
  recoverMs: number | null;
  rowsLost: number;
}

const seconds = (ms: number | null): string => (ms == null ? '–' : `${(ms / 1000).toFixed(1)} s`);
const say = (m: string): void => void process.stdout.write(`${m}\n`);

/** Polls a run until it is SUCCEEDED or FAILED, through database restarts. */
async function settle(
  db: OpsDb,
  id: string,
  timeoutMs = RUN_TIMEOUT_MS,
): Promise<{ status: string; attempts: number; error: string | null }> {
  let last = { status: 'UNKNOWN', attempts: 0, error: null as string | null };
  try {
    await waitFor(
      `plan run ${id} finishes`,
      async () => {
        last = await db.run(id);
        return last.status === 'SUCCEEDED' || last.status === 'FAILED';
      },
      timeoutMs,
      250,
    );
  } catch {
    throw new Error(`plan run ${id} is still ${last.status} after ${timeoutMs / 1000} s`);
  }
  return last;
}

async function waitProgress(db: OpsDb, id: string, percent: number): Promise<void> {
  await waitFor(
    `plan run ${id} reaches ${percent} %`,
    async () => {
      const r = await db.run(id);
      if (r.status === 'SUCCEEDED' || r.status === 'FAILED')
        throw new Error(`plan run ${id} finished (${r.status}) before the fault could be injected: make the data set larger`);
      return r.status === 'RUNNING' && r.progress >= percent;
    },
    RUN_TIMEOUT_MS,
    50,
  );
}

/**
 * Reads a run the way a dashboard does, over and over, until stopped: each answer must be
 * "not finished" or the whole result set (`expected` cells of 2026), never a part of it.
 */
function watchReader(
  client: GqlClient,
  runId: string,
  expected: number,
): { stop(): Promise<{ notReady: number; whole: number; partial: number; unavailable: number }> } {
  const seen = { notReady: 0, whole: 0, partial: 0, unavailable: 0 };
  let running = true;
  const loop = (async () => {
    while (running) {
      try {
        const r = await client.request<{ formationNeeds: { totalCount: number } }>(
          'query($r: ID!) { formationNeeds(runId: $r, first: 1, filter: { year: 2026 }) { totalCount } }',
          { r: runId },
        );
        if (r.data?.formationNeeds) {
          if (r.data.formationNeeds.totalCount === expected) seen.whole++;
          else seen.partial++;
        } else if (r.errors?.some((e) => e.extensions?.code === 'FAILED_PRECONDITION')) seen.notReady++;
        else seen.unavailable++;
      } catch {
        seen.unavailable++;
      }
      await sleep(100);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return seen;
    },
  };
}

async function main(): Promise<void> {
  const dir = workDir('formasi-drill');
  say(`work folder ${dir}`);
  const pg = await OwnPostgres.start(dir);
  const redis = await OwnRedis.start(dir);
  const databaseUrl = await pg.createDatabase('formasi');
  const db = new OpsDb(databaseUrl);
  const formasi = new Formasi({ databaseUrl, redisUrl: redis.url, dir });
  const results: DrillResult[] = [];
  try {
    say(`own PostgreSQL on port ${pg.port}, own Redis on port ${redis.port}`);
    formasi.migrate();
    const seeded = await seedNational(databaseUrl, { agencies: AGENCIES, unitCopies: UNIT_COPIES });
    formasi.createUser(EMAIL, 'ADMIN', PASSWORD);
    say(`data: ${seeded.agencies} agencies, ${seeded.units} units, ${seeded.employees.toLocaleString('en')} employees`);
    const api = await formasi.startApi();
    const client = new GqlClient(formasi.url);
    await client.login(EMAIL, PASSWORD);
    let worker = await formasi.startWorker();

    // the reference: a national run nobody disturbs
    let t = Date.now();
    const reference = await client.startRun(null);
    const refEnd = await settle(db, reference);
    if (refEnd.status !== 'SUCCEEDED') throw new Error(`the reference run failed: ${refEnd.error}`);
    const ref = await db.runDigest(reference);
    const [{ n: cells2026 }] = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM plan_result WHERE run_id = $1 AND year = 2026',
      [reference],
    );
    say(
      `reference national run: ${ref.rows.toLocaleString('en')} result rows, ${ref.rollUps.toLocaleString('en')} roll-ups in ${seconds(Date.now() - t)} (digest ${ref.hash})`,
    );

    /** Compares a finished run with the reference: rows it lacks, and whether its digest matches. */
    const compare = async (runId: string): Promise<{ lost: number; equal: boolean }> => {
      const d = await db.runDigest(runId);
      return { lost: Math.max(0, ref.rows - d.rows) + Math.max(0, ref.rollUps - d.rollUps), equal: d.hash === ref.hash };
    };
    const alive = (...ps: FormasiProcess[]): string[] => ps.filter((p) => !p.alive).map((p) => `${p.name} exited (see ${p.log})`);

    // a) a worker is killed in the middle of a run
    if (only('a')) {
      const runId = await client.startRun(null);
      const reader = watchReader(client, runId, cells2026);
      await waitProgress(db, runId, 40);
      const standby = await formasi.startWorker();
      t = Date.now();
      await worker.kill('SIGKILL');
      const end = await settle(db, runId);
      const recoverMs = Date.now() - t;
      const seen = await reader.stop();
      const cmp = end.status === 'SUCCEEDED' ? await compare(runId) : { lost: ref.rows, equal: false };
      const problems = [
        ...(end.status !== 'SUCCEEDED' ? [`run ${end.status}: ${end.error}`] : []),
        ...(end.status === 'SUCCEEDED' && !cmp.equal ? ['results differ from the reference'] : []),
        ...(seen.partial > 0 ? [`a reader saw a partial result set ${seen.partial} times`] : []),
        ...alive(api, standby),
      ];
      results.push({
        drill: 'a) worker SIGKILLed mid-run',
        ok: problems.length === 0,
        outcome: problems.length
          ? problems.join('; ')
          : `another worker finished it (attempt ${end.attempts}), digest equal; reader: ${seen.notReady} not ready, ${seen.whole} whole, 0 partial`,
        recoverMs,
        rowsLost: cmp.lost,
      });
      worker = standby;
    }

    // b1) PostgreSQL crashes and restarts during a run
    if (only('b1')) {
      const runId = await client.startRun(null);
      const reader = watchReader(client, runId, cells2026);
      await waitProgress(db, runId, 40);
      t = Date.now();
      await pg.restart('immediate');
      let end = await settle(db, runId);
      const recoverMs = Date.now() - t;
      const seen = await reader.stop();
      let how = `finished by itself (attempt ${end.attempts})`;
      let checked = runId;
      if (end.status === 'FAILED') {
        // failed cleanly: nothing of it is stored, and the same run started again succeeds
        const left = await db.runDigest(runId);
        if (left.rows + left.rollUps > 0) how = `FAILED but left ${left.rows} rows`;
        else how = `failed cleanly (${end.error}); started again`;
        checked = await client.startRun(null);
        end = await settle(db, checked);
      }
      const cmp = end.status === 'SUCCEEDED' ? await compare(checked) : { lost: ref.rows, equal: false };
      const refStill = await compare(reference);
      const problems = [
        ...(end.status !== 'SUCCEEDED' ? [`run ${end.status}: ${end.error}`] : []),
        ...(end.status === 'SUCCEEDED' && !cmp.equal ? ['results differ from the reference'] : []),
        ...(!refStill.equal ? ['the reference run changed after the crash'] : []),
        ...(seen.partial > 0 ? [`a reader saw a partial result set ${seen.partial} times`] : []),
        ...(how.includes('left') ? [how] : []),
        ...alive(api, worker),
      ];
      results.push({
        drill: 'b) PostgreSQL crash-restart mid-run',
        ok: problems.length === 0,
        outcome: problems.length ? problems.join('; ') : `${how}, digest equal; reader: ${seen.whole} whole, 0 partial`,
        recoverMs,
        rowsLost: cmp.lost + refStill.lost,
      });
    }

    // b2) PostgreSQL crashes and restarts during a roster validation
    if (only('b2')) {
      const units = (
        await db.query<{ code: string }>(
          `SELECT u.code FROM org_unit u JOIN agency a ON a.id = u.agency_id WHERE a.code = 'NAT-0001' ORDER BY u.code`,
        )
      ).map((u) => u.code);
      const csv = join(dir, 'roster.csv');
      await writeRosterCsv(csv, ROSTER_ROWS, units);
      const upload = async (): Promise<string> => {
        const form = new FormData();
        form.set('file', await openAsBlob(csv), 'roster.csv');
        form.set('asOf', '2025-12-31');
        const res = await fetch(`${formasi.url}/staffing/NAT-0001/submissions`, {
          method: 'POST',
          body: form,
          headers: { authorization: `Bearer ${client.token}` },
        });
        const body = (await res.json()) as { submission?: { id: string } };
        if (res.status !== 202 || !body.submission) throw new Error(`upload answered ${res.status}: ${JSON.stringify(body)}`);
        return body.submission.id;
      };
      const settleSubmission = async (id: string): Promise<Awaited<ReturnType<OpsDb['submission']>>> => {
        let s: Awaited<ReturnType<OpsDb['submission']>> | null = null;
        await waitFor(
          `submission ${id} settles`,
          async () => {
            s = await db.submission(id);
            return ['VALIDATED', 'INVALID', 'FAILED'].includes(s.status);
          },
          RUN_TIMEOUT_MS,
          250,
        ).catch(() => {
          throw new Error(`submission ${id} is still ${s?.status} after ${RUN_TIMEOUT_MS / 1000} s`);
        });
        return s!;
      };
      let id = await upload();
      await waitFor(
        'validation is under way',
        async () => {
          const s = await db.submission(id);
          if (!['UPLOADED', 'VALIDATING'].includes(s.status))
            throw new Error(`validation ended (${s.status}) before the fault: make DRILL_ROSTER_ROWS larger`);
          return s.status === 'VALIDATING' && s.progress >= 20;
        },
        RUN_TIMEOUT_MS,
        50,
      );
      t = Date.now();
      await pg.restart('immediate');
      let s = await settleSubmission(id);
      const recoverMs = Date.now() - t;
      let how = `validated by itself (${s.status})`;
      const problems: string[] = [];
      if (s.status !== 'VALIDATED') {
        if (s.tableRows != null) problems.push(`${s.status} but its rows table holds ${s.tableRows} rows`);
        how = `${s.status} cleanly (${s.failure ?? 'no message'}), no rows left; uploaded again`;
        id = await upload();
        s = await settleSubmission(id);
      }
      if (s.status !== 'VALIDATED') problems.push(`submission ${s.status}: ${s.failure}`);
      if (s.status === 'VALIDATED' && (s.rowCount !== ROSTER_ROWS || s.tableRows !== ROSTER_ROWS))
        problems.push(`VALIDATED with ${s.rowCount} rows recorded and ${s.tableRows} stored`);
      problems.push(...alive(api, worker));
      results.push({
        drill: 'b) PostgreSQL crash-restart mid-validation',
        ok: problems.length === 0,
        outcome: problems.length ? problems.join('; ') : `${how}: ${ROSTER_ROWS.toLocaleString('en')} rows stored`,
        recoverMs,
        rowsLost: ROSTER_ROWS - (s.tableRows ?? 0),
      });
    }

    // c) Redis restarts with one run running and two waiting behind it (one worker, one job at a time)
    if (only('c')) {
      const running = await client.startRun(null);
      const waiting = [await client.startRun('KAB-SUKAMAJU'), await client.startRun('NAT-0002')];
      await waitProgress(db, running, 30);
      t = Date.now();
      await redis.restart();
      // and the API queues new work once Redis is back
      const after = await waitFor(
        'the API queues a run again',
        async () => Boolean(waiting.push(await client.startRun('NAT-0003'))),
        60_000,
        500,
      ).then(() => waiting.at(-1)!);
      const ends = await Promise.all([running, ...waiting].map((id) => settle(db, id)));
      const recoverMs = Date.now() - t;
      const cmp = ends[0]!.status === 'SUCCEEDED' ? await compare(running) : { lost: ref.rows, equal: false };
      let lost = cmp.lost;
      for (const id of waiting) {
        const [{ code }] = await db.query<{ code: string }>(
          'SELECT a.code FROM plan_run r JOIN agency a ON a.id = r.agency_id WHERE r.id = $1',
          [id],
        );
        const [{ n: want }] = await db.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM plan_result WHERE run_id = $1 AND agency_code = $2',
          [reference, code],
        );
        lost += Math.max(0, want - (await db.runDigest(id)).rows);
      }
      const failed = ends.filter((e) => e.status !== 'SUCCEEDED');
      const problems = [
        ...failed.map((e) => `a run ${e.status}: ${e.error}`),
        ...(ends[0]!.status === 'SUCCEEDED' && !cmp.equal ? ['the running run differs from the reference'] : []),
        ...(lost > 0 ? [`${lost} rows missing`] : []),
        ...alive(api, worker),
      ];
      results.push({
        drill: 'c) Redis restart, jobs running and queued',
        ok: problems.length === 0,
        outcome: problems.length
          ? problems.join('; ')
          : `running run resumed, digest equal; ${waiting.length - 1} queued runs and 1 queued after the restart (${after.slice(0, 8)}) all SUCCEEDED`,
        recoverMs,
        rowsLost: lost,
      });
    }

    // d) /health while PostgreSQL is down, and after
    if (only('d')) {
      const health = async (): Promise<number> => (await fetch(`${formasi.url}/health`).catch(() => ({ status: 0 }))).status;
      const before = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM plan_result');
      await pg.stopServer('fast');
      const to503 = await waitFor('/health answers 503', async () => (await health()) === 503, 30_000, 100).catch(() => null);
      await sleep(DB_DOWN_SECONDS * 1000);
      const stillDown = await health();
      await pg.startServer();
      t = Date.now();
      const backMs = await waitFor('/health answers 200', async () => (await health()) === 200, 120_000, 100).catch(() => null);
      const recoverMs = backMs == null ? null : Date.now() - t;
      const after = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM plan_result');
      const signedIn = await client.request<{ planRuns: unknown[] }>('{ planRuns(first: 1) { id } }');
      const problems = [
        ...(to503 == null ? ['/health never answered 503 with the database down'] : []),
        ...(stillDown !== 503 ? [`/health answered ${stillDown} after ${DB_DOWN_SECONDS} s down`] : []),
        ...(backMs == null ? ['/health did not recover within 120 s'] : []),
        ...(!signedIn.data ? [`GraphQL after recovery: ${JSON.stringify(signedIn.errors)}`] : []),
        ...alive(api, worker),
      ];
      results.push({
        drill: 'd) /health with PostgreSQL down',
        ok: problems.length === 0,
        outcome: problems.length
          ? problems.join('; ')
          : `503 within ${seconds(to503)} of the stop and for ${DB_DOWN_SECONDS} s after, 200 again by itself; API and worker kept running`,
        recoverMs,
        rowsLost: Math.max(0, before[0]!.n - after[0]!.n),
      });
    }
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    results.push({ drill: 'drill harness', ok: false, outcome: e instanceof Error ? e.message : String(e), recoverMs: null, rowsLost: 0 });
  } finally {
    await formasi.stopAll().catch(() => formasi.killAll());
    formasi.killAll();
    await redis.stopServer().catch(() => redis.destroy());
    await pg.destroy();
  }
  printTable(results);
  const failed = results.filter((r) => !r.ok || r.rowsLost > 0);
  if (failed.length === 0) removeWorkDir(dir);
  else say(`logs kept in ${dir}`);
  process.exitCode = failed.length ? 1 : 0;
}

function printTable(results: DrillResult[]): void {
  const rows = [
    ['drill', 'result', 'time to recover', 'rows lost', 'outcome'],
    ...results.map((r) => [r.drill, r.ok && r.rowsLost === 0 ? 'PASS' : 'FAIL', seconds(r.recoverMs), String(r.rowsLost), r.outcome]),
  ];
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
  say('');
  say(`fault drills, ${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${cpus().length} cores`);
  for (const r of rows)
    say(
      `| ${r
        .slice(0, 4)
        .map((c, i) => c.padEnd(widths[i]!))
        .join(' | ')} | ${r[4]} |`,
    );
}

main().then(
  () => process.exit(),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
