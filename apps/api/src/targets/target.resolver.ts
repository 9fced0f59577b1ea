import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { DevelopmentTargetModel } from './development-target.model';
import { TargetService } from './target.service';
import { UpsertTargetsInput } from './upsert-targets.input';

@Resolver(() => DevelopmentTargetModel)
export class TargetResolver {
  constructor(private readonly targets: TargetService) {}

  @Query(() => [DevelopmentTargetModel])
  developmentTargets(@Args('agencyCode') agencyCode: string): Promise<DevelopmentTargetModel[]> {
    return this.targets.list(agencyCode);
  }

  @Mutation(() => [DevelopmentTargetModel], { description: 'Creates or updates development targets (RPJMN/RPJMD/Renstra) of an agency.' })
  upsertDevelopmentTargets(@Args('input') input: UpsertTargetsInput): Promise<DevelopmentTargetModel[]> {
    return this.targets.upsert(input);
  }
}
