import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { AgencyEntity } from './agency.entity';

export const ROLES = ['ADMIN', 'PLANNER', 'AGENCY_OPERATOR', 'VIEWER', 'AGENCY_HEAD', 'VERIFIER', 'MINISTRY'] as const;
export type Role = (typeof ROLES)[number];

/** A person (or an agency HR system, through its API keys) allowed into the service. */
@Entity('app_user')
@Unique('uq_app_user_email', ['email'])
@Check('app_user_role_check', `role IN ('ADMIN', 'PLANNER', 'AGENCY_OPERATOR', 'VIEWER', 'AGENCY_HEAD', 'VERIFIER', 'MINISTRY')`)
@Check('app_user_email_check', 'email = lower(email)')
export class AppUserEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'varchar', length: 254 }) email: string;
  @Column({ type: 'text' }) displayName: string;
  @Column({ type: 'varchar', length: 16 }) role: Role;
  /** argon2id; null for accounts that sign in with API keys only. */
  @Column({ type: 'text', nullable: true }) passwordHash: string | null;
  @Column({ type: 'boolean', default: true }) active: boolean;
  /** Raised on password change or deactivation: tokens carrying an older value stop working. */
  @Column({ type: 'integer', default: 0 }) tokenVersion: number;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}

/** The agencies an AGENCY_OPERATOR works for, or a VIEWER is limited to. */
@Entity('user_agency')
@Index('ix_user_agency_agency', ['agencyId'])
export class UserAgencyEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_user_agency' }) userId: string;
  @ManyToOne(() => AppUserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'user_agency_user_id_fkey' })
  user?: AppUserEntity;
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_user_agency' }) agencyId: string;
  @ManyToOne(() => AgencyEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agency_id', foreignKeyConstraintName: 'user_agency_agency_id_fkey' })
  agency?: AgencyEntity;
}

/** A machine credential acting as its user; only a SHA-256 of the secret is kept. */
@Entity('api_key')
@Unique('uq_api_key_prefix', ['prefix'])
@Index('ix_api_key_user', ['userId'])
export class ApiKeyEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) userId: string;
  @ManyToOne(() => AppUserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'api_key_user_id_fkey' })
  user?: AppUserEntity;
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'varchar', length: 16 }) prefix: string;
  @Column({ type: 'char', length: 64 }) keyHash: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @Column({ type: 'timestamptz', nullable: true }) expiresAt: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) revokedAt: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) lastUsedAt: Date | null;
}
