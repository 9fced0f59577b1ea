import { DataSource } from 'typeorm';
import { purgeRosterRows } from '@formasi/database';
import { E2eApp, startE2eApp, waitForRun } from './support/e2e-app';
import { loadSmallRegency, mutate, START_RUN, UPSERT_POSITION } from './support/reference-data';
import { AGENCY, COMMIT, loadImportAgency, nip, pns, RosterRow, toCsv, uploadAndValidate } from './fixtures/staffing/staffing-helpers';

// KAB-IMPOR's roster versions (BUP 58 for PELAKSANA and FUNGSIONAL TERAMPIL):
//   v1 2026-12-31  A PENGADMIN born 1969-03-10 (last day 2027-03-31) · B ANALIS born 1969-08-05 (2027-08-31)
//                  C PERAWAT PPPK, contract to 2027-06-30 · D PENGADMIN born 1970-05-05 (2028-05-31)
//                  E PENGADMIN born 1985 · F PENGADMIN born 1980 · G PERAWAT PNS born 1988
//   run on v1: asOf 2026-12-31, years 2027–2028, attrition 0.1
//   v2 2026-12-31  a correction: v1 + H PENGADMIN born 1969-11-20 (last day 2027-11-30), whom the run never saw
//   (a law raises ANALIS's retirement age to 60: B stays)
//   v3 2027-12-31  B, E, G and a joiner J
//
// The run's 2027 (plan_result): PELAKSANA supplyStart 5 (PENGADMIN 4 + ANALIS 1), retirements 2 (A, B),
//   expected attrition 0.1 × (4 − 1) + 0.1 × 0 = 0.3 → 0 whole persons;
//   FUNGSIONAL supplyStart 2, contract ends 1 (C), expected 0.1 × 1 = 0.1 → 0.
// Observed between v2 and v3 (12 months): leavers A, C, D, F, H.
//   PELAKSANA in post 6: A, H reached pension age (retirements 2), D, F left otherwise (2) → stayers 6 − 2 = 4,
//     suggested rate 2 / (4 × 12/12) = 0.5; exits projected 2, observed 4 → error +2 (+100 %)
//   FUNGSIONAL in post 2: C's contract ended (1) → stayers 1, rate 0 / 1 = 0; exits 1 against 1
//   agency: 2 other leavers / 5 person-years = 0.4 (the average of the categories' rates would say 0.25)
//   by NIP: A left and C left as projected, B was projected and stayed, H retired unprojected,
//   D left a year before the run expected (2028), F left unprojected.

const ROW = (seq: number, name: string, birth: string, position: string, unit: string): RosterRow =>
  pns(seq, name, birth, 'M', position, unit, '2010-01-01');
const A = ROW(1, 'Ahmad', '1969-03-10', 'PENGADMIN', 'SETDA');
const B = ROW(2, 'Bambang', '1969-08-05', 'ANALIS', 'SETDA');
const C: RosterRow = {
  nip: nip('1990-01-01', '2019-01-01', 'F', 3, true),
  name: 'Citra',
  birth: '1990-01-01',
  sex: 'F',
  type: 'PPPK',
  position: 'PERAWAT',
  unit: 'PUSKESMAS',
  tmt: '2019-01-01',
  contractEnd: '2027-06-30',
};
const D = ROW(4, 'Dedi', '1970-05-05', 'PENGADMIN', 'SETDA');
const E = ROW(5, 'Eko', '1985-01-01', 'PENGADMIN', 'SETDA');
const F = ROW(6, 'Fajar', '1980-02-02', 'PENGADMIN', 'SETDA');
const G = ROW(7, 'Gita', '1988-04-04', 'PERAWAT', 'PUSKESMAS');
const H = ROW(8, 'Hadi', '1969-11-20', 'PENGADMIN', 'SETDA');
const J = pns(9, 'Joko', '1995-09-09', 'M', 'PENGADMIN', 'SETDA', '2020-01-01');

const FIGURES = `category projectedSupplyStart projectedRetirements projectedContractEnds projectedAttrition projectedExpectedAttrition projectedExits
  projectedAttritionRate observedInPost observedLeavers observedRetirements observedContractEnds observedOtherLeavers observedStayers exposureYears
  retirementsError contractEndsError attritionError exitsError exitsRelativeError retirementsProjectedLeft retirementsProjectedStayed
  retirementsUnprojected contractEndsProjectedLeft contractEndsProjectedStayed contractEndsUnprojected suggestedAttritionRate`;
const REPORT = `query($r: ID!, $y: Int!, $c: String) { projectionAccuracy(runId: $r, year: $y, agencyCode: $c) {
  runId year total { ${FIGURES} } categories { category suggestedAttritionRate }
  agencies { agencyCode observed unobservedReason periodStart fromVersion fromAsOf toVersion toAsOf windowMonths total { ${FIGURES} } categories { ${FIGURES} } } } }`;
const STAFF = `query($r: ID!, $y: Int!, $c: String!, $s: ExitAccuracyStatus, $first: Int, $after: String) {
  projectionAccuracyStaff(runId: $r, year: $y, agencyCode: $c, status: $s, first: $first, after: $after) {
    totalCount pageInfo { endCursor hasNextPage }
    edges { cursor node { nip positionCode unitCode category level employmentType status projectedExit projectedExitYear projectedLastDay observedExit observedLastDay } } } }`;

type Figures = Record<string, unknown>;
interface Report {
  total: Figures | null;
  categories: Array<{ category: string; suggestedAttritionRate: number | null }>;
  agencies: Array<Figures & { agencyCode: string; total: Figures | null; categories: Figures[] }>;
}

describe('projection accuracy: a run against the roster versions that bracket its year', () => {
  let e2e: E2eApp;
  let runId: string;
  let nationalRunId: string;

  const commitVersion = async (rows: RosterRow[], asOf: string, name: string): Promise<number> => {
    const s = await uploadAndValidate(e2e, toCsv(rows), name, { asOf });
    if (s.status !== 'VALIDATED') throw new Error(`${name}: ${JSON.stringify(s.errors)}`);
    const res = await mutate<{ commitStaffingSubmission: { version: number } }>(e2e, COMMIT, { id: s.id, confirm: false });
    return res.commitStaffingSubmission.version;
  };
  const startRun = async (agencyCode: string | null, asOf: string, years: number[]): Promise<string> => {
    const started = await mutate<{ startPlanRun: { id: string } }>(e2e, START_RUN, { i: { agencyCode, asOf, years, attritionRate: 0.1 } });
    const run = await waitForRun(e2e, started.startPlanRun.id);
    if (run.status !== 'SUCCEEDED') throw new Error(`plan run failed: ${JSON.stringify(run)}`);
    return started.startPlanRun.id;
  };
  const report = async (vars: Record<string, unknown>, token?: string): Promise<Report> => {
    const res = await e2e.gql<{ projectionAccuracy: Report }>(REPORT, { r: runId, y: 2027, ...vars }, token);
    expect(res.errors).toBeUndefined();
    return res.data!.projectionAccuracy;
  };

  beforeAll(async () => {
    e2e = await startE2eApp();
    await loadSmallRegency(e2e);
    await loadImportAgency(e2e);
    await mutate(e2e, UPSERT_POSITION, { i: { code: 'ANALIS', name: 'Analis Kepegawaian', category: 'PELAKSANA' } });
    expect(await commitVersion([A, B, C, D, E, F, G], '2026-12-31', 'v1.csv')).toBe(1);
    runId = await startRun(AGENCY, '2026-12-31', [2027, 2028]);
    nationalRunId = await startRun(null, '2026-12-31', [2027, 2028]);
    expect(await commitVersion([A, B, C, D, E, F, G, H], '2026-12-31', 'v2.csv')).toBe(2);
    await mutate(e2e, UPSERT_POSITION, {
      i: { code: 'ANALIS', name: 'Analis Kepegawaian', category: 'PELAKSANA', retirementAgeOverride: 60 },
    });
    expect(await commitVersion([B, E, G, J], '2027-12-31', 'v3.csv')).toBe(3);
  });

  afterAll(async () => {
    await e2e?.close();
  });

  it('compares projected and observed exits per category and suggests attrition rates from ratios of sums', async () => {
    const r = await report({});
    expect(r.agencies).toHaveLength(1);
    const [agency] = r.agencies;
    // the later correction of the same snapshot is the earlier end of the bracket
    expect(agency).toMatchObject({
      agencyCode: AGENCY,
      observed: true,
      unobservedReason: null,
      periodStart: '2026-12-31',
      fromVersion: 2,
      fromAsOf: '2026-12-31',
      toVersion: 3,
      toAsOf: '2027-12-31',
      windowMonths: 12,
    });
    const [pelaksana, fungsional] = agency!.categories;
    expect(pelaksana).toEqual({
      category: 'PELAKSANA',
      projectedSupplyStart: 5,
      projectedRetirements: 2,
      projectedContractEnds: 0,
      projectedAttrition: 0,
      projectedExpectedAttrition: expect.closeTo(0.3, 9),
      projectedExits: 2,
      projectedAttritionRate: expect.closeTo(0.1, 9),
      observedInPost: 6,
      observedLeavers: 4,
      observedRetirements: 2,
      observedContractEnds: 0,
      observedOtherLeavers: 2,
      observedStayers: 4,
      exposureYears: 4,
      retirementsError: 0,
      contractEndsError: 0,
      attritionError: 2,
      exitsError: 2,
      exitsRelativeError: 1,
      retirementsProjectedLeft: 1,
      retirementsProjectedStayed: 1,
      retirementsUnprojected: 1,
      contractEndsProjectedLeft: 0,
      contractEndsProjectedStayed: 0,
      contractEndsUnprojected: 0,
      suggestedAttritionRate: 0.5,
    });
    expect(fungsional).toMatchObject({
      category: 'FUNGSIONAL',
      projectedSupplyStart: 2,
      projectedContractEnds: 1,
      projectedExpectedAttrition: expect.closeTo(0.1, 9),
      projectedExits: 1,
      observedInPost: 2,
      observedLeavers: 1,
      observedContractEnds: 1,
      observedOtherLeavers: 0,
      observedStayers: 1,
      exposureYears: 1,
      exitsError: 0,
      contractEndsProjectedLeft: 1,
      suggestedAttritionRate: 0,
    });
    expect(agency!.total).toMatchObject({
      category: null,
      projectedExits: 3,
      observedInPost: 8,
      observedLeavers: 5,
      observedOtherLeavers: 2,
      exposureYears: 5,
      exitsError: 2,
      exitsRelativeError: expect.closeTo(2 / 3, 9),
      suggestedAttritionRate: 0.4,
    });
    expect(r.total).toEqual(agency!.total);
    expect(r.categories).toEqual([
      { category: 'PELAKSANA', suggestedAttritionRate: 0.5 },
      { category: 'FUNGSIONAL', suggestedAttritionRate: 0 },
    ]);
  });

  it('lists by NIP who was projected to leave and did or did not, and who left unprojected', async () => {
    const res = await e2e.gql<{ projectionAccuracyStaff: { totalCount: number; edges: Array<{ node: Record<string, unknown> }> } }>(STAFF, {
      r: runId,
      y: 2027,
      c: AGENCY,
    });
    expect(res.errors).toBeUndefined();
    const rows = res.data!.projectionAccuracyStaff.edges.map((e) => e.node);
    const view = rows.map((n) => [
      n.nip,
      n.status,
      n.projectedExit,
      n.projectedExitYear,
      n.projectedLastDay,
      n.observedExit,
      n.observedLastDay,
    ]);
    expect(view).toEqual([
      [A.nip, 'PROJECTED_LEFT', 'RETIREMENT', 2027, '2027-03-31', 'RETIREMENT', '2027-03-31'],
      [B.nip, 'PROJECTED_STAYED', 'RETIREMENT', 2027, '2027-08-31', null, null],
      [H.nip, 'LEFT_UNPROJECTED', null, null, null, 'RETIREMENT', '2027-11-30'],
      [D.nip, 'LEFT_UNPROJECTED', null, 2028, '2028-05-31', 'OTHER', null],
      [F.nip, 'LEFT_UNPROJECTED', null, null, null, 'OTHER', null],
      [C.nip, 'PROJECTED_LEFT', 'CONTRACT_END', 2027, '2027-06-30', 'CONTRACT_END', '2027-06-30'],
    ]);
    expect(rows[5]).toMatchObject({
      positionCode: 'PERAWAT',
      unitCode: 'PUSKESMAS',
      category: 'FUNGSIONAL',
      level: 'TERAMPIL',
      employmentType: 'PPPK',
    });

    // paged, and filtered by status
    const page = async (after: string | null) =>
      (
        await e2e.gql<{
          projectionAccuracyStaff: {
            totalCount: number;
            pageInfo: { endCursor: string; hasNextPage: boolean };
            edges: Array<{ node: { nip: string } }>;
          };
        }>(STAFF, { r: runId, y: 2027, c: AGENCY, s: 'LEFT_UNPROJECTED', first: 2, after })
      ).data!.projectionAccuracyStaff;
    const first = await page(null);
    const second = await page(first.pageInfo.endCursor);
    expect([first.totalCount, first.pageInfo.hasNextPage, second.pageInfo.hasNextPage]).toEqual([3, true, false]);
    expect([...first.edges, ...second.edges].map((e) => e.node.nip)).toEqual([H.nip, D.nip, F.nip]);
  });

  it('says why a year cannot be compared yet, and refuses a year the run did not project whole', async () => {
    const r = await report({ y: 2028 });
    expect(r.agencies[0]).toMatchObject({
      observed: false,
      unobservedReason: 'NO_ROSTER_AFTER',
      periodStart: '2027-12-31',
      fromVersion: 3,
      toVersion: null,
      total: null,
      categories: [],
    });
    expect(r.total).toBeNull();
    const staff = await e2e.gql(STAFF, { r: runId, y: 2028, c: AGENCY });
    expect(staff.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(staff.errors![0]!.message).toMatch(/2028 cannot be compared yet: NO_ROSTER_AFTER/);

    const late = await startRun(AGENCY, '2028-03-31', [2028]);
    const refused = await e2e.gql(REPORT, { r: late, y: 2028 });
    expect(refused.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(refused.errors![0]!.message).toMatch(/roster of 2028-03-31, not before 2028/);
    const notAPlanYear = await e2e.gql(REPORT, { r: runId, y: 2029 });
    expect(notAPlanYear.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
  });

  it('shows an agency operator its own agencies only, and planners counts without NIPs', async () => {
    // the national run: KAB-UJI has no version after 2027, KAB-IMPOR compares as above
    const all = await report({ r: nationalRunId });
    expect(all.agencies.map((a) => [a.agencyCode, a.observed, a.unobservedReason])).toEqual([
      ['KAB-IMPOR', true, null],
      ['KAB-UJI', false, 'NO_ROSTER_AFTER'],
    ]);
    expect(all.total).toMatchObject({ observedLeavers: 5, suggestedAttritionRate: 0.4 });

    const operator = await e2e.tokenFor('AGENCY_OPERATOR', ['KAB-UJI']);
    const own = await report({ r: nationalRunId }, operator);
    expect(own.agencies.map((a) => a.agencyCode)).toEqual(['KAB-UJI']);
    expect(own.total).toBeNull();
    const foreign = await e2e.gql(STAFF, { r: nationalRunId, y: 2027, c: AGENCY }, operator);
    expect(foreign.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    expect((await e2e.gql(REPORT, { r: runId, y: 2027 }, operator)).errors![0]!.extensions!.code).toBe('FORBIDDEN');

    const planner = await e2e.tokenFor('PLANNER');
    const counts = await e2e.gql<{ projectionAccuracyStaff: { edges: Array<{ node: { nip: string | null; status: string } }> } }>(
      STAFF,
      { r: runId, y: 2027, c: AGENCY },
      planner,
    );
    expect(counts.data!.projectionAccuracyStaff.edges.map((e) => [e.node.nip, e.node.status])[0]).toEqual([null, 'PROJECTED_LEFT']);
  });

  it('exports the report as CSV, one row per agency and category and one per agency', async () => {
    const res = await e2e.http().get(`/runs/${runId}/projection-accuracy.csv?year=2027`);
    expect(res.status).toBe(200);
    const [header, ...lines] = res.text.trim().split('\n');
    const columns = header!.split(',');
    const rows = lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [columns[i], v])));
    expect(rows.map((r) => [r.agencyCode, r.fromVersion, r.toVersion, r.category, r.observedLeavers, r.suggestedAttritionRate])).toEqual([
      ['KAB-IMPOR', '2', '3', 'PELAKSANA', '4', '0.5'],
      ['KAB-IMPOR', '2', '3', 'FUNGSIONAL', '1', '0'],
      ['KAB-IMPOR', '2', '3', '', '5', '0.4'],
    ]);
    expect((await e2e.http().get(`/runs/${runId}/projection-accuracy.csv`)).status).toBe(400);
  });

  it('says so, and never fails inside, when the roster version a run read is gone (a run kept from before retention kept it)', async () => {
    // both runs read KAB-IMPOR's version 1; its rows are dropped outside retention's rule
    const [v1] = await e2e.sql<{ id: string }>(
      `SELECT s.id FROM staffing_submission s JOIN agency a ON a.id = s.agency_id WHERE a.code = $1 AND s.version = 1`,
      [AGENCY],
    );
    await e2e.app.get(DataSource).transaction((tx) => purgeRosterRows(tx, v1!.id));
    const message = `roster version 1 of agency ${AGENCY}, which this run read, was purged by roster retention: its inputs can no longer be recomputed`;
    // the report: that agency is not observed, and says why; the others still are
    const all = await report({ r: nationalRunId });
    expect(all.agencies.map((a) => [a.agencyCode, a.observed, a.unobservedReason])).toEqual([
      ['KAB-IMPOR', false, 'RUN_INPUTS_PURGED'],
      ['KAB-UJI', false, 'NO_ROSTER_AFTER'],
    ]);
    expect(all.total).toBeNull();
    // the staff list and the cell explanation of that agency: a clear error, not an internal one
    const staff = await e2e.gql(STAFF, { r: runId, y: 2027, c: AGENCY });
    expect(staff.errors).toEqual([expect.objectContaining({ message, extensions: { code: 'RUN_INPUTS_PURGED' } })]);
    const explain = await e2e.gql(
      `{ cellExplanation(runId: "${runId}", agencyCode: "${AGENCY}", unitCode: "SETDA", positionCode: "PENGADMIN", year: 2027) }`,
    );
    expect(explain.errors).toEqual([expect.objectContaining({ message, extensions: { code: 'RUN_INPUTS_PURGED' } })]);
    const csv = await e2e.http().get(`/runs/${runId}/projection-accuracy.csv?year=2027`);
    expect(csv.status).toBe(200);
  });
});
