import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { Allow, PLANNERS, agencyAt } from '../auth/access-rule';
import { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/current-actor.decorator';
import { PlanningPolicyModel, WorkingTimeProfileModel } from './planning-policy.model';
import { PolicyService } from './policy.service';
import { UpsertPlanningPolicyInput, UpsertWorkingTimeProfileInput } from './upsert-policy.input';

@Resolver()
export class PolicyResolver {
  constructor(private readonly policies: PolicyService) {}

  @Allow({ roles: PLANNERS })
  @Mutation(() => WorkingTimeProfileModel)
  upsertWorkingTimeProfile(
    @Args('input') input: UpsertWorkingTimeProfileInput,
    @CurrentActor() actor: Actor,
  ): Promise<WorkingTimeProfileModel> {
    return this.policies.upsertProfile(actor, input);
  }

  @Allow({ roles: PLANNERS, agency: agencyAt('input.agencyCode') })
  @Mutation(() => PlanningPolicyModel, {
    description: "Sets an agency's planning policy, or the default policy when agencyCode is omitted.",
  })
  upsertPlanningPolicy(@Args('input') input: UpsertPlanningPolicyInput, @CurrentActor() actor: Actor): Promise<PlanningPolicyModel> {
    return this.policies.upsertPolicy(actor, input);
  }
}
