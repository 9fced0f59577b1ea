import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Roster retention keeps every version a plan run read (docs/staffing-import.md): before it
 * drops a version's rows it looks the version up among the runs' inputs, one index probe each.
 */
export class PlanRunInputRosterIndex1765450000000 implements MigrationInterface {
  name = 'PlanRunInputRosterIndex1765450000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX ix_plan_run_input_roster ON plan_run_input (roster_submission_id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX ix_plan_run_input_roster');
  }
}
