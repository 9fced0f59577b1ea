import { MigrationInterface, QueryRunner } from 'typeorm';

const INDEXES = `
  CREATE INDEX ix_plan_result_run_pressure ON plan_result (run_id, (-pressure), id);
  CREATE INDEX ix_plan_result_run_formation ON plan_result (run_id, (-formation), id);
  CREATE INDEX ix_plan_result_run_year_pressure ON plan_result (run_id, year, (-pressure), id);
  CREATE INDEX ix_plan_result_run_year_formation ON plan_result (run_id, year, (-formation), id);
  CREATE INDEX ix_plan_result_run_agency_unit ON plan_result (run_id, agency_code, unit_code);`;

/**
 * Each run's result rows get a table of their own, `plan_result_<run id without dashes>`
 * (docs/national-scale.md): the worker creates it in the run's transaction, loads it by COPY
 * with no index to maintain (keeping the shared table's seven indexes up to date row by row was
 * most of a national run), indexes it after loading as the parent is indexed, and attaches it as
 * a partition of `plan_result`, partitioned by run id, only when the run succeeds. A failed or
 * killed attempt leaves nothing visible.
 *
 * Keys: the primary key becomes (run_id, id), since a partitioned table's unique keys must hold
 * its partition key; the cell's uniqueness already did. Nothing references plan_result. Its
 * foreign key to plan_run goes: its only effect was to delete a deleted run's rows one by one,
 * which a trigger now does by dropping the run's table (the partition's CHECK holds the run id).
 * Existing rows move into tables of that form, one per run, ids kept (cursors stay valid).
 */
export class PlanResultPartitions1765400000000 implements MigrationInterface {
  name = 'PlanResultPartitions1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE plan_result RENAME TO plan_result_shared;
      ALTER TABLE plan_result_shared DROP CONSTRAINT plan_result_pkey, DROP CONSTRAINT uq_plan_result_cell,
        DROP CONSTRAINT plan_result_run_id_fkey;
      DROP INDEX ix_plan_result_run_pressure, ix_plan_result_run_formation, ix_plan_result_run_year_pressure,
        ix_plan_result_run_year_formation;
      ALTER INDEX ix_plan_result_run_agency_unit RENAME TO ix_plan_result_shared_run;
      CREATE TABLE plan_result (LIKE plan_result_shared INCLUDING DEFAULTS) PARTITION BY LIST (run_id);
      ALTER SEQUENCE plan_result_id_seq OWNED BY plan_result.id;
      ALTER TABLE plan_result ADD CONSTRAINT plan_result_pkey PRIMARY KEY (run_id, id),
        ADD CONSTRAINT uq_plan_result_cell UNIQUE NULLS NOT DISTINCT (run_id, agency_id, unit_code, position_code, year);
      ${INDEXES}
      DO $$
      DECLARE
        run uuid;
        t text;
      BEGIN
        FOR run IN SELECT DISTINCT run_id FROM plan_result_shared LOOP
          t := 'plan_result_' || replace(run::text, '-', '');
          EXECUTE format('CREATE TABLE %I (LIKE plan_result INCLUDING DEFAULTS, CONSTRAINT %I CHECK (run_id = %L))', t, t || '_run', run);
          EXECUTE format('INSERT INTO %I SELECT * FROM plan_result_shared WHERE run_id = %L ORDER BY id', t, run);
          -- ATTACH builds the parent's indexes on it
          EXECUTE format('ALTER TABLE plan_result ATTACH PARTITION %I FOR VALUES IN (%L)', t, run);
        END LOOP;
      END $$;
      DROP TABLE plan_result_shared;

      -- deleting a run drops its results' table (an attached partition or one a killed attempt left)
      CREATE FUNCTION plan_run_drop_results() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        EXECUTE format('DROP TABLE IF EXISTS %I', 'plan_result_' || replace(OLD.id::text, '-', ''));
        RETURN OLD;
      END $$;
      CREATE TRIGGER plan_run_drop_results BEFORE DELETE ON plan_run FOR EACH ROW EXECUTE FUNCTION plan_run_drop_results();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER plan_run_drop_results ON plan_run;
      DROP FUNCTION plan_run_drop_results();
      ALTER TABLE plan_result RENAME TO plan_result_partitioned;
      ALTER TABLE plan_result_partitioned DROP CONSTRAINT plan_result_pkey, DROP CONSTRAINT uq_plan_result_cell;
      DROP INDEX ix_plan_result_run_pressure, ix_plan_result_run_formation, ix_plan_result_run_year_pressure,
        ix_plan_result_run_year_formation, ix_plan_result_run_agency_unit;
      CREATE TABLE plan_result (LIKE plan_result_partitioned INCLUDING DEFAULTS);
      ALTER SEQUENCE plan_result_id_seq OWNED BY plan_result.id;
      INSERT INTO plan_result SELECT * FROM plan_result_partitioned ORDER BY id;
      DROP TABLE plan_result_partitioned;
      -- runs' tables that were never attached (killed attempts) go too
      DO $$
      DECLARE
        t text;
      BEGIN
        FOR t IN SELECT c.relname FROM pg_class c WHERE c.relkind = 'r' AND c.relname ~ '^plan_result_[0-9a-f]{32}$' LOOP
          EXECUTE format('DROP TABLE %I', t);
        END LOOP;
      END $$;
      ALTER TABLE plan_result ADD CONSTRAINT plan_result_pkey PRIMARY KEY (id),
        ADD CONSTRAINT uq_plan_result_cell UNIQUE NULLS NOT DISTINCT (run_id, agency_id, unit_code, position_code, year),
        ADD CONSTRAINT plan_result_run_id_fkey FOREIGN KEY (run_id) REFERENCES plan_run(id) ON DELETE CASCADE;
      ${INDEXES}
    `);
  }
}
