import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Formation cost: a policy table of annual cost per person by category and level, the cost of
 * each result cell's formation, and quota allocations priced or bounded by a budget.
 */
export class FormationCost1764220000000 implements MigrationInterface {
  name = 'FormationCost1764220000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE planning_policy ADD COLUMN annual_costs jsonb NOT NULL DEFAULT '[]'::jsonb;
      -- null where the policy has no cost for the cell's category and level
      ALTER TABLE plan_result ADD COLUMN annual_cost numeric, ADD COLUMN formation_cost numeric;
      ALTER TABLE quota_allocation ALTER COLUMN quota DROP NOT NULL, ALTER COLUMN unallocated DROP NOT NULL,
        ADD COLUMN budget numeric, ADD COLUMN allocated_cost numeric, ADD COLUMN budget_left numeric,
        ADD CONSTRAINT quota_allocation_limit_check CHECK (quota IS NOT NULL OR budget IS NOT NULL);
      ALTER TABLE quota_allocation_cell ADD COLUMN annual_cost numeric, ADD COLUMN allocated_cost numeric;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE quota_allocation_cell DROP COLUMN annual_cost, DROP COLUMN allocated_cost;
      -- an allocation bounded by a budget alone has no place in the earlier schema, which needs a quota
      DELETE FROM quota_allocation WHERE quota IS NULL OR unallocated IS NULL;
      ALTER TABLE quota_allocation DROP CONSTRAINT quota_allocation_limit_check, DROP COLUMN budget, DROP COLUMN allocated_cost, DROP COLUMN budget_left,
        ALTER COLUMN quota SET NOT NULL, ALTER COLUMN unallocated SET NOT NULL;
      ALTER TABLE plan_result DROP COLUMN annual_cost, DROP COLUMN formation_cost;
      ALTER TABLE planning_policy DROP COLUMN annual_costs;
    `);
  }
}
