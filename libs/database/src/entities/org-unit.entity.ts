import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { AgencyEntity } from './agency.entity';

@Entity('org_unit')
@Unique('uq_org_unit_agency_code', ['agencyId', 'code'])
export class OrgUnitEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) agencyId: string;
  @ManyToOne(() => AgencyEntity, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'agency_id' }) agency?: AgencyEntity;
  @Column({ type: 'uuid', nullable: true }) parentId: string | null;
  @ManyToOne(() => OrgUnitEntity, { onDelete: 'SET NULL' }) @JoinColumn({ name: 'parent_id' }) parent?: OrgUnitEntity | null;
  @Column({ type: 'varchar', length: 64 }) code: string;
  @Column({ type: 'text' }) name: string;
}
