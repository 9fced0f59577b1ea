import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { EmploymentType, PositionCategory, PositionLevel } from '@formasi/planning';

export const SEXES = ['M', 'F'] as const;
export type SexCode = (typeof SEXES)[number];

/** One row of an agency's current staffing (bezetting). */
@Entity('employee')
export class EmployeeEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'char', length: 18 }) nip: string;
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'date' }) birthDate: string;
  @Column({ type: 'char', length: 1 }) sex: SexCode;
  @Column({ type: 'varchar', length: 8 }) employmentType: EmploymentType;
  @Column({ type: 'uuid' }) agencyId: string;
  @Column({ type: 'uuid' }) positionId: string;
  @Column({ type: 'uuid', nullable: true }) unitId: string | null;
  @Column({ type: 'varchar', length: 16 }) category: PositionCategory;
  @Column({ type: 'varchar', length: 16, nullable: true }) level: PositionLevel | null;
  @Column({ type: 'date' }) tmt: string;
  @Column({ type: 'date', nullable: true }) contractEnd: string | null;
  @Column({ type: 'boolean', default: true }) active: boolean;
}
