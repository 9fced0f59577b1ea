import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { AgencyEntity } from './agency.entity';
import type { PlanningProblem, RoundingRule } from '@formasi/planning';

export const PLAN_RUN_STATUSES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED'] as const;
export type PlanRunStatus = (typeof PLAN_RUN_STATUSES)[number];

/** Policy values a run overrides; anything unset comes from the agency's policy. */
export interface PlanRunPolicyOverrides {
  rounding?: RoundingRule;
  attritionRate?: number;
  renewContracts?: boolean;
}

@Entity('plan_run')
@Index('ix_plan_run_created', ['createdAt'])
@Check('plan_run_status_check', `status IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED')`)
@Check('plan_run_progress_check', 'progress BETWEEN 0 AND 100')
export class PlanRunEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'varchar', length: 16 }) status: PlanRunStatus;
  @Column({ type: 'smallint', default: 0 }) progress: number;
  /** Null = every agency. */
  @Column({ type: 'uuid', nullable: true }) agencyId: string | null;
  @ManyToOne(() => AgencyEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agency_id', foreignKeyConstraintName: 'plan_run_agency_id_fkey' })
  agency?: AgencyEntity | null;
  @Column({ type: 'date' }) asOf: string;
  @Column({ type: 'smallint', array: true }) years: number[];
  @Column({ type: 'jsonb', default: {} }) policy: PlanRunPolicyOverrides;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @Column({ type: 'timestamptz', nullable: true }) startedAt: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) finishedAt: Date | null;
  @Column({ type: 'text', nullable: true }) error: string | null;
  @Column({ type: 'varchar', length: 64, nullable: true }) errorCode: string | null;
  @Column({ type: 'smallint', default: 0 }) attempts: number;
}

/** Exactly what the engine saw for one agency, so any cell can be re-explained later. */
@Entity('plan_run_input')
export class PlanRunInputEntity {
  @PrimaryColumn({ type: 'uuid' }) runId: string;
  @ManyToOne(() => PlanRunEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'run_id', foreignKeyConstraintName: 'plan_run_input_run_id_fkey' })
  run?: PlanRunEntity;
  @PrimaryColumn({ type: 'varchar', length: 32 }) agencyCode: string;
  @Column({ type: 'uuid' }) agencyId: string;
  @Column({ type: 'jsonb' }) problem: PlanningProblem;
}
