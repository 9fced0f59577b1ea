import { AddressInfo } from 'node:net';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { E2eApp, startE2eApp, waitForRun } from './support/e2e-app';
import { loadSmallRegency, mutate, START_RUN } from './support/reference-data';

describe('running service: health and live progress', () => {
  let e2e: E2eApp;

  beforeAll(async () => {
    e2e = await startE2eApp();
    await loadSmallRegency(e2e);
    await e2e.app.listen(0, '127.0.0.1');
  });

  afterAll(async () => {
    await e2e?.close();
  });

  it('reports database and queue health', async () => {
    const res = await e2e.http().get('/health').expect(200);
    expect(res.body).toMatchObject({
      status: 'ok',
      info: { database: { status: 'up' }, queue: { status: 'up', backend: e2e.config.redisUrl ? 'redis' : 'postgres' } },
    });
  });

  it('serves Apollo Sandbox to a browser at the GraphQL URL', async () => {
    const res = await e2e.http().get('/graphql').set('accept', 'text/html').expect(200);
    expect(res.text).toContain('embeddable-sandbox');
  });

  it('lists agencies with their unit tree', async () => {
    const res = await e2e.gql<{ agencies: Array<{ code: string; units: Array<{ code: string; parentCode: string | null }> }> }>(
      '{ agencies { code units { code parentCode } } }',
    );
    expect(res.data!.agencies).toEqual([
      {
        code: 'KAB-UJI',
        units: [
          { code: 'DINKES', parentCode: null },
          { code: 'PKM-A', parentCode: 'DINKES' },
        ],
      },
    ]);
  });

  it('plans every agency when no agency is named', async () => {
    const started = await mutate<{ startPlanRun: { id: string } }>(e2e, START_RUN, { i: { asOf: '2026-12-31', years: [2027, 2028] } });
    expect(await waitForRun(e2e, started.startPlanRun.id)).toMatchObject({ status: 'SUCCEEDED' });
    const rows = await e2e.sql<{ agency_code: string; n: number }>(
      'SELECT agency_code, count(*)::int AS n FROM plan_result WHERE run_id = $1 GROUP BY agency_code',
      [started.startPlanRun.id],
    );
    expect(rows).toEqual([{ agency_code: 'KAB-UJI', n: 6 }]);
  });

  it('records a run the queue refused as FAILED and tells the client the service is unavailable', async () => {
    const { getFlowProducerToken } = await import('@nestjs/bullmq');
    const { PLAN_RUN_FLOW } = await import('@formasi/queue');
    // a run is queued as a flow (its batches and the parent that publishes them)
    const flows = e2e.app.get<{ add: (...args: unknown[]) => Promise<unknown> }>(getFlowProducerToken(PLAN_RUN_FLOW), { strict: false });
    const spy = jest.spyOn(flows, 'add').mockRejectedValueOnce(new Error('connection refused'));
    try {
      const res = await e2e.gql(START_RUN, { i: { agencyCode: 'KAB-UJI', asOf: '2026-12-31', years: [2027] } });
      expect(res.errors![0]!.extensions!.code).toBe('SERVICE_UNAVAILABLE');
      const [run] = await e2e.sql<{ status: string; error_code: string; error: string }>(
        'SELECT status, error_code, error FROM plan_run ORDER BY created_at DESC LIMIT 1',
      );
      expect(run).toEqual({ status: 'FAILED', error_code: 'QUEUE_UNAVAILABLE', error: 'the run could not be queued: connection refused' });
    } finally {
      spy.mockRestore();
    }
  });

  it('streams a run’s progress over graphql-ws until it finishes', async () => {
    const { port } = e2e.app.getHttpServer().address() as AddressInfo;
    const client = createClient({
      url: `ws://127.0.0.1:${port}/graphql`,
      webSocketImpl: WebSocket,
      lazy: true,
      connectionParams: { authorization: `Bearer ${e2e.adminToken}` },
    });
    try {
      const started = await mutate<{ startPlanRun: { id: string } }>(e2e, START_RUN, {
        i: { agencyCode: 'KAB-UJI', asOf: '2026-12-31', years: [2027, 2028] },
      });
      const seen: Array<{ status: string; progress: number }> = [];
      const events = client.iterate<{ planRunProgress: { status: string; progress: number } }>({
        query: 'subscription($id: ID!) { planRunProgress(runId: $id) { status progress } }',
        variables: { id: started.startPlanRun.id },
      });
      for await (const event of events) {
        expect(event.errors).toBeUndefined();
        seen.push(event.data!.planRunProgress);
      }
      expect(seen.at(-1)).toEqual({ status: 'SUCCEEDED', progress: 100 });
      const progress = seen.map((s) => s.progress);
      expect([...progress].sort((a, b) => a - b)).toEqual(progress);
      await waitForRun(e2e, started.startPlanRun.id);
    } finally {
      await client.dispose();
    }
  });

  it('refuses a subscription to an unknown run with NOT_FOUND', async () => {
    const { port } = e2e.app.getHttpServer().address() as AddressInfo;
    const client = createClient({
      url: `ws://127.0.0.1:${port}/graphql`,
      webSocketImpl: WebSocket,
      lazy: true,
      connectionParams: { authorization: `Bearer ${e2e.adminToken}` },
    });
    try {
      const events = client.iterate({
        query: 'subscription { planRunProgress(runId: "00000000-0000-0000-0000-000000000000") { status } }',
      });
      const results = [];
      for await (const event of events) results.push(event);
      expect(results).toHaveLength(1);
      expect(results[0]!.errors![0]).toMatchObject({ message: expect.stringContaining('not found'), extensions: { code: 'NOT_FOUND' } });
    } finally {
      await client.dispose();
    }
  });
});
