import { Check, Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { numeric } from '../numeric.transformer';

/** Effective hours a year: given directly (ABK 1,250 h) or computed WISN-style from days. */
@Entity('working_time_profile')
@Check('working_time_profile_check', 'hours_per_year IS NOT NULL OR (working_days_per_year IS NOT NULL AND hours_per_day IS NOT NULL)')
export class WorkingTimeProfileEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'varchar', length: 64, unique: true }) code: string;
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'numeric', nullable: true, transformer: numeric }) hoursPerYear: number | null;
  @Column({ type: 'numeric', nullable: true, transformer: numeric }) workingDaysPerYear: number | null;
  @Column({ type: 'numeric', nullable: true, transformer: numeric }) publicHolidays: number | null;
  @Column({ type: 'numeric', nullable: true, transformer: numeric }) annualLeave: number | null;
  @Column({ type: 'numeric', nullable: true, transformer: numeric }) sickLeave: number | null;
  @Column({ type: 'numeric', nullable: true, transformer: numeric }) otherLeave: number | null;
  @Column({ type: 'numeric', nullable: true, transformer: numeric }) hoursPerDay: number | null;
}
