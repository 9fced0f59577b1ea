import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { numeric } from '../numeric.transformer';

export const TARGET_SOURCES = ['RPJMN', 'RPJMD', 'RENSTRA'] as const;
export type TargetSource = (typeof TARGET_SOURCES)[number];

/** A development-target value; without a unit it is agency-wide (a unit's own value wins). */
@Entity('development_target')
export class DevelopmentTargetEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) agencyId: string;
  @Column({ type: 'uuid', nullable: true }) unitId: string | null;
  @Column({ type: 'varchar', length: 128 }) indicator: string;
  @Column({ type: 'smallint' }) year: number;
  @Column({ type: 'numeric', transformer: numeric }) value: number;
  @Column({ type: 'varchar', length: 16 }) source: TargetSource;
  @Column({ type: 'text', nullable: true }) document: string | null;
}
