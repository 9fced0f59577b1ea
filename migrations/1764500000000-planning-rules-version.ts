import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Whole-person attrition (planning rules version 2): results keep the expected attrition (a
 * decimal) beside the attrition counted in whole persons, and every run and result row records
 * the version of the planning rules that computed it. Runs stored before this migration were
 * computed by version 1, whose attrition was the decimal rate × supplyStart: that decimal is
 * their expected attrition too.
 */
export class PlanningRulesVersion1764500000000 implements MigrationInterface {
  name = 'PlanningRulesVersion1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE plan_result ADD COLUMN expected_attrition numeric, ADD COLUMN rules_version smallint NOT NULL DEFAULT 1');
    await q.query('UPDATE plan_result SET expected_attrition = attrition');
    await q.query('ALTER TABLE plan_result ALTER COLUMN expected_attrition SET NOT NULL, ALTER COLUMN rules_version DROP DEFAULT');
    await q.query('ALTER TABLE plan_run ADD COLUMN rules_version smallint');
    await q.query(`UPDATE plan_run SET rules_version = 1 WHERE status = 'SUCCEEDED'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE plan_run DROP COLUMN rules_version');
    await q.query('ALTER TABLE plan_result DROP COLUMN rules_version, DROP COLUMN expected_attrition');
  }
}
