import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A national run is a BullMQ flow: one job per batch of agencies writes the batch's rows into a
 * table of its own, and the run's table (`plan_result_<run>`) is then itself partitioned by
 * agency code with those tables as its partitions (docs/national-scale.md). plan_result's keys
 * therefore hold agency_code too (a key of a partitioned table holds its partition key, and the
 * run's table is one): the primary key becomes (run_id, agency_code, id), and the cell's key names
 * the agency by its code rather than its id (one code per agency id within a run). `delivery`
 * names the flow that last claimed the run, so `attempts` counts a new delivery once, however
 * many of its batches start. Deleting a run drops its batches' tables too.
 */
export class PlanRunBatches1765410000000 implements MigrationInterface {
  name = 'PlanRunBatches1765410000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE plan_result DROP CONSTRAINT plan_result_pkey, DROP CONSTRAINT uq_plan_result_cell;
      ALTER TABLE plan_result ADD CONSTRAINT plan_result_pkey PRIMARY KEY (run_id, agency_code, id),
        ADD CONSTRAINT uq_plan_result_cell UNIQUE NULLS NOT DISTINCT (run_id, agency_code, unit_code, position_code, year);
      ALTER TABLE plan_run ADD COLUMN delivery varchar(128);
      CREATE OR REPLACE FUNCTION plan_run_drop_results() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        t text;
      BEGIN
        EXECUTE format('DROP TABLE IF EXISTS %I', 'plan_result_' || replace(OLD.id::text, '-', ''));
        FOR t IN SELECT c.relname FROM pg_class c
                  WHERE c.relkind = 'r' AND c.relname LIKE 'plan_result\\_' || replace(OLD.id::text, '-', '') || '\\_%' LOOP
          EXECUTE format('DROP TABLE IF EXISTS %I', t);
        END LOOP;
        RETURN OLD;
      END $$;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION plan_run_drop_results() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        EXECUTE format('DROP TABLE IF EXISTS %I', 'plan_result_' || replace(OLD.id::text, '-', ''));
        RETURN OLD;
      END $$;
      ALTER TABLE plan_run DROP COLUMN delivery;
      ALTER TABLE plan_result DROP CONSTRAINT plan_result_pkey, DROP CONSTRAINT uq_plan_result_cell;
      ALTER TABLE plan_result ADD CONSTRAINT plan_result_pkey PRIMARY KEY (run_id, id),
        ADD CONSTRAINT uq_plan_result_cell UNIQUE NULLS NOT DISTINCT (run_id, agency_id, unit_code, position_code, year);
    `);
  }
}
