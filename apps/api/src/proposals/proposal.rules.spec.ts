import { DomainError } from '../common/domain-error';
import {
  PROPOSAL_STATES,
  ProposalPolicy,
  TRANSITIONS,
  contentHash,
  determinationProblems,
  determinedCounts,
  draftLines,
  overNeedLineIds,
  proposalTotals,
  requireState,
  splitNeed,
  stateAfterEdit,
  submissionProblems,
  verificationProblems,
} from './proposal.rules';

const POLICY: ProposalPolicy = {
  positionGroups: [
    { positionCode: 'GURU-KELAS', group: 'GURU' },
    { positionCode: 'PERAWAT', group: 'NAKES' },
  ],
  defaultGroup: 'TEKNIS',
  pppkShares: [
    { group: 'GURU', share: 0.5 },
    { group: 'NAKES', share: 0.35 },
  ],
  zeroGrowthExemptGroups: ['GURU', 'NAKES'],
  personnelSpendingCeiling: 0.3,
  annualBudget: 1_000_000_000,
};

const cell = (positionCode: string, unitCode: string | null, formation: number, annualCost: number | null = null) => ({
  positionCode,
  positionName: positionCode,
  unitCode,
  unitName: unitCode,
  category: 'FUNGSIONAL',
  requiredFte: formation,
  existing: 0,
  exits: 0,
  formation,
  annualCost,
});

describe('proposal rules', () => {
  it('splits a need into PPPK (share rounded half up, exact at .5) and CPNS', () => {
    expect(splitNeed(10, 0.35)).toEqual({ cpns: 6, pppk: 4 }); // 3.5 → 4, though 10 × 0.35 = 3.4999999999999996
    expect(splitNeed(3, 0.5)).toEqual({ cpns: 1, pppk: 2 }); // 1.5 → 2
    expect(splitNeed(3, 0.34)).toEqual({ cpns: 2, pppk: 1 }); // 1.02 → 1
    expect(splitNeed(2, 0)).toEqual({ cpns: 2, pppk: 0 });
    expect(splitNeed(2, 1)).toEqual({ cpns: 0, pppk: 2 });
  });

  it('drafts one line per cell with a formation and procurement with a count, the group from the policy', () => {
    const lines = draftLines(
      [cell('GURU-KELAS', 'SDN-1', 3), cell('PERAWAT', 'PKM', 10), cell('ANALIS', null, 1), cell('PENGADMIN', 'SET', 0)],
      POLICY,
    );
    expect(lines.map((l) => [l.positionCode, l.unitCode, l.procurement, l.group, l.formationType, l.count])).toEqual([
      ['GURU-KELAS', 'SDN-1', 'CPNS', 'GURU', 'UMUM', 1],
      ['GURU-KELAS', 'SDN-1', 'PPPK', 'GURU', 'UMUM', 2],
      ['PERAWAT', 'PKM', 'CPNS', 'NAKES', 'UMUM', 6],
      ['PERAWAT', 'PKM', 'PPPK', 'NAKES', 'UMUM', 4],
      ['ANALIS', null, 'CPNS', 'TEKNIS', 'UMUM', 1],
    ]);
  });

  it('flags every line of a cell whose lines ask more than its formation, and lines without a cell', () => {
    const line = (id: string, positionCode: string, count: number, cellFormation: number | null, justification: string | null = null) => ({
      id,
      positionCode,
      unitCode: 'U',
      count,
      justification,
      cellFound: cellFormation !== null,
      cellFormation,
    });
    const lines = [
      line('a', 'P', 2, 3),
      line('b', 'P', 1, 3),
      line('c', 'Q', 2, 1),
      line('d', 'Q', 0, 1),
      line('e', 'R', 1, null, 'new clinic'),
    ];
    expect([...overNeedLineIds(lines)].sort()).toEqual(['c', 'e']); // P asks 3 of 3; Q asks 2 of 1 (d asks nobody); R has no cell
    expect(submissionProblems(lines).map((p) => p.field)).toEqual(['lines.c.justification']);
    expect(submissionProblems([line('a', 'P', 0, 3)]).map((p) => p.field)).toEqual(['lines']);
  });

  it('names the state a proposal is in and the states an action needs', () => {
    expect(() => requireState('SIGN', 'x', 'DRAFT')).toThrow('proposal x is DRAFT; signProposal is allowed only when it is SUBMITTED');
    expect(() => requireState('WITHDRAW', 'x', 'IN_VERIFICATION')).toThrow(DomainError);
    expect(() => requireState('EDIT', 'x', 'SIGNED')).not.toThrow();
    // nothing moves a decided proposal
    for (const action of Object.keys(TRANSITIONS) as Array<keyof typeof TRANSITIONS>) {
      expect(TRANSITIONS[action].from).not.toContain('DETERMINED');
      expect(TRANSITIONS[action].from).not.toContain('WITHDRAWN');
    }
    expect(PROPOSAL_STATES.map(stateAfterEdit)).toEqual([
      'DRAFT',
      'DRAFT',
      'DRAFT',
      'IN_VERIFICATION',
      'RETURNED',
      'VERIFIED',
      'DETERMINED',
      'WITHDRAWN',
    ]);
  });

  it('totals against need, exits (priority groups exempt) and personnel spending over the budget', () => {
    const lines = [
      { group: 'TEKNIS' as const, count: 3, verifiedCount: 2, determinedCount: 2, cellAnnualCost: 60_000_000 },
      { group: 'NAKES' as const, count: 4, verifiedCount: null, determinedCount: 1, cellAnnualCost: 80_000_000 },
      { group: 'GURU' as const, count: 1, verifiedCount: 1, determinedCount: 0, cellAnnualCost: null },
    ];
    const t = proposalTotals(lines, { computedNeed: 7, exits: 2, currentStaffCost: 200_000_000 }, POLICY, {
      verified: true,
      determined: true,
    });
    // spending: 200M + 3 × 60M + 4 × 80M = 700M of a 1,000M budget = 0.7 > 0.3
    expect(t).toEqual({
      proposed: 8,
      verified: 7,
      determined: 3,
      computedNeed: 7,
      exits: 2,
      zeroGrowthCounted: 3,
      zeroGrowthExemptGroups: ['GURU', 'NAKES'],
      withinZeroGrowth: false,
      currentStaffCost: 200_000_000,
      proposalCost: 500_000_000,
      uncostedLines: 1,
      annualBudget: 1_000_000_000,
      personnelSpendingShare: 0.7,
      personnelSpendingCeiling: 0.3,
      withinSpendingCeiling: false,
    });
    const noBudget = proposalTotals(
      lines,
      { computedNeed: 7, exits: 3, currentStaffCost: null },
      { ...POLICY, annualBudget: null },
      { verified: false, determined: false },
    );
    expect(noBudget).toMatchObject({
      verified: null,
      determined: null,
      withinZeroGrowth: true,
      personnelSpendingShare: null,
      withinSpendingCeiling: null,
    });
  });

  it('hashes the content signed the same way whatever the order, and differently for any change', () => {
    const head = { agencyCode: 'KAB-UJI', year: 2027, runId: 'r' };
    const a = {
      positionCode: 'P',
      unitCode: 'U',
      procurement: 'CPNS',
      group: 'TEKNIS',
      formationType: 'UMUM',
      count: 2,
      education: ['S1', 'D3'],
      payMin: null,
      payMax: null,
      justification: null,
    };
    const b = { ...a, procurement: 'PPPK', count: 1 };
    expect(contentHash(head, [a, b])).toBe(contentHash(head, [b, { ...a, education: ['D3', 'S1'] }]));
    expect(contentHash(head, [a, b])).toMatch(/^[0-9a-f]{64}$/);
    expect(contentHash(head, [a, { ...b, count: 2 }])).not.toBe(contentHash(head, [a, b]));
    expect(contentHash(head, [a, { ...b, count: 0 }])).toBe(contentHash(head, [a]));
    expect(contentHash({ ...head, year: 2028 }, [a])).not.toBe(contentHash(head, [a]));
  });

  it('lets a verifier only lower a line, with a reason, and the ministry determine at most the verified count', () => {
    const lines = [
      { id: 'a', count: 3, verifiedCount: 2 },
      { id: 'b', count: 1, verifiedCount: 1 },
    ];
    expect(verificationProblems(lines, [{ lineId: 'a', count: 2, reason: 'ABK' }])).toEqual([]);
    expect(
      verificationProblems(lines, [
        { lineId: 'a', count: 4, reason: 'x' },
        { lineId: 'b', count: 0, reason: ' ' },
        { lineId: 'z', count: 0, reason: 'x' },
      ]).map((e) => e.field),
    ).toEqual(['input.adjustments.0.count', 'input.adjustments.1.reason', 'input.adjustments.2.lineId']);
    expect(determinationProblems(lines, [{ lineId: 'a', count: 3 }])[0]).toMatchObject({
      field: 'input.lines.0.count',
      message: '3 is more than the 2 verified',
    });
    expect([...determinedCounts(lines, [{ lineId: 'b', count: 0 }])]).toEqual([
      ['a', 2],
      ['b', 0],
    ]);
  });
});
