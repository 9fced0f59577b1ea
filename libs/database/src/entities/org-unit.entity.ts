import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { AgencyEntity } from './agency.entity';

@Entity('org_unit')
@Unique('uq_org_unit_agency_code', ['agencyId', 'code'])
@Index('ix_org_unit_parent', ['parentId'])
export class OrgUnitEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) agencyId: string;
  @ManyToOne(() => AgencyEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agency_id', foreignKeyConstraintName: 'org_unit_agency_id_fkey' })
  agency?: AgencyEntity;
  @Column({ type: 'uuid', nullable: true }) parentId: string | null;
  @ManyToOne(() => OrgUnitEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'parent_id', foreignKeyConstraintName: 'org_unit_parent_id_fkey' })
  parent?: OrgUnitEntity | null;
  @Column({ type: 'varchar', length: 64 }) code: string;
  @Column({ type: 'text' }) name: string;
}
