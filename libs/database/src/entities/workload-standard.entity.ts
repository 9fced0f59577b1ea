import { Check, Column, Entity, Index, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { ActivityKind } from '@formasi/planning';
import { numeric } from '../numeric.transformer';
import { OrgUnitEntity } from './org-unit.entity';
import { PositionEntity } from './position.entity';

/** ABK workload standard of a position, optionally specific to one unit. */
@Entity('workload_standard')
// NULLS NOT DISTINCT in the migration: one position-wide standard (unit NULL) per position
@Unique('uq_workload_standard_position_unit', ['positionId', 'unitId'])
@Index('ix_workload_standard_unit', ['unitId'])
export class WorkloadStandardEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) positionId: string;
  @ManyToOne(() => PositionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'position_id', foreignKeyConstraintName: 'workload_standard_position_id_fkey' })
  position?: PositionEntity;
  @Column({ type: 'uuid', nullable: true }) unitId: string | null;
  @ManyToOne(() => OrgUnitEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'workload_standard_unit_id_fkey' })
  unit?: OrgUnitEntity | null;
  @OneToMany(() => WorkloadActivityEntity, (a) => a.standard, { cascade: true }) activities?: WorkloadActivityEntity[];
}

@Entity('workload_activity')
@Unique('uq_workload_activity_ordinal', ['standardId', 'ordinal'])
@Check('workload_activity_kind_check', `kind IN ('SERVICE', 'SUPPORT', 'ADDITIONAL')`)
export class WorkloadActivityEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) standardId: string;
  // checked per statement by triggers (migration 1764800000000), not by a row-level foreign key
  @ManyToOne(() => WorkloadStandardEntity, (s) => s.activities, { createForeignKeyConstraints: false })
  @JoinColumn({ name: 'standard_id' })
  standard?: WorkloadStandardEntity;
  @Column({ type: 'smallint' }) ordinal: number;
  @Column({ type: 'varchar', length: 16 }) kind: ActivityKind;
  @Column({ type: 'text' }) name: string;
  /** What one output is (laporan, pasien); carried by standards files. */
  @Column({ type: 'text', nullable: true }) outputUnit: string | null;
  @Column({ type: 'numeric', nullable: true, transformer: numeric }) annualVolume: number | null;
  @Column({ type: 'varchar', length: 128, nullable: true }) driverIndicator: string | null;
  @Column({ type: 'numeric', nullable: true, transformer: numeric }) driverFactor: number | null;
  @Column({ type: 'numeric', nullable: true, transformer: numeric }) driverBase: number | null;
  @Column({ type: 'numeric', nullable: true, transformer: numeric }) minutesPerUnit: number | null;
  @Column({ type: 'numeric', nullable: true, transformer: numeric }) unitsPerHour: number | null;
  @Column({ type: 'numeric', nullable: true, transformer: numeric }) percentOfWorkingTime: number | null;
  @Column({ type: 'numeric', nullable: true, transformer: numeric }) hoursPerYear: number | null;
  @Column({ type: 'numeric', nullable: true, transformer: numeric }) staffCount: number | null;
}
