import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { dataSourceOptions } from './data-source.options';
import { AgencyRepository } from './agency.repository';
import { PlanRunRepository } from './plan-run.repository';
import { StaffingSubmissionRepository } from './staffing-submission.repository';

const REPOSITORIES = [AgencyRepository, PlanRunRepository, StaffingSubmissionRepository];

@Module({})
export class DatabaseModule {
  /** `url` is resolved before Nest starts (it may point at the embedded PostgreSQL). */
  static forRoot(url: string): DynamicModule {
    // global: the repositories are for every module of either host
    return {
      module: DatabaseModule,
      global: true,
      imports: [TypeOrmModule.forRoot({ ...dataSourceOptions(url), autoLoadEntities: false })],
      providers: REPOSITORIES,
      exports: REPOSITORIES,
    };
  }
}
