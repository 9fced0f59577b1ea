import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import type { ActivityKind, PositionCategory, PositionLevel } from '@formasi/planning';
import { ActivityKindEnum, PositionCategoryEnum, PositionLevelEnum } from '../common/graphql-enums';

@ObjectType('Position')
export class PositionModel {
  @Field(() => ID) id: string;
  @Field() code: string;
  @Field() name: string;
  @Field(() => PositionCategoryEnum) category: PositionCategory;
  @Field(() => PositionLevelEnum, { nullable: true }) level: PositionLevel | null;
  @Field(() => Int, { nullable: true }) retirementAgeOverride: number | null;
}

@ObjectType('Activity')
export class ActivityModel {
  @Field(() => ActivityKindEnum) kind: ActivityKind;
  @Field() name: string;
  @Field(() => Float, { nullable: true }) annualVolume: number | null;
  @Field(() => String, { nullable: true }) driverIndicator: string | null;
  @Field(() => Float, { nullable: true }) driverFactor: number | null;
  @Field(() => Float, { nullable: true }) driverBase: number | null;
  @Field(() => Float, { nullable: true }) minutesPerUnit: number | null;
  @Field(() => Float, { nullable: true }) unitsPerHour: number | null;
  @Field(() => Float, { nullable: true }) percentOfWorkingTime: number | null;
  @Field(() => Float, { nullable: true }) hoursPerYear: number | null;
  @Field(() => Float, { nullable: true }) staffCount: number | null;
}

@ObjectType('WorkloadStandard')
export class WorkloadStandardModel {
  @Field(() => ID) id: string;
  @Field() positionCode: string;
  @Field(() => String, { nullable: true }) agencyCode: string | null;
  @Field(() => String, { nullable: true }) unitCode: string | null;
  @Field(() => [ActivityModel]) activities: ActivityModel[];
}
