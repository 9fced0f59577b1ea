import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { PlanningPolicyModel, WorkingTimeProfileModel } from './planning-policy.model';
import { PolicyService } from './policy.service';
import { UpsertPlanningPolicyInput, UpsertWorkingTimeProfileInput } from './upsert-policy.input';

@Resolver()
export class PolicyResolver {
  constructor(private readonly policies: PolicyService) {}

  @Mutation(() => WorkingTimeProfileModel)
  upsertWorkingTimeProfile(@Args('input') input: UpsertWorkingTimeProfileInput): Promise<WorkingTimeProfileModel> {
    return this.policies.upsertProfile(input);
  }

  @Mutation(() => PlanningPolicyModel, { description: "Sets an agency's planning policy, or the default policy when agencyCode is omitted." })
  upsertPlanningPolicy(@Args('input') input: UpsertPlanningPolicyInput): Promise<PlanningPolicyModel> {
    return this.policies.upsertPolicy(input);
  }
}
