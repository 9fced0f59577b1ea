import { MigrationInterface, QueryRunner } from 'typeorm';

/** Development-target priority, and the allocation weight it gives each result cell and allocated cell. */
export class TargetPriority1764210000000 implements MigrationInterface {
  name = 'TargetPriority1764210000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE development_target ADD COLUMN priority numeric NOT NULL DEFAULT 1,
        ADD CONSTRAINT development_target_priority_check CHECK (priority > 0);
      -- runs computed before priorities existed weighed every cell 1
      ALTER TABLE plan_result ADD COLUMN priority numeric NOT NULL DEFAULT 1;
      ALTER TABLE quota_allocation_cell ADD COLUMN priority numeric NOT NULL DEFAULT 1;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE quota_allocation_cell DROP COLUMN priority; ALTER TABLE plan_result DROP COLUMN priority;
      ALTER TABLE development_target DROP COLUMN priority;
    `);
  }
}
