import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A plan run's inputs by reference: the roster version it read (immutable, its rows are the
 * employees) and the rest of each agency's problem as compressed JSON, instead of the whole
 * problem as jsonb (90 MB per national run, most of it the employees). Runs stored before keep
 * their `problem`; a row has one or the other.
 */
export class PlanRunInputsByReference1765100000000 implements MigrationInterface {
  name = 'PlanRunInputsByReference1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE plan_run_input ALTER COLUMN problem DROP NOT NULL,
        ADD COLUMN roster_submission_id uuid,
        ADD COLUMN reference bytea,
        ADD CONSTRAINT plan_run_input_problem_check CHECK (problem IS NOT NULL OR reference IS NOT NULL)
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DELETE FROM plan_run_input WHERE problem IS NULL;
      ALTER TABLE plan_run_input DROP CONSTRAINT plan_run_input_problem_check, DROP COLUMN reference, DROP COLUMN roster_submission_id,
        ALTER COLUMN problem SET NOT NULL
    `);
  }
}
