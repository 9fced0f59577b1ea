import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { AppConfig } from '@formasi/config';
import { STAFFING_IMPORT_QUEUE } from '@formasi/queue';
import { rosterStorage } from '@formasi/staffing';
import { AgenciesModule } from '../agencies/agencies.module';
import { RosterUpkeepService } from './roster-upkeep.service';
import { StaffingCommitService } from './staffing-commit.service';
import { MAX_ROSTER_FILE_BYTES, StaffingSubmissionController } from './staffing-submission.controller';
import { StaffingSubmissionResolver } from './staffing-submission.resolver';
import { StaffingSubmissionService } from './staffing-submission.service';
import { StaffingResolver } from './staffing.resolver';
import { StaffingService } from './staffing.service';

/**
 * Rosters: uploads (REST), their reports, commits and versions (GraphQL), rows written through
 * the API, and the upkeep after any roster change.
 */
@Module({
  imports: [
    AgenciesModule,
    BullModule.registerQueue({ name: STAFFING_IMPORT_QUEUE }),
    // uploads are stored under the submission id in STAFFING_UPLOAD_DIR, hashed on the way to disk
    MulterModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        storage: rosterStorage(config.staffingUploadDir),
        limits: { fileSize: MAX_ROSTER_FILE_BYTES, files: 1 },
      }),
    }),
  ],
  controllers: [StaffingSubmissionController],
  providers: [
    StaffingService,
    StaffingResolver,
    StaffingSubmissionService,
    StaffingCommitService,
    StaffingSubmissionResolver,
    RosterUpkeepService,
  ],
})
export class StaffingModule {}
