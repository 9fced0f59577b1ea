import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A run's roll-ups, written once with its results: unit → agency → region (province) → nation,
 * each also by position category and by category and level. Sums of the cells; ratios of sums.
 */
export class PlanRollUp1764230000000 implements MigrationInterface {
  name = 'PlanRollUp1764230000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE plan_roll_up (
        id bigserial PRIMARY KEY,
        run_id uuid NOT NULL,
        scope varchar(8) NOT NULL,
        group_by varchar(16) NOT NULL,
        year smallint NOT NULL,
        region_code varchar(32),
        agency_code varchar(32),
        unit_code varchar(64),
        category varchar(16),
        level varchar(16),
        cells integer NOT NULL,
        required_fte numeric NOT NULL,
        required integer NOT NULL,
        existing numeric NOT NULL,
        supply_end numeric NOT NULL,
        retirements integer NOT NULL,
        formation integer NOT NULL,
        surplus numeric NOT NULL,
        formation_cost numeric,
        uncosted_formation integer NOT NULL,
        wisn_ratio numeric,
        efficiency numeric,
        CONSTRAINT plan_roll_up_run_id_fkey FOREIGN KEY (run_id) REFERENCES plan_run(id) ON DELETE CASCADE,
        CONSTRAINT plan_roll_up_scope_check CHECK (scope IN ('NATION', 'REGION', 'AGENCY', 'UNIT')),
        CONSTRAINT plan_roll_up_group_by_check CHECK (group_by IN ('NONE', 'CATEGORY', 'CATEGORY_LEVEL')),
        -- the grouped-away columns are NULL, and a unit-less cell's unit is NULL too: they must collide
        CONSTRAINT uq_plan_roll_up UNIQUE NULLS NOT DISTINCT (run_id, scope, group_by, year, region_code, agency_code, unit_code, category, level)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE plan_roll_up');
  }
}
