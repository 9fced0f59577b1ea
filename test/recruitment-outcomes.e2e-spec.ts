import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { E2eApp, startE2eApp } from './support/e2e-app';
import { Proposal, act, loadProposalRegency } from './proposal.fixture';
import { runPlan } from './planner-tools.fixture';
import { COMMIT, nip, roster, RosterRow, toCsv, uploadAndValidate } from './fixtures/staffing/staffing-helpers';
import { mutate } from './support/reference-data';

// Outcomes (realisasi) of the planner regency's determined 2027 formation. The determination
// (proposal.fixture.ts, plus a disability-track clerk) has five lines, 6 places:
//   A PENGADMIN DINKES CPNS TEKNIS UMUM 1      B PENGADMIN DINKES CPNS TEKNIS DISABILITAS 1
//   C PENGADMIN PKM-B  CPNS TEKNIS UMUM 1      D PERAWAT PKM-A CPNS NAKES UMUM 2      E PERAWAT PKM-A PPPK NAKES UMUM 1

const HEADER =
  'line_id,position_code,unit_code,procurement,formation_type,determined,applicants,passed,optimalisasi,withdrew,appointed,unfilled,unfilled_reason';
const FUNNEL = `query($level: FunnelLevel!, $byGroup: Boolean!) { recruitmentFunnel(level: $level, year: 2027, byGroup: $byGroup) {
  year agencyCode provinceCode procurement group lines determined reportedLines reportedDetermined announced applicants passed
  optimalisasi withdrew appointed unfilled unfilledNoApplicant unfilledNotQualified unfilledWithdrew unfilledNotAnnounced unfilledOther
  reportedShare announcedRate applicantsPerPlace passRate optimalisasiRate withdrawalRate fillRate unfilledRate } }`;

interface Report {
  dryRun: boolean;
  applied: boolean;
  rows: number;
  changed: number;
  errors: Array<{ row: number; column: string; rule: string; value: string | null; message: string }>;
}

describe('recruitment outcomes: realisasi per determined line and the funnel', () => {
  let e2e: E2eApp;
  let operator: string;
  let otherOperator: string;
  let viewer: string;
  let p: Proposal;
  let firstRun: string;
  const id: Record<string, string> = {};

  beforeAll(async () => {
    e2e = await startE2eApp();
    const runId = await loadProposalRegency(e2e);
    firstRun = runId;
    operator = await e2e.tokenFor('AGENCY_OPERATOR', ['KAB-UJI']);
    otherOperator = await e2e.tokenFor('AGENCY_OPERATOR', ['KAB-LAIN']);
    viewer = await e2e.tokenFor('VIEWER');
    const head = await e2e.tokenFor('AGENCY_HEAD', ['KAB-UJI']);
    const verifier = await e2e.tokenFor('VERIFIER');
    const ministry = await e2e.tokenFor('MINISTRY');
    const ok = (r: { proposal?: Proposal; errors?: unknown }): Proposal => {
      expect(r.errors).toBeUndefined();
      return r.proposal!;
    };
    p = ok(await act(e2e, operator, 'createProposalFromRun', 'CreateProposalFromRunInput', { runId, agencyCode: 'KAB-UJI', year: 2027 }));
    p = ok(
      await act(e2e, operator, 'updateProposalLines', 'UpdateProposalLinesInput', {
        id: p.id,
        upsert: [
          {
            positionCode: 'PENGADMIN',
            unitCode: 'DINKES',
            procurement: 'CPNS',
            group: 'TEKNIS',
            count: 1,
            justification: 'formasi umum dan disabilitas',
          },
          {
            positionCode: 'PENGADMIN',
            unitCode: 'DINKES',
            procurement: 'CPNS',
            group: 'TEKNIS',
            formationType: 'DISABILITAS',
            count: 1,
            justification: 'formasi khusus disabilitas',
          },
        ],
      }),
    );
    p = ok(await act(e2e, operator, 'submitProposal', 'ProposalActionInput', { id: p.id }));
    p = ok(
      await act(e2e, head, 'signProposal', 'SignProposalInput', { id: p.id, signerName: 'Drs. Bambang', signerNip: '197001011995031001' }),
    );
    p = ok(await act(e2e, verifier, 'takeProposalForVerification', 'ProposalActionInput', { id: p.id }));
    p = ok(await act(e2e, verifier, 'verifyProposal', 'VerifyProposalInput', { id: p.id, adjustments: [] }));
    p = ok(
      await act(e2e, ministry, 'determineProposal', 'DetermineProposalInput', {
        id: p.id,
        decreeNumber: 'B/9/2027',
        decreeDate: '2027-03-01',
      }),
    );
    const find = (pos: string, unit: string, proc: string, type = 'UMUM') =>
      p.lines.find((l) => l.positionCode === pos && l.unitCode === unit && l.procurement === proc && l.formationType === type)!.id;
    id.A = find('PENGADMIN', 'DINKES', 'CPNS');
    id.B = find('PENGADMIN', 'DINKES', 'CPNS', 'DISABILITAS');
    id.C = find('PENGADMIN', 'PKM-B', 'CPNS');
    id.D = find('PERAWAT', 'PKM-A', 'CPNS');
    id.E = find('PERAWAT', 'PKM-A', 'PPPK');
    expect(p.lines.map((l) => [l.positionCode, l.unitCode, l.procurement, l.formationType, l.determinedCount])).toEqual([
      ['PENGADMIN', 'DINKES', 'CPNS', 'DISABILITAS', 1],
      ['PENGADMIN', 'DINKES', 'CPNS', 'UMUM', 1],
      ['PENGADMIN', 'PKM-B', 'CPNS', 'UMUM', 1],
      ['PERAWAT', 'PKM-A', 'CPNS', 'UMUM', 2],
      ['PERAWAT', 'PKM-A', 'PPPK', 'UMUM', 1],
    ]);
  });

  afterAll(async () => {
    await e2e?.close();
  });

  const upload = async (csv: string, dryRun: string, token = operator) => {
    const res = await e2e
      .http(token)
      .post(`/proposals/${p.id}/outcomes`)
      .field('dryRun', dryRun)
      .attach('file', Buffer.from(csv), 'realisasi.csv');
    return res;
  };
  const stored = () => e2e.sql<{ n: number }>('SELECT count(*)::int AS n FROM recruitment_outcome WHERE proposal_id = $1', [p.id]);

  // one line per reason code; D is found by its codes instead of its id; a semicolon file as spreadsheets in Indonesian locale write it
  const everyReason = (): string =>
    [
      HEADER,
      `${id.A},,,,,1,7,0,0,0,0,1,NOT_QUALIFIED`,
      `${id.B},,,,,1,0,0,0,0,0,1,NOT_ANNOUNCED`,
      `${id.C},,,,,1,0,0,0,0,0,1,NO_APPLICANT`,
      `,PERAWAT,PKM-A,CPNS,UMUM,2,30,1,1,1,1,1,WITHDREW`,
      `${id.E},,,,,1,4,1,0,0,0,1,OTHER`,
    ].join('\n');

  it('refuses a file whose counts do not add up: whole, naming row, column and rule; nothing written', async () => {
    const bad = everyReason()
      .split('\n')
      .map((line, i) => (i === 3 ? `${id.C},,,,,1,0,0,0,0,0,2,NO_APPLICANT` : line))
      .concat(`${id.A},,,,,1,1,0,0,0,0,1,NOT_QUALIFIED`)
      .join('\n');
    const dry = await upload(bad, 'true');
    expect(dry.status).toBe(201);
    expect((dry.body as Report).applied).toBe(false);
    expect((dry.body as Report).errors).toEqual([
      {
        row: 4,
        column: 'unfilled',
        rule: 'COUNTS_DO_NOT_ADD_UP',
        value: '2',
        message: 'appointed 0 + unfilled 2 = 2, but 1 places were determined on this line',
      },
      { row: 7, column: 'line_id', rule: 'DUPLICATE_LINE', value: id.A, message: 'the line is already on row 2' },
    ]);
    const refused = await upload(bad, 'false');
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('BAD_USER_INPUT');
    expect(refused.body.fieldErrors[0]).toEqual({
      field: 'rows.4.unfilled',
      row: 4,
      message: 'row 4, column unfilled: COUNTS_DO_NOT_ADD_UP: appointed 0 + unfilled 2 = 2, but 1 places were determined on this line',
    });
    expect(await stored()).toEqual([{ n: 0 }]);
  });

  it('refuses a damaged XLSX through the archive check every XLSX reader runs, naming the entry; nothing written', async () => {
    const fixture = readFileSync(join(__dirname, 'fixtures/staffing/damaged-hangs-archive-check.xlsx'));
    for (const dryRun of ['true', 'false']) {
      const res = await e2e
        .http(operator)
        .post(`/proposals/${p.id}/outcomes`)
        .field('dryRun', dryRun)
        .attach('file', fixture, 'realisasi.xlsx');
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        code: 'BAD_USER_INPUT',
        fieldErrors: [
          {
            field: 'file',
            message:
              'realisasi.xlsx: the XLSX file is damaged: entry xl/worksheets/sheet1.xml cannot be unpacked (invalid distance too far back)',
          },
        ],
      });
    }
    expect(await stored()).toEqual([{ n: 0 }]);
  });

  it('is recorded by the agency, not by another agency, with every reason code; the same file again changes nothing', async () => {
    expect((await upload(everyReason(), 'false', otherOperator)).status).toBe(403);
    const dry = await upload(everyReason().replace(/,/g, ';'), 'true');
    expect(dry.body).toMatchObject({ dryRun: true, applied: false, rows: 5, changed: 0, errors: [] });
    expect(await stored()).toEqual([{ n: 0 }]);
    const applied = await upload(everyReason(), 'false');
    expect(applied.status).toBe(201);
    expect(applied.body).toMatchObject({ dryRun: false, applied: true, rows: 5, changed: 5, errors: [] });
    const again = await upload(everyReason(), 'false');
    expect(again.body).toMatchObject({ applied: true, rows: 5, changed: 0 });
    const res = await e2e.gql<{ recruitmentOutcomes: Array<Record<string, unknown>> }>(
      `query($id: ID!) { recruitmentOutcomes(proposalId: $id) { lineId determined applicants passed optimalisasi withdrew appointed unfilled unfilledReason source } }`,
      { id: p.id },
      viewer,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.recruitmentOutcomes.map((o) => [o.lineId, o.determined, o.appointed, o.unfilled, o.unfilledReason, o.source])).toEqual(
      [
        [id.B, 1, 0, 1, 'NOT_ANNOUNCED', 'FILE'],
        [id.A, 1, 0, 1, 'NOT_QUALIFIED', 'FILE'],
        [id.C, 1, 0, 1, 'NO_APPLICANT', 'FILE'],
        [id.D, 2, 1, 1, 'WITHDREW', 'FILE'],
        [id.E, 1, 0, 1, 'OTHER', 'FILE'],
      ],
    );
    const template = await e2e.http(operator).get(`/proposals/${p.id}/outcomes.csv`);
    expect(template.status).toBe(200);
    expect(template.text.split('\r\n')[4]).toBe(`${id.D},PERAWAT,Perawat Terampil,PKM-A,CPNS,NAKES,UMUM,2,30,1,1,1,1,1,WITHDREW`);
  });

  it('takes corrections through the bulk mutation, with the same rules', async () => {
    const M = `mutation($i: RecordRecruitmentOutcomesInput!) { recordRecruitmentOutcomes(input: $i) { applied rows changed errors { row column rule } } }`;
    const e = { lineId: id.E, applicants: 4, passed: 1, optimalisasi: 0, withdrew: 0, appointed: 1, unfilled: 0 };
    const wrong = await e2e.gql(M, { i: { proposalId: p.id, lines: [{ ...e, unfilledReason: 'OTHER' }] } }, operator);
    expect(wrong.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(wrong.errors![0]!.message).toBe(
      'Invalid input: input.lines.0.unfilledReason: REASON_WITHOUT_UNFILLED: no place is unfilled: leave the reason empty',
    );
    const fixed = await e2e.gql<{ recordRecruitmentOutcomes: Report }>(M, { i: { proposalId: p.id, lines: [e] } }, operator);
    expect(fixed.data!.recordRecruitmentOutcomes).toEqual({ applied: true, rows: 1, changed: 1, errors: [] });
  });

  it('sums the funnel by hand at two levels: the agency per group, and the nation', async () => {
    type Row = Record<string, number | string | null>;
    const funnel = async (level: string, byGroup: boolean): Promise<Row[]> => {
      const res = await e2e.gql<{ recruitmentFunnel: Row[] }>(FUNNEL, { level, byGroup }, viewer);
      expect(res.errors).toBeUndefined();
      return res.data!.recruitmentFunnel;
    };
    const [nakes, teknis] = await funnel('AGENCY', true);
    // NAKES: D (2 places: 30 applicants, 1 passed, 1 optimalisasi, 1 withdrew, 1 appointed, 1 unfilled WITHDREW) + E (1: 4, 1 passed, 1 appointed)
    expect(nakes).toMatchObject({
      agencyCode: 'KAB-UJI',
      provinceCode: '33',
      group: 'NAKES',
      lines: 2,
      determined: 3,
      reportedDetermined: 3,
      announced: 3,
      applicants: 34,
      passed: 2,
      optimalisasi: 1,
      withdrew: 1,
      appointed: 2,
      unfilled: 1,
      unfilledWithdrew: 1,
    });
    expect(nakes!.fillRate).toBeCloseTo(2 / 3, 10);
    expect(nakes!.passRate).toBeCloseTo(2 / 34, 10);
    expect(nakes!.withdrawalRate).toBeCloseTo(1 / 3, 10);
    // TEKNIS: A (7 applicants, none qualified), B (not announced), C (no applicant): 3 places, 2 announced
    expect(teknis).toMatchObject({ group: 'TEKNIS', determined: 3, announced: 2, applicants: 7, passed: 0, appointed: 0, unfilled: 3 });
    expect(teknis).toMatchObject({ unfilledNotQualified: 1, unfilledNotAnnounced: 1, unfilledNoApplicant: 1, applicantsPerPlace: 3.5 });
    expect(teknis!.announcedRate).toBeCloseTo(2 / 3, 10);
    expect(teknis).toMatchObject({ passRate: 0, fillRate: 0, unfilledRate: 1 });

    const [nation] = await funnel('NATION', false);
    // 6 places, 5 announced, 41 applicants, 2 passed, 1 optimalisasi, 1 withdrew, 2 appointed, 4 unfilled
    expect(nation).toMatchObject({
      agencyCode: null,
      provinceCode: null,
      group: null,
      lines: 5,
      determined: 6,
      reportedLines: 5,
      announced: 5,
      applicants: 41,
      passed: 2,
      appointed: 2,
      unfilled: 4,
      applicantsPerPlace: 8.2,
      reportedShare: 1,
    });
    expect(nation!.fillRate).toBeCloseTo(1 / 3, 10);
    expect(nation!.unfilledRate).toBeCloseTo(2 / 3, 10);
    expect(nation!.passRate).toBeCloseTo(2 / 41, 10);

    const csv = await e2e.http(viewer).get('/outcomes/funnel.csv?level=PROVINCE&year=2027');
    expect(csv.status).toBe(200);
    const [header, row] = csv.text.trim().split('\n');
    expect(header!.split(',').slice(0, 8)).toEqual([
      'year',
      'provinceCode',
      'agencyCode',
      'procurement',
      'group',
      'lines',
      'determined',
      'reportedLines',
    ]);
    expect(row!.split(',').slice(0, 16)).toEqual(['2027', '33', '', '', '', '5', '6', '5', '6', '5', '41', '2', '1', '1', '2', '4']);
  });

  it("carries the 2027 determination's outcomes over into the next run and the next proposal", async () => {
    type Cell = { positionCode: string; unitCode: string; formation: number; carryOver: Record<string, unknown> | null };
    const NEEDS = `query($r: ID!, $y: Int!) { formationNeeds(runId: $r, first: 50, filter: { year: $y }) { edges { node {
      positionCode unitCode formation carryOver { years determined reported appointed unfilled unreported } } } } }`;
    const cells = async (runId: string, year: number): Promise<Record<string, Cell>> => {
      const res = await e2e.gql<{ formationNeeds: { edges: Array<{ node: Cell }> } }>(NEEDS, { r: runId, y: year }, viewer);
      expect(res.errors).toBeUndefined();
      return Object.fromEntries(res.data!.formationNeeds.edges.map((e) => [`${e.node.positionCode} ${e.node.unitCode}`, e.node]));
    };
    // the run the proposal came from (asOf 2026-12-31) precedes the determination: nothing carried; a later year shows none
    expect((await cells(firstRun, 2027))['PERAWAT PKM-A']!.carryOver).toEqual({
      years: [],
      determined: 0,
      reported: 0,
      appointed: 0,
      unfilled: 0,
      unreported: 0,
    });
    expect((await cells(firstRun, 2028))['PERAWAT PKM-A']!.carryOver).toBeNull();

    // the next run, asOf the start of 2027 (the year the determination recruits for), on the same roster (no appointee has joined it yet)
    const next = await runPlan(e2e, 'KAB-UJI', [2028], '2027-01-01');
    const c = await cells(next, 2028);
    // DINKES clerk: A (1, NOT_QUALIFIED) + B (1, NOT_ANNOUNCED) still open
    expect(c['PENGADMIN DINKES']!.carryOver).toEqual({
      years: [2027],
      determined: 2,
      reported: 2,
      appointed: 0,
      unfilled: 2,
      unreported: 0,
    });
    expect(c['PENGADMIN PKM-B']!.carryOver).toEqual({
      years: [2027],
      determined: 1,
      reported: 1,
      appointed: 0,
      unfilled: 1,
      unreported: 0,
    });
    // nurses: D (2: 1 appointed, 1 withdrew) + E (1 appointed after the correction)
    expect(c['PERAWAT PKM-A']!.carryOver).toEqual({ years: [2027], determined: 3, reported: 3, appointed: 2, unfilled: 1, unreported: 0 });

    const draft = await act(e2e, operator, 'createProposalFromRun', 'CreateProposalFromRunInput', {
      runId: next,
      agencyCode: 'KAB-UJI',
      year: 2028,
    });
    expect(draft.errors).toBeUndefined();
    const res = await e2e.gql<{ proposal: { carryOver: Record<string, unknown> } }>(
      'query($id: ID!) { proposal(id: $id) { carryOver { years determined reported appointed unfilled unreported } } }',
      { id: draft.proposal!.id },
      operator,
    );
    expect(res.data!.proposal.carryOver).toEqual({ years: [2027], determined: 6, reported: 6, appointed: 2, unfilled: 4, unreported: 0 });
  });

  it('matches appointees to the joiners of a later roster version and reports the lines whose appointees never appeared', async () => {
    const REPORT = `query($id: ID!, $only: Boolean!) { appointeeMatches(proposalId: $id, onlyMissing: $only) {
      baselineVersion laterVersions appointed matched missing lines { lineId positionCode unitCode procurement appointed matched missing } } }`;
    const before = await e2e.gql<{ appointeeMatches: Record<string, unknown> }>(REPORT, { id: p.id, only: false }, viewer);
    expect(before.errors).toBeUndefined();
    // D appointed 1 (CPNS), E appointed 1 (PPPK); no roster after the decree of 2027-03-01 yet
    expect(before.data!.appointeeMatches).toMatchObject({ laterVersions: 0, appointed: 2, matched: 0, missing: 2 });

    // a version of 2027-03-15: everyone in post, a new PNS nurse at PKM-A (D's appointee) and a clerk at PKM-C (no line)
    const current = (await roster(e2e, 'KAB-UJI')) as Array<Record<string, string | null>>;
    const rows: RosterRow[] = current.map((r) => ({
      nip: r.nip!,
      name: r.name!,
      birth: r.birth!,
      sex: r.sex as 'M' | 'F',
      type: r.type as 'PNS' | 'PPPK',
      position: r.position!,
      unit: r.unit!,
      tmt: r.tmt!,
      contractEnd: r.contract_end ?? undefined,
    }));
    rows.push({
      nip: nip('1996-04-04', '2027-03-01', 'F', 901),
      name: 'Dewi Lestari',
      birth: '1996-04-04',
      sex: 'F',
      type: 'PNS',
      position: 'PERAWAT',
      unit: 'PKM-A',
      tmt: '2027-03-01',
    });
    rows.push({
      nip: nip('1997-05-05', '2027-03-01', 'M', 902),
      name: 'Andi Saputra',
      birth: '1997-05-05',
      sex: 'M',
      type: 'PNS',
      position: 'PENGADMIN',
      unit: 'PKM-C',
      tmt: '2027-03-01',
    });
    const sub = await uploadAndValidate(e2e, toCsv(rows), 'roster-2027-03.csv', { agency: 'KAB-UJI', asOf: '2027-03-15' });
    expect(sub.errors).toEqual([]);
    await mutate(e2e, COMMIT, { id: sub.id, confirm: false });

    const after = await e2e.gql<{ appointeeMatches: { lines: Array<Record<string, unknown>> } & Record<string, unknown> }>(
      REPORT,
      { id: p.id, only: false },
      viewer,
    );
    expect(after.data!.appointeeMatches).toMatchObject({ laterVersions: 1, appointed: 2, matched: 1, missing: 1 });
    expect(after.data!.appointeeMatches.lines).toEqual([
      { lineId: id.D, positionCode: 'PERAWAT', unitCode: 'PKM-A', procurement: 'CPNS', appointed: 1, matched: 1, missing: 0 },
      { lineId: id.E, positionCode: 'PERAWAT', unitCode: 'PKM-A', procurement: 'PPPK', appointed: 1, matched: 0, missing: 1 },
    ]);
    const missing = await e2e.gql<{ appointeeMatches: { lines: Array<{ lineId: string }> } }>(REPORT, { id: p.id, only: true }, viewer);
    expect(missing.data!.appointeeMatches.lines.map((l) => l.lineId)).toEqual([id.E]);
  });
});
