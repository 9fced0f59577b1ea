import { Args, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Allow, PLAN_READERS, PLANNERS } from '../auth/access-rule';
import { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/current-actor.decorator';
import { AllocateQuotaInput, QuotaCellsArgs } from './allocate-quota.input';
import { QuotaAllocationCellModel, QuotaAllocationModel } from './quota-allocation.model';
import { QuotaAllocationService } from './quota-allocation.service';

@Resolver(() => QuotaAllocationModel)
export class QuotaAllocationResolver {
  constructor(private readonly allocations: QuotaAllocationService) {}

  @Allow({ roles: PLANNERS })
  @Mutation(() => QuotaAllocationModel, {
    description: "Fits a year's formation into a quota for a scope and stores it with the run, replacing that scope's earlier allocation.",
  })
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

  @ResolveField(() => [QuotaAllocationCellModel], {
    description: 'Cells with a formation, first-served first, cells without a slot last; keyset pages.',
  })
  cells(@Parent() allocation: QuotaAllocationModel, @Args() args: QuotaCellsArgs): Promise<QuotaAllocationCellModel[]> {
    return this.allocations.cells(allocation.id, args);
  }

  @ResolveField(() => Int, { description: 'Cells in the allocation, over all pages.' })
  cellCount(@Parent() allocation: QuotaAllocationModel): Promise<number> {
    return this.allocations.cellCount(allocation.id);
  }
}
