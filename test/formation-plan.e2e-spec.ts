import { E2eApp, startE2eApp, waitForRun } from './support/e2e-app';
import { loadSmallRegency, mutate, START_RUN } from './support/reference-data';

// Hand computation (AWT = 1,250 h, HALF_UP, no attrition, contracts not renewed, asOf 2026-12-31):
//
// PERAWAT @ PKM-A  SERVICE volume = 1 × kunjungan_rawat_jalan, 10 min each; SUPPORT 20 %
//   CAF = 1 / (1 − 0.20) = 1.25
//   2027: 37,500 × 10 / 60 = 6,250 h → 6,250 / 1,250 = 5.0 → × 1.25 = 6.25 FTE → required 6
//         supplyStart 4, one retirement (born 1969-03-15, BUP 58 → last day 2027-03-31)
//         supplyEnd 3 → formation = ceil(6 − 3) = 3; pressure (6 − 3) / 6 = 0.5; ratio 4 / 6.25 = 0.64
//   2028: 45,000 × 10 / 60 = 7,500 h → 6.0 → × 1.25 = 7.5 FTE → required 8 (HALF_UP)
//         supplyStart 3 + 3 = 6, no exits → formation 2; pressure (8 − 6) / 8 = 0.25
// PENGADMIN @ DINKES  2,500 letters × 30 min = 1,250 h → 1.0; ADDITIONAL 125 h × 2 / 1,250 = IAF 0.2
//   requiredFte 1.2 → required 1 both years
//   2027: supplyStart 1 (PPPK), contract ends 2027-06-30 → supplyEnd 0 → formation 1; pressure 1
//   2028: supplyStart 1 → formation 0; pressure 0
// DOKTER @ DINKES  no workload standard: requiredFte 0, supply 1 → surplus 1, formation 0, pressure 0
//
// 2027 totals: requiredFte 6.25 + 1.2 + 0 = 7.45, existing 4 + 1 + 1 = 6, formation 3 + 1 + 0 = 4

const NEEDS = `query($runId: ID!, $filter: FormationFilter, $sort: FormationSort, $first: Int, $after: String) {
  formationNeeds(runId: $runId, filter: $filter, sort: $sort, first: $first, after: $after) {
    totalCount
    totals { cells requiredFte required existing supplyEnd formation wisnRatio }
    pageInfo { hasNextPage endCursor }
    edges { cursor node { agencyCode unitCode positionCode category year requiredFte required existing supplyStart
      retirements contractEnds exits supplyEnd formation surplus caf iaf wisnRatio pressure efficiency efficiencyBand } }
  }
}`;

type Need = Record<string, number | string | null>;
interface NeedsPage {
  formationNeeds: {
    totalCount: number;
    totals: Record<string, number>;
    pageInfo: { hasNextPage: boolean; endCursor: string };
    edges: Array<{ cursor: string; node: Need }>;
  };
}

describe('formation plan end to end', () => {
  let e2e: E2eApp;
  let runId: string;

  beforeAll(async () => {
    e2e = await startE2eApp();
    await loadSmallRegency(e2e);
    const started = await mutate<{ startPlanRun: { id: string; status: string; years: number[] } }>(e2e, START_RUN, {
      i: { agencyCode: 'KAB-UJI', asOf: '2026-12-31', years: [2027, 2028] },
    });
    runId = started.startPlanRun.id;
    // the in-process worker may already have claimed it by the time the mutation reads it back
    expect(['QUEUED', 'RUNNING', 'SUCCEEDED']).toContain(started.startPlanRun.status);
    expect(started.startPlanRun.years).toEqual([2027, 2028]);
    const run = await waitForRun(e2e, runId);
    expect(run).toMatchObject({ status: 'SUCCEEDED', progress: 100, error: null });
  });

  afterAll(async () => {
    await e2e?.close();
  });

  it('computes every cell-year as worked out by hand', async () => {
    const res = await e2e.gql<NeedsPage>(NEEDS, { runId, filter: { year: 2027 }, sort: 'PRESSURE', first: 10 });
    expect(res.errors).toBeUndefined();
    const page = res.data!.formationNeeds;
    expect(page.edges.map((e) => e.node.positionCode)).toEqual(['PENGADMIN', 'PERAWAT', 'DOKTER']);
    const [admin, nurse, doctor] = page.edges.map((e) => e.node);
    expect(nurse).toMatchObject({
      unitCode: 'PKM-A',
      category: 'FUNGSIONAL',
      required: 6,
      existing: 4,
      retirements: 1,
      supplyEnd: 3,
      formation: 3,
      surplus: 0,
    });
    expect(nurse!.requiredFte).toBeCloseTo(6.25, 9);
    expect(nurse!.caf).toBeCloseTo(1.25, 9);
    expect(nurse!.wisnRatio).toBeCloseTo(0.64, 9);
    expect(nurse!.pressure).toBeCloseTo(0.5, 9);
    // EJ 6.25 / 4 = 1.5625 → band A (≥ 1.00); the doctor's 0 / 1 = 0 → band E
    expect(nurse!.efficiency).toBeCloseTo(1.5625, 9);
    expect(nurse!.efficiencyBand).toBe('A');
    expect(admin).toMatchObject({
      unitCode: 'DINKES',
      category: 'PELAKSANA',
      required: 1,
      existing: 1,
      contractEnds: 1,
      supplyEnd: 0,
      formation: 1,
    });
    expect(admin!.requiredFte).toBeCloseTo(1.2, 9);
    expect(admin!.iaf).toBeCloseTo(0.2, 9);
    expect(admin!.pressure).toBeCloseTo(1, 9);
    expect(doctor).toMatchObject({
      unitCode: 'DINKES',
      requiredFte: 0,
      required: 0,
      supplyEnd: 1,
      formation: 0,
      surplus: 1,
      wisnRatio: null,
      pressure: 0,
      efficiency: 0,
      efficiencyBand: 'E',
    });

    expect(page.totalCount).toBe(3);
    expect(page.totals).toMatchObject({ cells: 3, required: 7, formation: 4, existing: 6 });
    expect(page.totals.requiredFte).toBeCloseTo(7.45, 9);
    expect(page.totals.wisnRatio).toBeCloseTo(6 / 7.45, 9);

    const y2028 = await e2e.gql<NeedsPage>(NEEDS, { runId, filter: { year: 2028, positionCode: 'PERAWAT' } });
    expect(y2028.data!.formationNeeds.edges[0]!.node).toMatchObject({ required: 8, supplyStart: 6, exits: 0, supplyEnd: 6, formation: 2 });
    expect(y2028.data!.formationNeeds.edges[0]!.node.requiredFte).toBeCloseTo(7.5, 9);
  });

  it('paginates with cursors and keeps totals over the whole filter', async () => {
    const first = await e2e.gql<NeedsPage>(NEEDS, { runId, sort: 'FORMATION', first: 4 });
    const p1 = first.data!.formationNeeds;
    expect(p1.totalCount).toBe(6);
    expect(p1.pageInfo.hasNextPage).toBe(true);
    expect(p1.totals.formation).toBe(3 + 2 + 1 + 0 + 0 + 0);
    const second = await e2e.gql<NeedsPage>(NEEDS, { runId, sort: 'FORMATION', first: 4, after: p1.pageInfo.endCursor });
    const p2 = second.data!.formationNeeds;
    expect(p2.pageInfo.hasNextPage).toBe(false);
    const all = [...p1.edges, ...p2.edges].map((e) => e.node);
    expect(all).toHaveLength(6);
    expect(all.map((n) => n.formation)).toEqual([3, 2, 1, 0, 0, 0]);
    expect(new Set(all.map((n) => `${n.positionCode}|${n.year}`)).size).toBe(6);

    const bad = await e2e.gql(NEEDS, { runId, after: 'not-a-cursor' });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('rolls up by unit and category with ratios from sums', async () => {
    const res = await e2e.gql<{ formationSummary: Array<Record<string, number | string | null>> }>(
      `query($runId: ID!, $g: SummaryGroupBy!) { formationSummary(runId: $runId, groupBy: $g, year: 2027) {
         agencyCode unitCode category year cells requiredFte existing formation wisnRatio } }`,
      { runId, g: 'UNIT' },
    );
    expect(res.errors).toBeUndefined();
    const byUnit = Object.fromEntries(res.data!.formationSummary.map((r) => [r.unitCode as string, r]));
    expect(byUnit['DINKES']).toMatchObject({ cells: 2, existing: 2, formation: 1 });
    expect(byUnit['DINKES']!.requiredFte).toBeCloseTo(1.2, 9);
    expect(byUnit['PKM-A']).toMatchObject({ cells: 1, existing: 4, formation: 3 });

    const cat = await e2e.gql<{ formationSummary: Array<Record<string, number | string | null>> }>(
      `query($runId: ID!) { formationSummary(runId: $runId, groupBy: CATEGORY, year: 2027) { category requiredFte existing formation wisnRatio } }`,
      { runId },
    );
    const fungsional = cat.data!.formationSummary.find((r) => r.category === 'FUNGSIONAL')!;
    // (4 nurses + 1 doctor) / (6.25 + 0): the ratio of the sums, not the mean of 0.64 and null
    expect(fungsional).toMatchObject({ existing: 5, formation: 3 });
    expect(fungsional.wisnRatio).toBeCloseTo(5 / 6.25, 9);
  });

  it('sums who leaves per year in a summary row: retirements, contract ends, attrition', async () => {
    const res = await e2e.gql<{ formationSummary: Array<Record<string, number | string | null>> }>(
      `query($runId: ID!) { formationSummary(runId: $runId, groupBy: AGENCY) { agencyCode year retirements contractEnds attrition } }`,
      { runId },
    );
    // 2027: the nurse born 1969-03 retires, the PPPK contract ends; nobody leaves in 2028 (attrition rate 0)
    expect(res.data!.formationSummary).toEqual([
      { agencyCode: 'KAB-UJI', year: 2027, retirements: 1, contractEnds: 1, attrition: 0 },
      { agencyCode: 'KAB-UJI', year: 2028, retirements: 0, contractEnds: 0, attrition: 0 },
    ]);
  });

  it('explains a cell from the run snapshot', async () => {
    const res = await e2e.gql<{ cellExplanation: Record<string, unknown> }>(
      `query($runId: ID!) { cellExplanation(runId: $runId, agencyCode: "KAB-UJI", unitCode: "PKM-A", positionCode: "PERAWAT", year: 2027) }`,
      { runId },
    );
    expect(res.errors).toBeUndefined();
    const trace = res.data!.cellExplanation;
    expect(trace).toMatchObject({ positionCode: 'PERAWAT', unitCode: 'PKM-A', year: 2027 });
    expect(JSON.stringify(trace)).toContain('196903152000032001');

    const markdown = await e2e.gql<{ cellExplanationMarkdown: string }>(
      `query($runId: ID!) { cellExplanationMarkdown(runId: $runId, agencyCode: "KAB-UJI", unitCode: "PKM-A", positionCode: "PERAWAT", year: 2027) }`,
      { runId },
    );
    expect(markdown.errors).toBeUndefined();
    expect(markdown.data!.cellExplanationMarkdown).toContain('# PERAWAT · unit PKM-A · 2027');
    expect(markdown.data!.cellExplanationMarkdown).toMatch(/\| 196903152000032001 \| PNS \|/);

    const missing = await e2e.gql(
      `query($runId: ID!) { cellExplanation(runId: $runId, agencyCode: "KAB-UJI", unitCode: "PKM-A", positionCode: "NOPE", year: 2027) }`,
      { runId },
    );
    expect(missing.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(missing.errors?.[0]?.message).toContain('NOPE');
  });

  it('leaves exactly one result set when the job is delivered again', async () => {
    const before = await e2e.sql<{ n: number; f: number }>(
      'SELECT count(*)::int AS n, sum(formation)::int AS f FROM plan_result WHERE run_id = $1',
      [runId],
    );
    // same job id: BullMQ collapses it, nothing runs
    const { PlanRunService } = await import('../apps/api/src/plan-runs/plan-run.service');
    const runs = e2e.app.get(PlanRunService);
    await runs.enqueue(runId);
    // a second delivery under another job id (as after a lost acknowledgement): recomputed, replaced
    await runs.enqueue(runId, `${runId}-redelivery`);
    await waitForRun(e2e, runId, (r) => r.status === 'SUCCEEDED' && r.attempts === 2);
    const after = await e2e.sql<{ n: number; f: number }>(
      'SELECT count(*)::int AS n, sum(formation)::int AS f FROM plan_result WHERE run_id = $1',
      [runId],
    );
    expect(after).toEqual(before);
    expect(before[0]).toEqual({ n: 6, f: 6 });
  });

  it('retries a run whose write failed half-way and keeps exactly one result set', async () => {
    const { PlanResultsWriter } = await import('../apps/worker/src/plan-runs/plan-results.writer');
    const writer = e2e.app.get(PlanResultsWriter);
    const insert = writer.insertResults.bind(writer);
    // first attempt: the rows are inserted, then the connection "drops" before the commit
    const spy = jest.spyOn(writer, 'insertResults').mockImplementationOnce(async (tx, id, rows, table) => {
      await insert(tx, id, rows, table);
      throw new Error('connection reset by peer');
    });
    try {
      const started = await mutate<{ startPlanRun: { id: string } }>(e2e, START_RUN, {
        i: { agencyCode: 'KAB-UJI', asOf: '2026-12-31', years: [2027, 2028] },
      });
      const run = await waitForRun(e2e, started.startPlanRun.id);
      expect(run).toMatchObject({ status: 'SUCCEEDED', attempts: 2, error: null });
      const rows = await e2e.sql<{ n: number; f: number }>(
        'SELECT count(*)::int AS n, sum(formation)::int AS f FROM plan_result WHERE run_id = $1',
        [started.startPlanRun.id],
      );
      expect(rows[0]).toEqual({ n: 6, f: 6 });
    } finally {
      spy.mockRestore();
    }
  });

  it('reads back the workload standards it was given', async () => {
    const res = await e2e.gql<{
      workloadStandards: Array<{ positionCode: string; unitCode: string; activities: Array<Record<string, unknown>> }>;
    }>(
      '{ workloadStandards(agencyCode: "KAB-UJI") { positionCode unitCode activities { kind name driverIndicator driverFactor minutesPerUnit percentOfWorkingTime hoursPerYear staffCount } } }',
    );
    expect(res.data!.workloadStandards).toEqual([
      {
        positionCode: 'PENGADMIN',
        unitCode: 'DINKES',
        activities: [
          {
            kind: 'SERVICE',
            name: 'Mengagendakan surat',
            driverIndicator: null,
            driverFactor: null,
            minutesPerUnit: 30,
            percentOfWorkingTime: null,
            hoursPerYear: null,
            staffCount: null,
          },
          {
            kind: 'ADDITIONAL',
            name: 'Bendahara barang',
            driverIndicator: null,
            driverFactor: null,
            minutesPerUnit: null,
            percentOfWorkingTime: null,
            hoursPerYear: 125,
            staffCount: 2,
          },
        ],
      },
      {
        positionCode: 'PERAWAT',
        unitCode: 'PKM-A',
        activities: [
          {
            kind: 'SERVICE',
            name: 'Asuhan keperawatan rawat jalan',
            driverIndicator: 'kunjungan_rawat_jalan',
            driverFactor: 1,
            minutesPerUnit: 10,
            percentOfWorkingTime: null,
            hoursPerYear: null,
            staffCount: null,
          },
          {
            kind: 'SUPPORT',
            name: 'Rapat, pelaporan, pelatihan',
            driverIndicator: null,
            driverFactor: null,
            minutesPerUnit: null,
            percentOfWorkingTime: 20,
            hoursPerYear: null,
            staffCount: null,
          },
        ],
      },
    ]);
  });

  it('lists runs and reports unknown ones as NOT_FOUND', async () => {
    const list = await e2e.gql<{ planRuns: Array<{ id: string; agencyCode: string; durationMs: number }> }>(
      '{ planRuns { id agencyCode durationMs } }',
    );
    expect(list.data!.planRuns.map((r) => r.id)).toContain(runId);
    expect(list.data!.planRuns.every((r) => r.agencyCode === 'KAB-UJI' && r.durationMs >= 0)).toBe(true);
    const failed = await e2e.gql<{ planRuns: unknown[] }>('{ planRuns(agencyCode: "KAB-UJI", status: FAILED) { id } }');
    expect(failed.data!.planRuns).toEqual([]);
    const missing = await e2e.gql('{ planRun(id: "00000000-0000-0000-0000-000000000000") { id } }');
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('counts attrition in whole persons, keeps the expected decimal, and records the rules version', async () => {
    // the same regency at 10 % attrition (a run override):
    //   PERAWAT 2027: start 4, 1 retirement, stayers 3, expected 0.3, running total 0.3 → 0 persons; end 3, formation 3
    //   PERAWAT 2028: start 6, stayers 6, expected 0.6, running total 0.9 → 1 person; end 5, formation ceil(8 − 5) = 3
    //   PENGADMIN 2027: start 1, the contract ends, stayers 0 → expected 0; DOKTER 2027: stayers 1, expected 0.1 → 0
    const started = await mutate<{ startPlanRun: { id: string } }>(e2e, START_RUN, {
      i: { agencyCode: 'KAB-UJI', asOf: '2026-12-31', years: [2027, 2028], attritionRate: 0.1 },
    });
    const id = started.startPlanRun.id;
    expect(await waitForRun(e2e, id)).toMatchObject({ status: 'SUCCEEDED' });
    const res = await e2e.gql<{ planRun: { rulesVersion: number }; formationNeeds: { nodes: Need[] } }>(
      `query($id: ID!) { planRun(id: $id) { rulesVersion }
         formationNeeds(runId: $id, first: 10, sort: FORMATION) { nodes { positionCode year supplyStart expectedAttrition attrition exits supplyEnd formation rulesVersion } } }`,
      { id },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.planRun.rulesVersion).toBe(2);
    const cell = (position: string, year: number) =>
      res.data!.formationNeeds.nodes.find((n) => n.positionCode === position && n.year === year)!;
    expect(cell('PERAWAT', 2027)).toMatchObject({ supplyStart: 4, attrition: 0, exits: 1, supplyEnd: 3, formation: 3, rulesVersion: 2 });
    expect(cell('PERAWAT', 2027).expectedAttrition).toBeCloseTo(0.3, 9);
    expect(cell('PERAWAT', 2028)).toMatchObject({ supplyStart: 6, attrition: 1, exits: 1, supplyEnd: 5, formation: 3 });
    expect(cell('PERAWAT', 2028).expectedAttrition).toBeCloseTo(0.6, 9);
    expect(cell('PENGADMIN', 2027)).toMatchObject({ expectedAttrition: 0, attrition: 0, supplyEnd: 0, formation: 1 });
    expect(cell('DOKTER', 2027)).toMatchObject({ attrition: 0, supplyEnd: 1 });
    expect(cell('DOKTER', 2027).expectedAttrition).toBeCloseTo(0.1, 9);

    const explain = `query($id: ID!) { cellExplanationMarkdown(runId: $id, agencyCode: "KAB-UJI", unitCode: "PKM-A", positionCode: "PERAWAT", year: 2028) }`;
    const md = (await e2e.gql<{ cellExplanationMarkdown: string }>(explain, { id })).data!.cellExplanationMarkdown;
    expect(md).toContain(
      '| attrition(2028) | min(stayers, HALF_UP(Σ expectedAttrition so far) − attrition already counted) | min(6, HALF_UP(0.9) − 0) = min(6, 1 − 0) | 1 |',
    );
    expect(md).toContain('whole persons: the running total of expected attrition reaches 1 person(s) this year');
    expect(md).toContain('planning rules version 2');
    expect(md).not.toContain('computed with planning rules version 1');

    // a run stored by the version-1 rules says that its explanation recomputes it under version 2
    await e2e.sql('UPDATE plan_run SET rules_version = 1 WHERE id = $1', [id]);
    const old = (await e2e.gql<{ cellExplanationMarkdown: string }>(explain, { id })).data!.cellExplanationMarkdown;
    expect(old).toContain(`> Run ${id} was computed with planning rules version 1; this explanation recomputes its inputs with version 2`);
  });
});
