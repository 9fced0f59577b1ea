import { E2eApp, startE2eApp } from './support/e2e-app';
import { mutate, UPSERT_TARGETS } from './support/reference-data';
import { loadPlannerRegency, runPlan } from './planner-tools.fixture';

// Hand computation (cells of planner-tools.fixture.ts), slot by slot at the highest weighted pressure
// (required − supplyEnd − allocated) / required, priority 1, ties by position code then unit code:
//   2027, quota 3:  rank 1 PENGADMIN DINKES (1.0, tie with PKM-B broken by unit code)
//                   rank 2 PENGADMIN PKM-B (1.0) · rank 3 PERAWAT PKM-A (0.5)
//   2027, quota 10: ranks 4, 5 to PERAWAT at (6 − 3 − 1)/6 and (6 − 3 − 2)/6; 5 of 5 requested, 5 left over
//   2027, quota 0:  nothing given, nothing left
//   2027, FUNGSIONAL only, quota 2: PERAWAT ranks 1, 2 of its 3

const ALLOCATE = `mutation($i: AllocateQuotaInput!) { allocateQuota(input: $i) {
  id runId year agencyCode category quota requested allocated unallocated
  cells { agencyCode unitCode positionCode category required supplyEnd requested allocated ranks priority } } }`;

interface Allocation {
  id: string;
  year: number;
  agencyCode: string | null;
  category: string | null;
  quota: number;
  requested: number;
  allocated: number;
  unallocated: number;
  cells: Array<{
    unitCode: string | null;
    positionCode: string;
    required: number;
    supplyEnd: number;
    requested: number;
    allocated: number;
    ranks: number[];
    priority: number;
  }>;
}

describe('planner tools: quota allocation', () => {
  let e2e: E2eApp;
  let runId: string;

  beforeAll(async () => {
    e2e = await startE2eApp();
    await loadPlannerRegency(e2e);
    runId = await runPlan(e2e);
  });

  afterAll(async () => {
    await e2e?.close();
  });

  const allocate = async (quota: number, scope: Record<string, string> | null = null, year = 2027) => {
    const res = await e2e.gql<{ allocateQuota: Allocation }>(ALLOCATE, { i: { runId, year, quota, scope } });
    expect(res.errors).toBeUndefined();
    return res.data!.allocateQuota;
  };
  const short = (a: Allocation) => a.cells.map((c) => [c.positionCode, c.unitCode, c.requested, c.allocated, c.ranks]);

  it('breaks a pressure tie by unit code and gives the rest to the next pressure', async () => {
    const a = await allocate(3);
    expect(a).toMatchObject({ runId, year: 2027, agencyCode: null, category: null, quota: 3, requested: 5, allocated: 3, unallocated: 0 });
    expect(short(a)).toEqual([
      ['PENGADMIN', 'DINKES', 1, 1, [1]],
      ['PENGADMIN', 'PKM-B', 1, 1, [2]],
      ['PERAWAT', 'PKM-A', 3, 1, [3]],
    ]);
    expect(a.cells[2]).toMatchObject({ required: 6, supplyEnd: 3 });
  });

  it('meets every request under a quota above demand and reports the rest; re-running the scope replaces it', async () => {
    const first = await allocate(3);
    const a = await allocate(10);
    expect(a.id).toBe(first.id);
    expect(a).toMatchObject({ quota: 10, requested: 5, allocated: 5, unallocated: 5 });
    expect(short(a)).toEqual([
      ['PENGADMIN', 'DINKES', 1, 1, [1]],
      ['PENGADMIN', 'PKM-B', 1, 1, [2]],
      ['PERAWAT', 'PKM-A', 3, 3, [3, 4, 5]],
    ]);
    const stored = await e2e.sql<{ allocations: number; cells: number }>(
      `SELECT (SELECT count(*)::int FROM quota_allocation WHERE run_id = $1 AND year = 2027 AND agency_code IS NULL AND category IS NULL) AS allocations,
              (SELECT count(*)::int FROM quota_allocation_cell WHERE allocation_id = $2) AS cells`,
      [runId, a.id],
    );
    expect(stored).toEqual([{ allocations: 1, cells: 3 }]);
  });

  it("pages an allocation's cells in listing order", async () => {
    const a = await allocate(10);
    const PAGE =
      'query($id: ID!, $after: String) { quotaAllocation(id: $id) { cellCount cells(first: 2, after: $after) { positionCode unitCode ranks cursor } } }';
    const page = async (after: string | null) => {
      const res = await e2e.gql<{
        quotaAllocation: { cellCount: number; cells: Array<{ positionCode: string; unitCode: string; ranks: number[]; cursor: string }> };
      }>(PAGE, { id: a.id, after });
      expect(res.errors).toBeUndefined();
      return res.data!.quotaAllocation;
    };
    const first = await page(null);
    expect(first.cellCount).toBe(3);
    expect(first.cells.map((c) => [c.unitCode, c.ranks])).toEqual([
      ['DINKES', [1]],
      ['PKM-B', [2]],
    ]);
    const second = await page(first.cells[1]!.cursor);
    expect(second.cells.map((c) => [c.unitCode, c.ranks])).toEqual([['PKM-A', [3, 4, 5]]]);
    expect((await page(second.cells[0]!.cursor)).cells).toEqual([]);
    const bad = await e2e.gql(PAGE, { id: a.id, after: 'nope' });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const tooMany = await e2e.gql('query($id: ID!) { quotaAllocation(id: $id) { cells(first: 1001) { ranks } } }', { id: a.id });
    expect(tooMany.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('gives nothing under a zero quota', async () => {
    const a = await allocate(0, { agencyCode: 'KAB-UJI' });
    expect(a).toMatchObject({ agencyCode: 'KAB-UJI', quota: 0, requested: 5, allocated: 0, unallocated: 0 });
    expect(a.cells.map((c) => [c.allocated, c.ranks])).toEqual([
      [0, []],
      [0, []],
      [0, []],
    ]);
  });

  it("keeps a category scope to its cells and lists the run's allocations with their cells", async () => {
    const a = await allocate(2, { category: 'FUNGSIONAL' });
    expect(a).toMatchObject({ category: 'FUNGSIONAL', requested: 3, allocated: 2, unallocated: 0 });
    expect(short(a)).toEqual([['PERAWAT', 'PKM-A', 3, 2, [1, 2]]]);

    const y2028 = await allocate(1, null, 2028);
    expect(short(y2028)).toEqual([['PERAWAT', 'PKM-A', 2, 1, [1]]]);

    const list = await e2e.gql<{ quotaAllocations: Allocation[] }>(
      'query($runId: ID!) { quotaAllocations(runId: $runId) { id year agencyCode category allocated cells { positionCode ranks } } }',
      { runId },
    );
    expect(list.errors).toBeUndefined();
    expect(list.data!.quotaAllocations.map((x) => [x.year, x.agencyCode, x.category, x.allocated, x.cells.length])).toEqual([
      [2027, null, null, 5, 3],
      [2027, null, 'FUNGSIONAL', 2, 1],
      [2027, 'KAB-UJI', null, 0, 3],
      [2028, null, null, 1, 1],
    ]);
    const one = await e2e.gql<{ quotaAllocation: Allocation }>('query($id: ID!) { quotaAllocation(id: $id) { id cells { ranks } } }', {
      id: a.id,
    });
    expect(one.data!.quotaAllocation.cells).toEqual([{ ranks: [1, 2] }]);
  });

  it('answers mistakes with the domain error codes and stores nothing', async () => {
    const before = await e2e.sql<{ n: number }>('SELECT count(*)::int AS n FROM quota_allocation');
    const code = async (i: Record<string, unknown>) => (await e2e.gql(ALLOCATE, { i })).errors?.[0]?.extensions?.code;
    expect(await code({ runId, year: 2031, quota: 1 })).toBe('BAD_USER_INPUT');
    expect(await code({ runId, year: 2027, quota: -1 })).toBe('BAD_USER_INPUT');
    expect(await code({ runId: '00000000-0000-4000-8000-000000000000', year: 2027, quota: 1 })).toBe('NOT_FOUND');
    expect(await code({ runId, year: 2027, quota: 1, scope: { agencyCode: 'KAB-LAIN' } })).toBe('NOT_FOUND');
    const missing = await e2e.gql('query { quotaAllocation(id: "not-an-id") { id } }');
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(await e2e.sql('SELECT count(*)::int AS n FROM quota_allocation')).toEqual(before);
  });

  // The outpatient target of PKM-A for 2027 gets priority 3 (same value 37,500): PERAWAT PKM-A is
  // driven by it, so its pressure weighs 3 × (6 − 3 − k) / 6 = 1.5, 1.0, 0.5; the PENGADMIN cells
  // have fixed volumes and weigh 1 × 1.0. Quota 3: rank 1 PERAWAT (1.5); then a three-way tie at
  // 1.0 broken by position code: PENGADMIN DINKES, PENGADMIN PKM-B — PERAWAT no longer gets rank 3.
  it('weights pressure by the priority of the development target driving the cell', async () => {
    await mutate(e2e, UPSERT_TARGETS, {
      i: {
        agencyCode: 'KAB-UJI',
        targets: [{ unitCode: 'PKM-A', indicator: 'kunjungan_rawat_jalan', year: 2027, value: 37500, source: 'RENSTRA', priority: 3 }],
      },
    });
    const prioritised = await runPlan(e2e);
    const stored = await e2e.sql(
      `SELECT position_code AS p, unit_code AS u, year, priority::float8 AS w FROM plan_result
      WHERE run_id = $1 AND position_code IN ('PERAWAT', 'PENGADMIN') AND unit_code IN ('PKM-A', 'DINKES') ORDER BY 1, 2, 3`,
      [prioritised],
    );
    // 2028's target keeps the default priority 1
    expect(stored).toEqual([
      { p: 'PENGADMIN', u: 'DINKES', year: 2027, w: 1 },
      { p: 'PENGADMIN', u: 'DINKES', year: 2028, w: 1 },
      { p: 'PERAWAT', u: 'PKM-A', year: 2027, w: 3 },
      { p: 'PERAWAT', u: 'PKM-A', year: 2028, w: 1 },
    ]);
    const res = await e2e.gql<{ allocateQuota: Allocation }>(ALLOCATE, { i: { runId: prioritised, year: 2027, quota: 3 } });
    expect(res.errors).toBeUndefined();
    expect(res.data!.allocateQuota.cells.map((c) => [c.positionCode, c.unitCode, c.allocated, c.ranks, c.priority])).toEqual([
      ['PERAWAT', 'PKM-A', 1, [1], 3],
      ['PENGADMIN', 'DINKES', 1, [2], 1],
      ['PENGADMIN', 'PKM-B', 1, [3], 1],
    ]);
  });
});
