import { DataSource } from 'typeorm';
import { computePlan } from '@formasi/planning';
import { purgeRosterRows, runAgencyProblem } from '@formasi/database';
import { toResultRows } from '../apps/worker/src/plan-runs/plan-result.mapper';
import { E2eApp, startE2eApp, waitForRun } from './support/e2e-app';
import { loadSmallRegency, mutate, START_RUN, UPSERT_EMPLOYEES, UPSERT_STANDARD } from './support/reference-data';

// A run keeps the roster version it read by reference and the rest of each agency's problem
// compressed; putting them back together must give exactly the problem the run computed, even
// after the standards and the roster changed. Hand figures (formation-plan.e2e-spec.ts):
// PERAWAT @ PKM-A 2027 requiredFte 6.25, existing 4, one retirement (NIP 196903152000032001), formation 3.

const EXPLAIN = `query($runId: ID!) {
  cellExplanationMarkdown(runId: $runId, agencyCode: "KAB-UJI", unitCode: "PKM-A", positionCode: "PERAWAT", year: 2027) }`;
const FIGURES = `unit_code AS "unitCode", position_code AS "positionCode", year, required_fte::float8 AS "requiredFte", required,
  existing::float8 AS existing, retirements, contract_ends AS "contractEnds", supply_end::float8 AS "supplyEnd", formation, pressure::float8 AS pressure`;

describe('plan run inputs by reference', () => {
  let e2e: E2eApp;
  let runId: string;
  let rosterRead: string;

  beforeAll(async () => {
    e2e = await startE2eApp();
    await loadSmallRegency(e2e);
    const started = await mutate<{ startPlanRun: { id: string } }>(e2e, START_RUN, {
      i: { agencyCode: 'KAB-UJI', asOf: '2026-12-31', years: [2027, 2028] },
    });
    runId = started.startPlanRun.id;
    expect(await waitForRun(e2e, runId)).toMatchObject({ status: 'SUCCEEDED' });
  });

  afterAll(async () => {
    await e2e?.close();
  });

  it('records the roster version it read and the reference data compressed, not the employees as jsonb', async () => {
    const [input] = await e2e.sql<{ problem: unknown; rosterId: string; current: string; bytes: number }>(
      `SELECT i.problem, i.roster_submission_id AS "rosterId", s.id AS current, length(i.reference) AS bytes
         FROM plan_run_input i JOIN staffing_submission s ON s.agency_id = i.agency_id AND s.status = 'COMMITTED' WHERE i.run_id = $1`,
      [runId],
    );
    rosterRead = input!.rosterId;
    expect(input).toMatchObject({ problem: null, rosterId: input!.current });
    expect(input!.bytes).toBeGreaterThan(0);
  });

  it('puts back exactly the problem the run computed after the standards and the roster changed', async () => {
    // the nurses' standard doubles, and the retiring nurse leaves the roster (a new version)
    await mutate(e2e, UPSERT_STANDARD, {
      i: {
        positionCode: 'PERAWAT',
        agencyCode: 'KAB-UJI',
        unitCode: 'PKM-A',
        activities: [{ kind: 'SERVICE', name: 'Asuhan', driverIndicator: 'kunjungan_rawat_jalan', driverFactor: 1, minutesPerUnit: 20 }],
      },
    });
    await mutate(e2e, UPSERT_EMPLOYEES, {
      i: {
        agencyCode: 'KAB-UJI',
        replaceRoster: true,
        rows: [
          {
            nip: '199001012015031001',
            name: 'Agus Santoso',
            birthDate: '1990-01-01',
            sex: 'M',
            employmentType: 'PNS',
            positionCode: 'PERAWAT',
            unitCode: 'PKM-A',
            tmt: '2015-03-01',
          },
        ],
      },
    });
    const [latest] = await e2e.sql<{ current: string }>(
      `SELECT s.id AS current FROM staffing_submission s JOIN agency a ON a.id = s.agency_id WHERE a.code = 'KAB-UJI' AND s.status = 'COMMITTED'`,
    );
    expect(latest!.current).not.toBe(rosterRead);

    const db = e2e.app.get(DataSource);
    const problem = (await runAgencyProblem(db, runId, { agencyCode: 'KAB-UJI' }))!;
    expect((problem.plan?.employees ?? []).map((e) => e.nip)).toContain('196903152000032001');
    const positions = Object.fromEntries(
      (await e2e.sql<{ code: string; category: string; level: string | null }>('SELECT code, category, level FROM position')).map((p) => [
        p.code,
        { category: p.category, level: p.level },
      ]),
    );
    const [agency] = await e2e.sql<{ id: string }>(`SELECT id FROM agency WHERE code = 'KAB-UJI'`);
    const recomputed = toResultRows(
      { agencyId: agency!.id, agencyCode: 'KAB-UJI', rosterId: rosterRead, problem, overrides: {}, positions },
      computePlan(problem),
    );
    const stored = await e2e.sql<Record<string, unknown>>(
      `SELECT ${FIGURES} FROM plan_result WHERE run_id = $1 ORDER BY unit_code, position_code, year`,
      [runId],
    );
    const pick = (r: object) =>
      Object.fromEntries(
        [
          'unitCode',
          'positionCode',
          'year',
          'requiredFte',
          'required',
          'existing',
          'retirements',
          'contractEnds',
          'supplyEnd',
          'formation',
          'pressure',
        ].map((k) => [k, (r as Record<string, unknown>)[k]]),
      );
    const byKey = (r: Record<string, unknown>) => `${String(r.unitCode)}|${String(r.positionCode)}|${String(r.year)}`;
    expect(recomputed.map(pick).sort((a, b) => byKey(a).localeCompare(byKey(b)))).toEqual(
      stored.map(pick).sort((a, b) => byKey(a).localeCompare(byKey(b))),
    );
    expect(stored).toContainEqual(
      expect.objectContaining({
        unitCode: 'PKM-A',
        positionCode: 'PERAWAT',
        year: 2027,
        requiredFte: 6.25,
        existing: 4,
        retirements: 1,
        formation: 3,
      }),
    );

    // and the explanation a planner reads is the run's, not today's data
    const md = (await e2e.gql<{ cellExplanationMarkdown: string }>(EXPLAIN, { runId })).data!.cellExplanationMarkdown;
    expect(md).toMatch(/\| 196903152000032001 \| PNS \|/);
    expect(md).toContain('6.25');
  });

  it('says why when the roster version the run read was purged by retention', async () => {
    // the test before explained this agency of the run: the API keeps its problem, and still reads the purge afresh
    const db = e2e.app.get(DataSource);
    await db.transaction((tx) => purgeRosterRows(tx, rosterRead));
    const res = await e2e.gql(EXPLAIN, { runId });
    expect(res.errors?.[0]?.extensions?.code).toBe('WRONG_STATE');
    expect(res.errors?.[0]?.message).toMatch(/roster version 1 of agency KAB-UJI, which this run read, was purged by roster retention/);
  });
});
