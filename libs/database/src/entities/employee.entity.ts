import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { AgencyEntity } from './agency.entity';
import { OrgUnitEntity } from './org-unit.entity';
import { PositionEntity } from './position.entity';
import type { EmploymentType, PositionCategory, PositionLevel } from '@formasi/planning';

export const SEXES = ['M', 'F'] as const;
export type SexCode = (typeof SEXES)[number];

/** One row of an agency's current staffing (bezetting). */
@Entity('employee')
// a NIP is in post in at most one place at a time
@Index('uq_employee_active_nip', ['nip'], { unique: true, where: 'active' })
@Index('ix_employee_agency_cell', ['agencyId', 'positionId', 'unitId'], { where: 'active' })
@Check('employee_sex_check', `sex IN ('M', 'F')`)
@Check('employee_employment_type_check', `employment_type IN ('PNS', 'PPPK')`)
@Check('employee_check', `employment_type = 'PNS' OR contract_end IS NOT NULL`)
export class EmployeeEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'char', length: 18 }) nip: string;
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'date' }) birthDate: string;
  @Column({ type: 'char', length: 1 }) sex: SexCode;
  @Column({ type: 'varchar', length: 8 }) employmentType: EmploymentType;
  @Column({ type: 'uuid' }) agencyId: string;
  @ManyToOne(() => AgencyEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agency_id', foreignKeyConstraintName: 'employee_agency_id_fkey' })
  agency?: AgencyEntity;
  @Column({ type: 'uuid' }) positionId: string;
  @ManyToOne(() => PositionEntity)
  @JoinColumn({ name: 'position_id', foreignKeyConstraintName: 'employee_position_id_fkey' })
  position?: PositionEntity;
  @Column({ type: 'uuid', nullable: true }) unitId: string | null;
  @ManyToOne(() => OrgUnitEntity)
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'employee_unit_id_fkey' })
  unit?: OrgUnitEntity | null;
  @Column({ type: 'varchar', length: 16 }) category: PositionCategory;
  @Column({ type: 'varchar', length: 16, nullable: true }) level: PositionLevel | null;
  @Column({ type: 'date' }) tmt: string;
  @Column({ type: 'date', nullable: true }) contractEnd: string | null;
  @Column({ type: 'boolean', default: true }) active: boolean;
}
