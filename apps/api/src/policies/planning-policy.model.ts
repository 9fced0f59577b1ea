import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import type { PositionCategory, PositionLevel, RoundingRule } from '@formasi/planning';
import { PositionCategoryEnum, PositionLevelEnum, RoundingRuleEnum } from '../common/graphql-enums';

/** Effective hours given directly, or WISN working days minus holidays and leave × hours per day. */
@ObjectType('WorkingTime')
export class WorkingTimeModel {
  @Field(() => Float, { nullable: true }) hoursPerYear: number | null;
  @Field(() => Float, { nullable: true }) workingDaysPerYear: number | null;
  @Field(() => Float, { nullable: true }) publicHolidays: number | null;
  @Field(() => Float, { nullable: true }) annualLeave: number | null;
  @Field(() => Float, { nullable: true }) sickLeave: number | null;
  @Field(() => Float, { nullable: true }) otherLeave: number | null;
  @Field(() => Float, { nullable: true }) hoursPerDay: number | null;
}

@ObjectType('WorkingTimeProfile')
export class WorkingTimeProfileModel extends WorkingTimeModel {
  @Field(() => ID) id: string;
  @Field() code: string;
  @Field() name: string;
}

@ObjectType('RetirementAge')
export class RetirementAgeModel {
  @Field(() => PositionCategoryEnum) category: PositionCategory;
  @Field(() => PositionLevelEnum, { nullable: true }) level?: PositionLevel | null;
  @Field(() => Int) age: number;
}

@ObjectType('AnnualCost')
export class AnnualCostModel {
  @Field(() => PositionCategoryEnum) category: PositionCategory;
  @Field(() => PositionLevelEnum, { nullable: true }) level?: PositionLevel | null;
  @Field(() => Float, { description: 'Rupiah per person per year.' }) annualCost: number;
}

@ObjectType('EfficiencyBand')
export class EfficiencyBandModel {
  @Field() band: string;
  @Field(() => Float) minimum: number;
}

@ObjectType('PlanningPolicy')
export class PlanningPolicyModel {
  @Field(() => ID) id: string;
  @Field(() => String, { nullable: true, description: 'Null for the default policy.' }) agencyCode: string | null;
  @Field() workingTimeProfileCode: string;
  @Field(() => RoundingRuleEnum) rounding: RoundingRule;
  @Field(() => Float) attritionRate: number;
  @Field() renewContracts: boolean;
  @Field(() => [RetirementAgeModel]) retirementAges: RetirementAgeModel[];
  @Field(() => [EfficiencyBandModel]) efficiencyBands: EfficiencyBandModel[];
  @Field(() => [AnnualCostModel]) annualCosts: AnnualCostModel[];
}
