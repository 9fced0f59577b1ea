import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

export const AUDIT_VIAS = ['PASSWORD', 'TOKEN', 'API_KEY', 'SYSTEM'] as const;
export type AuditVia = (typeof AUDIT_VIAS)[number];

/**
 * One action: who, when, from where, what. Append-only (triggers in the migration refuse
 * UPDATE, DELETE and TRUNCATE once the writing transaction has committed).
 */
@Entity('audit_log')
@Index('ix_audit_log_at', ['at', 'id'])
@Index('ix_audit_log_actor', ['actorId', 'at'])
@Index('ix_audit_log_agency', ['agencyCode', 'at'])
@Index('ix_audit_log_email_action', ['actorEmail', 'action', 'at'])
@Index('ix_audit_log_request', ['requestId'])
@Check('audit_log_via_check', `via IN ('PASSWORD', 'TOKEN', 'API_KEY', 'SYSTEM')`)
export class AuditLogEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id: string;
  @Column({ type: 'timestamptz', default: () => 'now()' }) at: Date;
  /** The writing transaction, so a record can be tied to the rows it describes. */
  @Column({ type: 'bigint', default: () => 'txid_current()' }) txId: string;
  /** No foreign key: the log outlives what it names. */
  @Column({ type: 'uuid', nullable: true }) actorId: string | null;
  @Column({ type: 'text' }) actorEmail: string;
  @Column({ type: 'varchar', length: 16, nullable: true }) actorRole: string | null;
  @Column({ type: 'varchar', length: 16 }) via: AuditVia;
  @Column({ type: 'text', nullable: true }) ip: string | null;
  @Column({ type: 'text', nullable: true }) userAgent: string | null;
  /** The X-Request-Id of the HTTP request that acted; its log lines carry the same id. */
  @Column({ type: 'varchar', length: 128, nullable: true }) requestId: string | null;
  @Column({ type: 'varchar', length: 64 }) action: string;
  @Column({ type: 'varchar', length: 32, nullable: true }) agencyCode: string | null;
  @Column({ type: 'varchar', length: 64, nullable: true }) entity: string | null;
  @Column({ type: 'text', nullable: true }) entityKey: string | null;
  @Column({ type: 'jsonb', default: {} }) summary: Record<string, unknown>;
}

/** A row of audited reference data as it was before and after, written by trigger. */
@Entity('audit_change')
@Index('ix_audit_change_audit', ['auditId'])
export class AuditChangeEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id: string;
  @Column({ type: 'bigint' }) auditId: string;
  @ManyToOne(() => AuditLogEntity)
  @JoinColumn({ name: 'audit_id', foreignKeyConstraintName: 'audit_change_audit_id_fkey' })
  audit?: AuditLogEntity;
  @Column({ type: 'varchar', length: 64 }) tableName: string;
  @Column({ type: 'varchar', length: 8 }) op: string;
  @Column({ type: 'text', nullable: true }) rowKey: string | null;
  @Column({ type: 'jsonb', nullable: true }) before: Record<string, unknown> | null;
  @Column({ type: 'jsonb', nullable: true }) after: Record<string, unknown> | null;
}
