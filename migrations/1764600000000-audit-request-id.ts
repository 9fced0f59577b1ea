import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each audit record names the HTTP request that acted (its X-Request-Id, also on every log
 * line of that request), so an operator can go from a log line to the records and back.
 * Records written before this migration, and those of the service itself, have none.
 */
export class AuditRequestId1764600000000 implements MigrationInterface {
  name = 'AuditRequestId1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE audit_log ADD COLUMN request_id varchar(128)');
    await q.query('CREATE INDEX ix_audit_log_request ON audit_log (request_id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX ix_audit_log_request');
    await q.query('ALTER TABLE audit_log DROP COLUMN request_id');
  }
}
