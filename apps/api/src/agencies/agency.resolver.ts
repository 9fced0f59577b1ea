import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
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

  @ResolveField(() => [OrgUnitModel])
  async units(@Parent() agency: AgencyModel): Promise<OrgUnitModel[]> {
    const [units] = await this.service.unitsOf([agency.id]);
    return units ?? [];
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
