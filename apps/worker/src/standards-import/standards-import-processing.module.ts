import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { STANDARDS_IMPORT_QUEUE } from '@formasi/queue';
import { StandardsImportProcessor } from './standards-import.processor';
import { StandardsValidationService } from './standards-validation.service';

/** The standards-import consumer; imported by the worker process, or by the API in process. */
@Module({
  imports: [BullModule.registerQueue({ name: STANDARDS_IMPORT_QUEUE })],
  providers: [StandardsValidationService, StandardsImportProcessor],
  exports: [StandardsValidationService],
})
export class StandardsImportProcessingModule {}
