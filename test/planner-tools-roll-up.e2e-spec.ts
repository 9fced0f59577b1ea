import { rollUp as engineRollUp, RollUpInput } from '@formasi/planning';
import { E2eApp, startE2eApp } from './support/e2e-app';
import { loadTwoCities } from './support/reference-data';
import { loadPlannerRegency, runPlan } from './planner-tools.fixture';

// National run over three agencies, 2027 (cells: requiredFte, existing = supplyStart, formation, surplus):
//   KAB-UJI (33.99)   PERAWAT PKM-A   37,500 × 10 / 60 / 1,250 × 1.25 = 6.25, 4, 3, 0   FUNGSIONAL TERAMPIL
//                     PENGADMIN DINKES 1,250 h / 1,250 + 125 × 2 / 1,250 = 1.2, 1, 1, 0   PELAKSANA
//                     PENGADMIN PKM-B  1.0, 0, 1, 0 · PENGADMIN PKM-C 0, 2, 0, 2
//                     DOKTER DINKES    0, 1, 0, 1                                          FUNGSIONAL AHLI_PERTAMA
//   KOTA-UJI (33.71)  PENGADMIN SETDA  5,000 × 30 / 60 / 1,250 = 2.0, 0, 2, 0
//   KOTA-JAUH (35.78) PENGADMIN SETDA  2,500 × 30 / 60 / 1,250 = 1.0, 0, 1, 0
// Sums: nation 7 cells, requiredFte 11.45, existing 8, formation 8 → ratio 8 / 11.45
//       province 33: 6 cells, 10.45, 8, 7 → 8 / 10.45 · province 35: 1, 1.0, 0, 1 → 0
//       KAB-UJI 5 cells, 8.45, 8, 5 → 8 / 8.45 · unit DINKES 2 cells, 1.2, 2, 1 → 2 / 1.2 (the cells' ratios
//       are 1 / 1.2 and none: an average of ratios would say 0.83)
//       nation by category: FUNGSIONAL 2 cells, 6.25, 5, 3 · PELAKSANA 5 cells, 5.2, 3, 5
//       nation by level: FUNGSIONAL AHLI_PERTAMA 0, 1, 0 (no ratio) · FUNGSIONAL TERAMPIL 6.25, 4, 3

const ROLL_UP = `query($runId: ID!, $scope: RollUpScope, $groupBy: RollUpGroupBy, $year: Int, $agencyCode: String, $regionCode: String) {
  formationRollUp(runId: $runId, scope: $scope, groupBy: $groupBy, year: $year, agencyCode: $agencyCode, regionCode: $regionCode) {
    scope groupBy year regionCode agencyCode unitCode category level cells requiredFte existing formation surplus wisnRatio } }`;
type Row = Record<string, unknown> & { requiredFte: number; wisnRatio: number | null };
// unit DINKES of KAB-UJI in 2027 (header): its cells' ratios are 1 / 1.2 and none, the ratio of its sums 2 / 1.2
const DINKES_2027 = {
  regionCode: '33',
  agencyCode: 'KAB-UJI',
  unitCode: 'DINKES',
  cells: 2,
  requiredFte: 1.2,
  existing: 2,
  formation: 1,
  surplus: 1,
  wisnRatio: +(2 / 1.2).toFixed(9),
};

describe('planner tools: stored roll-ups', () => {
  let e2e: E2eApp;
  let runId: string;
  const rollUp = async (vars: Record<string, unknown>): Promise<Row[]> => {
    const res = await e2e.gql<{ formationRollUp: Row[] }>(ROLL_UP, { runId, year: 2027, ...vars });
    expect(res.errors).toBeUndefined();
    return res.data!.formationRollUp;
  };
  const figures = (rows: Row[]) =>
    rows.map(({ scope: _s, groupBy: _g, year: _y, requiredFte, wisnRatio, ...rest }) => ({
      ...rest,
      requiredFte: +requiredFte.toFixed(9),
      wisnRatio: wisnRatio === null ? null : +wisnRatio.toFixed(9),
    }));

  beforeAll(async () => {
    e2e = await startE2eApp();
    await loadPlannerRegency(e2e);
    await loadTwoCities(e2e);
    runId = await runPlan(e2e, null);
  });

  afterAll(async () => {
    await e2e?.close();
  });

  it('stores the nation, each province, agency and unit with ratios of the sums', async () => {
    const base = { unitCode: null, category: null, level: null, surplus: expect.any(Number) };
    expect(figures(await rollUp({}))).toEqual([
      {
        ...base,
        regionCode: null,
        agencyCode: null,
        cells: 7,
        requiredFte: 11.45,
        existing: 8,
        formation: 8,
        wisnRatio: +(8 / 11.45).toFixed(9),
      },
    ]);
    expect(figures(await rollUp({ scope: 'REGION' }))).toEqual([
      {
        ...base,
        regionCode: '33',
        agencyCode: null,
        cells: 6,
        requiredFte: 10.45,
        existing: 8,
        formation: 7,
        wisnRatio: +(8 / 10.45).toFixed(9),
      },
      { ...base, regionCode: '35', agencyCode: null, cells: 1, requiredFte: 1, existing: 0, formation: 1, wisnRatio: 0 },
    ]);
    const [kab] = await rollUp({ scope: 'AGENCY', agencyCode: 'KAB-UJI' });
    expect(figures([kab!])).toEqual([
      {
        ...base,
        regionCode: '33',
        agencyCode: 'KAB-UJI',
        cells: 5,
        requiredFte: 8.45,
        existing: 8,
        formation: 5,
        surplus: 3,
        wisnRatio: +(8 / 8.45).toFixed(9),
      },
    ]);
    const units = await rollUp({ scope: 'UNIT', agencyCode: 'KAB-UJI' });
    expect(units.map((u) => u.unitCode)).toEqual(['DINKES', 'PKM-A', 'PKM-B', 'PKM-C']);
    expect(figures(units.slice(0, 1))).toEqual([{ ...base, ...DINKES_2027 }]);
  });

  it('breaks a scope down by category and by category and level', async () => {
    const base = { regionCode: null, agencyCode: null, unitCode: null, surplus: expect.any(Number) };
    expect(figures(await rollUp({ groupBy: 'CATEGORY' }))).toEqual([
      { ...base, category: 'FUNGSIONAL', level: null, cells: 2, requiredFte: 6.25, existing: 5, formation: 3, wisnRatio: 0.8 },
      {
        ...base,
        category: 'PELAKSANA',
        level: null,
        cells: 5,
        requiredFte: 5.2,
        existing: 3,
        formation: 5,
        wisnRatio: +(3 / 5.2).toFixed(9),
      },
    ]);
    expect(figures(await rollUp({ groupBy: 'CATEGORY_LEVEL' }))).toEqual([
      { ...base, category: 'FUNGSIONAL', level: 'AHLI_PERTAMA', cells: 1, requiredFte: 0, existing: 1, formation: 0, wisnRatio: null },
      { ...base, category: 'FUNGSIONAL', level: 'TERAMPIL', cells: 1, requiredFte: 6.25, existing: 4, formation: 3, wisnRatio: 0.64 },
      {
        ...base,
        category: 'PELAKSANA',
        level: null,
        cells: 5,
        requiredFte: 5.2,
        existing: 3,
        formation: 5,
        wisnRatio: +(3 / 5.2).toFixed(9),
      },
    ]);
  });

  it('agrees with the cells at every level, every year, and is replaced, not added to, on a re-delivery', async () => {
    // each stored row against a fresh sum of the result rows it covers
    const mismatches = async () =>
      e2e.sql(
        `SELECT u.scope, u.group_by, u.year, u.region_code, u.agency_code, u.unit_code, u.category, u.level
         FROM plan_roll_up u
         CROSS JOIN LATERAL (
           SELECT count(*) AS cells, sum(r.required_fte) AS fte, sum(r.existing) AS existing, sum(r.formation) AS formation
             FROM plan_result r JOIN agency a ON a.id = r.agency_id
            WHERE r.run_id = u.run_id AND r.year = u.year
              AND (u.region_code IS NULL OR coalesce(nullif(split_part(a.region_code, '.', 1), ''), r.agency_code) = u.region_code)
              AND (u.agency_code IS NULL OR r.agency_code = u.agency_code)
              AND (u.scope <> 'UNIT' OR r.unit_code IS NOT DISTINCT FROM u.unit_code)
              AND (u.group_by = 'NONE' OR r.category = u.category)
              AND (u.group_by <> 'CATEGORY_LEVEL' OR r.level IS NOT DISTINCT FROM u.level)) c
        WHERE u.run_id = $1 AND (c.cells <> u.cells OR c.fte <> u.required_fte OR c.existing <> u.existing OR c.formation <> u.formation
              OR u.wisn_ratio IS DISTINCT FROM u.existing / nullif(u.required_fte, 0))`,
        [runId],
      );
    const count = () => e2e.sql('SELECT count(*)::int AS n FROM plan_roll_up WHERE run_id = $1', [runId]);
    expect(await mismatches()).toEqual([]);
    // the check does see a wrong row
    await e2e.sql(
      `UPDATE plan_roll_up SET existing = existing + 1 WHERE run_id = $1 AND scope = 'NATION' AND group_by = 'NONE' AND year = 2028`,
      [runId],
    );
    expect(await mismatches()).toEqual([expect.objectContaining({ scope: 'NATION', group_by: 'NONE', year: 2028 })]);
    // without a grouping: 1 nation + 2 provinces + 3 agencies = 6 rows a year, 12 for 2027–2028; no unit rows (units read their cells)
    expect(await e2e.sql(`SELECT count(*)::int AS n FROM plan_roll_up WHERE run_id = $1 AND group_by = 'NONE'`, [runId])).toEqual([
      { n: 12 },
    ]);
    expect(await e2e.sql(`SELECT count(*)::int AS n FROM plan_roll_up WHERE run_id = $1 AND scope = 'UNIT'`, [runId])).toEqual([{ n: 0 }]);
    const before = await count();
    const { PlanRunService } = await import('../apps/api/src/plan-runs/plan-run.service');
    await e2e.app.get(PlanRunService).enqueue(runId, `${runId}-redelivery`);
    const { waitForRun } = await import('./support/e2e-app');
    await waitForRun(e2e, runId, (r) => r.status === 'SUCCEEDED' && r.attempts >= 2);
    // the re-delivery rewrote the roll-ups from the cells: the same number of rows, the tampered one corrected
    expect(await count()).toEqual(before);
    expect(await mismatches()).toEqual([]);
    expect((await e2e.gql(ROLL_UP, { runId, year: 2031 })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it("equals the engine's rollUp over the result rows at every scope and grouping (one rule for sums and ratios)", async () => {
    type Cell = RollUpInput & { year: number; region: string; agency: string; unit: string | null; category: string; level: string | null };
    const cells = await e2e.sql<Cell>(
      `SELECT r.year, coalesce(nullif(split_part(a.region_code, '.', 1), ''), r.agency_code) AS region, r.agency_code AS agency,
              r.unit_code AS unit, r.category, r.level, r.required_fte::float8 AS "requiredFte", r.required, r.existing::float8 AS existing,
              r.formation, r.surplus::float8 AS surplus
         FROM plan_result r JOIN agency a ON a.id = r.agency_id WHERE r.run_id = $1`,
      [runId],
    );
    const stored = await e2e.sql<Record<string, string | number | null>>(
      `SELECT scope, group_by, year, region_code, agency_code, unit_code, category, level, cells, required_fte::float8 AS "requiredFte",
              required::float8 AS required, existing::float8 AS existing, formation::float8 AS formation, surplus::float8 AS surplus,
              wisn_ratio::float8 AS "wisnRatio", efficiency::float8 AS efficiency
         FROM plan_roll_up WHERE run_id = $1`,
      [runId],
    );
    const scopes: Record<string, (c: Cell) => unknown[]> = {
      NATION: () => [],
      REGION: (c) => [c.region],
      AGENCY: (c) => [c.region, c.agency],
    };
    const groupings: Record<string, (c: Cell) => unknown[]> = {
      NONE: () => [],
      CATEGORY: (c) => [c.category],
      CATEGORY_LEVEL: (c) => [c.category, c.level],
    };
    let compared = 0;
    for (const [scope, scopeKey] of Object.entries(scopes)) {
      for (const [groupBy, groupKey] of Object.entries(groupings)) {
        const engine = engineRollUp(cells, (c) => JSON.stringify([c.year, ...scopeKey(c), ...groupKey(c)]));
        const rows = stored.filter((r) => r.scope === scope && r.group_by === groupBy);
        expect(rows).toHaveLength(engine.length);
        for (const total of engine) {
          const [year, ...rest] = JSON.parse(total.key) as unknown[];
          const names = [
            ...['region_code', 'agency_code', 'unit_code'].slice(0, scopeKey(cells[0]!).length),
            ...['category', 'level'].slice(0, groupKey(cells[0]!).length),
          ];
          const row = rows.find((r) => r.year === year && names.every((n, i) => r[n] === rest[i]))!;
          expect(row).toBeDefined();
          expect(row).toMatchObject({ cells: total.cells, required: total.required, existing: total.existing, formation: total.formation });
          expect(row.requiredFte as number).toBeCloseTo(total.requiredFte, 9);
          expect(row.surplus as number).toBeCloseTo(total.surplus, 9);
          for (const ratio of ['wisnRatio', 'efficiency'] as const) {
            if (total[ratio] === null) expect(row[ratio]).toBeNull();
            else expect(row[ratio] as number).toBeCloseTo(total[ratio]!, 9);
          }
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(40);
  });

  it('reads a unit from its result rows, not from stored unit roll-ups (a national run stores none)', async () => {
    const units = async (groupBy: string) => figures(await rollUp({ scope: 'UNIT', groupBy, agencyCode: 'KAB-UJI' }));
    const before = { NONE: await units('NONE'), CATEGORY: await units('CATEGORY'), CATEGORY_LEVEL: await units('CATEGORY_LEVEL') };
    await e2e.sql(`DELETE FROM plan_roll_up WHERE run_id = $1 AND scope = 'UNIT'`, [runId]);
    const base = { regionCode: '33', agencyCode: 'KAB-UJI', surplus: expect.any(Number) };
    // KAB-UJI 2027 (header): DINKES = PENGADMIN 1.2, 1, 1 + DOKTER 0, 1, 0 · PKM-A PERAWAT 6.25, 4, 3 · PKM-B 1.0, 0, 1 · PKM-C 0, 2, 0
    expect(await units('NONE')).toEqual([
      { ...DINKES_2027, category: null, level: null },
      { ...base, unitCode: 'PKM-A', category: null, level: null, cells: 1, requiredFte: 6.25, existing: 4, formation: 3, wisnRatio: 0.64 },
      { ...base, unitCode: 'PKM-B', category: null, level: null, cells: 1, requiredFte: 1, existing: 0, formation: 1, wisnRatio: 0 },
      {
        ...base,
        unitCode: 'PKM-C',
        category: null,
        level: null,
        cells: 1,
        requiredFte: 0,
        existing: 2,
        formation: 0,
        surplus: 2,
        wisnRatio: null,
      },
    ]);
    expect((await units('CATEGORY_LEVEL')).slice(0, 2)).toEqual([
      {
        ...base,
        unitCode: 'DINKES',
        category: 'FUNGSIONAL',
        level: 'AHLI_PERTAMA',
        cells: 1,
        requiredFte: 0,
        existing: 1,
        formation: 0,
        wisnRatio: null,
      },
      {
        ...base,
        unitCode: 'DINKES',
        category: 'PELAKSANA',
        level: null,
        cells: 1,
        requiredFte: 1.2,
        existing: 1,
        formation: 1,
        wisnRatio: +(1 / 1.2).toFixed(9),
      },
    ]);
    // the same rows, every figure and the order, as the stored unit roll-ups answered
    expect({ NONE: await units('NONE'), CATEGORY: await units('CATEGORY'), CATEGORY_LEVEL: await units('CATEGORY_LEVEL') }).toEqual(before);
    const all = await rollUp({ scope: 'UNIT', year: null });
    expect(all).toHaveLength(12); // 6 units × 2027–2028
    expect(all.find((u) => u.agencyCode === 'KOTA-JAUH' && u.year === 2027)).toMatchObject({
      regionCode: '35',
      unitCode: 'SETDA',
      cells: 1,
    });
    expect((await rollUp({ scope: 'UNIT', regionCode: '35' })).map((u) => u.agencyCode)).toEqual(['KOTA-JAUH']);
  });
});
