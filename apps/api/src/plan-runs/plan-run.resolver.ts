import { Args, ID, Int, Mutation, Query, Resolver, Subscription } from '@nestjs/graphql';
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

  @Query(() => [PlanRunModel], { description: 'Most recent runs first.' })
  planRuns(@Args('first', { type: () => Int, defaultValue: 20 }) first: number): Promise<PlanRunModel[]> {
    return this.runs.list(first);
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
