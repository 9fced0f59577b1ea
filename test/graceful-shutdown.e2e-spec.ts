import { planResultBatchTable } from '@formasi/database';
import { PlanResultsWriter } from '../apps/worker/src/plan-runs/plan-results.writer';
import { E2eApp, startE2eApp } from './support/e2e-app';
import { loadSmallRegency, mutate, START_RUN } from './support/reference-data';

describe('graceful shutdown', () => {
  let e2e: E2eApp;

  beforeAll(async () => {
    e2e = await startE2eApp();
    await loadSmallRegency(e2e);
  });

  afterAll(async () => {
    await e2e?.close();
  });

  it('lets a running batch of a plan run finish before the application closes', async () => {
    const writer = e2e.app.get(PlanResultsWriter);
    const insert = writer.insertResults.bind(writer);
    let entered!: () => void;
    const writing = new Promise<void>((resolve) => (entered = resolve));
    // a slow write: the batch's job is still running when shutdown begins
    jest.spyOn(writer, 'insertResults').mockImplementationOnce(async (tx, id, rows, table) => {
      entered();
      await new Promise((r) => setTimeout(r, 1500));
      await insert(tx, id, rows, table);
    });
    const started = await mutate<{ startPlanRun: { id: string } }>(e2e, START_RUN, {
      i: { agencyCode: 'KAB-UJI', asOf: '2026-12-31', years: [2027, 2028] },
    });
    const runId = started.startPlanRun.id;
    await writing;
    await e2e.closeApp();
    // the batch was written and committed; the run is published by the next worker to take its flow's parent
    const [run] = await e2e.sql<{ status: string; n: number }>(
      'SELECT status, (SELECT count(*)::int FROM plan_result WHERE run_id = r.id) AS n FROM plan_run r WHERE id = $1',
      [runId],
    );
    expect(run).toEqual({ status: 'RUNNING', n: 0 });
    expect(await e2e.sql(`SELECT count(*)::int AS n FROM ${planResultBatchTable(runId, runId, 0)}`)).toEqual([{ n: 6 }]);
  });
});
