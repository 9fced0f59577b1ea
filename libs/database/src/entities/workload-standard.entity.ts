import { Column, Entity, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn } from 'typeorm';
import type { ActivityKind } from '@formasi/planning';
import { numeric } from '../numeric.transformer';
import { OrgUnitEntity } from './org-unit.entity';
import { PositionEntity } from './position.entity';

/** ABK workload standard of a position, optionally specific to one unit. */
@Entity('workload_standard')
export class WorkloadStandardEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) positionId: string;
  @ManyToOne(() => PositionEntity, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'position_id' }) position?: PositionEntity;
  @Column({ type: 'uuid', nullable: true }) unitId: string | null;
  @ManyToOne(() => OrgUnitEntity, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'unit_id' }) unit?: OrgUnitEntity | null;
  @OneToMany(() => WorkloadActivityEntity, (a) => a.standard, { cascade: true }) activities?: WorkloadActivityEntity[];
}

@Entity('workload_activity')
export class WorkloadActivityEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) standardId: string;
  @ManyToOne(() => WorkloadStandardEntity, (s) => s.activities, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'standard_id' })
  standard?: WorkloadStandardEntity;
  @Column({ type: 'smallint' }) ordinal: number;
  @Column({ type: 'varchar', length: 16 }) kind: ActivityKind;
  @Column({ type: 'text' }) name: string;
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
