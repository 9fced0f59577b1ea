import { Module } from '@nestjs/common';
import { AgenciesModule } from '../agencies/agencies.module';
import { PlanRunResolver } from './plan-run.resolver';
import { PlanRunService } from './plan-run.service';

/** Starting plan runs (the worker computes them) and reading their status and progress. */
@Module({ imports: [AgenciesModule], providers: [PlanRunService, PlanRunResolver] })
export class PlanRunsModule {}
