import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsUUID, Max, Min, ValidateNested } from 'class-validator';
import { POSITION_CATEGORIES, PositionCategory } from '@formasi/planning';
import { PositionCategoryEnum } from '../common/graphql-enums';
import { FormationSort, SummaryGroupBy } from './formation-need.model';

@InputType()
export class FormationFilter {
  @Field(() => String, { nullable: true }) @IsOptional() @IsNotEmpty() agencyCode?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsNotEmpty() unitCode?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsNotEmpty() positionCode?: string | null;
  @Field(() => PositionCategoryEnum, { nullable: true }) @IsOptional() @IsIn(POSITION_CATEGORIES) category?: PositionCategory | null;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() year?: number | null;
}

@ArgsType()
export class FormationNeedsArgs {
  @Field(() => ID) @IsUUID('all', { message: 'runId must be a plan run id' }) runId: string;
  @Field(() => FormationFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => FormationFilter)
  filter?: FormationFilter | null;
  @Field(() => FormationSort, { defaultValue: FormationSort.PRESSURE }) @IsIn(Object.values(FormationSort)) sort: FormationSort;
  @Field(() => Int, { defaultValue: 50 }) @IsInt() @Min(1) @Max(500, { message: 'first must be at most 500' }) first: number;
  @Field(() => String, { nullable: true }) @IsOptional() @IsNotEmpty() after?: string | null;
}

@ArgsType()
export class FormationSummaryArgs {
  @Field(() => ID) @IsUUID('all', { message: 'runId must be a plan run id' }) runId: string;
  @Field(() => SummaryGroupBy) @IsIn(Object.values(SummaryGroupBy)) groupBy: SummaryGroupBy;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() year?: number | null;
}

@ArgsType()
export class CellExplanationArgs {
  @Field(() => ID) @IsUUID('all', { message: 'runId must be a plan run id' }) runId: string;
  @Field() @IsNotEmpty() agencyCode: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsNotEmpty() unitCode?: string | null;
  @Field() @IsNotEmpty() positionCode: string;
  @Field(() => Int) @IsInt() year: number;
}
