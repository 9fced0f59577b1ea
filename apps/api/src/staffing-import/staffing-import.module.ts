import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { STAFFING_IMPORT_QUEUE } from '@formasi/queue';
import { StaffingCommitService } from './staffing-commit.service';
import { StaffingSubmissionController } from './staffing-submission.controller';
import { StaffingSubmissionResolver } from './staffing-submission.resolver';
import { StaffingSubmissionService } from './staffing-submission.service';

/** Roster uploads (REST), their reports, commits and versions (GraphQL). */
@Module({
  imports: [BullModule.registerQueue({ name: STAFFING_IMPORT_QUEUE })],
  controllers: [StaffingSubmissionController],
  providers: [StaffingSubmissionService, StaffingCommitService, StaffingSubmissionResolver],
})
export class StaffingImportModule {}
