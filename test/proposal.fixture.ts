import { E2eApp, GqlResponse } from './support/e2e-app';
import { mutate, UPSERT_AGENCY } from './support/reference-data';
import { loadPlannerRegency, runPlan } from './planner-tools.fixture';

/**
 * The planner regency (planner-tools.fixture.ts) with a proposal policy: PERAWAT is a health
 * worker (NAKES, exempt from zero growth) proposed one third as PPPK, the rest TEKNIS and CPNS.
 * A second agency, KAB-LAIN, never starts a proposal. Its 2027 cells with a formation give the draft:
 *   PENGADMIN DINKES  formation 1 → CPNS TEKNIS 1
 *   PENGADMIN PKM-B   formation 1 → CPNS TEKNIS 1
 *   PERAWAT   PKM-A   formation 3 (requiredFte 6.25, existing 4, exits 1) → PPPK ⌊3 × 0.34 + 0.5⌋ = 1, CPNS 2
 * Exits of 2027: Sri Lestari retires (PERAWAT), Rina Wulandari's PPPK contract ends (PENGADMIN) = 2.
 */
export async function loadProposalRegency(e2e: E2eApp): Promise<string> {
  await loadPlannerRegency(e2e);
  await mutate(e2e, UPSERT_AGENCY, { i: { code: 'KAB-LAIN', name: 'Kabupaten Lain', kind: 'REGENCY', regionCode: '33.98' } });
  await mutate(e2e, UPSERT_POLICY, {
    i: {
      agencyCode: 'KAB-UJI',
      positionGroups: [{ positionCode: 'PERAWAT', group: 'NAKES' }],
      defaultGroup: 'TEKNIS',
      pppkShares: [{ group: 'NAKES', share: 0.34 }],
      zeroGrowthExemptGroups: ['NAKES'],
      personnelSpendingCeiling: 0.3,
    },
  });
  return runPlan(e2e);
}

export const UPSERT_POLICY = 'mutation($i: UpsertProposalPolicyInput!) { upsertProposalPolicy(input: $i) { agencyCode } }';

export const PROPOSAL_FIELDS = `id agencyCode year runId state version contentHash returnReason decreeNumber decreeDate verifierEmail
  signature { signerName signerNip signedAt contentHash }
  lines { id positionCode unitCode procurement group formationType count education justification overNeed flags
          cell { requiredFte existing exits formation } verifiedCount verifyReason determinedCount returnComment }
  totals { proposed verified determined computedNeed exits zeroGrowthCounted withinZeroGrowth }`;

export interface ProposalLine {
  id: string;
  positionCode: string;
  unitCode: string | null;
  procurement: string;
  group: string;
  formationType: string;
  count: number;
  education: string[];
  justification: string | null;
  overNeed: boolean;
  flags: string[];
  cell: { requiredFte: number; existing: number; exits: number; formation: number } | null;
  verifiedCount: number | null;
  verifyReason: string | null;
  determinedCount: number | null;
  returnComment: string | null;
}

export interface Proposal {
  id: string;
  agencyCode: string;
  year: number;
  runId: string;
  state: string;
  version: number;
  contentHash: string;
  returnReason: string | null;
  decreeNumber: string | null;
  decreeDate: string | null;
  verifierEmail: string | null;
  signature: { signerName: string; signerNip: string; signedAt: string; contentHash: string } | null;
  lines: ProposalLine[];
  totals: {
    proposed: number;
    verified: number | null;
    determined: number | null;
    computedNeed: number;
    exits: number;
    zeroGrowthCounted: number;
    withinZeroGrowth: boolean;
  };
}

/** Calls one proposal mutation as the holder of `token`; answers the proposal or the errors. */
export async function act(
  e2e: E2eApp,
  token: string,
  mutation: string,
  inputType: string,
  input: Record<string, unknown>,
): Promise<GqlResponse<Record<string, Proposal>> & { proposal?: Proposal; codes: string[] }> {
  const res = await e2e.gql<Record<string, Proposal>>(
    `mutation($i: ${inputType}!) { ${mutation}(input: $i) { ${PROPOSAL_FIELDS} } }`,
    { i: input },
    token,
  );
  return { ...res, proposal: res.data?.[mutation] ?? undefined, codes: (res.errors ?? []).map((e) => String(e.extensions?.code)) };
}

/** Short form of lines for comparisons: position, unit, procurement, group, count. */
export const lineSummary = (p: Proposal) => p.lines.map((l) => [l.positionCode, l.unitCode, l.procurement, l.group, l.count]);

export const lineOf = (p: Proposal, positionCode: string, unitCode: string, procurement: string): ProposalLine => {
  const line = p.lines.find((l) => l.positionCode === positionCode && l.unitCode === unitCode && l.procurement === procurement);
  if (!line) throw new Error(`no line ${positionCode} ${unitCode} ${procurement}`);
  return line;
};
