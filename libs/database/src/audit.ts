import type { AuditVia } from './entities/audit-log.entity';

/** Who acts: a signed-in user, an agency system's API key, or the service itself. */
export interface AuditActor {
  id: string | null;
  email: string;
  role: string | null;
  via: AuditVia;
  ip?: string | null;
  userAgent?: string | null;
  /** The HTTP request that acts (its X-Request-Id), so its log lines and audit rows can be matched. */
  requestId?: string | null;
}

/** What is done, named for a reader of the log. */
export interface AuditEntry {
  action: string;
  agencyCode?: string | null;
  entity?: string | null;
  entityKey?: string | null;
  summary?: Record<string, unknown>;
}

/** Anything that runs SQL inside the caller's transaction (a TypeORM EntityManager, a pg client). */
export interface SqlQueryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

export const systemActor = (name: string): AuditActor => ({ id: null, email: name, role: null, via: 'SYSTEM' });

/**
 * Writes the audit record of the current transaction and names it for the row triggers, so
 * every change to audited tables that follows in this transaction is recorded under it. Must
 * run inside a transaction: the record and the changes commit or roll back together.
 */
export async function openAudit(tx: SqlQueryable, actor: AuditActor, entry: AuditEntry): Promise<string> {
  const result = (await tx.query(
    `INSERT INTO audit_log (actor_id, actor_email, actor_role, via, ip, user_agent, request_id, action, agency_code, entity, entity_key, summary)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id::text AS id`,
    [
      actor.id,
      actor.email,
      actor.role,
      actor.via,
      actor.ip ?? null,
      actor.userAgent ?? null,
      actor.requestId ?? null,
      entry.action,
      entry.agencyCode ?? null,
      entry.entity ?? null,
      entry.entityKey ?? null,
      JSON.stringify(entry.summary ?? {}),
    ],
  )) as Array<{ id: string }> | { rows: Array<{ id: string }> };
  // a TypeORM manager answers rows, a pg client a result with rows
  const id = (Array.isArray(result) ? result : result.rows)[0]!.id;
  await tx.query(`SELECT set_config('formasi.audit_id', $1, true)`, [id]);
  return id;
}

/** Adds the outcome (ids created, counts) to this transaction's own record before it commits. */
export async function amendAudit(
  tx: SqlQueryable,
  id: string,
  patch: { entityKey?: string | null; summary?: Record<string, unknown> },
): Promise<void> {
  await tx.query(`UPDATE audit_log SET entity_key = coalesce($2, entity_key), summary = summary || $3::jsonb WHERE id = $1`, [
    id,
    patch.entityKey ?? null,
    JSON.stringify(patch.summary ?? {}),
  ]);
}
