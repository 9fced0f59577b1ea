import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { ADMINS, AGENCY_EDITORS, Allow, READERS, agencyUnitAt, optionalAgencyAt } from '../auth/access-rule';
import { Actor, agencyScope } from '../auth/actor';
import { CurrentActor } from '../auth/current-actor.decorator';
import { PositionModel, WorkloadStandardModel } from './position.model';
import { PositionService } from './position.service';
import { UpsertPositionInput } from './upsert-position.input';
import { UpsertWorkloadStandardInput } from './upsert-workload-standard.input';

@Resolver(() => PositionModel)
export class PositionResolver {
  constructor(private readonly service: PositionService) {}

  @Allow({ roles: READERS })
  @Query(() => [PositionModel], { description: 'The national position catalogue.' })
  positions(): Promise<PositionModel[]> {
    return this.service.list();
  }

  @Allow({ roles: READERS, agency: optionalAgencyAt('agencyCode') })
  @Query(() => [WorkloadStandardModel], {
    description: "Workload standards; with agencyCode, that agency's unit standards and the position-wide ones.",
  })
  workloadStandards(
    @Args('positionCode', { type: () => String, nullable: true }) positionCode: string | null,
    @Args('agencyCode', { type: () => String, nullable: true }) agencyCode: string | null,
    @CurrentActor() actor: Actor,
  ): Promise<WorkloadStandardModel[]> {
    return this.service.listStandards(positionCode ?? null, agencyCode ?? null, agencyScope(actor));
  }

  @Allow({ roles: ADMINS })
  @Mutation(() => PositionModel)
  upsertPosition(@Args('input') input: UpsertPositionInput, @CurrentActor() actor: Actor): Promise<PositionModel> {
    return this.service.upsert(actor, input);
  }

  // a position-wide standard (no unitCode, whatever agency is named) applies nationally: for unlimited editors only
  @Allow({
    roles: AGENCY_EDITORS,
    agency: agencyUnitAt('input.agencyCode', 'input.unitCode', 'without unitCode writes the position-wide (national) standard'),
  })
  @Mutation(() => WorkloadStandardModel, {
    description: 'Creates or replaces the workload standard of a position (optionally of one unit).',
  })
  upsertWorkloadStandard(@Args('input') input: UpsertWorkloadStandardInput, @CurrentActor() actor: Actor): Promise<WorkloadStandardModel> {
    return this.service.upsertStandard(actor, input);
  }
}
