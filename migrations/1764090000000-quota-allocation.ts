import { MigrationInterface, QueryRunner } from 'typeorm';

/** Quota allocations of a run: one per (run, year, scope), re-running a scope replaces its cells. */
export class QuotaAllocation1764090000000 implements MigrationInterface {
  name = 'QuotaAllocation1764090000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE quota_allocation (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        run_id uuid NOT NULL,
        year smallint NOT NULL,
        agency_code varchar(32),
        category varchar(16),
        quota integer NOT NULL,
        requested integer NOT NULL,
        allocated integer NOT NULL,
        unallocated integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT quota_allocation_run_id_fkey FOREIGN KEY (run_id) REFERENCES plan_run(id) ON DELETE CASCADE,
        -- a nation-wide scope has neither code: NULLs must collide for the upsert
        CONSTRAINT uq_quota_allocation_scope UNIQUE NULLS NOT DISTINCT (run_id, year, agency_code, category)
      );
      CREATE TABLE quota_allocation_cell (
        id bigserial PRIMARY KEY,
        allocation_id uuid NOT NULL,
        agency_code varchar(32) NOT NULL,
        unit_code varchar(64),
        position_code varchar(64) NOT NULL,
        category varchar(16) NOT NULL,
        required integer NOT NULL,
        supply_end numeric NOT NULL,
        requested integer NOT NULL,
        allocated integer NOT NULL,
        ranks integer[] NOT NULL,
        CONSTRAINT quota_allocation_cell_allocation_id_fkey FOREIGN KEY (allocation_id) REFERENCES quota_allocation(id) ON DELETE CASCADE
      );
      CREATE INDEX ix_quota_allocation_cell_allocation ON quota_allocation_cell (allocation_id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE quota_allocation_cell; DROP TABLE quota_allocation');
  }
}
