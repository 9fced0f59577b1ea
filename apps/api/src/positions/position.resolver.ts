import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { PositionModel, WorkloadStandardModel } from './position.model';
import { PositionService } from './position.service';
import { UpsertPositionInput } from './upsert-position.input';
import { UpsertWorkloadStandardInput } from './upsert-workload-standard.input';

@Resolver(() => PositionModel)
export class PositionResolver {
  constructor(private readonly service: PositionService) {}

  @Query(() => [PositionModel])
  positions(): Promise<PositionModel[]> {
    return this.service.list();
  }

  @Query(() => [WorkloadStandardModel], { description: "Workload standards; with agencyCode, that agency's unit standards and the position-wide ones." })
  workloadStandards(
    @Args('positionCode', { type: () => String, nullable: true }) positionCode: string | null,
    @Args('agencyCode', { type: () => String, nullable: true }) agencyCode: string | null,
  ): Promise<WorkloadStandardModel[]> {
    return this.service.listStandards(positionCode ?? null, agencyCode ?? null);
  }

  @Mutation(() => PositionModel)
  upsertPosition(@Args('input') input: UpsertPositionInput): Promise<PositionModel> {
    return this.service.upsert(input);
  }

  @Mutation(() => WorkloadStandardModel, { description: 'Creates or replaces the workload standard of a position (optionally of one unit).' })
  upsertWorkloadStandard(@Args('input') input: UpsertWorkloadStandardInput): Promise<WorkloadStandardModel> {
    return this.service.upsertStandard(input);
  }
}
