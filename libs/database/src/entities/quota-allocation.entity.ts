import { Check, Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { PlanRunEntity } from './plan-run.entity';
import { numeric } from '../numeric.transformer';

/** A quota for one year and scope of a run, given out slot by slot (DOMAIN.md "Quota allocation"). */
@Entity('quota_allocation')
// NULLS NOT DISTINCT in the migration: a nation-wide scope has neither agency nor category
@Unique('uq_quota_allocation_scope', ['runId', 'year', 'agencyCode', 'category'])
@Check('quota_allocation_limit_check', 'quota IS NOT NULL OR budget IS NOT NULL')
export class QuotaAllocationEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) runId: string;
  @ManyToOne(() => PlanRunEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'run_id', foreignKeyConstraintName: 'quota_allocation_run_id_fkey' })
  run?: PlanRunEntity;
  @Column({ type: 'smallint' }) year: number;
  /** Null = every agency of the run. */
  @Column({ type: 'varchar', length: 32, nullable: true }) agencyCode: string | null;
  /** Null = every position category. */
  @Column({ type: 'varchar', length: 16, nullable: true }) category: string | null;
  /** Null when only a budget bounds the allocation. */
  @Column({ type: 'integer', nullable: true }) quota: number | null;
  @Column({ type: 'integer' }) requested: number;
  @Column({ type: 'integer' }) allocated: number;
  @Column({ type: 'integer', nullable: true }) unallocated: number | null;
  /** Rupiah a year the slots may cost in all. */
  @Column({ type: 'numeric', nullable: true, transformer: numeric }) budget: number | null;
  @Column({ type: 'numeric', nullable: true, transformer: numeric }) allocatedCost: number | null;
  @Column({ type: 'numeric', nullable: true, transformer: numeric }) budgetLeft: number | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

/** One cell's share of an allocation and the ranks at which its slots were given. */
@Entity('quota_allocation_cell')
@Unique('uq_quota_allocation_cell_ordinal', ['allocationId', 'ordinal'])
export class QuotaAllocationCellEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id: string;
  @Column({ type: 'uuid' }) allocationId: string;
  @ManyToOne(() => QuotaAllocationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'allocation_id', foreignKeyConstraintName: 'quota_allocation_cell_allocation_id_fkey' })
  allocation?: QuotaAllocationEntity;
  @Column({ type: 'varchar', length: 32 }) agencyCode: string;
  @Column({ type: 'varchar', length: 64, nullable: true }) unitCode: string | null;
  @Column({ type: 'varchar', length: 64 }) positionCode: string;
  @Column({ type: 'varchar', length: 16 }) category: string;
  @Column({ type: 'integer' }) required: number;
  @Column({ type: 'numeric', transformer: numeric }) supplyEnd: number;
  @Column({ type: 'integer' }) requested: number;
  @Column({ type: 'integer' }) allocated: number;
  @Column({ type: 'integer', array: true }) ranks: number[];
  /** Place in the listing, 0 first: first-served first, cells without a slot last, ties by position, unit, agency. */
  @Column({ type: 'integer' }) ordinal: number;
  @Column({ type: 'numeric', default: 1, transformer: numeric }) priority: number;
  @Column({ type: 'numeric', nullable: true, transformer: numeric }) annualCost: number | null;
  @Column({ type: 'numeric', nullable: true, transformer: numeric }) allocatedCost: number | null;
}
