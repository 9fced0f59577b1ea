import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Allow, PLAN_READERS, PLANNERS } from '../auth/access-rule';
import { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/current-actor.decorator';
import { AllocateQuotaInput } from './allocate-quota.input';
import { QuotaAllocationModel } from './quota-allocation.model';
import { QuotaAllocationService } from './quota-allocation.service';

@Resolver(() => QuotaAllocationModel)
export class QuotaAllocationResolver {
  constructor(private readonly allocations: QuotaAllocationService) {}

  @Allow({ roles: PLANNERS })
  @Mutation(() => QuotaAllocationModel, { description: 'Fits a year\'s formation into a quota for a scope and stores it with the run, replacing that scope\'s earlier allocation.' })
  allocateQuota(@Args('input') input: AllocateQuotaInput, @CurrentActor() actor: Actor): Promise<QuotaAllocationModel> {
    return this.allocations.allocate(actor, input);
  }

  @Allow({ roles: PLAN_READERS, allAgencies: true })
  @Query(() => QuotaAllocationModel)
  quotaAllocation(@Args('id', { type: () => ID }) id: string): Promise<QuotaAllocationModel> {
    return this.allocations.get(id);
  }

  @Allow({ roles: PLAN_READERS, allAgencies: true })
  @Query(() => [QuotaAllocationModel], { description: 'Every stored allocation of a run, by year and scope.' })
  quotaAllocations(@Args('runId', { type: () => ID }) runId: string): Promise<QuotaAllocationModel[]> {
    return this.allocations.listForRun(runId);
  }
}
