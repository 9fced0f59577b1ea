import { createHash } from 'node:crypto';
import { DomainError, DomainErrorCode, FieldError } from '../common/domain-error';

// The decisions of the proposal cycle, as data and pure functions: which state an action moves
// from and to, how a computed need becomes proposal lines, which lines exceed the need, the
// guardrails of a proposal and the content its head signs. The service loads and stores.

export const PROPOSAL_STATES = [
  'DRAFT',
  'SUBMITTED',
  'SIGNED',
  'IN_VERIFICATION',
  'RETURNED',
  'VERIFIED',
  'DETERMINED',
  'WITHDRAWN',
] as const;
export type ProposalState = (typeof PROPOSAL_STATES)[number];
export const PROCUREMENTS = ['CPNS', 'PPPK'] as const;
export type Procurement = (typeof PROCUREMENTS)[number];
export const JOB_GROUPS = ['GURU', 'NAKES', 'TEKNIS'] as const;
export type JobGroup = (typeof JOB_GROUPS)[number];
/** Jenis formasi: the general track and the special ones a determination names. */
export const FORMATION_TYPES = [
  'UMUM',
  'CUMLAUDE',
  'DIASPORA',
  'DISABILITAS',
  'PUTRA_PUTRI_PAPUA',
  'PUTRA_PUTRI_DAERAH_TERTINGGAL',
] as const;
export type FormationType = (typeof FORMATION_TYPES)[number];
export const ATTACHMENT_KINDS = ['PETA_JABATAN', 'ABK', 'SPTJM', 'OTHER'] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

export type ProposalAction = 'EDIT' | 'SUBMIT' | 'SIGN' | 'TAKE' | 'RETURN' | 'VERIFY' | 'DETERMINE' | 'WITHDRAW' | 'ATTACH';

/** From which states each action may start, and where it leads (EDIT: see stateAfterEdit). */
export const TRANSITIONS: Record<ProposalAction, { from: readonly ProposalState[]; to: ProposalState | null; mutation: string }> = {
  EDIT: { from: ['DRAFT', 'SUBMITTED', 'SIGNED', 'RETURNED'], to: null, mutation: 'updateProposalLines' },
  SUBMIT: { from: ['DRAFT', 'RETURNED'], to: 'SUBMITTED', mutation: 'submitProposal' },
  SIGN: { from: ['SUBMITTED'], to: 'SIGNED', mutation: 'signProposal' },
  TAKE: { from: ['SIGNED'], to: 'IN_VERIFICATION', mutation: 'takeProposalForVerification' },
  RETURN: { from: ['IN_VERIFICATION'], to: 'RETURNED', mutation: 'returnProposal' },
  VERIFY: { from: ['IN_VERIFICATION'], to: 'VERIFIED', mutation: 'verifyProposal' },
  DETERMINE: { from: ['VERIFIED'], to: 'DETERMINED', mutation: 'determineProposal' },
  // the agency may take its proposal back until verification begins
  WITHDRAW: { from: ['DRAFT', 'SUBMITTED', 'SIGNED', 'RETURNED'], to: 'WITHDRAWN', mutation: 'withdrawProposal' },
  ATTACH: { from: ['DRAFT', 'SUBMITTED', 'SIGNED', 'IN_VERIFICATION', 'RETURNED', 'VERIFIED'], to: null, mutation: 'attachments' },
};

/** Throws WRONG_STATE naming the state the proposal is in and the states the action needs. */
export function requireState(action: ProposalAction, proposalId: string, state: ProposalState): void {
  const { from, mutation } = TRANSITIONS[action];
  if (from.includes(state)) return;
  throw new DomainError(
    DomainErrorCode.WRONG_STATE,
    `proposal ${proposalId} is ${state}; ${mutation} is allowed only when it is ${from.join(' or ')}`,
  );
}

/** An edit of a submitted or signed proposal voids the signature and returns it to DRAFT; a returned one stays RETURNED. */
export function stateAfterEdit(state: ProposalState): ProposalState {
  return state === 'SUBMITTED' || state === 'SIGNED' ? 'DRAFT' : state;
}

export interface ProposalPolicy {
  positionGroups: Array<{ positionCode: string; group: JobGroup }>;
  defaultGroup: JobGroup;
  /** Share of a group's need proposed as PPPK (0..1); the rest is CPNS. */
  pppkShares: Array<{ group: JobGroup; share: number }>;
  /** Groups whose hires do not count against the exits (zero growth). */
  zeroGrowthExemptGroups: JobGroup[];
  /** Personnel spending over the annual budget may not exceed this share (e.g. 0.3). */
  personnelSpendingCeiling: number;
  /** The agency's annual budget in rupiah; null = spending is not checked. */
  annualBudget: number | null;
}

/** The plan cell a line came from, as the run computed it for the proposal's year. */
export interface PlanCell {
  positionCode: string;
  positionName: string;
  unitCode: string | null;
  unitName: string | null;
  category: string;
  requiredFte: number;
  existing: number;
  exits: number;
  formation: number;
  annualCost: number | null;
}

export interface LineDraft {
  positionCode: string;
  unitCode: string | null;
  procurement: Procurement;
  group: JobGroup;
  formationType: FormationType;
  count: number;
}

export const groupOf = (policy: ProposalPolicy, positionCode: string): JobGroup =>
  policy.positionGroups.find((g) => g.positionCode === positionCode)?.group ?? policy.defaultGroup;

/** PPPK = the share of the need rounded half up (whole persons), CPNS the rest. */
export function splitNeed(formation: number, pppkShare: number): { cpns: number; pppk: number } {
  // 1e-9 absorbs binary noise (0.35 × 10 = 3.4999999999999996), as the engine's rounding does
  const pppk = Math.min(formation, Math.floor(formation * pppkShare + 0.5 + 1e-9));
  return { cpns: formation - pppk, pppk };
}

/** The lines a draft starts with: every cell with a formation, split by procurement, general track. */
export function draftLines(cells: PlanCell[], policy: ProposalPolicy): LineDraft[] {
  const lines: LineDraft[] = [];
  for (const cell of cells) {
    if (cell.formation <= 0) continue;
    const group = groupOf(policy, cell.positionCode);
    const share = policy.pppkShares.find((s) => s.group === group)?.share ?? 0;
    const split = splitNeed(cell.formation, share);
    for (const procurement of PROCUREMENTS) {
      const count = procurement === 'CPNS' ? split.cpns : split.pppk;
      if (count > 0)
        lines.push({ positionCode: cell.positionCode, unitCode: cell.unitCode, procurement, group, formationType: 'UMUM', count });
    }
  }
  return lines;
}

export const cellKey = (positionCode: string, unitCode: string | null): string => `${positionCode}\u0000${unitCode ?? ''}`;

export interface LineForCheck {
  id: string;
  positionCode: string;
  unitCode: string | null;
  count: number;
  justification: string | null;
  cellFound: boolean;
  cellFormation: number | null;
}

/**
 * Lines above the need: those of a cell whose lines together ask for more than its formation,
 * and lines with no cell at all. The need governs: such a line needs a written justification.
 */
export function overNeedLineIds(lines: LineForCheck[]): Set<string> {
  const asked = new Map<string, number>();
  for (const l of lines) asked.set(cellKey(l.positionCode, l.unitCode), (asked.get(cellKey(l.positionCode, l.unitCode)) ?? 0) + l.count);
  const over = new Set<string>();
  for (const l of lines) {
    if (l.count === 0) continue;
    if (!l.cellFound || asked.get(cellKey(l.positionCode, l.unitCode))! > (l.cellFormation ?? 0)) over.add(l.id);
  }
  return over;
}

/** What stops a submission: an over-need line without a justification, or nothing to propose. */
export function submissionProblems(lines: LineForCheck[]): FieldError[] {
  const over = overNeedLineIds(lines);
  const problems: FieldError[] = lines
    .filter((l) => over.has(l.id) && !l.justification?.trim())
    .map((l) => ({
      field: `lines.${l.id}.justification`,
      message:
        `${l.positionCode}${l.unitCode ? ` @ ${l.unitCode}` : ''} asks for more than its computed need ` +
        `(${l.cellFound ? `formation ${l.cellFormation}` : 'no plan cell'}): a written justification is required (OVER_NEED)`,
    }));
  if (!lines.some((l) => l.count > 0)) problems.push({ field: 'lines', message: 'the proposal asks for nobody; add a line with a count' });
  return problems;
}

export interface LineForTotals {
  group: JobGroup;
  count: number;
  verifiedCount: number | null;
  determinedCount: number | null;
  cellAnnualCost: number | null;
}

export interface ProposalTotals {
  proposed: number;
  verified: number | null;
  determined: number | null;
  /** Σ formation of the agency's cells in the year: the computed need. */
  computedNeed: number;
  /** Σ exits (retirements + contract ends + attrition) of the agency in the year. */
  exits: number;
  /** Hires that count against zero growth (groups not exempt by policy). */
  zeroGrowthCounted: number;
  zeroGrowthExemptGroups: JobGroup[];
  withinZeroGrowth: boolean;
  currentStaffCost: number | null;
  proposalCost: number | null;
  /** Lines whose cell has no cost in the policy's cost table. */
  uncostedLines: number;
  annualBudget: number | null;
  /** (current staff + proposal) / budget; null without a budget. */
  personnelSpendingShare: number | null;
  personnelSpendingCeiling: number;
  withinSpendingCeiling: boolean | null;
}

/** The proposal's totals against the need, the exits (zero growth) and the personnel budget. */
export function proposalTotals(
  lines: LineForTotals[],
  agency: { computedNeed: number; exits: number; currentStaffCost: number | null },
  policy: ProposalPolicy,
  stage: { verified: boolean; determined: boolean },
): ProposalTotals {
  const sum = (f: (l: LineForTotals) => number): number => lines.reduce((s, l) => s + f(l), 0);
  const proposed = sum((l) => l.count);
  const exempt = new Set(policy.zeroGrowthExemptGroups);
  const zeroGrowthCounted = sum((l) => (exempt.has(l.group) ? 0 : l.count));
  const uncostedLines = lines.filter((l) => l.count > 0 && l.cellAnnualCost == null).length;
  const proposalCost = sum((l) => l.count * (l.cellAnnualCost ?? 0));
  const spending = agency.currentStaffCost == null ? null : agency.currentStaffCost + proposalCost;
  const share = policy.annualBudget && spending != null ? spending / policy.annualBudget : null;
  return {
    proposed,
    verified: stage.verified ? sum((l) => l.verifiedCount ?? l.count) : null,
    determined: stage.determined ? sum((l) => l.determinedCount ?? 0) : null,
    computedNeed: agency.computedNeed,
    exits: agency.exits,
    zeroGrowthCounted,
    zeroGrowthExemptGroups: [...policy.zeroGrowthExemptGroups],
    withinZeroGrowth: zeroGrowthCounted <= agency.exits + 1e-9,
    currentStaffCost: agency.currentStaffCost,
    proposalCost,
    uncostedLines,
    annualBudget: policy.annualBudget,
    personnelSpendingShare: share,
    personnelSpendingCeiling: policy.personnelSpendingCeiling,
    withinSpendingCeiling: share == null ? null : share <= policy.personnelSpendingCeiling + 1e-12,
  };
}

export interface CanonicalLine {
  positionCode: string;
  unitCode: string | null;
  procurement: string;
  group: string;
  formationType: string;
  count: number;
  education: string[];
  payMin: number | null;
  payMax: number | null;
  justification: string | null;
}

/**
 * SHA-256 of what the agency head signs (SPTJM): agency, year, run and every line with a count,
 * in a fixed order and key order, so the same content always gives the same hash.
 */
export function contentHash(head: { agencyCode: string; year: number; runId: string }, lines: CanonicalLine[]): string {
  const sorted = lines
    .filter((l) => l.count > 0)
    .map((l) => [
      l.positionCode,
      l.unitCode,
      l.procurement,
      l.group,
      l.formationType,
      l.count,
      [...l.education].sort(),
      l.payMin,
      l.payMax,
      l.justification ?? null,
    ])
    .sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  const canonical = JSON.stringify({ agency: head.agencyCode, year: head.year, run: head.runId, lines: sorted });
  return createHash('sha256').update(canonical).digest('hex');
}

export interface LineCounts {
  id: string;
  count: number;
  verifiedCount: number | null;
}

/** A verifier may lower a line, never raise it, and says why. */
export function verificationProblems(
  lines: LineCounts[],
  adjustments: Array<{ lineId: string; count: number; reason: string }>,
): FieldError[] {
  const byId = new Map(lines.map((l) => [l.id, l]));
  const seen = new Set<string>();
  return adjustments.flatMap((a, i): FieldError[] => {
    const field = `input.adjustments.${i}`;
    const line = byId.get(a.lineId);
    if (!line) return [{ field: `${field}.lineId`, row: i, message: `line ${a.lineId} is not a line of this proposal` }];
    if (seen.has(a.lineId)) return [{ field: `${field}.lineId`, row: i, message: `line ${a.lineId} is adjusted twice` }];
    seen.add(a.lineId);
    if (a.count > line.count)
      return [
        {
          field: `${field}.count`,
          row: i,
          message: `${a.count} is more than the ${line.count} proposed; a verifier may only lower a line`,
        },
      ];
    if (!a.reason.trim()) return [{ field: `${field}.reason`, row: i, message: 'a lowered line needs a reason' }];
    return [];
  });
}

/** The ministry determines each line at most at its verified count. */
export function determinationProblems(
  lines: LineCounts[],
  counts: Array<{ lineId: string; count: number }>,
  label = 'input.lines',
): FieldError[] {
  const byId = new Map(lines.map((l) => [l.id, l]));
  const seen = new Set<string>();
  return counts.flatMap((c, i): FieldError[] => {
    const line = byId.get(c.lineId);
    if (!line) return [{ field: `${label}.${i}.lineId`, row: i, message: `line ${c.lineId} is not a line of this proposal` }];
    if (seen.has(c.lineId)) return [{ field: `${label}.${i}.lineId`, row: i, message: `line ${c.lineId} is determined twice` }];
    seen.add(c.lineId);
    const verified = line.verifiedCount ?? line.count;
    if (c.count > verified) return [{ field: `${label}.${i}.count`, row: i, message: `${c.count} is more than the ${verified} verified` }];
    return [];
  });
}

/** The determined count of every line: the one given, else the verified count. */
export function determinedCounts(lines: LineCounts[], counts: Array<{ lineId: string; count: number }>): Map<string, number> {
  const given = new Map(counts.map((c) => [c.lineId, c.count]));
  return new Map(lines.map((l) => [l.id, given.get(l.id) ?? l.verifiedCount ?? l.count]));
}
