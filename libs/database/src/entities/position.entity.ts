import { Check, Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { PositionCategory, PositionLevel } from '@formasi/planning';

@Entity('position')
@Check('position_category_check', `category IN ('JPT', 'ADMINISTRATOR', 'PENGAWAS', 'PELAKSANA', 'FUNGSIONAL')`)
@Check('position_retirement_age_override_check', 'retirement_age_override BETWEEN 40 AND 80')
export class PositionEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'varchar', length: 64, unique: true }) code: string;
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'varchar', length: 16 }) category: PositionCategory;
  @Column({ type: 'varchar', length: 16, nullable: true }) level: PositionLevel | null;
  /** The position's own law may set another BUP (teachers, lecturers …). */
  @Column({ type: 'smallint', nullable: true }) retirementAgeOverride: number | null;
}
