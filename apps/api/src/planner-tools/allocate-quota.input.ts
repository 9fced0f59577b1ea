import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsUUID, Min, ValidateNested } from 'class-validator';
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
  @Field(() => Int, { description: 'Formation slots that may be recruited.' }) @IsInt() @Min(0, { message: 'quota must be 0 or more' }) quota: number;
  @Field(() => QuotaScopeInput, { nullable: true }) @IsOptional() @ValidateNested() @Type(() => QuotaScopeInput) scope?: QuotaScopeInput | null;
}
