import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { numeric } from '../numeric.transformer';

/**
 * One cell-year of a run's formation plan. Codes are copied from the snapshot so results
 * stay readable after reference data changes. Partitioned by run: see plan-result-table.ts.
 */
@Entity('plan_result')
// NULLS NOT DISTINCT in the migration
@Unique('uq_plan_result_cell', ['runId', 'agencyCode', 'unitCode', 'positionCode', 'year'])
// formationNeeds' keyset pages: on (run_id, −pressure | −formation, id), expressions the migration declares;
// a year filter reads the same index (every batch of a run builds each index, so there are few)
@Index('ix_plan_result_run_pressure', { synchronize: false })
@Index('ix_plan_result_run_formation', { synchronize: false })
export class PlanResultEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id: string;
  /** The partition key: each run's rows are a table of their own, dropped with the run (a trigger on plan_run). */
  @PrimaryColumn({ type: 'uuid' }) runId: string;
  @Column({ type: 'uuid' }) agencyId: string;
  /** The partition key of a run's table: each batch of agencies is a table of its own. */
  @PrimaryColumn({ type: 'varchar', length: 32 }) agencyCode: string;
  @Column({ type: 'varchar', length: 64, nullable: true }) unitCode: string | null;
  @Column({ type: 'varchar', length: 64 }) positionCode: string;
  @Column({ type: 'varchar', length: 16 }) category: string;
  @Column({ type: 'varchar', length: 16, nullable: true }) level: string | null;
  @Column({ type: 'smallint' }) year: number;
  @Column({ type: 'numeric', transformer: numeric }) requiredFte: number;
  @Column({ type: 'integer' }) required: number;
  @Column({ type: 'numeric', transformer: numeric }) existing: number;
  @Column({ type: 'numeric', transformer: numeric }) supplyStart: number;
  @Column({ type: 'integer' }) retirements: number;
  @Column({ type: 'integer' }) contractEnds: number;
  /** attritionRate × stayers, the decimal that `attrition` counts in whole persons. */
  @Column({ type: 'numeric', transformer: numeric }) expectedAttrition: number;
  /** Whole persons since planning rules version 2; the decimal rate × supplyStart in version 1. */
  @Column({ type: 'numeric', transformer: numeric }) attrition: number;
  @Column({ type: 'numeric', transformer: numeric }) exits: number;
  @Column({ type: 'numeric', transformer: numeric }) supplyEnd: number;
  @Column({ type: 'integer' }) formation: number;
  @Column({ type: 'numeric', transformer: numeric }) surplus: number;
  @Column({ type: 'numeric', transformer: numeric }) caf: number;
  @Column({ type: 'numeric', transformer: numeric }) iaf: number;
  @Column({ type: 'numeric', nullable: true, transformer: numeric }) wisnRatio: number | null;
  @Column({ type: 'numeric', transformer: numeric }) pressure: number;
  /** ABK efisiensi jabatan requiredFte / existing; null when nobody holds the position. */
  @Column({ type: 'numeric', nullable: true, transformer: numeric }) efficiency: number | null;
  @Column({ type: 'varchar', length: 8, nullable: true }) efficiencyBand: string | null;
  /** Allocation weight: the highest priority of the targets driving the cell-year, 1 for fixed volumes. */
  @Column({ type: 'numeric', default: 1, transformer: numeric }) priority: number;
  /** Rupiah per person per year of the cell's category and level; null when the policy has none. */
  @Column({ type: 'numeric', nullable: true, transformer: numeric }) annualCost: number | null;
  /** formation × annualCost. */
  @Column({ type: 'numeric', nullable: true, transformer: numeric }) formationCost: number | null;
  /** PLANNING_RULES_VERSION of the engine that computed the row. */
  @Column({ type: 'smallint' }) rulesVersion: number;
}
