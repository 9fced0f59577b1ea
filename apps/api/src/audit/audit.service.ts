import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditActor, AuditEntry, amendAudit, openAudit } from '@formasi/database';

/** The transaction's own audit record, to add the outcome to before it commits. */
export interface AuditRecord {
  id: string;
  amend(patch: { entityKey?: string | null; summary?: Record<string, unknown> }): Promise<void>;
}

@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Runs `work` in one transaction that begins with its audit record: the change and the record
   * of it commit together or not at all, and row triggers log reference data before and after.
   */
  transaction<T>(actor: AuditActor, entry: AuditEntry, work: (tx: EntityManager, audit: AuditRecord) => Promise<T>): Promise<T> {
    return this.db.transaction(async (tx) => {
      const id = await openAudit(tx, actor, entry);
      return work(tx, { id, amend: (patch) => amendAudit(tx, id, patch) });
    });
  }

  /** A record with no data change of its own (a sign-in, a refused sign-in). */
  async record(actor: AuditActor, entry: AuditEntry): Promise<void> {
    await this.transaction(actor, entry, async () => undefined);
  }
}
