import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { AgencyEntity } from './agency.entity';
import { OrgUnitEntity } from './org-unit.entity';
import { numeric } from '../numeric.transformer';

export const TARGET_SOURCES = ['RPJMN', 'RPJMD', 'RENSTRA'] as const;
export type TargetSource = (typeof TARGET_SOURCES)[number];

/** A development-target value; without a unit it is agency-wide (a unit's own value wins). */
@Entity('development_target')
// NULLS NOT DISTINCT in the migration: one agency-wide value per indicator and year
@Unique('uq_development_target', ['agencyId', 'unitId', 'indicator', 'year'])
@Check('development_target_value_check', 'value >= 0')
@Check('development_target_priority_check', 'priority > 0')
@Check('development_target_source_check', `source IN ('RPJMN', 'RPJMD', 'RENSTRA')`)
export class DevelopmentTargetEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) agencyId: string;
  @ManyToOne(() => AgencyEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agency_id', foreignKeyConstraintName: 'development_target_agency_id_fkey' })
  agency?: AgencyEntity;
  @Column({ type: 'uuid', nullable: true }) unitId: string | null;
  @ManyToOne(() => OrgUnitEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'development_target_unit_id_fkey' })
  unit?: OrgUnitEntity | null;
  @Column({ type: 'varchar', length: 128 }) indicator: string;
  @Column({ type: 'smallint' }) year: number;
  @Column({ type: 'numeric', transformer: numeric }) value: number;
  @Column({ type: 'varchar', length: 16 }) source: TargetSource;
  @Column({ type: 'text', nullable: true }) document: string | null;
  /** Allocation weight of the cells whose volumes this target drives (DOMAIN.md "Quota allocation"); higher = more important. */
  @Column({ type: 'numeric', default: 1, transformer: numeric }) priority: number;
}
