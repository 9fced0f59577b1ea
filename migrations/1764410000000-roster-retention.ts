import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A roster version whose rows were dropped under the retention setting (ROSTER_VERSIONS_KEPT)
 * keeps its submission — who, when, file hash, counts, diff — and says when its rows went.
 */
export class RosterRetention1764410000000 implements MigrationInterface {
  name = 'RosterRetention1764410000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE staffing_submission ADD COLUMN rows_purged_at timestamptz');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE staffing_submission DROP COLUMN rows_purged_at');
  }
}
