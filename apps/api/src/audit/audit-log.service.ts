import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditEntryModel, AuditLogArgs, AuditLogPageModel } from './audit-log.model';

/** Reads the audit log, newest first, with each entry's row changes (two queries a page). */
@Injectable()
export class AuditLogService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  // `audit_log.id` in ORDER BY: a bare `id` would sort the text column of the select list
  async page(args: AuditLogArgs): Promise<AuditLogPageModel> {
    const f = args.filter ?? {};
    const rows = (await this.db.query(
      `SELECT id::text AS id, at, actor_id AS "actorId", actor_email AS "actorEmail", actor_role AS "actorRole", via, ip, user_agent AS "userAgent",
              request_id AS "requestId",
              action, agency_code AS "agencyCode", entity, entity_key AS "entityKey", summary
         FROM audit_log
        WHERE ($1::text IS NULL OR actor_email = lower($1)) AND ($2::text IS NULL OR action = $2) AND ($3::text IS NULL OR agency_code = $3)
          AND ($4::timestamptz IS NULL OR at >= $4) AND ($5::timestamptz IS NULL OR at < $5) AND ($6::bigint IS NULL OR audit_log.id < $6)
          AND ($8::text IS NULL OR request_id = $8)
        ORDER BY audit_log.id DESC LIMIT $7`,
      [
        f.actorEmail ?? null,
        f.action ?? null,
        f.agencyCode ?? null,
        f.from ?? null,
        f.to ?? null,
        args.after ?? null,
        args.first + 1,
        f.requestId ?? null,
      ],
    )) as Array<Omit<AuditEntryModel, 'changes'>>;
    const entries = rows.slice(0, args.first);
    const changes = (await this.db.query(
      `SELECT audit_id::text AS "auditId", table_name AS "table", op, row_key AS "rowKey", before, after
         FROM audit_change WHERE audit_id = ANY($1::bigint[]) ORDER BY id`,
      [entries.map((e) => e.id)],
    )) as Array<AuditEntryModel['changes'][number] & { auditId: string }>;
    const byEntry = new Map<string, AuditEntryModel['changes']>();
    for (const { auditId, ...c } of changes) byEntry.set(auditId, [...(byEntry.get(auditId) ?? []), c]);
    return {
      entries: entries.map((e) => ({ ...e, changes: byEntry.get(e.id) ?? [] })),
      endCursor: entries.at(-1)?.id ?? null,
      hasNextPage: rows.length > args.first,
    };
  }
}
