import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reads at national size (docs/national-scale.md). formationNeeds pages by (−pressure, id) or
 * (−formation, id): one ascending key, so "after this cursor" is a row comparison the index
 * answers by itself and a page costs its own rows, not the rows before it (pressure DESC, id ASC
 * mixed directions, which a row comparison cannot express). One index per sort for the whole
 * run and one per sort and year. The roll-ups also keep who leaves (contract ends, attrition),
 * so formationSummary reads them instead of summing the run's results per request; NULL marks
 * a roll-up written before they were kept.
 */
export class FormationReadIndexes1765200000000 implements MigrationInterface {
  name = 'FormationReadIndexes1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX ix_plan_result_run_year_pressure;
      DROP INDEX ix_plan_result_run_year_formation;
      CREATE INDEX ix_plan_result_run_pressure ON plan_result (run_id, (-pressure), id);
      CREATE INDEX ix_plan_result_run_formation ON plan_result (run_id, (-formation), id);
      CREATE INDEX ix_plan_result_run_year_pressure ON plan_result (run_id, year, (-pressure), id);
      CREATE INDEX ix_plan_result_run_year_formation ON plan_result (run_id, year, (-formation), id);
      ALTER TABLE plan_roll_up ADD COLUMN contract_ends integer, ADD COLUMN attrition numeric;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE plan_roll_up DROP COLUMN contract_ends, DROP COLUMN attrition;
      DROP INDEX ix_plan_result_run_year_formation;
      DROP INDEX ix_plan_result_run_year_pressure;
      DROP INDEX ix_plan_result_run_formation;
      DROP INDEX ix_plan_result_run_pressure;
      CREATE INDEX ix_plan_result_run_year_pressure ON plan_result (run_id, year, pressure DESC, id);
      CREATE INDEX ix_plan_result_run_year_formation ON plan_result (run_id, year, formation DESC, id);
    `);
  }
}
