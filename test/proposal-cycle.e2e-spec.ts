import { createClient } from 'graphql-ws';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { E2eApp, startE2eApp } from './support/e2e-app';
import { Proposal, act, lineOf, lineSummary, loadProposalRegency } from './proposal.fixture';

// The whole national cycle through GraphQL with four accounts: the agency operator drafts and
// submits, the agency head signs, two verifiers verify (one at a time), the ministry determines.
// Figures of the draft are hand-computed in proposal.fixture.ts.

const BOARD =
  'query($y: Int!) { proposalBoard(year: $y) { year agencies notStarted notStartedAgencyCodes ' +
  'states { state count averageHours totalHours } } }';
const HISTORY = 'query($id: ID!) { proposal(id: $id) { history { action fromState toState actorEmail actorRole reason } } }';

describe('formation proposal: from need to determination', () => {
  let e2e: E2eApp;
  let runId: string;
  let operator: string;
  let head: string;
  let verifier: string;
  let verifier2: string;
  let ministry: string;
  let otherOperator: string;
  let p: Proposal;

  beforeAll(async () => {
    e2e = await startE2eApp();
    await e2e.app.listen(0, '127.0.0.1'); // the subscription needs a real socket
    runId = await loadProposalRegency(e2e);
    operator = await e2e.tokenFor('AGENCY_OPERATOR', ['KAB-UJI']);
    head = await e2e.tokenFor('AGENCY_HEAD', ['KAB-UJI']);
    verifier = await e2e.tokenFor('VERIFIER');
    verifier2 = await e2e.tokenFor('VERIFIER');
    ministry = await e2e.tokenFor('MINISTRY');
    otherOperator = await e2e.tokenFor('AGENCY_OPERATOR', ['KAB-LAIN']);
  });

  afterAll(async () => {
    await e2e?.close();
  });

  /** Counts per state on the board, states with none left out. */
  const board = async (): Promise<Record<string, number>> => {
    const res = await e2e.gql<{ proposalBoard: { states: Array<{ state: string; count: number }> } }>(BOARD, { y: 2027 }, ministry);
    expect(res.errors).toBeUndefined();
    return Object.fromEntries(res.data!.proposalBoard.states.filter((s) => s.count > 0).map((s) => [s.state, s.count]));
  };
  function ok(r: { proposal?: Proposal; errors?: unknown }): Proposal {
    expect(r.errors).toBeUndefined();
    return r.proposal!;
  }

  it('drafts the proposal from the run: lines split by policy, each beside its cell, totals against need and exits', async () => {
    const before = await e2e.gql<{ proposalBoard: { agencies: number; notStarted: number; notStartedAgencyCodes: string[] } }>(
      BOARD,
      { y: 2027 },
      ministry,
    );
    expect(before.data!.proposalBoard).toMatchObject({ agencies: 2, notStarted: 2, notStartedAgencyCodes: ['KAB-LAIN', 'KAB-UJI'] });

    const refused = await act(e2e, otherOperator, 'createProposalFromRun', 'CreateProposalFromRunInput', {
      runId,
      agencyCode: 'KAB-UJI',
      year: 2027,
    });
    expect(refused.codes).toEqual(['FORBIDDEN']);
    p = ok(await act(e2e, operator, 'createProposalFromRun', 'CreateProposalFromRunInput', { runId, agencyCode: 'KAB-UJI', year: 2027 }));
    expect(p).toMatchObject({ agencyCode: 'KAB-UJI', year: 2027, runId, state: 'DRAFT', version: 1, signature: null });
    expect(lineSummary(p)).toEqual([
      ['PENGADMIN', 'DINKES', 'CPNS', 'TEKNIS', 1],
      ['PENGADMIN', 'PKM-B', 'CPNS', 'TEKNIS', 1],
      ['PERAWAT', 'PKM-A', 'CPNS', 'NAKES', 2],
      ['PERAWAT', 'PKM-A', 'PPPK', 'NAKES', 1],
    ]);
    expect(lineOf(p, 'PERAWAT', 'PKM-A', 'PPPK').cell).toEqual({ requiredFte: 6.25, existing: 4, exits: 1, formation: 3 });
    expect(p.lines.every((l) => !l.overNeed && l.formationType === 'UMUM')).toBe(true);
    expect(p.totals).toEqual({
      proposed: 5,
      verified: null,
      determined: null,
      computedNeed: 5,
      exits: 2,
      zeroGrowthCounted: 2,
      withinZeroGrowth: true,
    });

    const again = await act(e2e, operator, 'createProposalFromRun', 'CreateProposalFromRunInput', {
      runId,
      agencyCode: 'KAB-UJI',
      year: 2027,
    });
    expect(again.codes).toEqual(['CONFLICT']);
    expect(await board()).toEqual({ DRAFT: 1 });
  });

  it('flags a line above its need and refuses to submit it without a justification', async () => {
    const nurse = lineOf(p, 'PERAWAT', 'PKM-A', 'CPNS');
    p = ok(
      await act(e2e, operator, 'updateProposalLines', 'UpdateProposalLinesInput', {
        id: p.id,
        upsert: [
          {
            positionCode: 'PERAWAT',
            unitCode: 'PKM-A',
            procurement: 'CPNS',
            group: 'NAKES',
            count: 3,
            education: ['D3 Keperawatan', 'S1 Keperawatan'],
          },
        ],
      }),
    );
    expect(lineOf(p, 'PERAWAT', 'PKM-A', 'CPNS')).toMatchObject({ id: nurse.id, count: 3, overNeed: true, flags: ['OVER_NEED'] });
    // the PPPK line of the same cell is over the need too: together they ask 4 of 3
    expect(lineOf(p, 'PERAWAT', 'PKM-A', 'PPPK').overNeed).toBe(true);
    expect(lineOf(p, 'PENGADMIN', 'DINKES', 'CPNS').overNeed).toBe(false);

    const refused = await act(e2e, operator, 'submitProposal', 'ProposalActionInput', { id: p.id });
    expect(refused.codes).toEqual(['BAD_USER_INPUT']);
    const fields = (refused.errors![0]!.extensions!.fieldErrors ?? []).map((f) => f.field).sort();
    expect(fields).toEqual([`lines.${nurse.id}.justification`, `lines.${lineOf(p, 'PERAWAT', 'PKM-A', 'PPPK').id}.justification`].sort());
    expect(refused.errors![0]!.message).toContain('OVER_NEED');

    p = ok(
      await act(e2e, operator, 'updateProposalLines', 'UpdateProposalLinesInput', {
        id: p.id,
        upsert: ['CPNS', 'PPPK'].map((procurement) => ({
          positionCode: 'PERAWAT',
          unitCode: 'PKM-A',
          procurement,
          group: 'NAKES',
          count: procurement === 'CPNS' ? 3 : 1,
          education: ['D3 Keperawatan', 'S1 Keperawatan'],
          justification: 'Puskesmas A opens a 24-hour emergency unit in 2027 (Perbup 12/2026)',
        })),
      }),
    );
    p = ok(await act(e2e, operator, 'submitProposal', 'ProposalActionInput', { id: p.id }));
    expect(p.state).toBe('SUBMITTED');
    expect(await board()).toEqual({ SUBMITTED: 1 });
  });

  it('is signed by the agency head only, over a SHA-256 of its content; moves from the wrong state are refused', async () => {
    expect(
      (await act(e2e, operator, 'signProposal', 'SignProposalInput', { id: p.id, signerName: 'x', signerNip: '197001011995031001' })).codes,
    ).toEqual(['FORBIDDEN']);
    const early = await act(e2e, verifier, 'takeProposalForVerification', 'ProposalActionInput', { id: p.id });
    expect(early.codes).toEqual(['WRONG_STATE']);
    expect(early.errors![0]!.message).toBe(`proposal ${p.id} is SUBMITTED; takeProposalForVerification is allowed only when it is SIGNED`);
    const badNip = await act(e2e, head, 'signProposal', 'SignProposalInput', {
      id: p.id,
      signerName: 'Drs. Bambang Sutrisno',
      signerNip: '1970',
    });
    expect(badNip.codes).toEqual(['BAD_USER_INPUT']);

    p = ok(
      await act(e2e, head, 'signProposal', 'SignProposalInput', {
        id: p.id,
        signerName: 'Drs. Bambang Sutrisno',
        signerNip: '197001011995031001',
      }),
    );
    expect(p.state).toBe('SIGNED');
    expect(p.signature).toMatchObject({ signerName: 'Drs. Bambang Sutrisno', signerNip: '197001011995031001', contentHash: p.contentHash });
    expect(p.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(await board()).toEqual({ SIGNED: 1 });
  });

  it('voids the signature when the content changes after signing, and goes back to DRAFT', async () => {
    const signedHash = p.contentHash;
    const admin = lineOf(p, 'PENGADMIN', 'DINKES', 'CPNS');
    p = ok(
      await act(e2e, operator, 'updateProposalLines', 'UpdateProposalLinesInput', {
        id: p.id,
        upsert: [
          { positionCode: 'PENGADMIN', unitCode: 'DINKES', procurement: 'CPNS', group: 'TEKNIS', count: 1, education: ['SMA atau SMK'] },
        ],
      }),
    );
    expect(p).toMatchObject({ state: 'DRAFT', signature: null });
    expect(p.contentHash).not.toBe(signedHash);
    expect(lineOf(p, 'PENGADMIN', 'DINKES', 'CPNS')).toMatchObject({ id: admin.id, education: ['SMA atau SMK'] });
    p = ok(await act(e2e, operator, 'submitProposal', 'ProposalActionInput', { id: p.id }));
    p = ok(
      await act(e2e, head, 'signProposal', 'SignProposalInput', {
        id: p.id,
        signerName: 'Drs. Bambang Sutrisno',
        signerNip: '197001011995031001',
      }),
    );
    expect(p.signature!.contentHash).toBe(p.contentHash);
  });

  it('is returned by a verifier with comments per line, corrected and submitted again', async () => {
    p = ok(await act(e2e, verifier, 'takeProposalForVerification', 'ProposalActionInput', { id: p.id }));
    expect(p.state).toBe('IN_VERIFICATION');
    expect(await board()).toEqual({ IN_VERIFICATION: 1 });
    expect(
      (await act(e2e, operator, 'updateProposalLines', 'UpdateProposalLinesInput', { id: p.id, remove: [p.lines[0]!.id] })).codes,
    ).toEqual(['WRONG_STATE']);
    expect((await act(e2e, operator, 'withdrawProposal', 'WithdrawProposalInput', { id: p.id, reason: 'x' })).codes).toEqual([
      'WRONG_STATE',
    ]);

    const nurse = lineOf(p, 'PERAWAT', 'PKM-A', 'CPNS');
    p = ok(
      await act(e2e, verifier, 'returnProposal', 'ReturnProposalInput', {
        id: p.id,
        reason: 'Kebutuhan perawat melebihi hasil ABK',
        comments: [{ lineId: nurse.id, comment: 'Sesuaikan dengan ABK: 2 CPNS' }],
      }),
    );
    expect(p).toMatchObject({ state: 'RETURNED', returnReason: 'Kebutuhan perawat melebihi hasil ABK' });
    expect(lineOf(p, 'PERAWAT', 'PKM-A', 'CPNS').returnComment).toBe('Sesuaikan dengan ABK: 2 CPNS');
    expect(await board()).toEqual({ RETURNED: 1 });

    p = ok(
      await act(e2e, operator, 'updateProposalLines', 'UpdateProposalLinesInput', {
        id: p.id,
        upsert: [
          {
            positionCode: 'PERAWAT',
            unitCode: 'PKM-A',
            procurement: 'CPNS',
            group: 'NAKES',
            count: 2,
            education: ['D3 Keperawatan', 'S1 Keperawatan'],
          },
          { positionCode: 'PERAWAT', unitCode: 'PKM-A', procurement: 'PPPK', group: 'NAKES', count: 1 },
        ],
      }),
    );
    expect(p.state).toBe('RETURNED');
    expect(p.lines.some((l) => l.overNeed)).toBe(false);
    p = ok(await act(e2e, operator, 'submitProposal', 'ProposalActionInput', { id: p.id }));
    expect(p).toMatchObject({ state: 'SUBMITTED', returnReason: null });
    expect(p.lines.every((l) => l.returnComment === null)).toBe(true);
    p = ok(
      await act(e2e, head, 'signProposal', 'SignProposalInput', {
        id: p.id,
        signerName: 'Drs. Bambang Sutrisno',
        signerNip: '197001011995031001',
      }),
    );
    p = ok(await act(e2e, verifier2, 'takeProposalForVerification', 'ProposalActionInput', { id: p.id }));
  });

  it('is verified by one of two verifiers acting at once; the other gets CONFLICT', async () => {
    const pkmB = lineOf(p, 'PENGADMIN', 'PKM-B', 'CPNS');
    const input = {
      id: p.id,
      expectedVersion: p.version,
      adjustments: [{ lineId: pkmB.id, count: 0, reason: 'Puskesmas B dilayani DINKES sampai 2028' }],
    };
    const raised = await act(e2e, verifier, 'verifyProposal', 'VerifyProposalInput', {
      ...input,
      adjustments: [{ lineId: pkmB.id, count: 2, reason: 'x' }],
    });
    expect(raised.codes).toEqual(['BAD_USER_INPUT']);
    const results = await Promise.all([verifier, verifier2].map((t) => act(e2e, t, 'verifyProposal', 'VerifyProposalInput', input)));
    expect(results.map((r) => (r.proposal ? 'OK' : r.codes.join())).sort()).toEqual(['CONFLICT', 'OK']);
    p = results.find((r) => r.proposal)!.proposal!;
    expect(p.state).toBe('VERIFIED');
    expect(lineOf(p, 'PENGADMIN', 'PKM-B', 'CPNS')).toMatchObject({
      count: 1,
      verifiedCount: 0,
      verifyReason: 'Puskesmas B dilayani DINKES sampai 2028',
    });
    expect(lineOf(p, 'PERAWAT', 'PKM-A', 'CPNS').verifiedCount).toBe(2);
    expect(p.totals).toMatchObject({ proposed: 5, verified: 4, determined: null });
    expect(await board()).toEqual({ VERIFIED: 1 });
  });

  it('is determined by the ministry with a decree, each line at most its verified count', async () => {
    const nurse = lineOf(p, 'PERAWAT', 'PKM-A', 'CPNS');
    expect(
      (await act(e2e, verifier, 'determineProposal', 'DetermineProposalInput', { id: p.id, decreeNumber: 'x', decreeDate: '2027-03-01' }))
        .codes,
    ).toEqual(['FORBIDDEN']);
    const over = await act(e2e, ministry, 'determineProposal', 'DetermineProposalInput', {
      id: p.id,
      decreeNumber: 'B/123/M.SM.01.00/2027',
      decreeDate: '2027-03-01',
      lines: [{ lineId: nurse.id, count: 3 }],
    });
    expect(over.codes).toEqual(['BAD_USER_INPUT']);
    expect(over.errors![0]!.extensions!.fieldErrors).toEqual([
      { field: 'input.lines.0.count', row: 0, message: '3 is more than the 2 verified' },
    ]);
    p = ok(
      await act(e2e, ministry, 'determineProposal', 'DetermineProposalInput', {
        id: p.id,
        decreeNumber: 'B/123/M.SM.01.00/2027',
        decreeDate: '2027-03-01',
        lines: [{ lineId: nurse.id, count: 1 }],
      }),
    );
    expect(p).toMatchObject({ state: 'DETERMINED', decreeNumber: 'B/123/M.SM.01.00/2027', decreeDate: '2027-03-01' });
    expect(p.lines.map((l) => [l.positionCode, l.unitCode, l.procurement, l.count, l.verifiedCount, l.determinedCount])).toEqual([
      ['PENGADMIN', 'DINKES', 'CPNS', 1, 1, 1],
      ['PENGADMIN', 'PKM-B', 'CPNS', 1, 0, 0],
      ['PERAWAT', 'PKM-A', 'CPNS', 2, 2, 1],
      ['PERAWAT', 'PKM-A', 'PPPK', 1, 1, 1],
    ]);
    expect(p.totals).toMatchObject({ proposed: 5, verified: 4, determined: 3 });
    expect(await board()).toEqual({ DETERMINED: 1 });
    expect(
      (await act(e2e, ministry, 'determineProposal', 'DetermineProposalInput', { id: p.id, decreeNumber: 'x', decreeDate: '2027-03-01' }))
        .codes,
    ).toEqual(['WRONG_STATE']);
  });

  it('shows proposed, verified and determined beside the computed need, and the determination is the quota', async () => {
    const needs = await e2e.gql<{
      formationNeeds: {
        edges: Array<{
          node: {
            positionCode: string;
            unitCode: string | null;
            formation: number;
            proposal: { proposalId: string; state: string; proposed: number; verified: number | null; determined: number | null } | null;
          };
        }>;
      };
    }>(
      `query($r: ID!) { formationNeeds(runId: $r, first: 20, filter: { year: 2027 }, sort: FORMATION) { edges { node {
         positionCode unitCode formation proposal { proposalId state proposed verified determined } } } } }`,
      { r: runId },
      operator,
    );
    expect(needs.errors).toBeUndefined();
    const rows = needs
      .data!.formationNeeds.edges.map(({ node: n }) => [
        n.positionCode,
        n.unitCode,
        n.formation,
        n.proposal?.proposed,
        n.proposal?.verified,
        n.proposal?.determined,
      ])
      .sort((a, b) => String(a[0]).localeCompare(String(b[0])) || String(a[1]).localeCompare(String(b[1])));
    expect(rows).toEqual([
      ['DOKTER', 'DINKES', 0, 0, 0, 0],
      ['PENGADMIN', 'DINKES', 1, 1, 1, 1],
      ['PENGADMIN', 'PKM-B', 1, 1, 0, 0],
      ['PENGADMIN', 'PKM-C', 0, 0, 0, 0],
      ['PERAWAT', 'PKM-A', 3, 3, 3, 2],
    ]);
    expect(
      needs.data!.formationNeeds.edges.every((e) => e.node.proposal?.proposalId === p.id && e.node.proposal.state === 'DETERMINED'),
    ).toBe(true);

    const ALLOCATE = `mutation($i: AllocateQuotaInput!) { allocateQuota(input: $i) { agencyCode year quota requested allocated
      cells { positionCode unitCode requested allocated ranks } } }`;
    const res = await e2e.gql<{
      allocateQuota: {
        agencyCode: string;
        quota: number;
        requested: number;
        allocated: number;
        cells: Array<{ positionCode: string; unitCode: string; requested: number; allocated: number; ranks: number[] }>;
      };
    }>(ALLOCATE, { i: { runId, year: 2027, proposalId: p.id } });
    expect(res.errors).toBeUndefined();
    // determined: PENGADMIN DINKES 1, PENGADMIN PKM-B 0, PERAWAT PKM-A 1 + 1; slots by pressure 1.0, then (6 − 3)/6 and (6 − 3 − 1)/6
    expect(res.data!.allocateQuota).toMatchObject({ agencyCode: 'KAB-UJI', quota: 3, requested: 3, allocated: 3 });
    expect(res.data!.allocateQuota.cells.map((c) => [c.positionCode, c.unitCode, c.requested, c.allocated, c.ranks])).toEqual([
      ['PENGADMIN', 'DINKES', 1, 1, [1]],
      ['PERAWAT', 'PKM-A', 2, 2, [2, 3]],
    ]);
    const both = await e2e.gql(ALLOCATE, { i: { runId, year: 2028, quota: 2, proposalId: p.id } });
    expect(both.errors![0]!.extensions!.fieldErrors!.map((f) => f.field)).toEqual(['input.year', 'input.quota']);
  });

  it('keeps the history of every move with who and why, and an audit row for each', async () => {
    const res = await e2e.gql<{
      proposal: { history: Array<{ action: string; fromState: string | null; toState: string; actorRole: string; reason: string | null }> };
    }>(HISTORY, { id: p.id }, operator);
    const history = res.data!.proposal.history.map((h) => [h.action, h.fromState, h.toState, h.actorRole]);
    expect(history).toEqual([
      ['CREATE', null, 'DRAFT', 'AGENCY_OPERATOR'],
      ['EDIT', 'DRAFT', 'DRAFT', 'AGENCY_OPERATOR'],
      ['EDIT', 'DRAFT', 'DRAFT', 'AGENCY_OPERATOR'],
      ['SUBMIT', 'DRAFT', 'SUBMITTED', 'AGENCY_OPERATOR'],
      ['SIGN', 'SUBMITTED', 'SIGNED', 'AGENCY_HEAD'],
      ['EDIT', 'SIGNED', 'DRAFT', 'AGENCY_OPERATOR'],
      ['SUBMIT', 'DRAFT', 'SUBMITTED', 'AGENCY_OPERATOR'],
      ['SIGN', 'SUBMITTED', 'SIGNED', 'AGENCY_HEAD'],
      ['TAKE', 'SIGNED', 'IN_VERIFICATION', 'VERIFIER'],
      ['RETURN', 'IN_VERIFICATION', 'RETURNED', 'VERIFIER'],
      ['EDIT', 'RETURNED', 'RETURNED', 'AGENCY_OPERATOR'],
      ['SUBMIT', 'RETURNED', 'SUBMITTED', 'AGENCY_OPERATOR'],
      ['SIGN', 'SUBMITTED', 'SIGNED', 'AGENCY_HEAD'],
      ['TAKE', 'SIGNED', 'IN_VERIFICATION', 'VERIFIER'],
      ['VERIFY', 'IN_VERIFICATION', 'VERIFIED', 'VERIFIER'],
      ['DETERMINE', 'VERIFIED', 'DETERMINED', 'MINISTRY'],
    ]);
    expect(res.data!.proposal.history[9]!.reason).toBe('Kebutuhan perawat melebihi hasil ABK');

    const audit = await e2e.sql<{ action: string; role: string; n: number }>(
      `SELECT action, actor_role AS role, count(*)::int AS n FROM audit_log WHERE entity = 'proposal' AND entity_key = $1
        GROUP BY action, actor_role ORDER BY action`,
      [p.id],
    );
    expect(audit).toEqual(
      [
        { action: 'createProposalFromRun', role: 'AGENCY_OPERATOR', n: 1 },
        { action: 'determineProposal', role: 'MINISTRY', n: 1 },
        { action: 'signProposal', role: 'AGENCY_HEAD', n: 3 },
        { action: 'submitProposal', role: 'AGENCY_OPERATOR', n: 3 },
        { action: 'takeProposalForVerification', role: 'VERIFIER', n: 2 },
        { action: 'updateProposalLines', role: 'AGENCY_OPERATOR', n: 4 },
        { action: 'returnProposal', role: 'VERIFIER', n: 1 },
        { action: 'verifyProposal', role: 'VERIFIER', n: 1 },
      ].sort((a, b) => a.action.localeCompare(b.action)),
    );
    // every history row points at the audit record of its transaction
    const [{ orphans }] = await e2e.sql<{ orphans: number }>(
      `SELECT count(*)::int AS orphans FROM proposal_event e LEFT JOIN audit_log a ON a.id = e.audit_id
        WHERE e.proposal_id = $1 AND a.id IS NULL`,
      [p.id],
    );
    expect(orphans).toBe(0);
  });

  it('lists proposals by year and state, and the board counts time spent in each state', async () => {
    const res = await e2e.gql<{ proposals: { totalCount: number; nodes: Array<{ id: string; state: string }> } }>(
      '{ proposals(year: 2027, state: DETERMINED) { totalCount nodes { id state } } }',
      {},
      operator,
    );
    expect(res.data!.proposals).toEqual({ totalCount: 1, nodes: [{ id: p.id, state: 'DETERMINED' }] });
    const other = await e2e.gql<{ proposals: { totalCount: number } }>('{ proposals(year: 2027) { totalCount } }', {}, otherOperator);
    expect(other.data!.proposals.totalCount).toBe(0);
    const b = await e2e.gql<{
      proposalBoard: {
        notStartedAgencyCodes: string[];
        states: Array<{ state: string; count: number; totalHours: number; averageHours: number }>;
      };
    }>(BOARD, { y: 2027 }, ministry);
    expect(b.data!.proposalBoard.notStartedAgencyCodes).toEqual(['KAB-LAIN']);
    const states = b.data!.proposalBoard.states;
    expect(states.map((s) => s.state)).toEqual([
      'DRAFT',
      'SUBMITTED',
      'SIGNED',
      'IN_VERIFICATION',
      'RETURNED',
      'VERIFIED',
      'DETERMINED',
      'WITHDRAWN',
    ]);
    for (const s of states.filter((x) => x.state !== 'WITHDRAWN')) expect(s.totalHours).toBeGreaterThan(0);
    expect(states.find((s) => s.state === 'WITHDRAWN')).toEqual({ state: 'WITHDRAWN', count: 0, totalHours: 0, averageHours: 0 });
    expect((await e2e.gql(BOARD, { y: 2027 }, operator)).errors![0]!.extensions!.code).toBe('FORBIDDEN');
  });

  it('streams the moves of a proposal to subscribers, resuming after an event, and ends once it is decided', async () => {
    const next = ok(
      await act(e2e, operator, 'createProposalFromRun', 'CreateProposalFromRunInput', { runId, agencyCode: 'KAB-UJI', year: 2028 }),
    );
    const created = await e2e.gql<{ proposal: { history: Array<{ id: string }> } }>(
      'query($id: ID!) { proposal(id: $id) { history { id } } }',
      { id: next.id },
    );
    const after = created.data!.proposal.history[0]!.id;
    ok(await act(e2e, operator, 'submitProposal', 'ProposalActionInput', { id: next.id }));
    ok(await act(e2e, head, 'withdrawProposal', 'WithdrawProposalInput', { id: next.id, reason: 'Menunggu hasil ABK 2028' }));

    const { port } = e2e.app.getHttpServer().address() as AddressInfo;
    const client = createClient({
      url: `ws://127.0.0.1:${port}/graphql`,
      webSocketImpl: WebSocket,
      lazy: true,
      retryAttempts: 0,
      connectionParams: { authorization: `Bearer ${operator}` },
    });
    const events: Array<Record<string, unknown>> = [];
    try {
      const query =
        'subscription($p: ID!, $a: ID) { proposalChanged(proposalId: $p, afterEventId: $a) ' +
        '{ proposalId action fromState toState actorRole reason } }';
      for await (const e of client.iterate({ query, variables: { p: next.id, a: after } })) {
        expect(e.errors).toBeUndefined();
        events.push((e.data as { proposalChanged: Record<string, unknown> }).proposalChanged);
      }
    } finally {
      await client.dispose();
    }
    expect(events).toEqual([
      { proposalId: next.id, action: 'SUBMIT', fromState: 'DRAFT', toState: 'SUBMITTED', actorRole: 'AGENCY_OPERATOR', reason: null },
      {
        proposalId: next.id,
        action: 'WITHDRAW',
        fromState: 'SUBMITTED',
        toState: 'WITHDRAWN',
        actorRole: 'AGENCY_HEAD',
        reason: 'Menunggu hasil ABK 2028',
      },
    ]);
  });
});
