import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayMinSize, IsBoolean, IsIn, IsInt, IsOptional, IsUUID, Max, Min, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import { UNFILLED_REASONS, UnfilledReason } from '@formasi/planning';
import { enumOf } from '../common/graphql-enums';
import { JobGroupEnum, ProcurementEnum } from '../proposals/proposal.model';

export const UnfilledReasonEnum = enumOf(UNFILLED_REASONS);
registerEnumType(UnfilledReasonEnum, {
  name: 'UnfilledReason',
  description: 'Why determined places stayed empty: no applicant, none qualified, withdrawals, never announced, other.',
});

export const FUNNEL_LEVELS = ['AGENCY', 'PROVINCE', 'NATION'] as const;
export type FunnelLevel = (typeof FUNNEL_LEVELS)[number];
export const FunnelLevelEnum = enumOf(FUNNEL_LEVELS);
registerEnumType(FunnelLevelEnum, { name: 'FunnelLevel', description: 'Where the funnel sums: per agency, per province, the nation.' });

@ObjectType('LineOutcome', { description: 'A determined line and what became of its places (all counts null: not recorded yet).' })
export class LineOutcomeModel {
  @Field(() => ID) lineId: string;
  @Field() positionCode: string;
  @Field(() => String, { nullable: true }) unitCode: string | null;
  @Field(() => ProcurementEnum) procurement: string;
  @Field(() => JobGroupEnum) group: string;
  @Field() formationType: string;
  @Field(() => Int) determined: number;
  @Field(() => Int, { nullable: true }) applicants: number | null;
  @Field(() => Int, { nullable: true }) passed: number | null;
  @Field(() => Int, { nullable: true }) optimalisasi: number | null;
  @Field(() => Int, { nullable: true }) withdrew: number | null;
  @Field(() => Int, { nullable: true }) appointed: number | null;
  @Field(() => Int, { nullable: true }) unfilled: number | null;
  @Field(() => UnfilledReasonEnum, { nullable: true }) unfilledReason: UnfilledReason | null;
  @Field(() => String, { nullable: true, description: 'FILE or API.' }) source: string | null;
  @Field(() => String, { nullable: true }) recordedByEmail: string | null;
  @Field(() => Date, { nullable: true }) recordedAt: Date | null;
}

@ObjectType('OutcomeError', {
  description: 'A broken rule: the row (file: spreadsheet row, header = 1; mutation: index in lines), column and rule.',
})
export class OutcomeErrorModel {
  @Field(() => Int) row: number;
  @Field() column: string;
  @Field() rule: string;
  @Field(() => String, { nullable: true }) value: string | null;
  @Field() message: string;
}

@ObjectType('OutcomeReport', { description: 'What an outcome upload or mutation found and, unless a dry run or refused, recorded.' })
export class OutcomeReportModel {
  @Field(() => ID) proposalId: string;
  @Field() dryRun: boolean;
  @Field({ description: 'True when the outcomes were written (no error, not a dry run).' }) applied: boolean;
  @Field(() => Int, { description: 'Lines the input gives an outcome for.' }) rows: number;
  @Field(() => Int, { description: 'Lines whose recorded outcome changed (0 when the same input is sent again).' }) changed: number;
  @Field(() => [OutcomeErrorModel]) errors: OutcomeErrorModel[];
}

@InputType()
export class OutcomeLineInput {
  @Field(() => ID) @IsUUID() lineId: string;
  @Field(() => Int) @IsInt() @Min(0) @Max(9_999_999) applicants: number;
  @Field(() => Int) @IsInt() @Min(0) @Max(9_999_999) passed: number;
  @Field(() => Int) @IsInt() @Min(0) @Max(9_999_999) optimalisasi: number;
  @Field(() => Int) @IsInt() @Min(0) @Max(9_999_999) withdrew: number;
  @Field(() => Int) @IsInt() @Min(0) @Max(9_999_999) appointed: number;
  @Field(() => Int) @IsInt() @Min(0) @Max(9_999_999) unfilled: number;
  @Field(() => UnfilledReasonEnum, { nullable: true }) @IsOptional() @IsIn(UNFILLED_REASONS) unfilledReason?: UnfilledReason | null;
}

@InputType()
export class RecordRecruitmentOutcomesInput {
  @Field(() => ID) @IsUUID() proposalId: string;
  @Field({ defaultValue: false, description: 'Check only: the report, nothing written.' }) @IsBoolean() dryRun: boolean;
  @Field(() => [OutcomeLineInput])
  @ArrayMinSize(1)
  @ArrayMaxSize(50_000)
  @ValidateNested({ each: true })
  @Type(() => OutcomeLineInput)
  lines: OutcomeLineInput[];
}

@ObjectType('RecruitmentFunnel', {
  description: 'Sums of determined lines and their outcomes for one group of the funnel; ratios of the sums.',
})
export class FunnelRowModel {
  @Field(() => Int) year: number;
  @Field(() => String, { nullable: true, description: 'AGENCY level only.' }) agencyCode: string | null;
  @Field(() => String, { nullable: true, description: 'Province (first part of the region code); NATION level: null.' })
  provinceCode: string | null;
  @Field(() => ProcurementEnum, { nullable: true, description: 'Null unless grouped by procurement.' }) procurement: string | null;
  @Field(() => JobGroupEnum, { nullable: true, description: 'Null unless grouped by group.' }) group: string | null;
  @Field(() => Int) lines: number;
  @Field(() => Int) determined: number;
  @Field(() => Int, { description: 'Lines with a recorded outcome.' }) reportedLines: number;
  @Field(() => Int, { description: 'Σ determined of the lines with an outcome: the base of the ratios.' }) reportedDetermined: number;
  @Field(() => Int, { description: 'reportedDetermined − places unfilled as NOT_ANNOUNCED.' }) announced: number;
  @Field(() => Int) applicants: number;
  @Field(() => Int) passed: number;
  @Field(() => Int) optimalisasi: number;
  @Field(() => Int) withdrew: number;
  @Field(() => Int) appointed: number;
  @Field(() => Int) unfilled: number;
  @Field(() => Int) unfilledNoApplicant: number;
  @Field(() => Int) unfilledNotQualified: number;
  @Field(() => Int) unfilledWithdrew: number;
  @Field(() => Int) unfilledNotAnnounced: number;
  @Field(() => Int) unfilledOther: number;
  @Field(() => Float, { nullable: true }) reportedShare: number | null;
  @Field(() => Float, { nullable: true }) announcedRate: number | null;
  @Field(() => Float, { nullable: true }) applicantsPerPlace: number | null;
  @Field(() => Float, { nullable: true }) passRate: number | null;
  @Field(() => Float, { nullable: true }) optimalisasiRate: number | null;
  @Field(() => Float, { nullable: true }) withdrawalRate: number | null;
  @Field(() => Float, { nullable: true }) fillRate: number | null;
  @Field(() => Float, { nullable: true }) unfilledRate: number | null;
}
