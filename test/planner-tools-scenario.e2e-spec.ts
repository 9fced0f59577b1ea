import { E2eApp, startE2eApp, waitForRun } from './support/e2e-app';
import { mutate, START_RUN } from './support/reference-data';
import { loadPlannerRegency, runPlan } from './planner-tools.fixture';

// Baseline run A is the fixture. Scenario "Puskesmas 24 jam" of KAB-UJI:
//   target kunjungan_rawat_jalan PKM-A 2028: 45,000 → 60,000 visits
//     PERAWAT PKM-A 2028  60,000 × 10 / 60 = 10,000 h / 1,250 = 8 × CAF 1.25 = 10 FTE → required 10, supplyStart 6 → formation 4 (A: 2)
//   PENGADMIN standard at PKM-B: 2,500 → 5,000 letters × 30 min = 2,500 h → 2 FTE
//     2027 required 2, supplyEnd 0 → formation 2 (A: 1)
//     2028 required 2, supplyStart 2 (2027 filled) → formation 0 (A: required 1, formation 0)
// Nothing else changes, so comparing A with B lists exactly these three cell-years.

const CREATE = `mutation($i: CreateScenarioInput!) { createScenario(input: $i) {
  id agencyCode name description
  overrides { targets { agencyCode unitCode indicator year value priority }
    workloadStandards { agencyCode positionCode unitCode activities { kind name annualVolume minutesPerUnit } }
    workingTime { hoursPerYear } retirementAges { category age } attritionRate renewContracts } } }`;
const UPDATE =
  'mutation($i: UpdateScenarioInput!) { updateScenario(input: $i) { id name description overrides { attritionRate targets { value } } } }';
const COMPARE = `query($a: ID!, $b: ID!, $first: Int, $after: String) { compareRuns(a: $a, b: $b, first: $first, after: $after) {
  changedCells endCursor cells { unitCode positionCode year deltaRequired deltaFormation deltaRequiredFte } agencies { year deltaFormation } } }`;

const SCENARIO = {
  agencyCode: 'KAB-UJI',
  name: 'Puskesmas 24 jam',
  description: 'Rawat jalan diperpanjang',
  overrides: {
    targets: [{ unitCode: 'PKM-A', indicator: 'kunjungan_rawat_jalan', year: 2028, value: 60000 }],
    workloadStandards: [
      {
        positionCode: 'PENGADMIN',
        unitCode: 'PKM-B',
        activities: [{ kind: 'SERVICE', name: 'Mengagendakan surat', annualVolume: 5000, minutesPerUnit: 30 }],
      },
    ],
  },
};

interface Change {
  unitCode: string;
  positionCode: string;
  year: number;
  deltaRequired: number;
  deltaFormation: number;
  deltaRequiredFte: number;
}

describe('planner tools: scenarios', () => {
  let e2e: E2eApp;
  let runA: string;
  let runB: string;
  let scenarioId: string;

  beforeAll(async () => {
    e2e = await startE2eApp();
    await loadPlannerRegency(e2e);
    runA = await runPlan(e2e);
  });

  afterAll(async () => {
    await e2e?.close();
  });

  it('stores a scenario without touching the baseline', async () => {
    const created = await mutate<{ createScenario: { id: string } & Record<string, unknown> }>(e2e, CREATE, { i: SCENARIO });
    scenarioId = created.createScenario.id;
    expect(created.createScenario).toEqual({
      id: scenarioId,
      agencyCode: 'KAB-UJI',
      name: 'Puskesmas 24 jam',
      description: 'Rawat jalan diperpanjang',
      overrides: {
        targets: [
          { agencyCode: 'KAB-UJI', unitCode: 'PKM-A', indicator: 'kunjungan_rawat_jalan', year: 2028, value: 60000, priority: null },
        ],
        workloadStandards: [
          {
            agencyCode: 'KAB-UJI',
            positionCode: 'PENGADMIN',
            unitCode: 'PKM-B',
            activities: [{ kind: 'SERVICE', name: 'Mengagendakan surat', annualVolume: 5000, minutesPerUnit: 30 }],
          },
        ],
        workingTime: null,
        retirementAges: null,
        attritionRate: null,
        renewContracts: null,
      },
    });
    expect(
      await e2e.sql(`SELECT value::float8 AS value FROM development_target WHERE indicator = 'kunjungan_rawat_jalan' AND year = 2028`),
    ).toEqual([{ value: 45000 }]);
    expect(
      await e2e.sql(`SELECT a.annual_volume::float8 AS v FROM workload_activity a JOIN workload_standard s ON s.id = a.standard_id
      JOIN org_unit u ON u.id = s.unit_id WHERE u.code = 'PKM-B'`),
    ).toEqual([{ v: 2500 }]);
  });

  it('plans a run with the scenario over the baseline, records it, and compares it with the baseline in SQL', async () => {
    const started = await mutate<{ startPlanRun: { id: string } }>(e2e, START_RUN, {
      i: { agencyCode: 'KAB-UJI', asOf: '2026-12-31', years: [2027, 2028], scenarioId },
    });
    runB = started.startPlanRun.id;
    expect((await waitForRun(e2e, runB)).status).toBe('SUCCEEDED');
    const run = await e2e.gql<{ planRun: { scenarioId: string } }>('query($id: ID!) { planRun(id: $id) { scenarioId } }', { id: runB });
    expect(run.data!.planRun.scenarioId).toBe(scenarioId);
    const [snapshot] = await e2e.sql<{ overrides: Record<string, unknown> }>('SELECT overrides FROM plan_run_input WHERE run_id = $1', [
      runB,
    ]);
    expect(snapshot!.overrides).toMatchObject({
      targets: [{ indicator: 'kunjungan_rawat_jalan', year: 2028, value: 60000, source: 'scenario Puskesmas 24 jam' }],
    });

    const res = await e2e.gql<{
      compareRuns: {
        changedCells: number;
        endCursor: string | null;
        cells: Change[];
        agencies: Array<{ year: number; deltaFormation: number }>;
      };
    }>(COMPARE, { a: runA, b: runB });
    expect(res.errors).toBeUndefined();
    const cmp = res.data!.compareRuns;
    expect(cmp.changedCells).toBe(3);
    expect(cmp.cells.map((c) => [c.positionCode, c.unitCode, c.year, c.deltaRequired, c.deltaFormation])).toEqual([
      ['PERAWAT', 'PKM-A', 2028, 2, 2],
      ['PENGADMIN', 'PKM-B', 2027, 1, 1],
      ['PENGADMIN', 'PKM-B', 2028, 1, 0],
    ]);
    expect(cmp.cells.map((c) => c.deltaRequiredFte)).toEqual([2.5, 1, 1]);
    // agency-years: 2028 Δformation 2 + 0, 2027 Δformation 1
    expect(cmp.agencies).toEqual([
      { year: 2028, deltaFormation: 2 },
      { year: 2027, deltaFormation: 1 },
    ]);

    // keyset pages of one give the same cells in the same order
    const paged: Change[] = [];
    let after: string | null = null;
    for (let page = 0; page < 4; page++) {
      const r: { data?: { compareRuns: { endCursor: string | null; cells: Change[] } }; errors?: unknown } = await e2e.gql(COMPARE, {
        a: runA,
        b: runB,
        first: 1,
        after,
      });
      expect(r.errors).toBeUndefined();
      paged.push(...r.data!.compareRuns.cells);
      after = r.data!.compareRuns.endCursor;
      if (!after) break;
    }
    expect(paged).toEqual(cmp.cells);
    expect((await e2e.gql(COMPARE, { a: runA, b: runB, after: 'bogus' })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    // a cursor past the last change: an empty page that still counts every change
    const end = Buffer.from(JSON.stringify([0, '0', '~', '~', '~', 9999])).toString('base64url');
    const past = await e2e.gql<{ compareRuns: { changedCells: number; endCursor: string | null; cells: Change[] } }>(COMPARE, {
      a: runA,
      b: runB,
      after: end,
    });
    expect(past.data!.compareRuns).toMatchObject({ changedCells: 3, endCursor: null, cells: [] });
  });

  it("explains a scenario cell from the run's snapshot, naming the scenario as the source of the target", async () => {
    const res = await e2e.gql<{ cellExplanationMarkdown: string }>(
      `query($runId: ID!) { cellExplanationMarkdown(runId: $runId, agencyCode: "KAB-UJI", unitCode: "PKM-A", positionCode: "PERAWAT", year: 2028) }`,
      { runId: runB },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.cellExplanationMarkdown).toContain('1 × 60000 + 0');
    expect(res.data!.cellExplanationMarkdown).toContain('scenario Puskesmas 24 jam');
  });

  it('leaves exactly the same rows when the scenario run is delivered again', async () => {
    const sum = 'SELECT count(*)::int AS n, sum(formation)::int AS f, sum(required)::int AS r FROM plan_result WHERE run_id = $1';
    const before = await e2e.sql(sum, [runB]);
    // 5 cells × 2 years; required PERAWAT 6 + 10, PENGADMIN DINKES 1 + 1, PKM-B 2 + 2 = 22;
    // formation PERAWAT 3 + 4, DINKES 1 + 0, PKM-B 2 + 0 = 10
    expect(before).toEqual([{ n: 10, f: 10, r: 22 }]);
    const { PlanRunService } = await import('../apps/api/src/plan-runs/plan-run.service');
    await e2e.app.get(PlanRunService).enqueue(runB, `${runB}-redelivery`);
    await waitForRun(e2e, runB, (r) => r.status === 'SUCCEEDED' && r.attempts >= 2);
    expect(await e2e.sql(sum, [runB])).toEqual(before);
  });

  it('updates a scenario as a whole and lists scenarios by agency', async () => {
    const updated = await mutate<{ updateScenario: Record<string, unknown> }>(e2e, UPDATE, {
      i: { id: scenarioId, description: null, overrides: { attritionRate: 0.05 } },
    });
    expect(updated.updateScenario).toEqual({
      id: scenarioId,
      name: 'Puskesmas 24 jam',
      description: null,
      overrides: { attritionRate: 0.05, targets: [] },
    });
    await mutate(e2e, CREATE, {
      i: {
        name: 'Nasional: BUP 60',
        overrides: {
          retirementAges: [
            { category: 'PELAKSANA', age: 60 },
            { category: 'FUNGSIONAL', age: 60 },
          ],
        },
      },
    });
    const list = async (vars: Record<string, unknown>) =>
      (
        await e2e.gql<{ scenarios: Array<{ name: string; agencyCode: string | null }> }>(
          'query($a: String, $n: Boolean) { scenarios(agencyCode: $a, includeNational: $n) { name agencyCode } }',
          vars,
        )
      ).data!.scenarios;
    expect(await list({ a: 'KAB-UJI' })).toEqual([
      { name: 'Nasional: BUP 60', agencyCode: null },
      { name: 'Puskesmas 24 jam', agencyCode: 'KAB-UJI' },
    ]);
    expect(await list({ a: 'KAB-UJI', n: false })).toEqual([{ name: 'Puskesmas 24 jam', agencyCode: 'KAB-UJI' }]);
  });

  // "Nasional: BUP 60" raises FUNGSIONAL to 60: Sri Lestari (PERAWAT, born 1969-03-15) no longer leaves on
  // 2027-03-31 but in March 2029, after the horizon, so PERAWAT PKM-A 2027 keeps 4: required 6 → formation 2 (baseline 3).
  it("applies a national scenario to an agency's run and explains with its retirement ages", async () => {
    const [national] = await e2e.sql<{ id: string }>(`SELECT id FROM scenario WHERE agency_id IS NULL`);
    const started = await mutate<{ startPlanRun: { id: string } }>(e2e, START_RUN, {
      i: { agencyCode: 'KAB-UJI', asOf: '2026-12-31', years: [2027, 2028], scenarioId: national!.id },
    });
    expect((await waitForRun(e2e, started.startPlanRun.id)).status).toBe('SUCCEEDED');
    expect(
      await e2e.sql(
        `SELECT retirements, supply_end::float8 AS "supplyEnd", formation FROM plan_result
      WHERE run_id = $1 AND position_code = 'PERAWAT' AND year = 2027`,
        [started.startPlanRun.id],
      ),
    ).toEqual([{ retirements: 0, supplyEnd: 4, formation: 2 }]);
    const res = await e2e.gql<{ cellExplanation: { staff: Array<{ nip: string; retirementAge: number; exit: unknown }> } }>(
      `query($runId: ID!) { cellExplanation(runId: $runId, agencyCode: "KAB-UJI", unitCode: "PKM-A", positionCode: "PERAWAT", year: 2027) }`,
      { runId: started.startPlanRun.id },
    );
    expect(res.data!.cellExplanation.staff.find((m) => m.nip === '196903152000032001')).toMatchObject({ retirementAge: 60, exit: null });
  });

  it('refuses bad scenarios field by field and writes nothing', async () => {
    const count = () => e2e.sql('SELECT count(*)::int AS n, max(updated_at) AS u FROM scenario');
    const before = await count();
    const errorsOf = async (query: string, i: Record<string, unknown>) => (await e2e.gql(query, { i })).errors?.[0]?.extensions;

    const bad = await errorsOf(CREATE, {
      name: 'Salah',
      overrides: {
        targets: [
          { indicator: 'kunjungan_rawat_jalan', year: 2028, value: 1 },
          { agencyCode: 'KAB-UJI', unitCode: 'PKM-Z', indicator: 'x', year: 2028, value: 1 },
        ],
        workloadStandards: [{ positionCode: 'NOPE', activities: [{ kind: 'SERVICE', name: 'a', annualVolume: 1 }] }],
        workingTime: { hoursPerYear: 1250, hoursPerDay: 7 },
      },
    });
    expect(bad?.code).toBe('BAD_USER_INPUT');
    expect((bad?.fieldErrors as Array<{ field: string }>).map((e) => e.field)).toEqual([
      'overrides.targets.0.agencyCode',
      'overrides.targets.1.unitCode',
      'overrides.workloadStandards.0.positionCode',
      'overrides.workloadStandards.0.activities.0.minutesPerUnit',
      'overrides.workingTime.hoursPerYear',
    ]);
    expect(
      (await errorsOf(CREATE, { ...SCENARIO, overrides: { targets: [{ agencyCode: 'KOTA-LAIN', indicator: 'x', year: 2028, value: 1 }] } }))
        ?.fieldErrors,
    ).toEqual([{ field: 'overrides.targets.0.agencyCode', row: 0, message: "agency KOTA-LAIN is not the scenario's agency KAB-UJI" }]);
    expect((await errorsOf(CREATE, { ...SCENARIO, overrides: { attritionRate: 1.5 } }))?.code).toBe('BAD_USER_INPUT');
    expect(
      (
        await errorsOf(CREATE, {
          ...SCENARIO,
          name: 'BUP',
          overrides: {
            retirementAges: [
              { category: 'PELAKSANA', age: 58 },
              { category: 'PELAKSANA', age: 60 },
            ],
          },
        })
      )?.fieldErrors,
    ).toEqual([{ field: 'overrides.retirementAges.1', row: 1, message: 'retirement age for PELAKSANA given twice' }]);
    expect((await errorsOf(CREATE, SCENARIO))?.code).toBe('CONFLICT');
    expect(
      (
        await errorsOf(UPDATE, {
          id: scenarioId,
          overrides: { workingTime: { workingDaysPerYear: 10, publicHolidays: 10, hoursPerDay: 7 } },
        })
      )?.fieldErrors,
    ).toEqual([{ field: 'overrides.workingTime.workingDaysPerYear', message: 'holidays and leave leave no working days' }]);
    expect((await errorsOf(UPDATE, { id: '00000000-0000-4000-8000-000000000000', name: 'x' }))?.code).toBe('NOT_FOUND');
    expect(await count()).toEqual(before);

    // an agency's scenario cannot drive a national run
    const national = await e2e.gql(START_RUN, { i: { asOf: '2026-12-31', years: [2027], scenarioId } });
    expect(national.errors?.[0]?.extensions?.fieldErrors).toEqual([
      { field: 'scenarioId', message: expect.stringContaining('belongs to agency KAB-UJI') },
    ]);
  });
});
