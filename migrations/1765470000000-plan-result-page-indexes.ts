import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Fewer indexes on the results: every batch of a plan run builds each of them over its loaded
 * rows, so each one costs every run. A page with a year filter reads the sort's own index and
 * skips the other years' entries (a year is a fifth of a run: a page of 50 reads about 250),
 * and (run, agency, unit) is the head of the cell key. Measured on a national run: 3 of 7
 * index builds, about 95 ms of each batch's 195 ms, and national pages stay in milliseconds
 * (docs/national-scale.md).
 */
export class PlanResultPageIndexes1765470000000 implements MigrationInterface {
  name = 'PlanResultPageIndexes1765470000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_plan_result_run_year_pressure, ix_plan_result_run_year_formation, ix_plan_result_run_agency_unit`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX ix_plan_result_run_year_pressure ON plan_result (run_id, year, (-pressure), id);
      CREATE INDEX ix_plan_result_run_year_formation ON plan_result (run_id, year, (-formation), id);
      CREATE INDEX ix_plan_result_run_agency_unit ON plan_result (run_id, agency_code, unit_code);
    `);
  }
}
