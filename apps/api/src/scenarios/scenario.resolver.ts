import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Allow, PLAN_READERS, PLANNERS } from '../auth/access-rule';
import { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/current-actor.decorator';
import { CreateScenarioInput, UpdateScenarioInput } from './scenario.input';
import { ScenarioModel } from './scenario.model';
import { ScenarioService } from './scenario.service';

@Resolver(() => ScenarioModel)
export class ScenarioResolver {
  constructor(private readonly service: ScenarioService) {}

  @Allow({ roles: PLANNERS })
  @Mutation(() => ScenarioModel, {
    description: 'Stores a named what-if over the baseline inputs of an agency, or a national one; the baseline is not touched.',
  })
  createScenario(@Args('input') input: CreateScenarioInput, @CurrentActor() actor: Actor): Promise<ScenarioModel> {
    return this.service.create(actor, input);
  }

  @Allow({ roles: PLANNERS })
  @Mutation(() => ScenarioModel, {
    description: 'Renames a scenario or replaces its overrides; runs already computed keep what they applied.',
  })
  updateScenario(@Args('input') input: UpdateScenarioInput, @CurrentActor() actor: Actor): Promise<ScenarioModel> {
    return this.service.update(actor, input);
  }

  // scenarios are ministry planning: read by unlimited accounts
  @Allow({ roles: PLAN_READERS, allAgencies: true })
  @Query(() => ScenarioModel)
  scenario(@Args('id', { type: () => ID }) id: string): Promise<ScenarioModel> {
    return this.service.get(id);
  }

  @Allow({ roles: PLAN_READERS, allAgencies: true })
  @Query(() => [ScenarioModel], {
    description: 'Scenarios of an agency (and the national ones unless includeNational is false), or all of them.',
  })
  scenarios(
    @Args('agencyCode', { type: () => String, nullable: true }) agencyCode: string | null,
    @Args('includeNational', { type: () => Boolean, defaultValue: true }) includeNational: boolean,
  ): Promise<ScenarioModel[]> {
    return this.service.list(agencyCode ?? null, includeNational);
  }
}
