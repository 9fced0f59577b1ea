import { Args, ID, Int, Mutation, Query, Resolver, Subscription } from '@nestjs/graphql';
import type { PlanRunStatus } from '@formasi/database';
import { PlanRunStatusEnum } from '../common/graphql-enums';
import { PlanRunModel } from './plan-run.model';
import { PlanRunService } from './plan-run.service';
import { StartPlanRunInput } from './start-plan-run.input';

@Resolver(() => PlanRunModel)
export class PlanRunResolver {
  constructor(private readonly runs: PlanRunService) {}

  @Mutation(() => PlanRunModel, { description: 'Queues a plan computation and returns the run at once.' })
  startPlanRun(@Args('input') input: StartPlanRunInput): Promise<PlanRunModel> {
    return this.runs.start(input);
  }

  @Query(() => [PlanRunModel], { description: 'Most recent runs first (at most 200), optionally of one agency or status.' })
  planRuns(
    @Args('first', { type: () => Int, defaultValue: 20 }) first: number,
    @Args('agencyCode', { type: () => String, nullable: true }) agencyCode: string | null,
    @Args('status', { type: () => PlanRunStatusEnum, nullable: true }) status: PlanRunStatus | null,
  ): Promise<PlanRunModel[]> {
    return this.runs.list(first, agencyCode ?? null, status ?? null);
  }

  @Query(() => PlanRunModel)
  planRun(@Args('id', { type: () => ID }) id: string): Promise<PlanRunModel> {
    return this.runs.get(id);
  }

  @Subscription(() => PlanRunModel, { resolve: (run: PlanRunModel) => run, description: 'Status and progress of a run until it finishes.' })
  async planRunProgress(@Args('runId', { type: () => ID }) runId: string): Promise<AsyncGenerator<PlanRunModel>> {
    await this.runs.get(runId);
    return this.runs.watch(runId);
  }
}
