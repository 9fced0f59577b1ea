import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { ADMINS, AGENCY_EDITORS, Allow, READERS, agencyAt } from '../auth/access-rule';
import { Actor, agencyScope } from '../auth/actor';
import { CurrentActor } from '../auth/current-actor.decorator';
import { AgencyModel, OrgUnitModel } from './agency.model';
import { AgencyService } from './agency.service';
import { UpsertAgencyInput, UpsertOrgUnitInput } from './upsert-agency.input';

@Resolver(() => AgencyModel)
export class AgencyResolver {
  constructor(private readonly service: AgencyService) {}

  @Allow({ roles: READERS })
  @Query(() => [AgencyModel], { description: 'Every agency the caller may see, with its units.' })
  agencies(@CurrentActor() actor: Actor): Promise<AgencyModel[]> {
    return this.service.list(agencyScope(actor));
  }

  @Allow({ roles: READERS, agency: agencyAt('code') })
  @Query(() => AgencyModel)
  agency(@Args('code') code: string): Promise<AgencyModel> {
    return this.service.get(code);
  }

  @Allow({ roles: ADMINS })
  @Mutation(() => AgencyModel)
  upsertAgency(@Args('input') input: UpsertAgencyInput, @CurrentActor() actor: Actor): Promise<AgencyModel> {
    return this.service.upsert(actor, input);
  }

  @Allow({ roles: AGENCY_EDITORS, agency: agencyAt('input.agencyCode') })
  @Mutation(() => OrgUnitModel)
  upsertOrgUnit(@Args('input') input: UpsertOrgUnitInput, @CurrentActor() actor: Actor): Promise<OrgUnitModel> {
    return this.service.upsertUnit(actor, input);
  }
}
