import { MigrationInterface, QueryRunner } from 'typeorm';

/** Named scenarios over the baseline inputs, the scenario a run used, and what it changed per agency. */
export class Scenarios1764200000000 implements MigrationInterface {
  name = 'Scenarios1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE scenario (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        agency_id uuid,
        name varchar(128) NOT NULL,
        description text,
        overrides jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT scenario_agency_id_fkey FOREIGN KEY (agency_id) REFERENCES agency(id) ON DELETE CASCADE,
        -- national scenarios (agency NULL) have unique names too
        CONSTRAINT uq_scenario_agency_name UNIQUE NULLS NOT DISTINCT (agency_id, name)
      );
      -- a run keeps its snapshot (plan_run_input) if its scenario goes
      ALTER TABLE plan_run ADD COLUMN scenario_id uuid
        CONSTRAINT plan_run_scenario_id_fkey REFERENCES scenario(id) ON DELETE SET NULL;
      ALTER TABLE plan_run_input ADD COLUMN overrides jsonb NOT NULL DEFAULT '{}'::jsonb;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE plan_run_input DROP COLUMN overrides; ALTER TABLE plan_run DROP COLUMN scenario_id; DROP TABLE scenario');
  }
}
