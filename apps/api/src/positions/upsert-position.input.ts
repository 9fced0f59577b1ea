import { Field, InputType, Int } from '@nestjs/graphql';
import { IsIn, IsInt, IsNotEmpty, IsOptional, Matches, Max, MaxLength, Min } from 'class-validator';
import { POSITION_CATEGORIES, POSITION_LEVELS, PositionCategory, PositionLevel } from '@formasi/planning';
import { PositionCategoryEnum, PositionLevelEnum } from '../common/graphql-enums';
import { CODE_MESSAGE, CODE_PATTERN } from '../agencies/upsert-agency.input';

@InputType()
export class UpsertPositionInput {
  @Field() @Matches(CODE_PATTERN, { message: `code ${CODE_MESSAGE}` }) @MaxLength(64) code: string;
  @Field() @IsNotEmpty({ message: 'name must not be empty' }) name: string;
  @Field(() => PositionCategoryEnum) @IsIn(POSITION_CATEGORIES) category: PositionCategory;
  @Field(() => PositionLevelEnum, { nullable: true }) @IsOptional() @IsIn(POSITION_LEVELS) level?: PositionLevel | null;
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(40, { message: 'retirementAgeOverride must be at least 40' })
  @Max(80, { message: 'retirementAgeOverride must be at most 80' })
  retirementAgeOverride?: number | null;
}
