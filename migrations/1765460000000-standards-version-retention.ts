import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Retention of standards and targets versions (STANDARDS_VERSIONS_KEPT, docs/standards-import.md):
 * a version whose content tables were dropped keeps its submission record and says when. A
 * version a plan run read is never dropped; the runs' input versions are looked up by index,
 * per agency scope and for the national standards.
 */
export class StandardsVersionRetention1765460000000 implements MigrationInterface {
  name = 'StandardsVersionRetention1765460000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE standards_submission ADD COLUMN content_purged_at timestamptz;
      CREATE INDEX ix_plan_run_input_standards_version ON plan_run_input (agency_id, ((input_versions->>'standards')::int));
      CREATE INDEX ix_plan_run_input_targets_version ON plan_run_input (agency_id, ((input_versions->>'targets')::int));
      CREATE INDEX ix_plan_run_input_national_version ON plan_run_input (((input_versions->>'nationalStandards')::int));
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX ix_plan_run_input_national_version;
      DROP INDEX ix_plan_run_input_targets_version;
      DROP INDEX ix_plan_run_input_standards_version;
      ALTER TABLE standards_submission DROP COLUMN content_purged_at;
    `);
  }
}
