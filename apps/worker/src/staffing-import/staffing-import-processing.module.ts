import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { STAFFING_IMPORT_QUEUE } from '@formasi/queue';
import { StaffingImportProcessor } from './staffing-import.processor';
import { StaffingValidationService } from './staffing-validation.service';
import { SubmissionDiffBuilder } from './submission-diff.builder';
import { SubmissionSetRules } from './submission-set.rules';
import { SubmissionStager } from './submission.stager';

/** The staffing-submission consumer. */
@Module({
  imports: [BullModule.registerQueue({ name: STAFFING_IMPORT_QUEUE })],
  providers: [SubmissionStager, SubmissionSetRules, SubmissionDiffBuilder, StaffingValidationService, StaffingImportProcessor],
  exports: [StaffingValidationService],
})
export class StaffingImportProcessingModule {}
