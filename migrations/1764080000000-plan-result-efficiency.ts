import { MigrationInterface, QueryRunner } from 'typeorm';

/** ABK position efficiency (EJ = requiredFte / existing) and its policy band on every result row. */
export class PlanResultEfficiency1764080000000 implements MigrationInterface {
  name = 'PlanResultEfficiency1764080000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE plan_result ADD COLUMN efficiency numeric, ADD COLUMN efficiency_band varchar(8)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE plan_result DROP COLUMN efficiency, DROP COLUMN efficiency_band');
  }
}
