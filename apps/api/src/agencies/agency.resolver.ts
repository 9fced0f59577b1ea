import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { AgencyModel, OrgUnitModel } from './agency.model';
import { AgencyService } from './agency.service';
import { UpsertAgencyInput, UpsertOrgUnitInput } from './upsert-agency.input';

@Resolver(() => AgencyModel)
export class AgencyResolver {
  constructor(private readonly service: AgencyService) {}

  @Query(() => [AgencyModel])
  agencies(): Promise<AgencyModel[]> {
    return this.service.list();
  }

  @Query(() => AgencyModel)
  agency(@Args('code') code: string): Promise<AgencyModel> {
    return this.service.get(code);
  }

  @Mutation(() => AgencyModel)
  upsertAgency(@Args('input') input: UpsertAgencyInput): Promise<AgencyModel> {
    return this.service.upsert(input);
  }

  @Mutation(() => OrgUnitModel)
  upsertOrgUnit(@Args('input') input: UpsertOrgUnitInput): Promise<OrgUnitModel> {
    return this.service.upsertUnit(input);
  }
}
