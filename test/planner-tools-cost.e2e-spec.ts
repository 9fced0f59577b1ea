import { E2eApp, startE2eApp } from './support/e2e-app';
import { mutate, RETIREMENT_AGES, UPSERT_POLICY } from './support/reference-data';
import { loadPlannerRegency, runPlan } from './planner-tools.fixture';

// Annual cost per person (rupiah): FUNGSIONAL 120 jt, FUNGSIONAL TERAMPIL 96 jt, then PELAKSANA 60 jt.
// Formation of the fixture: 2027 PERAWAT (FUNGSIONAL TERAMPIL) PKM-A 3, PENGADMIN (PELAKSANA) DINKES 1 and PKM-B 1;
// 2028 PERAWAT 2. DOKTER (FUNGSIONAL AHLI_PERTAMA, the category row: 120 jt) has no formation.
//   without a PELAKSANA cost: 2027 formationCost 3 × 96 jt = 288 jt, 2 slots uncosted; 2028 2 × 96 jt = 192 jt
//   with PELAKSANA 60 jt:     2027 288 + 60 + 60 = 408 jt
// Budget 200 jt for 2027, by pressure: DINKES 1.0 (60, left 140), PKM-B 1.0 (60, left 80), PERAWAT 0.5 costs 96 > 80 → 2 slots, 120 jt.
// Budget 250 jt with quota 3: DINKES, PKM-B (left 130), PERAWAT (96, left 34) → quota used, 216 jt.

const JT = 1_000_000;
const SUMMARY = `query($runId: ID!) { formationSummary(runId: $runId, groupBy: AGENCY) { year formation formationCost uncostedFormation } }`;
const NEEDS = `query($runId: ID!) { formationNeeds(runId: $runId, first: 10, filter: { year: 2027 }, sort: FORMATION) {
  totals { formation formationCost uncostedFormation } nodes { unitCode positionCode formation annualCost formationCost } } }`;
const ALLOCATE = `mutation($i: AllocateQuotaInput!) { allocateQuota(input: $i) { quota budget allocated unallocated allocatedCost budgetLeft
  cells { unitCode positionCode allocated annualCost allocatedCost } } }`;

describe('planner tools: formation cost', () => {
  let e2e: E2eApp;
  const policy = (annualCosts: Array<Record<string, unknown>>) =>
    mutate(e2e, UPSERT_POLICY, {
      i: {
        workingTimeProfileCode: 'ABK-1250',
        rounding: 'HALF_UP',
        attritionRate: 0,
        renewContracts: false,
        retirementAges: RETIREMENT_AGES,
        annualCosts,
      },
    });
  const COSTS = [
    { category: 'FUNGSIONAL', annualCost: 120 * JT },
    { category: 'FUNGSIONAL', level: 'TERAMPIL', annualCost: 96 * JT },
  ];

  beforeAll(async () => {
    e2e = await startE2eApp();
    await loadPlannerRegency(e2e);
  });

  afterAll(async () => {
    await e2e?.close();
  });

  it("prices each cell's formation by its category and level, and totals what is priced", async () => {
    await policy(COSTS);
    const runId = await runPlan(e2e);
    const needs = await e2e.gql<{ formationNeeds: { totals: Record<string, number>; nodes: Array<Record<string, unknown>> } }>(NEEDS, {
      runId,
    });
    expect(needs.errors).toBeUndefined();
    expect(needs.data!.formationNeeds.totals).toEqual({ formation: 5, formationCost: 288 * JT, uncostedFormation: 2 });
    expect(needs.data!.formationNeeds.nodes.filter((n) => n.positionCode !== 'PENGADMIN')).toEqual([
      { unitCode: 'PKM-A', positionCode: 'PERAWAT', formation: 3, annualCost: 96 * JT, formationCost: 288 * JT },
      { unitCode: 'DINKES', positionCode: 'DOKTER', formation: 0, annualCost: 120 * JT, formationCost: 0 },
    ]);
    const summary = await e2e.gql<{ formationSummary: unknown[] }>(SUMMARY, { runId });
    expect(summary.data!.formationSummary).toEqual([
      { year: 2027, formation: 5, formationCost: 288 * JT, uncostedFormation: 2 },
      { year: 2028, formation: 2, formationCost: 192 * JT, uncostedFormation: 0 },
    ]);
    // a budget cannot pay for cells without a cost
    const refused = await e2e.gql(ALLOCATE, { i: { runId, year: 2027, budget: 200 * JT } });
    expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(refused.errors?.[0]?.message).toContain('PENGADMIN in unit DINKES: has no annual cost');
  });

  it('allocates slots in pressure order while the budget pays for them', async () => {
    await policy([...COSTS, { category: 'PELAKSANA', annualCost: 60 * JT }]);
    const runId = await runPlan(e2e);
    expect(
      (await e2e.gql<{ formationSummary: Array<{ formationCost: number }> }>(SUMMARY, { runId })).data!.formationSummary[0]!.formationCost,
    ).toBe(408 * JT);
    // the stored roll-ups carry the same cost: by category, FUNGSIONAL 288 jt and PELAKSANA 2 × 60 jt
    const rollUp = await e2e.gql<{ formationRollUp: unknown[] }>(
      'query($runId: ID!) { formationRollUp(runId: $runId, groupBy: CATEGORY, year: 2027) { category formation formationCost uncostedFormation } }',
      { runId },
    );
    expect(rollUp.data!.formationRollUp).toEqual([
      { category: 'FUNGSIONAL', formation: 3, formationCost: 288 * JT, uncostedFormation: 0 },
      { category: 'PELAKSANA', formation: 2, formationCost: 120 * JT, uncostedFormation: 0 },
    ]);

    const byBudget = await e2e.gql<{ allocateQuota: Record<string, unknown> & { cells: unknown[] } }>(ALLOCATE, {
      i: { runId, year: 2027, budget: 200 * JT },
    });
    expect(byBudget.errors).toBeUndefined();
    expect(byBudget.data!.allocateQuota).toEqual({
      quota: null,
      budget: 200 * JT,
      allocated: 2,
      unallocated: null,
      allocatedCost: 120 * JT,
      budgetLeft: 80 * JT,
      cells: [
        { unitCode: 'DINKES', positionCode: 'PENGADMIN', allocated: 1, annualCost: 60 * JT, allocatedCost: 60 * JT },
        { unitCode: 'PKM-B', positionCode: 'PENGADMIN', allocated: 1, annualCost: 60 * JT, allocatedCost: 60 * JT },
        { unitCode: 'PKM-A', positionCode: 'PERAWAT', allocated: 0, annualCost: 96 * JT, allocatedCost: 0 },
      ],
    });
    const both = await e2e.gql<{ allocateQuota: Record<string, unknown> }>(ALLOCATE, {
      i: { runId, year: 2027, quota: 3, budget: 250 * JT },
    });
    expect(both.data!.allocateQuota).toMatchObject({
      quota: 3,
      allocated: 3,
      unallocated: 0,
      allocatedCost: 216 * JT,
      budgetLeft: 34 * JT,
    });
    expect((await e2e.gql(ALLOCATE, { i: { runId, year: 2027 } })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await e2e.gql(ALLOCATE, { i: { runId, year: 2027, budget: -1 } })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('refuses a cost given twice for one category and level', async () => {
    const res = await e2e.gql(UPSERT_POLICY, {
      i: {
        workingTimeProfileCode: 'ABK-1250',
        retirementAges: RETIREMENT_AGES,
        annualCosts: [
          { category: 'JPT', annualCost: 1 },
          { category: 'JPT', annualCost: 2 },
        ],
      },
    });
    expect(res.errors?.[0]?.extensions?.fieldErrors).toEqual([
      { field: 'annualCosts.1', row: 1, message: 'annual cost for JPT given twice' },
    ]);
  });
});
