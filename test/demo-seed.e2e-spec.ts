import { parseNip } from '@formasi/planning';
import { demoEmployees, seedDemo } from '../scripts/seed-demo';
import { seedDemoProposals } from '../scripts/demo-proposals';
import { DEMO_AGENCY, DEMO_YEARS } from '../scripts/demo-data';
import { E2eApp, startE2eApp, waitForRun } from './support/e2e-app';
import { mutate, START_RUN } from './support/reference-data';

describe('demo data (npm start)', () => {
  let e2e: E2eApp;

  beforeAll(async () => {
    e2e = await startE2eApp();
  });

  afterAll(async () => {
    await e2e?.close();
  });

  it('generates valid NIPs that agree with each row', () => {
    const staff = demoEmployees();
    expect(staff.length).toBeGreaterThanOrEqual(250);
    expect(new Set(staff.map((e) => e.nip)).size).toBe(staff.length);
    for (const e of staff) {
      const nip = parseNip(e.nip);
      if (typeof nip === 'string') throw new Error(`${e.nip}: ${nip}`);
      expect(String(nip.birthYmd)).toBe(e.birthDate.replace(/-/g, ''));
      expect(nip.sex).toBe(e.sex);
      expect(nip.pppkMarker).toBe(e.employmentType === 'PPPK');
    }
  });

  it('seeds idempotently and plans five years without errors', async () => {
    const url = (await e2e.sql<{ url: string }>('SELECT current_database() AS url'))[0]!.url;
    const dbUrl = new URL(process.env.DATABASE_URL!);
    dbUrl.pathname = `/${url}`;
    const snapshot = async (): Promise<unknown> =>
      e2e.sql(`SELECT (SELECT count(*) FROM agency) a, (SELECT count(*) FROM org_unit) u, (SELECT count(*) FROM position) p,
                      (SELECT count(*) FROM workload_activity) w, (SELECT count(*) FROM development_target) t,
                      (SELECT count(*) FROM employee) e, (SELECT md5(string_agg(nip || name || unit_id, ',' ORDER BY nip)) FROM employee) h`);
    await seedDemo(dbUrl.toString());
    const once = await snapshot();
    await seedDemo(dbUrl.toString());
    expect(await snapshot()).toEqual(once);
    // standards and targets arrive as the shipped example files, each one version (the second seed was a no-op)
    expect(await e2e.sql(`SELECT kind, file_name, status, version, row_count FROM standards_submission ORDER BY kind`)).toEqual([
      { kind: 'STANDARDS', file_name: 'standar-abk-kab-sukamaju.csv', status: 'COMMITTED', version: 1, row_count: 58 },
      { kind: 'TARGETS', file_name: 'target-kab-sukamaju.csv', status: 'COMMITTED', version: 1, row_count: 40 },
    ]);

    const started = await mutate<{ startPlanRun: { id: string } }>(e2e, START_RUN, {
      i: { agencyCode: DEMO_AGENCY.code, asOf: `${DEMO_YEARS[0]! - 1}-12-31`, years: DEMO_YEARS },
    });
    const run = await waitForRun(e2e, started.startPlanRun.id);
    expect(run).toMatchObject({ status: 'SUCCEEDED', error: null });
    const [totals] = await e2e.sql<{ cells: number; years: number; formation: number }>(
      'SELECT count(DISTINCT (unit_code, position_code))::int AS cells, count(DISTINCT year)::int AS years, sum(formation)::int AS formation FROM plan_result WHERE run_id = $1',
      [started.startPlanRun.id],
    );
    expect(totals).toMatchObject({ cells: 31, years: 5 });
    expect(totals!.formation).toBeGreaterThan(0);
    // the demo's cost table prices every grade it uses, so the tour's formationCost is a full total
    expect(
      await e2e.sql('SELECT count(*)::int AS n FROM plan_result WHERE run_id = $1 AND annual_cost IS NULL', [started.startPlanRun.id]),
    ).toEqual([{ n: 0 }]);

    // the tour's proposals: the first plan year determined, the second signed; seeding again changes nothing
    const proposals = await seedDemoProposals(e2e.app, started.startPlanRun.id, [2026, 2027]);
    expect(proposals.map((p) => [p.year, p.state])).toEqual([
      [2026, 'DETERMINED'],
      [2027, 'SIGNED'],
    ]);
    expect(await seedDemoProposals(e2e.app, started.startPlanRun.id, [2026, 2027])).toEqual(proposals);
    const [determined] = await e2e.sql<{ proposed: number; verified: number; determined: number; need: number }>(
      `SELECT sum(l.count)::int AS proposed, sum(l.verified_count)::int AS verified, sum(l.determined_count)::int AS determined,
              (SELECT sum(formation)::int FROM plan_result WHERE run_id = $2 AND year = 2026) AS need
         FROM proposal_line l WHERE l.proposal_id = $1`,
      [proposals[0]!.id, started.startPlanRun.id],
    );
    // the determined proposal has its outcomes: every line reported, and every place filled or explained
    const [funnel] = await e2e.sql<{ lines: number; reported: number; determined: number; closed: number; reasons: number }>(
      `SELECT count(*)::int AS lines, count(o.line_id)::int AS reported, sum(l.determined_count)::int AS determined,
              sum(o.appointed + o.unfilled)::int AS closed, count(DISTINCT o.unfilled_reason)::int AS reasons
         FROM proposal_line l LEFT JOIN recruitment_outcome o ON o.line_id = l.id WHERE l.proposal_id = $1`,
      [proposals[0]!.id],
    );
    expect(funnel!.reported).toBe(funnel!.lines);
    expect(funnel!.closed).toBe(funnel!.determined);
    expect(funnel!.reasons).toBeGreaterThanOrEqual(2);
    // drafted at the need, one line lowered by one at verification, determined as verified
    const need = determined!.need;
    expect(determined).toEqual({ need, proposed: need, verified: need - 1, determined: need - 1 });
    expect(determined!.need).toBeGreaterThan(1);
  });
});
