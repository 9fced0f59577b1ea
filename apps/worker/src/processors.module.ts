import { Module } from '@nestjs/common';
import { PlanRunProcessingModule } from './plan-runs/plan-run-processing.module';
import { StaffingImportProcessingModule } from './staffing-import/staffing-import-processing.module';
import { StandardsImportProcessingModule } from './standards-import/standards-import-processing.module';

/**
 * Every BullMQ processor of Formasi. The worker process runs them on top of the core; the demo
 * and the e2e tests compose them beside the API in one process.
 */
@Module({ imports: [PlanRunProcessingModule, StaffingImportProcessingModule, StandardsImportProcessingModule] })
export class ProcessorsModule {}
