import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { STAFFING_IMPORT_QUEUE } from '@formasi/queue';
import { StaffingImportProcessor } from './staffing-import.processor';
import { StaffingValidationService } from './staffing-validation.service';

/** The staffing-submission consumer. */
@Module({
  imports: [BullModule.registerQueue({ name: STAFFING_IMPORT_QUEUE })],
  providers: [StaffingValidationService, StaffingImportProcessor],
  exports: [StaffingValidationService],
})
export class StaffingImportProcessingModule {}
