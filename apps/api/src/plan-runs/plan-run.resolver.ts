import { Args, ID, Int, Mutation, Query, Resolver, Subscription } from '@nestjs/graphql';
import type { PlanRunStatus } from '@formasi/database';
import { Allow, PLANNERS, READERS, optionalAgencyAt, runAt } from '../auth/access-rule';
import { Actor, agencyScope } from '../auth/actor';
import { CurrentActor } from '../auth/current-actor.decorator';
import { PlanRunStatusEnum } from '../common/graphql-enums';
import { PlanRunModel } from './plan-run.model';
import { PlanRunService } from './plan-run.service';
import { StartPlanRunInput } from './start-plan-run.input';

@Resolver(() => PlanRunModel)
export class PlanRunResolver {
  constructor(private readonly runs: PlanRunService) {}

  @Allow({ roles: PLANNERS })
  @Mutation(() => PlanRunModel, { description: 'Queues a plan computation and returns the run at once.' })
  startPlanRun(@Args('input') input: StartPlanRunInput, @CurrentActor() actor: Actor): Promise<PlanRunModel> {
    return this.runs.start(actor, input);
  }

  @Allow({ roles: READERS, agency: optionalAgencyAt('agencyCode') })
  @Query(() => [PlanRunModel], {
    description: 'Most recent runs first (at most 200), optionally of one agency or status; runs over every agency are listed for all.',
  })
  planRuns(
    @Args('first', { type: () => Int, defaultValue: 20 }) first: number,
    @Args('agencyCode', { type: () => String, nullable: true }) agencyCode: string | null,
    @Args('status', { type: () => PlanRunStatusEnum, nullable: true }) status: PlanRunStatus | null,
    @CurrentActor() actor: Actor,
  ): Promise<PlanRunModel[]> {
    return this.runs.list(first, agencyCode ?? null, status ?? null, agencyScope(actor));
  }

  @Allow({ roles: READERS, agency: runAt('id') })
  @Query(() => PlanRunModel)
  planRun(@Args('id', { type: () => ID }) id: string): Promise<PlanRunModel> {
    return this.runs.get(id);
  }

  @Allow({ roles: READERS, agency: runAt('runId') })
  @Subscription(() => PlanRunModel, { resolve: (run: PlanRunModel) => run, description: 'Status and progress of a run until it finishes.' })
  async planRunProgress(@Args('runId', { type: () => ID }) runId: string): Promise<AsyncGenerator<PlanRunModel>> {
    await this.runs.get(runId);
    return this.runs.watch(runId);
  }
}
