import { Field, Float, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsPositive,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { POSITION_CATEGORIES, POSITION_LEVELS, PositionCategory, PositionLevel, ROUNDING_RULES, RoundingRule } from '@formasi/planning';
import { PositionCategoryEnum, PositionLevelEnum, RoundingRuleEnum } from '../common/graphql-enums';
import { CODE_MESSAGE, CODE_PATTERN } from '../agencies/upsert-agency.input';
import { IsAttritionRate } from '../common/attrition-rate.rule';

/** Effective hours given directly, or WISN working days minus holidays and leave × hours per day. */
@InputType('WorkingTimeInput')
export class WorkingTimeInput {
  @Field(() => Float, { nullable: true }) @IsOptional() @IsPositive({ message: 'hoursPerYear must be positive' }) @Max(8784) hoursPerYear?:
    number | null;
  @Field(() => Float, { nullable: true }) @IsOptional() @IsPositive() @Max(366) workingDaysPerYear?: number | null;
  @Field(() => Float, { nullable: true }) @IsOptional() @IsNumber() @Min(0) publicHolidays?: number | null;
  @Field(() => Float, { nullable: true }) @IsOptional() @IsNumber() @Min(0) annualLeave?: number | null;
  @Field(() => Float, { nullable: true }) @IsOptional() @IsNumber() @Min(0) sickLeave?: number | null;
  @Field(() => Float, { nullable: true }) @IsOptional() @IsNumber() @Min(0) otherLeave?: number | null;
  @Field(() => Float, { nullable: true }) @IsOptional() @IsPositive() @Max(24) hoursPerDay?: number | null;
}

@InputType()
export class UpsertWorkingTimeProfileInput extends WorkingTimeInput {
  @Field() @Matches(CODE_PATTERN, { message: `code ${CODE_MESSAGE}` }) @MaxLength(64) code: string;
  @Field() @IsNotEmpty() name: string;
}

@InputType()
export class RetirementAgeInput {
  @Field(() => PositionCategoryEnum) @IsIn(POSITION_CATEGORIES) category: PositionCategory;
  @Field(() => PositionLevelEnum, { nullable: true }) @IsOptional() @IsIn(POSITION_LEVELS) level?: PositionLevel | null;
  @Field(() => Int) @IsInt() @Min(40) @Max(80, { message: 'age must be between 40 and 80' }) age: number;
}

@InputType({ description: 'Annual cost in rupiah of one person of a category (and level): salary, allowances, contributions.' })
export class AnnualCostInput {
  @Field(() => PositionCategoryEnum) @IsIn(POSITION_CATEGORIES) category: PositionCategory;
  @Field(() => PositionLevelEnum, { nullable: true }) @IsOptional() @IsIn(POSITION_LEVELS) level?: PositionLevel | null;
  @Field(() => Float) @IsNumber() @Min(0, { message: 'annualCost must not be negative' }) annualCost: number;
}

@InputType()
export class EfficiencyBandInput {
  @Field() @IsNotEmpty() band: string;
  @Field(() => Float) @IsNumber() @Min(0) minimum: number;
}

@InputType()
export class UpsertPlanningPolicyInput {
  @Field(() => String, { nullable: true, description: 'Omit for the default policy used by agencies without their own.' })
  @IsOptional()
  @IsNotEmpty()
  agencyCode?: string | null;
  @Field() @IsNotEmpty() workingTimeProfileCode: string;
  @Field(() => RoundingRuleEnum, { defaultValue: 'HALF_UP' }) @IsIn(ROUNDING_RULES) rounding: RoundingRule;
  @Field(() => Float, { defaultValue: 0 })
  @IsAttritionRate()
  attritionRate: number;
  @Field({ defaultValue: false }) @IsBoolean() renewContracts: boolean;
  @Field(() => [RetirementAgeInput])
  @ValidateNested({ each: true })
  @Type(() => RetirementAgeInput)
  @ArrayMinSize(1)
  retirementAges: RetirementAgeInput[];
  @Field(() => [EfficiencyBandInput], { nullable: true })
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => EfficiencyBandInput)
  efficiencyBands?: EfficiencyBandInput[] | null;
  @Field(() => [AnnualCostInput], {
    nullable: true,
    description: "Prices formation and quota allocations; a level row wins over its category's. Omit for none.",
  })
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => AnnualCostInput)
  annualCosts?: AnnualCostInput[] | null;
}
