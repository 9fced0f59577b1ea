import { Field, Float, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsBoolean,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsPositive,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { ActivityInput } from '../positions/upsert-workload-standard.input';
import { RetirementAgeInput, WorkingTimeInput } from '../policies/upsert-policy.input';
import { IsAttritionRate } from '../common/attrition-rate.rule';

@InputType({ description: 'A target value of the scenario: replaces the baseline value of (agency, unit, indicator, year) or adds one.' })
export class ScenarioTargetInput {
  @Field(() => String, {
    nullable: true,
    description: 'Required in a national scenario; in an agency scenario omit it or give that agency.',
  })
  @IsOptional()
  @IsNotEmpty()
  agencyCode?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsNotEmpty() unitCode?: string | null;
  @Field() @IsNotEmpty({ message: 'indicator must not be empty' }) indicator: string;
  @Field(() => Int) @IsInt() @Min(2000) @Max(2100, { message: 'year must be between 2000 and 2100' }) year: number;
  @Field(() => Float) @IsNumber() @Min(0, { message: 'value must not be negative' }) value: number;
  @Field(() => Float, { nullable: true, description: "Allocation weight; keeps the baseline target's priority when omitted." })
  @IsOptional()
  @IsPositive({ message: 'priority must be above 0' })
  priority?: number | null;
}

@InputType({ description: "Replaces a workload standard's activities: a unit's (agencyCode and unitCode) or a position-wide one." })
export class ScenarioStandardInput {
  @Field(() => String, {
    nullable: true,
    description: "With unitCode: the unit's agency. Without unitCode: position-wide in that agency only; omit for every agency.",
  })
  @IsOptional()
  @IsNotEmpty()
  agencyCode?: string | null;
  @Field() @IsNotEmpty() positionCode: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsNotEmpty() unitCode?: string | null;
  @Field(() => [ActivityInput]) @ValidateNested({ each: true }) @Type(() => ActivityInput) @ArrayMaxSize(500) activities: ActivityInput[];
}

@InputType({ description: 'What the scenario changes; anything left out stays as in the baseline.' })
export class ScenarioOverridesInput {
  @Field(() => [ScenarioTargetInput], { nullable: true })
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => ScenarioTargetInput)
  @ArrayMaxSize(10000)
  targets?: ScenarioTargetInput[] | null;
  @Field(() => [ScenarioStandardInput], { nullable: true })
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => ScenarioStandardInput)
  @ArrayMaxSize(2000)
  workloadStandards?: ScenarioStandardInput[] | null;
  @Field(() => WorkingTimeInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => WorkingTimeInput)
  workingTime?: WorkingTimeInput | null;
  @Field(() => [RetirementAgeInput], { nullable: true, description: "Replaces the policy's table of retirement ages." })
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => RetirementAgeInput)
  retirementAges?: RetirementAgeInput[] | null;
  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsAttritionRate()
  attritionRate?: number | null;
  @Field(() => Boolean, { nullable: true }) @IsOptional() @IsBoolean() renewContracts?: boolean | null;
}

@InputType()
export class CreateScenarioInput {
  @Field(() => String, { nullable: true, description: 'Omit for a national scenario.' }) @IsOptional() @IsNotEmpty() agencyCode?:
    string | null;
  @Field() @IsNotEmpty({ message: 'name must not be empty' }) @MaxLength(128) name: string;
  @Field(() => String, { nullable: true }) @IsOptional() description?: string | null;
  @Field(() => ScenarioOverridesInput) @ValidateNested() @Type(() => ScenarioOverridesInput) overrides: ScenarioOverridesInput;
}

@InputType({ description: "Fields left out keep their value; overrides, when given, replace the scenario's overrides as a whole." })
export class UpdateScenarioInput {
  @Field(() => ID) @IsUUID('all', { message: 'id must be a scenario id' }) id: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsNotEmpty({ message: 'name must not be empty' }) @MaxLength(128) name?:
    string | null;
  @Field(() => String, { nullable: true }) @IsOptional() description?: string | null;
  @Field(() => ScenarioOverridesInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => ScenarioOverridesInput)
  overrides?: ScenarioOverridesInput | null;
}
