import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { AppConfig } from '@formasi/config';
import { STANDARDS_IMPORT_QUEUE } from '@formasi/queue';
import { rosterStorage } from '@formasi/staffing';
import { MAX_STANDARDS_FILE_BYTES, StandardsFileController, TargetsFileController } from './standards-file.controller';
import { StandardsSubmissionResolver } from './standards-submission.resolver';
import { StandardsSubmissionService } from './standards-submission.service';

/** Standards and targets files: templates, uploads, reports, commits, exports, and the versions runs read. */
@Module({
  imports: [
    BullModule.registerQueue({ name: STANDARDS_IMPORT_QUEUE }),
    // uploads go where roster uploads go (the worker reads them there), hashed on the way to disk
    MulterModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        storage: rosterStorage(config.staffingUploadDir),
        limits: { fileSize: MAX_STANDARDS_FILE_BYTES, files: 1 },
      }),
    }),
  ],
  controllers: [StandardsFileController, TargetsFileController],
  providers: [StandardsSubmissionService, StandardsSubmissionResolver],
})
export class StandardsImportModule {}
