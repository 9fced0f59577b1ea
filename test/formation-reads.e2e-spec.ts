import { planResultTable } from '@formasi/database';
import { countryAt, generateCountry } from '../bench/national-country';
import { FormationService } from '../apps/api/src/formation/formation.service';
import { FormationSort } from '../apps/api/src/formation/formation-need.model';
import { E2eApp, startE2eApp, waitForRun } from './support/e2e-app';
import { mutate, START_RUN } from './support/reference-data';

// Reads at national size on a generated country (bench/national-country.ts at a hundredth of
// the nation: 6 agencies, 205 units, 3,000 position × unit cells), planned for three years:
// pages against the former ORDER BY … OFFSET, totals and summaries against sums of the rows,
// and the plan of every page against a sort.
const YEARS = [2027, 2028, 2029];
type Filter = Record<string, string | number>;
type Totals = Record<string, number | null>;

const NEEDS = `query($runId: ID!, $sort: FormationSort, $filter: FormationFilter, $first: Int, $after: String) {
  formationNeeds(runId: $runId, sort: $sort, filter: $filter, first: $first, after: $after) {
    nodes { id pressure formation } pageInfo { endCursor hasNextPage } totalCount
    totals { cells requiredFte required existing supplyEnd formation surplus wisnRatio formationCost uncostedFormation } } }`;
const SUMMARY = `query($runId: ID!, $groupBy: SummaryGroupBy!, $year: Int) {
  formationSummary(runId: $runId, groupBy: $groupBy, year: $year) {
    agencyCode unitCode category year cells requiredFte required existing supplyEnd formation surplus wisnRatio formationCost
    uncostedFormation retirements contractEnds attrition } }`;

// the statements formationNeeds ran before keyset indexes and stored totals (main at 14e8aee), but
// with ties in numeric id order: there a bare `id` in ORDER BY was the selected `id::text`, which the
// numeric cursor did not follow (pages skipped and repeated tied rows)
const FORMER_ORDER: Record<string, string> = {
  PRESSURE: 'pressure DESC, plan_result.id ASC',
  FORMATION: 'formation DESC, plan_result.id ASC',
};
const FORMER_TOTALS = `count(*)::int AS cells, coalesce(sum(required_fte), 0)::float8 AS "requiredFte", coalesce(sum(required), 0)::int AS required,
  coalesce(sum(existing), 0)::float8 AS existing, coalesce(sum(supply_end), 0)::float8 AS "supplyEnd",
  coalesce(sum(formation), 0)::int AS formation, coalesce(sum(surplus), 0)::float8 AS surplus,
  (sum(existing) / nullif(sum(required_fte), 0))::float8 AS "wisnRatio", sum(formation_cost)::float8 AS "formationCost",
  coalesce(sum(formation) FILTER (WHERE annual_cost IS NULL), 0)::int AS "uncostedFormation"`;
const COLUMN: Record<string, string> = {
  agencyCode: 'agency_code',
  unitCode: 'unit_code',
  positionCode: 'position_code',
  category: 'category',
  year: 'year',
};

describe('formation reads at national size', () => {
  let e2e: E2eApp;
  let runId: string;
  let agency: string;
  let unit: string;
  let position: string;

  const formerWhere = (filter: Filter, params: unknown[]): string =>
    ['run_id = $1', ...Object.entries(filter).map(([k, v]) => `${COLUMN[k]} = $${params.push(v)}`)].join(' AND ');
  // what rewriting a run's results does to its row; the API keeps what it read of a run until then
  const resultsWrittenAgain = () => e2e.sql('UPDATE plan_run SET finished_at = clock_timestamp() WHERE id = $1', [runId]);
  const needs = async (vars: Record<string, unknown>) => {
    const res = await e2e.gql<{
      formationNeeds: {
        nodes: Array<{ id: string; pressure: number; formation: number }>;
        pageInfo: { endCursor: string | null; hasNextPage: boolean };
        totalCount: number;
        totals: Totals;
      };
    }>(NEEDS, { runId, ...vars });
    expect(res.errors).toBeUndefined();
    return res.data!.formationNeeds;
  };

  beforeAll(async () => {
    // the page walks below make a few thousand requests, above the per-address limit; two agencies
    // a batch, so the run's table has three batch tables under it, as a national run has forty
    e2e = await startE2eApp({
      env: { RATE_LIMIT_MAX_REQUESTS: '100000', RATE_LIMIT_USER_MAX_REQUESTS: '100000', PLAN_RUN_BATCH_AGENCIES: '2' },
    });
    const [{ db }] = await e2e.sql<{ db: string }>('SELECT current_database() AS db');
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = `/${db}`;
    await generateCountry(url.toString(), countryAt(0.01), () => undefined);
    const started = await mutate<{ startPlanRun: { id: string } }>(e2e, START_RUN, {
      i: { agencyCode: null, asOf: '2026-06-30', years: YEARS },
    });
    runId = started.startPlanRun.id;
    expect((await waitForRun(e2e, runId, undefined, 120_000)).status).toBe('SUCCEEDED');
    // the agency, unit and position with the most cells, so each filter spans several pages
    [{ agency, unit }] = await e2e.sql<{ agency: string; unit: string }>(
      `SELECT agency_code AS agency, unit_code AS unit FROM plan_result WHERE run_id = $1 GROUP BY 1, 2 ORDER BY count(*) DESC, 1, 2 LIMIT 1`,
      [runId],
    );
    [{ position }] = await e2e.sql<{ position: string }>(
      `SELECT position_code AS position FROM plan_result WHERE run_id = $1 GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`,
      [runId],
    );
  }, 180_000);

  afterAll(async () => {
    await e2e?.close();
  });

  it('pages through every cell exactly as ORDER BY … OFFSET did, ties included, for each sort and filter', async () => {
    const [{ rows, pressures, formations }] = await e2e.sql<{ rows: number; pressures: number; formations: number }>(
      'SELECT count(*)::int AS rows, count(DISTINCT pressure)::int AS pressures, count(DISTINCT formation)::int AS formations FROM plan_result WHERE run_id = $1',
      [runId],
    );
    expect(rows).toBe(3000 * YEARS.length);
    // most cells share their sort value with others: the order inside a tie is the id's
    expect(pressures).toBeLessThan(rows / 3);
    expect(formations).toBeLessThan(rows / 100);
    const filters: Array<[Filter, number]> = [
      [{}, 97],
      [{ year: 2028 }, 61],
      [{ agencyCode: agency }, 83],
      [{ category: 'FUNGSIONAL', year: 2027 }, 71],
      [{ agencyCode: agency, unitCode: unit }, 7],
      [{ positionCode: position }, 13],
    ];
    let tiesAcrossPages = 0;
    for (const sort of ['PRESSURE', 'FORMATION']) {
      for (const [filter, first] of filters) {
        const params: unknown[] = [runId];
        const where = formerWhere(filter, params);
        let after: string | null = null;
        let previous: { id: string; value: number } | null = null;
        for (let page = 0; ; page++) {
          const got = await needs({ sort, filter, first, after });
          const former = await e2e.sql<{ id: string }>(
            `SELECT id::text AS id FROM plan_result WHERE ${where} ORDER BY ${FORMER_ORDER[sort]} LIMIT ${first} OFFSET ${page * first}`,
            params,
          );
          expect({ sort, filter, page, ids: got.nodes.map((n) => n.id) }).toEqual({ sort, filter, page, ids: former.map((r) => r.id) });
          const value = (n: { pressure: number; formation: number }) => (sort === 'PRESSURE' ? n.pressure : n.formation);
          if (previous && got.nodes[0] && value(got.nodes[0]) === previous.value) tiesAcrossPages++;
          const last = got.nodes.at(-1);
          previous = last ? { id: last.id, value: value(last) } : null;
          if (!got.pageInfo.hasNextPage) {
            expect(page * first + got.nodes.length).toBe(got.totalCount);
            break;
          }
          after = got.pageInfo.endCursor;
        }
      }
    }
    // the walk crossed page boundaries inside runs of equal values, where an inexact cursor skips or repeats
    expect(tiesAcrossPages).toBeGreaterThan(20);
  });

  it('keeps accepting a cursor issued before (the sort value and the id) and rejects a foreign one by field', async () => {
    const [third] = await e2e.sql<{ pressure: string; id: string }>(
      `SELECT pressure::text AS pressure, id::text AS id FROM plan_result WHERE run_id = $1 ORDER BY pressure DESC, plan_result.id LIMIT 1 OFFSET 2`,
      [runId],
    );
    const old = Buffer.from(JSON.stringify([third!.pressure, third!.id])).toString('base64url');
    const [fourth] = await e2e.sql<{ id: string }>(
      `SELECT id::text AS id FROM plan_result WHERE run_id = $1 ORDER BY pressure DESC, plan_result.id LIMIT 1 OFFSET 3`,
      [runId],
    );
    expect((await needs({ first: 1, after: old })).nodes.map((n) => n.id)).toEqual([fourth!.id]);
    // a formation is a whole number that fits an integer: anything else is not one of our cursors
    for (const value of ['2.5', '99999999999']) {
      const foreign = Buffer.from(JSON.stringify([value, '1'])).toString('base64url');
      const res = await e2e.gql(NEEDS, { runId, sort: 'FORMATION', after: foreign });
      expect(res.errors?.[0]).toMatchObject({
        extensions: { code: 'BAD_USER_INPUT' },
        message: expect.stringContaining('after is not a cursor returned by this query'),
      });
    }
  });

  it('totals equal the sums of the rows of every filter, and come from the stored roll-ups at nation and agency scope', async () => {
    const filters: Filter[] = [
      {},
      { year: 2029 },
      { agencyCode: agency },
      { agencyCode: agency, year: 2027, category: 'PELAKSANA' },
      { category: 'FUNGSIONAL' },
      { agencyCode: agency, unitCode: unit },
      { positionCode: position, year: 2028 },
    ];
    for (const filter of filters) {
      const params: unknown[] = [runId];
      const [sums] = await e2e.sql<Totals>(`SELECT ${FORMER_TOTALS} FROM plan_result WHERE ${formerWhere(filter, params)}`, params);
      const got = await needs({ filter, first: 1 });
      expect({ filter, totals: got.totals }).toEqual({ filter, totals: sums });
      expect(got.totalCount).toBe(sums!.cells);
      expect(sums!.cells).toBeGreaterThan(0);
    }
    // a stored nation roll-up moved by one person moves the national totals of that year, and nothing else, once the
    // run's results are written again (which gives it a new finished_at); until then the totals kept are answered
    const nation2029 = (await needs({ filter: { year: 2029 }, first: 1 })).totals;
    await e2e.sql(
      `UPDATE plan_roll_up SET existing = existing + 1 WHERE run_id = $1 AND scope = 'NATION' AND group_by = 'NONE' AND year = 2029`,
      [runId],
    );
    try {
      expect((await needs({ filter: { year: 2029 }, first: 1 })).totals.existing).toBe(nation2029.existing);
      await resultsWrittenAgain();
      expect((await needs({ filter: { year: 2029 }, first: 1 })).totals.existing).toBe(nation2029.existing! + 1);
      expect((await needs({ filter: { year: 2029, agencyCode: agency }, first: 1 })).totals.existing).not.toBe(nation2029.existing! + 1);
    } finally {
      await e2e.sql(
        `UPDATE plan_roll_up SET existing = existing - 1 WHERE run_id = $1 AND scope = 'NATION' AND group_by = 'NONE' AND year = 2029`,
        [runId],
      );
      await resultsWrittenAgain();
    }
    // a caller limited to one agency gets the sums of that agency's rows
    const token = await e2e.tokenFor('AGENCY_OPERATOR', [agency]);
    const limited = await e2e.gql<{ formationNeeds: { totals: Totals } }>(NEEDS, { runId, first: 1 }, token);
    expect(limited.errors).toBeUndefined();
    expect(limited.data!.formationNeeds.totals).toEqual((await needs({ filter: { agencyCode: agency }, first: 1 })).totals);
  });

  it('formationSummary by agency and by category equals the sums of the rows, read from the roll-ups', async () => {
    const former = (group: string, select: string, year: number | null) =>
      e2e.sql(
        `SELECT ${select}, year, ${FORMER_TOTALS}, coalesce(sum(retirements), 0)::int AS retirements,
                coalesce(sum(contract_ends), 0)::int AS "contractEnds", coalesce(sum(attrition), 0)::float8 AS attrition
           FROM plan_result WHERE run_id = $1 AND ($2::int IS NULL OR year = $2) GROUP BY ${group}, year ORDER BY year, ${group} NULLS FIRST`,
        [runId, year],
      );
    const summary = async (groupBy: string, year: number | null) => {
      const res = await e2e.gql<{ formationSummary: unknown[] }>(SUMMARY, { runId, groupBy, year });
      expect(res.errors).toBeUndefined();
      return res.data!.formationSummary;
    };
    for (const year of [null, 2028]) {
      const byAgency = await former('agency_code', 'agency_code AS "agencyCode", NULL AS "unitCode", NULL AS category', year);
      expect(byAgency).toHaveLength(6 * (year ? 1 : YEARS.length));
      expect(await summary('AGENCY', year)).toEqual(byAgency);
      expect(await summary('CATEGORY', year)).toEqual(await former('category', 'NULL AS "agencyCode", NULL AS "unitCode", category', year));
    }
    const exits = await e2e.sql<{ n: number }>('SELECT sum(contract_ends + retirements)::int AS n FROM plan_result WHERE run_id = $1', [
      runId,
    ]);
    expect(exits[0]!.n).toBeGreaterThan(0);
    // read from the agency roll-ups: one moved there shows in the summary once the results are written again
    await e2e.sql(
      `UPDATE plan_roll_up SET contract_ends = contract_ends + 5 WHERE run_id = $1 AND scope = 'AGENCY' AND group_by = 'NONE' AND agency_code = $2 AND year = 2028`,
      [runId, agency],
    );
    try {
      await resultsWrittenAgain();
      const row = (await summary('AGENCY', 2028)).find((r) => (r as { agencyCode: string }).agencyCode === agency) as {
        contractEnds: number;
      };
      const [sum] = await e2e.sql<{ n: number }>(
        `SELECT sum(contract_ends)::int AS n FROM plan_result WHERE run_id = $1 AND agency_code = $2 AND year = 2028`,
        [runId, agency],
      );
      expect(row.contractEnds).toBe(sum!.n + 5);
    } finally {
      await e2e.sql(
        `UPDATE plan_roll_up SET contract_ends = contract_ends - 5 WHERE run_id = $1 AND scope = 'AGENCY' AND group_by = 'NONE' AND agency_code = $2 AND year = 2028`,
        [runId, agency],
      );
      await resultsWrittenAgain();
    }
  });

  it('reads each page of each sort from an index in the page order, without sorting, with and without a year filter', async () => {
    const service = e2e.app.get(FormationService);
    const planOf = async (sort: FormationSort, filter: Filter, after: string | null) => {
      const { text, params } = service.pageStatement({ runId, sort, filter, first: 50, after });
      const rows = await e2e.sql<{ 'QUERY PLAN': string }>(`EXPLAIN ${text}`, params);
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    };
    for (const sort of [FormationSort.PRESSURE, FormationSort.FORMATION]) {
      for (const filter of [{}, { year: 2028 }] as Filter[]) {
        const first = await needs({ sort, filter, first: 50 });
        for (const after of [null, first.pageInfo.endCursor]) {
          const plan = await planOf(sort, filter, after);
          expect({ sort, filter, after, plan }).toEqual({
            sort,
            filter,
            after,
            plan: expect.stringMatching(/Index Scan using \S+ on plan_result/),
          });
          expect({ sort, filter, after, plan }).toEqual({
            sort,
            filter,
            after,
            plan: expect.not.stringMatching(/Sort {2}\(|Seq Scan|Bitmap/),
          });
          // (a Merge Append of the batch tables' index scans keeps their order: its "Sort Key" is no sort)
          // the cursor bounds the index scan itself: no row before it is read and thrown away
          if (after) expect(plan).toMatch(/Index Cond: .*ROW\(/);
        }
      }
    }
  });

  it("reads a limited caller's page from the tables of its agencies' batches only", async () => {
    const service = e2e.app.get(FormationService);
    const [agency] = await e2e.sql<{ id: string; code: string }>(`SELECT id, code FROM agency WHERE code = 'AG-0003'`);
    const batches = await e2e.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhparent WHERE c.relname = $1`,
      [planResultTable(runId)],
    );
    expect(batches[0]!.n).toBe(3);
    for (const sort of [FormationSort.PRESSURE, FormationSort.FORMATION]) {
      const { text, params } = service.pageStatement(
        { runId, sort, filter: {}, first: 50, after: null },
        { ids: [agency!.id], codes: [agency!.code] },
      );
      const plan = (await e2e.sql<{ 'QUERY PLAN': string }>(`EXPLAIN ${text}`, params)).map((r) => r['QUERY PLAN']).join('\n');
      // one batch table, walked on its sort's index: no Merge Append over the others
      expect({ sort, scans: plan.match(/Index Scan using \S+ on plan_result_\w+/g)?.length ?? 0 }).toEqual({ sort, scans: 1 });
      expect(plan).not.toMatch(/Sort {2}\(|Seq Scan|Merge Append/);
    }
  });
});
