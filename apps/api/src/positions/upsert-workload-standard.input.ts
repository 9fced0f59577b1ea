import { Field, Float, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsIn, IsNotEmpty, IsNumber, IsOptional, IsPositive, Max, Min, ValidateNested } from 'class-validator';
import { ACTIVITY_KINDS, ActivityKind } from '@formasi/planning';
import { ActivityKindEnum } from '../common/graphql-enums';

@InputType()
export class ActivityInput {
  @Field(() => ActivityKindEnum) @IsIn(ACTIVITY_KINDS) kind: ActivityKind;
  @Field() @IsNotEmpty({ message: 'name must not be empty' }) name: string;
  @Field(() => Float, { nullable: true }) @IsOptional() @IsNumber() @Min(0) annualVolume?: number | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsNotEmpty() driverIndicator?: string | null;
  @Field(() => Float, { nullable: true }) @IsOptional() @IsNumber() driverFactor?: number | null;
  @Field(() => Float, { nullable: true }) @IsOptional() @IsNumber() driverBase?: number | null;
  @Field(() => Float, { nullable: true }) @IsOptional() @IsPositive({ message: 'minutesPerUnit must be positive' }) minutesPerUnit?:
    number | null;
  @Field(() => Float, { nullable: true }) @IsOptional() @IsPositive({ message: 'unitsPerHour must be positive' }) unitsPerHour?:
    number | null;
  @Field(() => Float, { nullable: true })
  @IsOptional()
  @Min(0)
  @Max(99.999, { message: 'percentOfWorkingTime must be below 100' })
  percentOfWorkingTime?: number | null;
  @Field(() => Float, { nullable: true }) @IsOptional() @IsNumber() @Min(0) hoursPerYear?: number | null;
  @Field(() => Float, { nullable: true }) @IsOptional() @IsNumber() @Min(0) staffCount?: number | null;
}

@InputType()
export class UpsertWorkloadStandardInput {
  @Field() @IsNotEmpty() positionCode: string;
  /** With unitCode: the standard of that unit of this agency; both left out: the position-wide (national) standard. */
  @Field(() => String, { nullable: true }) @IsOptional() @IsNotEmpty() agencyCode?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsNotEmpty() unitCode?: string | null;
  @Field(() => [ActivityInput])
  @ValidateNested({ each: true })
  @Type(() => ActivityInput)
  @ArrayMaxSize(500)
  activities: ActivityInput[];
}
