import { ArgsType, Field, Float, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { FORMATION_TYPES, JOB_GROUPS, PROCUREMENTS, PROPOSAL_STATES } from './proposal.rules';
import type { FormationType, JobGroup, Procurement, ProposalState } from './proposal.rules';
import { FormationTypeEnum, JobGroupEnum, ProcurementEnum, ProposalStateEnum } from './proposal.model';

const MAX_LINES = 5000;

@InputType()
export class CreateProposalFromRunInput {
  @Field(() => ID, { description: 'A SUCCEEDED plan run covering the agency and the year.' })
  @IsUUID('all', { message: 'runId must be a plan run id' })
  runId: string;
  @Field() @IsNotEmpty() agencyCode: string;
  @Field(() => Int, { description: "The procurement year: one of the run's plan years." }) @IsInt() year: number;
}

/** What every move names: the proposal and, optionally, the version the caller decided on. */
@InputType()
export class ProposalActionInput {
  @Field(() => ID) @IsUUID('all', { message: 'id must be a proposal id' }) id: string;
  @Field(() => Int, {
    nullable: true,
    description: 'The version you saw; if the proposal changed since, the move is refused with CONFLICT.',
  })
  @IsOptional()
  @IsInt()
  expectedVersion?: number | null;
}

@InputType()
export class ProposalLineInput {
  @Field() @IsNotEmpty() @MaxLength(64) positionCode: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsNotEmpty() @MaxLength(64) unitCode?: string | null;
  @Field(() => ProcurementEnum) @IsIn(PROCUREMENTS) procurement: Procurement;
  @Field(() => JobGroupEnum) @IsIn(JOB_GROUPS) group: JobGroup;
  @Field(() => FormationTypeEnum, { defaultValue: 'UMUM' }) @IsIn(FORMATION_TYPES) formationType: FormationType;
  @Field(() => Int) @IsInt() @Min(0, { message: 'count must be 0 or more' }) @Max(100000) count: number;
  @Field(() => [String], { nullable: true, description: 'Accepted education qualifications, e.g. "S1 Keperawatan".' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Matches(/^[^/\r\n]+$/, { each: true, message: 'an education qualification may not contain "/" or a line break (the SIASN separator)' })
  education?: string[] | null;
  @Field(() => Float, { nullable: true }) @IsOptional() @IsNumber() @Min(0) payMin?: number | null;
  @Field(() => Float, { nullable: true }) @IsOptional() @IsNumber() @Min(0) payMax?: number | null;
  @Field(() => String, { nullable: true, description: 'Required when the line asks above its computed need (OVER_NEED).' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  justification?: string | null;
}

@InputType()
export class UpdateProposalLinesInput extends ProposalActionInput {
  @Field(() => [ProposalLineInput], { defaultValue: [], description: 'Lines added, or replacing the line with the same key.' })
  @IsArray()
  @ArrayMaxSize(MAX_LINES)
  @ValidateNested({ each: true })
  @Type(() => ProposalLineInput)
  upsert: ProposalLineInput[];
  @Field(() => [ID], { defaultValue: [] }) @IsArray() @IsUUID('all', { each: true }) remove: string[];
}

@InputType()
export class SignProposalInput extends ProposalActionInput {
  @Field({ description: 'The agency head (PPK) as named on the statement of responsibility.' })
  @IsNotEmpty()
  @MaxLength(200)
  signerName: string;
  @Field({ description: '18-digit NIP of the signer.' })
  @Matches(/^\d{18}$/, { message: 'signerNip must be an 18-digit NIP' })
  signerNip: string;
}

@InputType()
export class LineCommentInput {
  @Field(() => ID) @IsUUID('all') lineId: string;
  @Field() @IsNotEmpty() @MaxLength(4000) comment: string;
}

@InputType()
export class ReturnProposalInput extends ProposalActionInput {
  @Field() @IsNotEmpty({ message: 'say why the proposal goes back' }) @MaxLength(4000) reason: string;
  @Field(() => [LineCommentInput], { defaultValue: [] })
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => LineCommentInput)
  comments: LineCommentInput[];
}

@InputType()
export class LineAdjustmentInput {
  @Field(() => ID) @IsUUID('all') lineId: string;
  @Field(() => Int) @IsInt() @Min(0) count: number;
  @Field() @IsString() @MaxLength(4000) reason: string;
}

@InputType()
export class VerifyProposalInput extends ProposalActionInput {
  @Field(() => [LineAdjustmentInput], {
    defaultValue: [],
    description: 'Lines the verifier lowers, each with a reason; the rest pass as proposed.',
  })
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => LineAdjustmentInput)
  adjustments: LineAdjustmentInput[];
}

@InputType()
export class LineCountInput {
  @Field(() => ID) @IsUUID('all') lineId: string;
  @Field(() => Int) @IsInt() @Min(0) count: number;
}

@InputType()
export class DetermineProposalInput extends ProposalActionInput {
  @Field({ description: 'Number of the ministerial decree (penetapan kebutuhan).' }) @IsNotEmpty() @MaxLength(200) decreeNumber: string;
  @Field({ description: 'yyyy-mm-dd' }) @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'decreeDate must be yyyy-mm-dd' }) decreeDate: string;
  @Field(() => [LineCountInput], { defaultValue: [], description: 'Final counts; a line not named gets its verified count.' })
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => LineCountInput)
  lines: LineCountInput[];
}

@InputType()
export class WithdrawProposalInput extends ProposalActionInput {
  @Field() @IsNotEmpty({ message: 'say why the proposal is withdrawn' }) @MaxLength(4000) reason: string;
}

@ArgsType()
export class ProposalsArgs {
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() year?: number | null;
  @Field(() => ProposalStateEnum, { nullable: true }) @IsOptional() @IsIn(PROPOSAL_STATES) state?: ProposalState | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsNotEmpty() agencyCode?: string | null;
  @Field(() => Int, { defaultValue: 50 }) @IsInt() @Min(1) @Max(500, { message: 'first must be at most 500' }) first: number;
  @Field(() => String, { nullable: true, description: 'endCursor of the previous page.' }) @IsOptional() @IsString() after?: string | null;
}

@InputType()
export class PositionGroupInput {
  @Field() @IsNotEmpty() positionCode: string;
  @Field(() => JobGroupEnum) @IsIn(JOB_GROUPS) group: JobGroup;
}

@InputType()
export class PppkShareInput {
  @Field(() => JobGroupEnum) @IsIn(JOB_GROUPS) group: JobGroup;
  @Field(() => Float) @IsNumber() @Min(0) @Max(1, { message: 'share must be between 0 and 1' }) share: number;
}

@InputType()
export class UpsertProposalPolicyInput {
  @Field(() => String, { nullable: true, description: 'Omit for the default policy.' }) @IsOptional() @IsNotEmpty() agencyCode?:
    string | null;
  @Field(() => [PositionGroupInput], { defaultValue: [] })
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => PositionGroupInput)
  positionGroups: PositionGroupInput[];
  @Field(() => JobGroupEnum, { defaultValue: 'TEKNIS' }) @IsIn(JOB_GROUPS) defaultGroup: JobGroup;
  @Field(() => [PppkShareInput], { defaultValue: [] })
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => PppkShareInput)
  pppkShares: PppkShareInput[];
  @Field(() => [JobGroupEnum], { defaultValue: [] }) @IsArray() @IsIn(JOB_GROUPS, { each: true }) zeroGrowthExemptGroups: JobGroup[];
  @Field(() => Float, { defaultValue: 0.3, description: 'Personnel spending may be at most this share of the annual budget.' })
  @IsNumber()
  @Min(0.000001)
  @Max(1)
  personnelSpendingCeiling: number;
  @Field(() => Float, { nullable: true, description: "The agency's annual budget in rupiah; omit to leave spending unchecked." })
  @IsOptional()
  @IsNumber()
  @Min(0)
  annualBudget?: number | null;
}
