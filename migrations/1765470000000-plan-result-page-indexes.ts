import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Fewer and cheaper indexes on the results: every batch of a plan run builds each of them over
 * its loaded rows, so each one costs every run. A page with a year filter reads the sort's own
 * index and skips the other years' entries (a year is a fifth of a run: a page of 50 reads about
 * 250), and (run, agency, unit) is the head of the cell key: 3 of 7 index builds go, about 95 ms
 * of each batch's 195 ms. The pressure order is kept on the value as a double: every pressure is
 * the exact value of a double's shortest text, so the doubles order the rows exactly as the
 * numerics do, and a double compares without arithmetic on digits (31 instead of 56–80 ms on a
 * batch of 38,000 rows). National pages stay in milliseconds (docs/national-scale.md).
 */
export class PlanResultPageIndexes1765470000000 implements MigrationInterface {
  name = 'PlanResultPageIndexes1765470000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX ix_plan_result_run_year_pressure, ix_plan_result_run_year_formation, ix_plan_result_run_agency_unit, ix_plan_result_run_pressure;
      CREATE INDEX ix_plan_result_run_pressure ON plan_result (run_id, (-(pressure::float8)), id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX ix_plan_result_run_pressure;
      CREATE INDEX ix_plan_result_run_pressure ON plan_result (run_id, (-pressure), id);
      CREATE INDEX ix_plan_result_run_year_pressure ON plan_result (run_id, year, (-pressure), id);
      CREATE INDEX ix_plan_result_run_year_formation ON plan_result (run_id, year, (-formation), id);
      CREATE INDEX ix_plan_result_run_agency_unit ON plan_result (run_id, agency_code, unit_code);
    `);
  }
}
