import { ArgsType, Field, Float, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsNumber, IsOptional, IsString, IsUUID, Max, Min, ValidateNested } from 'class-validator';
import { POSITION_CATEGORIES, PositionCategory } from '@formasi/planning';
import { PositionCategoryEnum } from '../common/graphql-enums';

@InputType({ description: 'Which cells share the quota; neither field = the whole run (nation).' })
export class QuotaScopeInput {
  @Field(() => String, { nullable: true }) @IsOptional() @IsNotEmpty() agencyCode?: string | null;
  @Field(() => PositionCategoryEnum, { nullable: true }) @IsOptional() @IsIn(POSITION_CATEGORIES) category?: PositionCategory | null;
}

@InputType()
export class AllocateQuotaInput {
  @Field(() => ID) @IsUUID('all', { message: 'runId must be a plan run id' }) runId: string;
  @Field(() => Int) @IsInt() year: number;
  @Field(() => Int, { nullable: true, description: 'Formation slots that may be recruited; omit to be bounded by the budget only.' })
  @IsOptional()
  @IsInt()
  @Min(0, { message: 'quota must be 0 or more' })
  quota?: number | null;
  @Field(() => Float, {
    nullable: true,
    description: 'Rupiah a year the slots may cost: slots go in the same pressure order while the budget pays for them.',
  })
  @IsOptional()
  @IsNumber()
  @Min(0, { message: 'budget must be 0 or more' })
  budget?: number | null;
  @Field(() => QuotaScopeInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => QuotaScopeInput)
  scope?: QuotaScopeInput | null;
  @Field(() => ID, {
    nullable: true,
    description:
      'A DETERMINED proposal: its determined counts are the quota (each cell asks what was determined for it), ' + 'its agency the scope.',
  })
  @IsOptional()
  @IsUUID('all', { message: 'proposalId must be a proposal id' })
  proposalId?: string | null;
}

@ArgsType()
export class QuotaCellsArgs {
  @Field(() => Int, { defaultValue: 100 }) @IsInt() @Min(1) @Max(1000, { message: 'first must be at most 1000' }) first: number;
  @Field(() => String, { nullable: true, description: 'The cursor of the last cell of the previous page.' })
  @IsOptional()
  @IsString()
  after?: string | null;
}
