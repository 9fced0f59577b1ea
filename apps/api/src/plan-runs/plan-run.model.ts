import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import type { PlanRunStatus } from '@formasi/database';
import type { RoundingRule } from '@formasi/planning';
import { PlanRunStatusEnum, RoundingRuleEnum } from '../common/graphql-enums';

@ObjectType('PlanRun')
export class PlanRunModel {
  @Field(() => ID) id: string;
  @Field(() => PlanRunStatusEnum) status: PlanRunStatus;
  @Field(() => Int, { description: 'Percent done, 0–100.' }) progress: number;
  @Field(() => String, { nullable: true, description: 'Null when the run covers every agency.' }) agencyCode: string | null;
  @Field() asOf: string;
  @Field(() => [Int]) years: number[];
  @Field(() => RoundingRuleEnum, { nullable: true, description: 'Override of the policy value, if any.' }) rounding: RoundingRule | null;
  @Field(() => Float, { nullable: true }) attritionRate: number | null;
  @Field(() => Boolean, { nullable: true }) renewContracts: boolean | null;
  @Field(() => ID, { nullable: true, description: 'The scenario laid over the baseline inputs, if any.' }) scenarioId: string | null;
  @Field() createdAt: Date;
  @Field(() => Date, { nullable: true }) startedAt: Date | null;
  @Field(() => Date, { nullable: true }) finishedAt: Date | null;
  @Field(() => Int, { nullable: true }) durationMs: number | null;
  @Field(() => String, { nullable: true, description: 'Readable reason of a failed run.' }) error: string | null;
  @Field(() => String, { nullable: true }) errorCode: string | null;
  @Field(() => Int) attempts: number;
  @Field(() => Int, {
    nullable: true,
    description:
      'Version of the planning rules that computed the results (null until stored): 1 counted attrition as a decimal, 2 in whole persons.',
  })
  rulesVersion: number | null;
}
