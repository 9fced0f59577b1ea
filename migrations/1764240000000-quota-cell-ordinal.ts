import { MigrationInterface, QueryRunner } from 'typeorm';

/** Each allocated cell's place in the listing (first-served first), so the cells can be read in keyset pages. */
export class QuotaCellOrdinal1764240000000 implements MigrationInterface {
  name = 'QuotaCellOrdinal1764240000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE quota_allocation_cell ADD COLUMN ordinal integer;
      -- the order the cells were listed in before: by first rank, then position, unit and agency code
      UPDATE quota_allocation_cell c SET ordinal = o.n
        FROM (SELECT id, row_number() OVER (PARTITION BY allocation_id
                ORDER BY ranks[1] NULLS LAST, position_code, unit_code NULLS FIRST, agency_code)::int - 1 AS n
                FROM quota_allocation_cell) o
       WHERE o.id = c.id;
      ALTER TABLE quota_allocation_cell ALTER COLUMN ordinal SET NOT NULL;
      DROP INDEX ix_quota_allocation_cell_allocation;
      ALTER TABLE quota_allocation_cell ADD CONSTRAINT uq_quota_allocation_cell_ordinal UNIQUE (allocation_id, ordinal);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE quota_allocation_cell DROP CONSTRAINT uq_quota_allocation_cell_ordinal, DROP COLUMN ordinal;
      CREATE INDEX ix_quota_allocation_cell_allocation ON quota_allocation_cell (allocation_id);
    `);
  }
}
