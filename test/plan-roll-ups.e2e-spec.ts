import { DataSource } from 'typeorm';
import { countryAt, generateCountry } from '../bench/national-country';
import { E2eApp, startE2eApp, waitForRun } from './support/e2e-app';
import { mutate, START_RUN } from './support/reference-data';

// The run's roll-ups are computed by the engine (rollUpAgency per agency while its cells are in
// memory, rollUpRegionsAndNation as sums of the agencies' rows) and written by COPY. Here they
// are held against the statement that computed them before, one GROUP BY GROUPING SETS over the
// run's stored result rows, on a generated country (a hundredth of the nation: 6 agencies, 3,000
// cells, three years), every column compared as PostgreSQL prints it (value and display scale).

// the former statement (main at de500eb), into a table of the same columns instead of plan_roll_up
const FORMER_ROLL_UPS = `
  WITH grades AS (
    SELECT year, region, agency_code, category, level, count(*) AS cells, sum(required_fte) AS required_fte,
           sum(required) AS required, sum(existing) AS existing, sum(supply_end) AS supply_end, sum(retirements) AS retirements,
           sum(contract_ends) AS contract_ends, sum(attrition) AS attrition, sum(formation) AS formation, sum(surplus) AS surplus, sum(formation_cost) AS formation_cost,
           coalesce(sum(formation) FILTER (WHERE annual_cost IS NULL), 0) AS uncosted_formation
      FROM (SELECT r.*, coalesce(nullif(split_part(a.region_code, '.', 1), ''), r.agency_code) AS region
              FROM plan_result r JOIN agency a ON a.id = r.agency_id WHERE r.run_id = $1) c
     GROUP BY year, region, agency_code, category, level)
  SELECT $1::uuid AS run_id,
         CASE WHEN GROUPING(agency_code) = 0 THEN 'AGENCY' WHEN GROUPING(region) = 0 THEN 'REGION' ELSE 'NATION' END AS scope,
         CASE WHEN GROUPING(level) = 0 THEN 'CATEGORY_LEVEL' WHEN GROUPING(category) = 0 THEN 'CATEGORY' ELSE 'NONE' END AS group_by,
         year, region AS region_code, agency_code, NULL::text AS unit_code, category, level, sum(cells)::int AS cells,
         sum(required_fte) AS required_fte, sum(required)::int AS required, sum(existing) AS existing, sum(supply_end) AS supply_end,
         sum(retirements)::int AS retirements, sum(formation)::int AS formation, sum(surplus) AS surplus, sum(formation_cost) AS formation_cost,
         sum(uncosted_formation)::int AS uncosted_formation,
         sum(existing) / nullif(sum(required_fte), 0) AS wisn_ratio, sum(required_fte) / nullif(sum(existing), 0) AS efficiency,
         sum(contract_ends)::int AS contract_ends, sum(attrition) AS attrition
    FROM grades
   GROUP BY GROUPING SETS (
      (year), (year, category), (year, category, level),
      (year, region), (year, region, category), (year, region, category, level),
      (year, region, agency_code), (year, region, agency_code, category), (year, region, agency_code, category, level))`;

// every column as text: 2.0 and 2.00 are equal numerics but not the same stored figure
const AS_TEXT = `scope, group_by, year::text, coalesce(region_code, '∅') AS region_code, coalesce(agency_code, '∅') AS agency_code,
  coalesce(unit_code, '∅') AS unit_code, coalesce(category, '∅') AS category, coalesce(level, '∅') AS level, cells::text,
  required_fte::text, required::text, existing::text, supply_end::text, retirements::text, formation::text, surplus::text,
  coalesce(formation_cost::text, '∅') AS formation_cost, uncosted_formation::text, coalesce(wisn_ratio::text, '∅') AS wisn_ratio,
  coalesce(efficiency::text, '∅') AS efficiency, contract_ends::text, attrition::text`;

describe('stored roll-ups computed by the engine', () => {
  let e2e: E2eApp;
  let runId: string;

  beforeAll(async () => {
    e2e = await startE2eApp();
    const [{ db }] = await e2e.sql<{ db: string }>('SELECT current_database() AS db');
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = `/${db}`;
    await generateCountry(url.toString(), countryAt(0.01), () => undefined);
    // three agencies in one province (33), one without a region code (its own region); a cost for
    // one category in rupiah with a fraction, so sums meet costed and uncosted cells and decimals
    // (a generator's change, as the generator writes: without the audit triggers)
    await e2e.sql(`BEGIN; SET LOCAL session_replication_role = replica;
      UPDATE agency SET region_code = CASE code WHEN 'AG-0001' THEN '33' WHEN 'AG-0002' THEN '33.71' WHEN 'AG-0003' THEN '33.72'
                                                WHEN 'AG-0000' THEN NULL ELSE region_code END;
      UPDATE planning_policy SET annual_costs = '[{"category": "FUNGSIONAL", "annualCost": 98765432.125}]'::jsonb;
      COMMIT`);
    const started = await mutate<{ startPlanRun: { id: string } }>(e2e, START_RUN, {
      i: { agencyCode: null, asOf: '2026-06-30', years: [2027, 2028, 2029] },
    });
    runId = started.startPlanRun.id;
    expect((await waitForRun(e2e, runId, undefined, 120_000)).status).toBe('SUCCEEDED');
  });

  afterAll(async () => {
    await e2e?.close();
  });

  it('equals the former GROUPING SETS statement over the result rows, every column and display scale', async () => {
    await e2e.sql(`CREATE TABLE former_roll_up AS ${FORMER_ROLL_UPS}`, [runId]);
    const differ = (a: string, b: string) =>
      e2e.sql(`SELECT ${AS_TEXT} FROM ${a} WHERE run_id = $1 EXCEPT ALL SELECT ${AS_TEXT} FROM ${b} WHERE run_id = $1`, [runId]);
    const [{ n }] = await e2e.sql<{ n: number }>('SELECT count(*)::int AS n FROM former_roll_up');
    // 3 years × (nation, 4 provinces … ) at three groupings: a few hundred rows, some of each scope
    expect(n).toBeGreaterThan(100);
    expect(await e2e.sql(`SELECT count(*)::int AS n FROM plan_roll_up WHERE run_id = $1`, [runId])).toEqual([{ n }]);
    expect(await differ('plan_roll_up', 'former_roll_up')).toEqual([]);
    expect(await differ('former_roll_up', 'plan_roll_up')).toEqual([]);
    // what the comparison covers: three agencies summed into province 33, decimals in the sums and
    // the cost, costed and uncosted formation, ratios of 16 significant digits or more
    const [shape] = await e2e.sql<Record<string, number>>(
      `SELECT count(DISTINCT agency_code) FILTER (WHERE scope = 'AGENCY' AND region_code = '33')::int AS "inProvince33",
              count(*) FILTER (WHERE scope = 'AGENCY' AND region_code = 'AG-0000')::int AS "ownRegion",
              count(*) FILTER (WHERE scale(required_fte) > 0)::int AS "fractionalFte",
              count(*) FILTER (WHERE scale(formation_cost) > 0 AND uncosted_formation > 0)::int AS "mixedCost",
              min(scale(wisn_ratio))::int AS "ratioScale"
         FROM plan_roll_up WHERE run_id = $1`,
      [runId],
    );
    expect(shape).toMatchObject({ inProvince33: 3, ownRegion: expect.any(Number) as number });
    expect(shape!.ownRegion).toBeGreaterThan(0);
    expect(shape!.fractionalFte).toBeGreaterThan(0);
    expect(shape!.mixedCost).toBeGreaterThan(0);
    expect(shape!.ratioScale).toBeGreaterThanOrEqual(16);
  });

  it('sees a roll-up that differs from the former statement', async () => {
    await e2e.sql(
      `UPDATE plan_roll_up SET required_fte = required_fte + 0.000001 WHERE run_id = $1 AND scope = 'REGION' AND region_code = '33'
          AND group_by = 'NONE' AND year = 2028`,
      [runId],
    );
    const [{ n }] = await e2e.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM (SELECT ${AS_TEXT} FROM plan_roll_up WHERE run_id = $1 EXCEPT ALL SELECT ${AS_TEXT} FROM former_roll_up) d`,
      [runId],
    );
    expect(n).toBe(1);
  });

  it("analyzes the roll-ups while a run's rows are a tenth of the table or more, and not once they are less", async () => {
    const { PlanResultsWriter } = await import('../apps/worker/src/plan-runs/plan-results.writer');
    const writer = e2e.app.get(PlanResultsWriter);
    const [{ rows }] = await e2e.sql<{ rows: number }>('SELECT count(*)::int AS rows FROM plan_roll_up WHERE run_id = $1', [runId]);
    // the first run's publication analyzed the table: its statistics count the run's rows
    const [{ reltuples }] = await e2e.sql<{ reltuples: number }>(
      `SELECT reltuples::int AS reltuples FROM pg_class WHERE oid = 'plan_roll_up'::regclass`,
    );
    expect(reltuples).toBe(rows);
    const analyzes = async (): Promise<boolean> => {
      const tx = e2e.app.get(DataSource).createQueryRunner();
      await tx.connect();
      try {
        return await writer.analyze(tx.manager, runId);
      } finally {
        await tx.release();
      }
    };
    expect(await analyzes()).toBe(true);
    // ten more runs' worth of roll-ups (copies under other runs), counted by an ANALYZE
    await e2e.sql(`BEGIN; SET LOCAL session_replication_role = replica;
      CREATE TEMP TABLE others ON COMMIT DROP AS SELECT gen_random_uuid() AS id FROM generate_series(1, 10);
      INSERT INTO plan_run (id, status, agency_id, as_of, years, policy) SELECT o.id, r.status, r.agency_id, r.as_of, r.years, r.policy FROM plan_run r, others o WHERE r.id = '${runId}';
      INSERT INTO plan_roll_up (run_id, scope, group_by, year, region_code, agency_code, unit_code, category, level, cells, required_fte, required,
             existing, supply_end, retirements, formation, surplus, formation_cost, uncosted_formation, wisn_ratio, efficiency, contract_ends, attrition)
        SELECT o.id, scope, group_by, year, region_code, agency_code, unit_code, category, level, cells, required_fte, required,
             existing, supply_end, retirements, formation, surplus, formation_cost, uncosted_formation, wisn_ratio, efficiency, contract_ends, attrition
          FROM plan_roll_up, others o WHERE run_id = '${runId}';
      COMMIT; ANALYZE plan_roll_up`);
    expect(await analyzes()).toBe(false);
  });
});
