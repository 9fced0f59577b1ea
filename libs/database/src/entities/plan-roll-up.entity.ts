import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { numeric } from '../numeric.transformer';
import { PlanRunEntity } from './plan-run.entity';

export const ROLL_UP_SCOPES = ['NATION', 'REGION', 'AGENCY', 'UNIT'] as const;
export type RollUpScope = (typeof ROLL_UP_SCOPES)[number];
export const ROLL_UP_GROUPINGS = ['NONE', 'CATEGORY', 'CATEGORY_LEVEL'] as const;
export type RollUpGrouping = (typeof ROLL_UP_GROUPINGS)[number];

/**
 * One roll-up of a run's results (DOMAIN.md "Aggregation"), stored when the results are written:
 * sums over the cells of a unit, agency, region (province: the first part of the Kemendagri
 * region code) or the nation in one year, optionally per category or category and level.
 * Columns outside the scope and grouping are NULL.
 */
@Entity('plan_roll_up')
// NULLS NOT DISTINCT in the migration
@Unique('uq_plan_roll_up', ['runId', 'scope', 'groupBy', 'year', 'regionCode', 'agencyCode', 'unitCode', 'category', 'level'])
@Check('plan_roll_up_scope_check', `scope IN ('NATION', 'REGION', 'AGENCY', 'UNIT')`)
@Check('plan_roll_up_group_by_check', `group_by IN ('NONE', 'CATEGORY', 'CATEGORY_LEVEL')`)
export class PlanRollUpEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id: string;
  @Column({ type: 'uuid' }) runId: string;
  @ManyToOne(() => PlanRunEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'run_id', foreignKeyConstraintName: 'plan_roll_up_run_id_fkey' })
  run?: PlanRunEntity;
  @Column({ type: 'varchar', length: 8 }) scope: RollUpScope;
  @Column({ type: 'varchar', length: 16 }) groupBy: RollUpGrouping;
  @Column({ type: 'smallint' }) year: number;
  @Column({ type: 'varchar', length: 32, nullable: true }) regionCode: string | null;
  @Column({ type: 'varchar', length: 32, nullable: true }) agencyCode: string | null;
  @Column({ type: 'varchar', length: 64, nullable: true }) unitCode: string | null;
  @Column({ type: 'varchar', length: 16, nullable: true }) category: string | null;
  @Column({ type: 'varchar', length: 16, nullable: true }) level: string | null;
  @Column({ type: 'integer' }) cells: number;
  @Column({ type: 'numeric', transformer: numeric }) requiredFte: number;
  @Column({ type: 'integer' }) required: number;
  @Column({ type: 'numeric', transformer: numeric }) existing: number;
  @Column({ type: 'numeric', transformer: numeric }) supplyEnd: number;
  @Column({ type: 'integer' }) retirements: number;
  /** PPPK contracts ending in the year; null on a roll-up written before it was kept. */
  @Column({ type: 'integer', nullable: true }) contractEnds: number | null;
  /** Σ attrition of the cells (whole persons from planning rules version 2); null as contractEnds. */
  @Column({ type: 'numeric', nullable: true, transformer: numeric }) attrition: number | null;
  @Column({ type: 'integer' }) formation: number;
  @Column({ type: 'numeric', transformer: numeric }) surplus: number;
  @Column({ type: 'numeric', nullable: true, transformer: numeric }) formationCost: number | null;
  @Column({ type: 'integer' }) uncostedFormation: number;
  /** Σ existing / Σ requiredFte; null when nothing is required. */
  @Column({ type: 'numeric', nullable: true, transformer: numeric }) wisnRatio: number | null;
  /** Σ requiredFte / Σ existing; null when nobody is in post. */
  @Column({ type: 'numeric', nullable: true, transformer: numeric }) efficiency: number | null;
}
