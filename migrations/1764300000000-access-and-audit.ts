import { MigrationInterface, QueryRunner } from 'typeorm';

// Reference data whose every change is recorded, row by row, with its values before and after.
// The second list: columns that never leave their table (secrets), not even into the audit.
export const AUDITED_TABLES: ReadonlyArray<[table: string, hidden: string[]]> = [
  ['agency', []],
  ['org_unit', []],
  ['position', []],
  ['workload_standard', []],
  ['workload_activity', []],
  ['development_target', []],
  ['working_time_profile', []],
  ['planning_policy', []],
  ['scenario', []],
  ['app_user', ['password_hash']],
  ['user_agency', []],
  ['api_key', ['key_hash', 'last_used_at']],
];

export function auditTriggerSql(table: string, hidden: string[]): string {
  const args = hidden.map((c) => `'${c}'`).join(', ');
  return `CREATE TRIGGER ${table}_audit AFTER INSERT OR UPDATE OR DELETE ON ${table}
            FOR EACH ROW EXECUTE FUNCTION audit_row_change(${args});`;
}

/**
 * Users, their agencies and API keys (who may do what), and the append-only audit log
 * (who did what, when and from where). Changes to reference data are captured by triggers in
 * the transaction that makes them, so no code path can change them without an audit record.
 */
export class AccessAndAudit1764300000000 implements MigrationInterface {
  name = 'AccessAndAudit1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE app_user (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email varchar(254) NOT NULL,
        display_name text NOT NULL,
        role varchar(16) NOT NULL,
        password_hash text,
        active boolean NOT NULL DEFAULT true,
        token_version integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_app_user_email UNIQUE (email),
        CONSTRAINT app_user_role_check CHECK (role IN ('ADMIN', 'PLANNER', 'AGENCY_OPERATOR', 'VIEWER')),
        CONSTRAINT app_user_email_check CHECK (email = lower(email))
      );
      CREATE TABLE user_agency (
        user_id uuid NOT NULL,
        agency_id uuid NOT NULL,
        CONSTRAINT pk_user_agency PRIMARY KEY (user_id, agency_id),
        CONSTRAINT user_agency_user_id_fkey FOREIGN KEY (user_id) REFERENCES app_user(id) ON DELETE CASCADE,
        CONSTRAINT user_agency_agency_id_fkey FOREIGN KEY (agency_id) REFERENCES agency(id) ON DELETE CASCADE
      );
      CREATE INDEX ix_user_agency_agency ON user_agency (agency_id);
      CREATE TABLE api_key (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL,
        name text NOT NULL,
        prefix varchar(16) NOT NULL,
        key_hash char(64) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz,
        revoked_at timestamptz,
        last_used_at timestamptz,
        CONSTRAINT uq_api_key_prefix UNIQUE (prefix),
        CONSTRAINT api_key_user_id_fkey FOREIGN KEY (user_id) REFERENCES app_user(id) ON DELETE CASCADE
      );
      CREATE INDEX ix_api_key_user ON api_key (user_id);

      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        tx_id bigint NOT NULL DEFAULT txid_current(),
        actor_id uuid,
        actor_email text NOT NULL,
        actor_role varchar(16),
        via varchar(16) NOT NULL,
        ip text,
        user_agent text,
        action varchar(64) NOT NULL,
        agency_code varchar(32),
        entity varchar(64),
        entity_key text,
        summary jsonb NOT NULL DEFAULT '{}',
        CONSTRAINT audit_log_via_check CHECK (via IN ('PASSWORD', 'TOKEN', 'API_KEY', 'SYSTEM'))
      );
      CREATE INDEX ix_audit_log_at ON audit_log (at, id);
      CREATE INDEX ix_audit_log_actor ON audit_log (actor_id, at);
      CREATE INDEX ix_audit_log_agency ON audit_log (agency_code, at);
      -- failed sign-ins per email are counted from the log (brute-force lockout)
      CREATE INDEX ix_audit_log_email_action ON audit_log (actor_email, action, at);
      CREATE TABLE audit_change (
        id bigserial PRIMARY KEY,
        audit_id bigint NOT NULL,
        table_name varchar(64) NOT NULL,
        op varchar(8) NOT NULL,
        row_key text,
        before jsonb,
        after jsonb,
        CONSTRAINT audit_change_audit_id_fkey FOREIGN KEY (audit_id) REFERENCES audit_log(id)
      );
      CREATE INDEX ix_audit_change_audit ON audit_change (audit_id);

      -- Append-only: a row may be amended only by the transaction that wrote it (to add the
      -- outcome of the action it records); once committed it never changes or goes away.
      CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- nested: plpgsql resolves OLD.tx_id even where an AND before it is false
        IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'audit_log' THEN
          IF OLD.tx_id = txid_current() THEN
            RETURN NEW;
          END IF;
        END IF;
        RAISE EXCEPTION 'the audit log is append-only: % on % refused', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END $$;
      CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_append_only();
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
        FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
      CREATE TRIGGER audit_change_append_only BEFORE UPDATE OR DELETE ON audit_change
        FOR EACH ROW EXECUTE FUNCTION audit_append_only();
      CREATE TRIGGER audit_change_no_truncate BEFORE TRUNCATE ON audit_change
        FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();

      -- The audit record of the current transaction is named by formasi.audit_id (set_config
      -- local to the transaction); a change to audited data without one is refused.
      CREATE FUNCTION audit_row_change() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        audit_id text := current_setting('formasi.audit_id', true);
        old_row jsonb;
        new_row jsonb;
      BEGIN
        -- TG_ARGV is NULL, not empty, for a trigger without arguments
        IF TG_OP <> 'INSERT' THEN old_row := to_jsonb(OLD) - coalesce(TG_ARGV, '{}'::text[]); END IF;
        IF TG_OP <> 'DELETE' THEN new_row := to_jsonb(NEW) - coalesce(TG_ARGV, '{}'::text[]); END IF;
        -- an update of hidden columns only (a key's last use) is bookkeeping, not a change
        IF TG_OP = 'UPDATE' AND old_row = new_row THEN RETURN NULL; END IF;
        IF audit_id IS NULL OR audit_id = '' THEN
          RAISE EXCEPTION 'change to % without an audit record in the same transaction', TG_TABLE_NAME
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        INSERT INTO audit_change (audit_id, table_name, op, row_key, before, after)
        VALUES (audit_id::bigint, TG_TABLE_NAME, TG_OP,
                coalesce(new_row->>'id', old_row->>'id', concat_ws('/', coalesce(new_row, old_row)->>'user_id', coalesce(new_row, old_row)->>'agency_id')),
                old_row, new_row);
        RETURN NULL;
      END $$;
    `);
    for (const [table, hidden] of AUDITED_TABLES) await q.query(auditTriggerSql(table, hidden));
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table] of AUDITED_TABLES) await q.query(`DROP TRIGGER IF EXISTS ${table}_audit ON ${table}`);
    await q.query(`
      DROP TABLE audit_change; DROP TABLE audit_log;
      DROP FUNCTION audit_row_change(); DROP FUNCTION audit_append_only();
      DROP TABLE api_key; DROP TABLE user_agency; DROP TABLE app_user;
    `);
  }
}
