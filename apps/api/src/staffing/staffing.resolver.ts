import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { StaffingImportResultModel } from './staffing-import.model';
import { StaffingService } from './staffing.service';
import { UpsertEmployeesInput } from './upsert-employees.input';

@Resolver()
export class StaffingResolver {
  constructor(private readonly staffing: StaffingService) {}

  @Mutation(() => StaffingImportResultModel, { description: 'Bulk upsert of staffing rows (bezetting) by NIP; all rows or none.' })
  upsertEmployees(@Args('input') input: UpsertEmployeesInput): Promise<StaffingImportResultModel> {
    return this.staffing.upsertEmployees(input);
  }
}
