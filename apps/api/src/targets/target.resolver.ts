import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Allow, READERS, agencyAt } from '../auth/access-rule';
import { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/current-actor.decorator';
import { DevelopmentTargetModel } from './development-target.model';
import { TargetService } from './target.service';
import { UpsertTargetsInput } from './upsert-targets.input';

@Resolver(() => DevelopmentTargetModel)
export class TargetResolver {
  constructor(private readonly targets: TargetService) {}

  @Allow({ roles: READERS, agency: agencyAt('agencyCode') })
  @Query(() => [DevelopmentTargetModel])
  developmentTargets(@Args('agencyCode') agencyCode: string): Promise<DevelopmentTargetModel[]> {
    return this.targets.list(agencyCode);
  }

  // planners set national (RPJMN) targets for any agency; operators their own agencies' Renstra
  @Allow({ roles: ['ADMIN', 'PLANNER', 'AGENCY_OPERATOR'], agency: agencyAt('input.agencyCode') })
  @Mutation(() => [DevelopmentTargetModel], { description: 'Creates or updates development targets (RPJMN/RPJMD/Renstra) of an agency.' })
  upsertDevelopmentTargets(@Args('input') input: UpsertTargetsInput, @CurrentActor() actor: Actor): Promise<DevelopmentTargetModel[]> {
    return this.targets.upsert(actor, input);
  }
}
