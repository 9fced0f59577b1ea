import { Field, Float, ID, InputType, Int } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayMinSize, IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import { ROUNDING_RULES, RoundingRule } from '@formasi/planning';
import { RoundingRuleEnum } from '../common/graphql-enums';
import { IsAttritionRate } from '../common/attrition-rate.rule';

@InputType()
export class StartPlanRunInput {
  @Field(() => String, { nullable: true, description: 'Omit to plan every agency.' }) @IsOptional() @IsNotEmpty() agencyCode?:
    string | null;
  @Field({ description: 'Staffing snapshot date, yyyy-mm-dd.' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'asOf must be a date yyyy-mm-dd' })
  asOf: string;
  @Field(() => [Int], { nullable: true, description: 'Plan years; default the five years after asOf.' })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(10, { message: 'years may list at most 10 years' })
  @IsInt({ each: true })
  @Min(2000, { each: true })
  @Max(2100, { each: true })
  years?: number[] | null;
  @Field(() => RoundingRuleEnum, { nullable: true }) @IsOptional() @IsIn(ROUNDING_RULES) rounding?: RoundingRule | null;
  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsAttritionRate()
  attritionRate?: number | null;
  @Field(() => Boolean, { nullable: true }) @IsOptional() @IsBoolean() renewContracts?: boolean | null;
  @Field(() => ID, {
    nullable: true,
    description: "A scenario laid over the baseline inputs; the run's own rounding, attrition and renewal still win.",
  })
  @IsOptional()
  @IsUUID('all', { message: 'scenarioId must be a scenario id' })
  scenarioId?: string | null;
}
