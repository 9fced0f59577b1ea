import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { PlanningProblem, RoundingRule } from '@formasi/planning';

export const PLAN_RUN_STATUSES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED'] as const;
export type PlanRunStatus = (typeof PLAN_RUN_STATUSES)[number];

/** Policy values a run overrides; anything unset comes from the agency's policy. */
export interface PlanRunPolicyOverrides {
  rounding?: RoundingRule;
  attritionRate?: number;
  renewContracts?: boolean;
}

/** Exactly what the engine saw for one agency, so any cell can be re-explained later. */
@Entity('plan_run_input')
export class PlanRunInputEntity {
  @PrimaryColumn({ type: 'uuid' }) runId: string;
  @PrimaryColumn({ type: 'varchar', length: 32 }) agencyCode: string;
  @Column({ type: 'uuid' }) agencyId: string;
  @Column({ type: 'jsonb' }) problem: PlanningProblem;
}

@Entity('plan_run')
export class PlanRunEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'varchar', length: 16 }) status: PlanRunStatus;
  @Column({ type: 'smallint', default: 0 }) progress: number;
  /** Null = every agency. */
  @Column({ type: 'uuid', nullable: true }) agencyId: string | null;
  @Column({ type: 'date' }) asOf: string;
  @Column({ type: 'smallint', array: true }) years: number[];
  @Column({ type: 'jsonb', default: () => "'{}'::jsonb" }) policy: PlanRunPolicyOverrides;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @Column({ type: 'timestamptz', nullable: true }) startedAt: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) finishedAt: Date | null;
  @Column({ type: 'text', nullable: true }) error: string | null;
  @Column({ type: 'varchar', length: 64, nullable: true }) errorCode: string | null;
  @Column({ type: 'smallint', default: 0 }) attempts: number;
}
