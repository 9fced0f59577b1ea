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

  it('lets a running plan run finish before the application closes', async () => {
    const writer = e2e.app.get(PlanResultsWriter);
    const insert = writer.insertResults.bind(writer);
    let entered!: () => void;
    const writing = new Promise<void>((resolve) => (entered = resolve));
    // a slow write: the job is still running when shutdown begins
    jest.spyOn(writer, 'insertResults').mockImplementationOnce(async (tx, id, rows) => {
      entered();
      await new Promise((r) => setTimeout(r, 1500));
      await insert(tx, id, rows);
    });
    const started = await mutate<{ startPlanRun: { id: string } }>(e2e, START_RUN, {
      i: { agencyCode: 'KAB-UJI', asOf: '2026-12-31', years: [2027, 2028] },
    });
    await writing;
    await e2e.closeApp();
    const [run] = await e2e.sql<{ status: string; n: number }>(
      'SELECT status, (SELECT count(*)::int FROM plan_result WHERE run_id = r.id) AS n FROM plan_run r WHERE id = $1',
      [started.startPlanRun.id],
    );
    expect(run).toEqual({ status: 'SUCCEEDED', n: 6 });
  });
});
