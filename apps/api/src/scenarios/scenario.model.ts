import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { ActivityModel } from '../positions/position.model';
import { RetirementAgeModel, WorkingTimeModel } from '../policies/planning-policy.model';

@ObjectType('ScenarioTarget')
export class ScenarioTargetModel {
  @Field() agencyCode: string;
  @Field(() => String, { nullable: true }) unitCode: string | null;
  @Field() indicator: string;
  @Field(() => Int) year: number;
  @Field(() => Float) value: number;
  @Field(() => Float, { nullable: true }) priority: number | null;
}

@ObjectType('ScenarioStandard')
export class ScenarioStandardModel {
  @Field(() => String, { nullable: true, description: 'Null = position-wide in every agency.' }) agencyCode: string | null;
  @Field() positionCode: string;
  @Field(() => String, { nullable: true }) unitCode: string | null;
  @Field(() => [ActivityModel]) activities: ActivityModel[];
}

@ObjectType('ScenarioOverrides')
export class ScenarioOverridesModel {
  @Field(() => [ScenarioTargetModel]) targets: ScenarioTargetModel[];
  @Field(() => [ScenarioStandardModel]) workloadStandards: ScenarioStandardModel[];
  @Field(() => WorkingTimeModel, { nullable: true }) workingTime: WorkingTimeModel | null;
  @Field(() => [RetirementAgeModel], { nullable: true }) retirementAges: RetirementAgeModel[] | null;
  @Field(() => Float, { nullable: true }) attritionRate: number | null;
  @Field(() => Boolean, { nullable: true }) renewContracts: boolean | null;
}

@ObjectType('Scenario', { description: 'A named what-if over the baseline inputs; start a run with its id to plan it.' })
export class ScenarioModel {
  @Field(() => ID) id: string;
  @Field(() => String, { nullable: true, description: 'Null for a national scenario.' }) agencyCode: string | null;
  @Field() name: string;
  @Field(() => String, { nullable: true }) description: string | null;
  @Field(() => ScenarioOverridesModel) overrides: ScenarioOverridesModel;
  @Field() createdAt: Date;
  @Field() updatedAt: Date;
}
