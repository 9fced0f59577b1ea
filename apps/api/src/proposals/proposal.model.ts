import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ATTACHMENT_KINDS, FORMATION_TYPES, JOB_GROUPS, PROCUREMENTS, PROPOSAL_STATES } from './proposal.rules';
import type { AttachmentKind, FormationType, JobGroup, Procurement, ProposalState } from './proposal.rules';

const enumOf = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };
export const ProposalStateEnum = enumOf(PROPOSAL_STATES);
export const ProcurementEnum = enumOf(PROCUREMENTS);
export const JobGroupEnum = enumOf(JOB_GROUPS);
export const FormationTypeEnum = enumOf(FORMATION_TYPES);
export const AttachmentKindEnum = enumOf(ATTACHMENT_KINDS);
registerEnumType(ProposalStateEnum, {
  name: 'ProposalState',
  description:
    'DRAFT → SUBMITTED (operator) → SIGNED (agency head, SPTJM) → IN_VERIFICATION (verifier) → RETURNED | VERIFIED ' +
    '→ DETERMINED (ministry); WITHDRAWN by the agency before verification.',
});
registerEnumType(ProcurementEnum, { name: 'Procurement', description: 'CPNS (civil servant candidates) or PPPK (contract employees).' });
registerEnumType(JobGroupEnum, { name: 'JobGroup', description: 'GURU (teachers), NAKES (health workers), TEKNIS (technical, the rest).' });
registerEnumType(FormationTypeEnum, {
  name: 'FormationType',
  description: 'Jenis formasi: the general track (UMUM) and the special ones.',
});
registerEnumType(AttachmentKindEnum, {
  name: 'AttachmentKind',
  description: 'Peta jabatan, ABK, the signed SPTJM scan, or another document.',
});

@ObjectType('ProposalCell', { description: 'The plan cell a line came from, as the run computed it for the proposal year.' })
export class ProposalCellModel {
  @Field() category: string;
  @Field(() => Float) requiredFte: number;
  @Field(() => Float) existing: number;
  @Field(() => Float, { description: 'Retirements + contract ends + attrition of the year.' }) exits: number;
  @Field(() => Int, { description: 'The computed need: what the line may ask for without a justification.' }) formation: number;
  @Field(() => Float, { nullable: true, description: "Rupiah per person per year from the policy's cost table." }) annualCost:
    number | null;
}

@ObjectType('ProposalLine', { description: 'One position × unit × procurement × group × formation type of a proposal.' })
export class ProposalLineModel {
  @Field(() => ID, { description: 'Stable for the life of the proposal: recruitment refers to a determined line by it.' }) id: string;
  @Field() positionCode: string;
  @Field() positionName: string;
  @Field(() => String, { nullable: true }) unitCode: string | null;
  @Field(() => String, { nullable: true }) unitName: string | null;
  @Field(() => ProcurementEnum) procurement: Procurement;
  @Field(() => JobGroupEnum) group: JobGroup;
  @Field(() => FormationTypeEnum) formationType: FormationType;
  @Field(() => Int, { description: 'Proposed count.' }) count: number;
  @Field(() => [String], { description: 'Accepted education qualifications.' }) education: string[];
  @Field(() => Float, { nullable: true }) payMin: number | null;
  @Field(() => Float, { nullable: true }) payMax: number | null;
  @Field(() => String, { nullable: true }) justification: string | null;
  @Field({ description: "The lines of its cell ask for more than the cell's formation, or it has no cell: OVER_NEED." }) overNeed: boolean;
  @Field(() => [String], { description: 'OVER_NEED, NO_PLAN_CELL.' }) flags: string[];
  @Field(() => ProposalCellModel, { nullable: true, description: 'Null: no cell of the run for this position and unit.' })
  cell: ProposalCellModel | null;
  @Field(() => Int, { nullable: true, description: 'After verification: the count the verifier let through.' }) verifiedCount:
    number | null;
  @Field(() => String, { nullable: true }) verifyReason: string | null;
  @Field(() => Int, { nullable: true, description: 'After determination: the count the ministry set.' }) determinedCount: number | null;
  @Field(() => String, { nullable: true, description: "The verifier's comment when the proposal was returned." }) returnComment:
    string | null;
}

@ObjectType('ProposalSignature', { description: "The agency head's statement of responsibility (SPTJM)." })
export class ProposalSignatureModel {
  @Field() signerName: string;
  @Field() signerNip: string;
  @Field() signedAt: Date;
  @Field({ description: "SHA-256 of the proposal's canonical content when it was signed." }) contentHash: string;
}

@ObjectType('ProposalTotals', { description: "A proposal against its computed need, the year's exits and the personnel budget." })
export class ProposalTotalsModel {
  @Field(() => Int) proposed: number;
  @Field(() => Int, { nullable: true }) verified: number | null;
  @Field(() => Int, { nullable: true }) determined: number | null;
  @Field(() => Int, { description: "Σ formation of the agency's cells in the year." }) computedNeed: number;
  @Field(() => Float, { description: 'Σ retirements + contract ends + attrition of the agency in the year.' }) exits: number;
  @Field(() => Int, { description: 'Proposed hires in groups not exempt from zero growth.' }) zeroGrowthCounted: number;
  @Field(() => [JobGroupEnum]) zeroGrowthExemptGroups: JobGroup[];
  @Field({ description: 'zeroGrowthCounted ≤ exits.' }) withinZeroGrowth: boolean;
  @Field(() => Float, { nullable: true, description: 'Σ existing × annual cost of the year; null without costs.' }) currentStaffCost:
    number | null;
  @Field(() => Float, { nullable: true }) proposalCost: number | null;
  @Field(() => Int) uncostedLines: number;
  @Field(() => Float, { nullable: true }) annualBudget: number | null;
  @Field(() => Float, { nullable: true, description: '(current staff + proposal) / annual budget.' }) personnelSpendingShare: number | null;
  @Field(() => Float) personnelSpendingCeiling: number;
  @Field(() => Boolean, { nullable: true }) withinSpendingCeiling: boolean | null;
}

@ObjectType('ProposalEvent', { description: 'One move of a proposal: who, when, from which state to which, and why.' })
export class ProposalEventModel {
  @Field(() => ID) id: string;
  @Field(() => ID) proposalId: string;
  @Field() agencyCode: string;
  @Field(() => Int) year: number;
  @Field() at: Date;
  @Field() action: string;
  @Field(() => ProposalStateEnum, { nullable: true }) fromState: ProposalState | null;
  @Field(() => ProposalStateEnum) toState: ProposalState;
  @Field() actorEmail: string;
  @Field(() => String, { nullable: true }) actorRole: string | null;
  @Field(() => String, { nullable: true }) reason: string | null;
}

@ObjectType('ProposalAttachment')
export class ProposalAttachmentModel {
  @Field(() => ID) id: string;
  @Field(() => AttachmentKindEnum) kind: AttachmentKind;
  @Field() fileName: string;
  @Field() contentType: string;
  @Field(() => Int) sizeBytes: number;
  @Field() sha256: string;
  @Field() uploadedByEmail: string;
  @Field() uploadedAt: Date;
  @Field({ description: 'GET this path (signed in) to download the file.' }) downloadPath: string;
}

@ObjectType('Proposal', { description: "An agency's formation proposal (usulan rincian kebutuhan) for one procurement year." })
export class ProposalModel {
  @Field(() => ID) id: string;
  @Field() agencyCode: string;
  @Field(() => Int, { description: 'The procurement year.' }) year: number;
  @Field(() => ID, { description: 'The plan run whose need the proposal comes from.' }) runId: string;
  @Field(() => ProposalStateEnum) state: ProposalState;
  @Field(() => Int, { description: 'Raised by every change; pass as expectedVersion to act on exactly what you saw.' }) version: number;
  @Field() createdByEmail: string;
  @Field() createdAt: Date;
  @Field() updatedAt: Date;
  @Field({ description: 'When the proposal entered its current state.' }) stateChangedAt: Date;
  @Field(() => ProposalSignatureModel, { nullable: true }) signature: ProposalSignatureModel | null;
  @Field(() => String, { nullable: true }) verifierEmail: string | null;
  @Field(() => String, { nullable: true, description: 'Why the verifier returned it (RETURNED).' }) returnReason: string | null;
  @Field(() => String, { nullable: true }) decreeNumber: string | null;
  @Field(() => String, { nullable: true, description: 'yyyy-mm-dd' }) decreeDate: string | null;
}

@ObjectType('ProposalPage')
export class ProposalPageModel {
  @Field(() => Int) totalCount: number;
  @Field(() => [ProposalModel]) nodes: ProposalModel[];
  @Field(() => String, { nullable: true, description: 'Pass as `after` for the next page; null on the last page.' }) endCursor:
    string | null;
}

@ObjectType('ProposalStateCount')
export class ProposalStateCountModel {
  @Field(() => ProposalStateEnum) state: ProposalState;
  @Field(() => Int) count: number;
  @Field(() => Float, { description: 'Hours proposals have spent in this state, on average per visit (the current visit counted to now).' })
  averageHours: number;
  @Field(() => Float, { description: 'Hours spent in this state by all proposals together.' }) totalHours: number;
}

@ObjectType('ProposalBoard', { description: "Where every agency stands in the year's cycle, as the ministry publishes it." })
export class ProposalBoardModel {
  @Field(() => Int) year: number;
  @Field(() => Int) agencies: number;
  @Field(() => Int, { description: 'Agencies without a live proposal for the year (none, or only withdrawn ones).' }) notStarted: number;
  @Field(() => [String]) notStartedAgencyCodes: string[];
  @Field(() => [ProposalStateCountModel], { description: 'Every state, in cycle order, with its count (0 included).' })
  states: ProposalStateCountModel[];
}

@ObjectType('PositionGroup')
export class PositionGroupModel {
  @Field() positionCode: string;
  @Field(() => JobGroupEnum) group: JobGroup;
}

@ObjectType('PppkShare')
export class PppkShareModel {
  @Field(() => JobGroupEnum) group: JobGroup;
  @Field(() => Float, { description: "Share of the group's need proposed as PPPK, 0..1." }) share: number;
}

@ObjectType('ProposalPolicy', { description: 'How a need becomes proposal lines, and the guardrails a proposal is measured against.' })
export class ProposalPolicyModel {
  @Field(() => String, { nullable: true, description: 'Null: the default policy.' }) agencyCode: string | null;
  @Field(() => [PositionGroupModel]) positionGroups: PositionGroupModel[];
  @Field(() => JobGroupEnum) defaultGroup: JobGroup;
  @Field(() => [PppkShareModel]) pppkShares: PppkShareModel[];
  @Field(() => [JobGroupEnum]) zeroGrowthExemptGroups: JobGroup[];
  @Field(() => Float) personnelSpendingCeiling: number;
  @Field(() => Float, { nullable: true }) annualBudget: number | null;
}
