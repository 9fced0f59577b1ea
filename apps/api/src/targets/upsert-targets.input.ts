import { Field, Float, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsPositive,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { TARGET_SOURCES, TargetSource } from '@formasi/database';
import { TargetSourceEnum } from '../common/graphql-enums';

@InputType()
export class TargetInput {
  @Field(() => String, { nullable: true }) @IsOptional() @IsNotEmpty() unitCode?: string | null;
  @Field() @IsNotEmpty({ message: 'indicator must not be empty' }) indicator: string;
  @Field(() => Int) @IsInt() @Min(2000) @Max(2100, { message: 'year must be between 2000 and 2100' }) year: number;
  @Field(() => Float) @IsNumber() @Min(0, { message: 'value must not be negative' }) value: number;
  @Field(() => TargetSourceEnum) @IsIn(TARGET_SOURCES) source: TargetSource;
  @Field(() => String, { nullable: true, description: 'e.g. "Perda 5/2025 RPJMD 2025–2029"' }) @IsOptional() document?: string | null;
  @Field(() => Float, {
    nullable: true,
    description: 'Weight of the cells this target drives when a quota is allocated; higher = more important, default 1.',
  })
  @IsOptional()
  @IsPositive({ message: 'priority must be above 0' })
  priority?: number | null;
}

@InputType()
export class UpsertTargetsInput {
  @Field() @IsNotEmpty() agencyCode: string;
  @Field(() => [TargetInput])
  @ValidateNested({ each: true })
  @Type(() => TargetInput)
  @ArrayMinSize(1)
  @ArrayMaxSize(10000)
  targets: TargetInput[];
}
