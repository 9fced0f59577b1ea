import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { AgencyEntity } from './agency.entity';
import type { PlanningProblem, PlanOverrides, RoundingRule } from '@formasi/planning';
import { ScenarioEntity } from './scenario.entity';

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
  /** The scenario laid over the baseline inputs, if any; what it changed is in each plan_run_input. */
  @Column({ type: 'uuid', nullable: true }) scenarioId: string | null;
  @ManyToOne(() => ScenarioEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'scenario_id', foreignKeyConstraintName: 'plan_run_scenario_id_fkey' })
  scenario?: ScenarioEntity | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @Column({ type: 'timestamptz', nullable: true }) startedAt: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) finishedAt: Date | null;
  @Column({ type: 'text', nullable: true }) error: string | null;
  @Column({ type: 'varchar', length: 64, nullable: true }) errorCode: string | null;
  @Column({ type: 'smallint', default: 0 }) attempts: number;
  /** The job (flow) that last claimed the run: a new one counts as an attempt once, however many batches it has. */
  @Column({ type: 'varchar', length: 128, nullable: true }) delivery: string | null;
  /** PLANNING_RULES_VERSION of the engine that computed the results; null until they are stored. */
  @Column({ type: 'smallint', nullable: true }) rulesVersion: number | null;
}

/**
 * Exactly what the engine saw for one agency, so any cell can be re-explained later: the roster
 * version by reference and the rest compressed (`runAgencyProblem` puts them together), or, for
 * runs stored before, the whole problem.
 */
@Entity('plan_run_input')
@Check('plan_run_input_problem_check', 'problem IS NOT NULL OR reference IS NOT NULL')
// roster retention keeps the versions runs read: it looks each one up here
@Index('ix_plan_run_input_roster', ['rosterSubmissionId'])
// and the standards and targets versions (expressions on input_versions, written in the migration)
@Index('ix_plan_run_input_standards_version', { synchronize: false })
@Index('ix_plan_run_input_targets_version', { synchronize: false })
@Index('ix_plan_run_input_national_version', { synchronize: false })
export class PlanRunInputEntity {
  @PrimaryColumn({ type: 'uuid' }) runId: string;
  @ManyToOne(() => PlanRunEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'run_id', foreignKeyConstraintName: 'plan_run_input_run_id_fkey' })
  run?: PlanRunEntity;
  @PrimaryColumn({ type: 'varchar', length: 32 }) agencyCode: string;
  @Column({ type: 'uuid' }) agencyId: string;
  /** The problem as the engine saw it, overrides applied (runs stored before inputs by reference). */
  @Column({ type: 'jsonb', nullable: true }) problem: PlanningProblem | null;
  /** The roster version the run read: its rows are the problem's employees. */
  @Column({ type: 'uuid', nullable: true }) rosterSubmissionId: string | null;
  /** The problem without its employees, gzip-compressed JSON (`packReference`). */
  @Column({ type: 'bytea', nullable: true }) reference: Buffer | null;
  /** What the scenario and the run changed in this agency's baseline inputs ({} for none). */
  @Column({ type: 'jsonb', default: {} }) overrides: PlanOverrides;
  /** The standards and targets versions this snapshot read (0: none imported yet). */
  @Column({ type: 'jsonb', default: {} }) inputVersions: InputVersions;
}

export interface InputVersions {
  standards?: number;
  nationalStandards?: number;
  targets?: number;
}
