import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { AGENCY_EDITORS, Allow, agencyAt } from '../auth/access-rule';
import { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/current-actor.decorator';
import { StaffingImportResultModel } from './staffing-import.model';
import { StaffingService } from './staffing.service';
import { UpsertEmployeesInput } from './upsert-employees.input';

@Resolver()
export class StaffingResolver {
  constructor(private readonly staffing: StaffingService) {}

  @Allow({ roles: AGENCY_EDITORS, agency: agencyAt('input.agencyCode') })
  @Mutation(() => StaffingImportResultModel, { description: 'Bulk upsert of staffing rows (bezetting) by NIP; all rows or none.' })
  upsertEmployees(@Args('input') input: UpsertEmployeesInput, @CurrentActor() actor: Actor): Promise<StaffingImportResultModel> {
    return this.staffing.upsertEmployees(actor, input);
  }
}
