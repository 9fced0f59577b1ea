import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { planResultTable } from '@formasi/database';
import { PLAN_RUN_QUEUE } from '@formasi/queue';
import { PlanRunProcessor } from '../apps/worker/src/plan-runs/plan-run.processor';
import { PlanResultsWriter } from '../apps/worker/src/plan-runs/plan-results.writer';
import { E2eApp, startE2eApp, waitForRun } from './support/e2e-app';
import { loadSmallRegency, loadTwoCities, mutate, START_RUN } from './support/reference-data';

const ROOT = join(__dirname, '..');

/** The real worker (apps/worker/src/main.ts) as a process of its own, which the test may kill. */
class WorkerProcess {
  readonly child: ChildProcess;
  private out = '';
  private readonly waiters: Array<{ text: string; resolve: () => void }> = [];

  constructor(e2e: E2eApp, hold: boolean, env: Record<string, string> = {}) {
    const preload = [
      '-r',
      join(ROOT, 'test/support/ts-register.js'),
      ...(hold ? ['-r', join(ROOT, 'test/support/hold-plan-writes.js')] : []),
    ];
    this.child = spawn(process.execPath, [...preload, join(ROOT, 'apps/worker/src/main.ts')], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: e2e.config.databaseUrl,
        ...(e2e.config.redisUrl ? { REDIS_URL: e2e.config.redisUrl } : {}),
        ...(e2e.config.queuePrefix ? { QUEUE_PREFIX: e2e.config.queuePrefix } : {}),
        NODE_ENV: 'test',
        LOG_LEVEL: 'info',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const onData = (chunk: Buffer): void => {
      this.out += chunk.toString('utf8');
      for (const w of [...this.waiters]) {
        if (this.out.includes(w.text)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve();
        }
      }
    };
    this.child.stdout!.on('data', onData);
    this.child.stderr!.on('data', onData);
  }

  get log(): string {
    return this.out;
  }

  printed(text: string): Promise<void> {
    if (this.out.includes(text)) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ text, resolve }));
  }

  /** SIGKILL: no shutdown hook runs, the job's lock is simply never renewed again. */
  async kill(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.kill('SIGKILL');
    await exited;
  }
}

describe('plan runs never hang', () => {
  describe('on worker processes that are killed', () => {
    let e2e: E2eApp;
    const workers: WorkerProcess[] = [];

    beforeAll(async () => {
      // no worker in the API process: only the worker processes below take jobs
      e2e = await startE2eApp({ env: { WORKER_IN_PROCESS: 'false' } });
      await loadSmallRegency(e2e);
    });

    afterAll(async () => {
      await Promise.all(workers.map((w) => w.kill()));
      await e2e?.close();
    });

    it("takes over a killed worker's run, and fails it with a clear error when its worker is killed a second time", async () => {
      const started = await mutate<{ startPlanRun: { id: string } }>(e2e, START_RUN, {
        i: { agencyCode: 'KAB-UJI', asOf: '2026-12-31', years: [2027, 2028] },
      });
      const runId = started.startPlanRun.id;
      const seen: number[] = [];
      const watch = async (): Promise<{ status: string; progress: number; attempts: number; error: string | null }> => {
        const [run] = await e2e.sql<{ status: string; progress: number; attempts: number; error: string | null }>(
          'SELECT status, progress, attempts, error FROM plan_run WHERE id = $1',
          [runId],
        );
        seen.push(run!.progress);
        return run!;
      };

      const first = new WorkerProcess(e2e, true);
      workers.push(first);
      await first.printed(`holding plan writes ${runId}`);
      expect(await watch()).toMatchObject({ status: 'RUNNING', attempts: 1 });
      await first.kill();

      // the next worker finds the lapsed lock and takes the run over (attempt 2) …
      const second = new WorkerProcess(e2e, true);
      workers.push(second);
      await second.printed(`holding plan writes ${runId}`);
      expect(await watch()).toMatchObject({ status: 'RUNNING', attempts: 2 });
      expect(second.log).toContain('plan run stalled');
      await second.kill();

      // … and a run whose worker stops twice is given up: FAILED, not RUNNING forever
      const third = new WorkerProcess(e2e, false);
      workers.push(third);
      let run = await watch();
      for (let i = 0; i < 600 && run.status !== 'FAILED'; i++) {
        await new Promise((r) => setTimeout(r, 100));
        run = await watch();
      }
      expect(run).toMatchObject({ status: 'FAILED', attempts: 2 });
      expect(run.error).toBe(
        'the worker running this plan run stopped twice (killed, or out of memory, or cut off from the queue); start the run again',
      );
      await third.printed('plan run failed');
      // a watcher never saw the progress go back, and nothing of the killed attempts is visible
      expect(seen).toEqual([...seen].sort((a, b) => a - b));
      const [rows] = await e2e.sql<{ n: number }>('SELECT count(*)::int AS n FROM plan_result WHERE run_id = $1', [runId]);
      expect(rows!.n).toBe(0);
      // the killed attempts' results tables went with their transactions: none attached, none left over
      expect(await e2e.sql('SELECT relname FROM pg_class WHERE relname LIKE $1', [`${planResultTable(runId)}%`])).toEqual([]);
      const [durations] = await e2e.sql<{ finished: boolean }>('SELECT finished_at >= started_at AS finished FROM plan_run WHERE id = $1', [
        runId,
      ]);
      expect(durations!.finished).toBe(true);
    }, 180_000);
  });

  describe('on a run spread over batches of agencies', () => {
    let e2e: E2eApp;
    const workers: WorkerProcess[] = [];
    const NATIONAL = { i: { agencyCode: null, asOf: '2026-12-31', years: [2027, 2028] } };

    beforeAll(async () => {
      // one agency per batch: the three agencies are three jobs of the run's flow
      e2e = await startE2eApp({ env: { WORKER_IN_PROCESS: 'false', PLAN_RUN_BATCH_AGENCIES: '1' } });
      await loadSmallRegency(e2e);
      await loadTwoCities(e2e);
    });

    afterAll(async () => {
      await Promise.all(workers.map((w) => w.kill()));
      await e2e?.close();
    });

    it("leaves no visible row of a batch killed mid-write, and ends with an uninterrupted run's results", async () => {
      const rows = (runId: string): Promise<Array<{ row: string }>> =>
        e2e.sql(
          `SELECT (to_jsonb(r) - 'id' - 'run_id')::text AS row FROM plan_result r WHERE run_id = $1 ORDER BY agency_code, unit_code, position_code, year`,
          [runId],
        );
      const visible = async (runId: string): Promise<number> => (await rows(runId)).length;

      // the same run, uninterrupted
      const steady = new WorkerProcess(e2e, false);
      workers.push(steady);
      const reference = (await mutate<{ startPlanRun: { id: string } }>(e2e, START_RUN, NATIONAL)).startPlanRun.id;
      expect(await waitForRun(e2e, reference, undefined, 120_000)).toMatchObject({ status: 'SUCCEEDED', attempts: 1 });
      await steady.kill();
      const expected = await rows(reference);
      // KAB-UJI's 3 cells, one each for the two cities, over two years
      expect(expected).toHaveLength(10);

      // a worker taking one batch at a time is killed while it writes the first
      const first = new WorkerProcess(e2e, true, { WORKER_CONCURRENCY: '1' });
      workers.push(first);
      const runId = (await mutate<{ startPlanRun: { id: string } }>(e2e, START_RUN, NATIONAL)).startPlanRun.id;
      await first.printed(`holding plan writes ${runId}`);
      expect(await visible(runId)).toBe(0);
      await first.kill();
      expect(await visible(runId)).toBe(0);

      // another worker takes the killed batch over and does the rest
      const second = new WorkerProcess(e2e, false);
      workers.push(second);
      expect(await waitForRun(e2e, runId, undefined, 120_000)).toMatchObject({ status: 'SUCCEEDED', attempts: 2, progress: 100 });
      expect(second.log).toContain('plan run retrying');
      expect(await rows(runId)).toEqual(expected);
      // the run's table holds one table per batch, and nothing else of the run is stored
      const tables = await e2e.sql<{ t: string; partitions: number }>(
        `SELECT c.relname AS t, (SELECT count(*)::int FROM pg_inherits i WHERE i.inhparent = c.oid) AS partitions
           FROM pg_class c WHERE c.relname LIKE $1 AND c.relkind IN ('r', 'p') ORDER BY c.relkind, c.relname`,
        [`${planResultTable(runId)}%`],
      );
      expect(tables).toHaveLength(4);
      expect(tables[0]).toEqual({ t: planResultTable(runId), partitions: 3 });
    }, 300_000);

    describe('on a worker process of two processor threads (WORKER_THREADS=2)', () => {
      beforeAll(async () => {
        // only the worker of each test takes this run's batches
        await Promise.all(workers.map((w) => w.kill()));
      });

      it('writes two batches at once, one on each thread, though each thread takes one job at a time', async () => {
        const held = new WorkerProcess(e2e, true, { WORKER_CONCURRENCY: '1', WORKER_THREADS: '2' });
        workers.push(held);
        try {
          // a thread's log lines reach the process's output through the process's own thread: in either order
          await Promise.all([held.printed('thread 1 of 2'), held.printed('thread 2 of 2')]);
          const runId = (await mutate<{ startPlanRun: { id: string } }>(e2e, START_RUN, NATIONAL)).startPlanRun.id;
          // every write is held: a single thread would hold one batch, and never start a second
          await new Promise<void>((resolve) => {
            const poll = setInterval(() => {
              if (held.log.split(`holding plan writes ${runId}`).length - 1 >= 2) {
                clearInterval(poll);
                resolve();
              }
            }, 50);
          });
          expect(held.log.split(`holding plan writes ${runId}`).length - 1).toBe(2);
        } finally {
          // a worker left holding writes would hold the next test's batches too
          await held.kill();
        }
      }, 120_000);

      it('computes a run on both threads and, on SIGTERM, closes every thread and exits with the signal', async () => {
        const worker = new WorkerProcess(e2e, false, { WORKER_THREADS: '2' });
        workers.push(worker);
        await Promise.all([worker.printed('thread 1 of 2'), worker.printed('thread 2 of 2')]);
        const runId = (await mutate<{ startPlanRun: { id: string } }>(e2e, START_RUN, NATIONAL)).startPlanRun.id;
        expect(await waitForRun(e2e, runId, undefined, 120_000)).toMatchObject({ status: 'SUCCEEDED', attempts: 1, progress: 100 });
        const [{ n }] = await e2e.sql<{ n: number }>('SELECT count(*)::int AS n FROM plan_result WHERE run_id = $1', [runId]);
        expect(n).toBe(10);
        const exited = new Promise<NodeJS.Signals | null>((resolve) => worker.child.once('exit', (_code, signal) => resolve(signal)));
        worker.child.kill('SIGTERM');
        expect(await exited).toBe('SIGTERM');
      }, 120_000);
    });
  });

  describe('timing', () => {
    let e2e: E2eApp;

    beforeAll(async () => {
      e2e = await startE2eApp();
      await loadSmallRegency(e2e);
    });

    afterAll(async () => {
      await e2e?.close();
    });

    it('reports the wall time of the run as durationMs, not the time of its last statement', async () => {
      const writer = e2e.app.get(PlanResultsWriter);
      const insert = writer.insertResults.bind(writer);
      // a write that takes 1.5 s inside the run's transaction
      const spy = jest.spyOn(writer, 'insertResults').mockImplementationOnce(async (tx, id, rows, table) => {
        await new Promise((r) => setTimeout(r, 1500));
        await insert(tx, id, rows, table);
      });
      try {
        const t0 = Date.now();
        const started = await mutate<{ startPlanRun: { id: string } }>(e2e, START_RUN, {
          i: { agencyCode: 'KAB-UJI', asOf: '2026-12-31', years: [2027, 2028] },
        });
        await waitForRun(e2e, started.startPlanRun.id);
        const wallMs = Date.now() - t0;
        const res = await e2e.gql<{ planRun: { status: string; durationMs: number; attempts: number } }>(
          'query($id: ID!) { planRun(id: $id) { status durationMs attempts } }',
          { id: started.startPlanRun.id },
        );
        const run = res.data!.planRun;
        expect(run).toMatchObject({ status: 'SUCCEEDED', attempts: 1 });
        expect(run.durationMs).toBeGreaterThanOrEqual(1500);
        expect(run.durationMs).toBeLessThanOrEqual(wallMs);
      } finally {
        spy.mockRestore();
      }
    });

    it('keeps a published run as it is when its publishing job runs again (a lost acknowledgement)', async () => {
      const started = await mutate<{ startPlanRun: { id: string } }>(e2e, START_RUN, {
        i: { agencyCode: 'KAB-UJI', asOf: '2026-12-31', years: [2027, 2028] },
      });
      const runId = started.startPlanRun.id;
      expect(await waitForRun(e2e, runId)).toMatchObject({ status: 'SUCCEEDED' });
      const stored = () =>
        e2e.sql<{ status: string; finished: string; rows: number; rollUps: number }>(
          `SELECT status, finished_at::text AS finished, (SELECT count(*)::int FROM plan_result WHERE run_id = r.id) AS rows,
                  (SELECT count(*)::int FROM plan_roll_up WHERE run_id = r.id) AS "rollUps" FROM plan_run r WHERE id = $1`,
          [runId],
        );
      const before = await stored();
      expect(before[0]).toMatchObject({ status: 'SUCCEEDED', rows: 6 });
      // the parent job, run once more by a worker that never heard it had completed
      const queue = e2e.app.get<Queue>(getQueueToken(PLAN_RUN_QUEUE));
      const parent = await queue.getJob(runId);
      await expect(e2e.app.get(PlanRunProcessor).process(parent!)).resolves.toEqual({ cells: 6 });
      expect(await stored()).toEqual(before);
    });
  });
});
