import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { AppConfig } from '@formasi/config';
import { pruneRosterVersions } from '@formasi/database';
import { indexRosterVersionJob, STAFFING_IMPORT_QUEUE, ValidateSubmissionJobData } from '@formasi/queue';

/**
 * What follows every change of an agency's roster, outside its transaction: the new versions are
 * indexed for paging (by a worker) and versions beyond ROSTER_VERSIONS_KEPT lose their rows.
 * Neither may fail the change that has already happened; a queue or a history that is busy
 * only leaves paging slower or old rows for the next change.
 */
@Injectable()
export class RosterUpkeepService {
  private readonly logger = new Logger(RosterUpkeepService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
    @InjectQueue(STAFFING_IMPORT_QUEUE) private readonly queue: Queue<ValidateSubmissionJobData>,
  ) {}

  async afterChange(agency: { id: string; code: string }, versionIds: string[]): Promise<void> {
    try {
      for (const id of versionIds) await this.queue.add(...indexRosterVersionJob(id));
    } catch (e) {
      this.logger.warn(
        `${agency.code}: roster versions ${versionIds.join(', ')} are not indexed for paging: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
    const pruned = await pruneRosterVersions(this.db, agency.id, this.config.rosterVersionsKept);
    if (pruned.deferred)
      this.logger.warn(`${agency.code}: older roster versions keep their rows until the next change: ${pruned.deferred}`);
  }
}
