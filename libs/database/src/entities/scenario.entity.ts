import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import type { ScenarioOverrides } from '@formasi/planning';
import { AgencyEntity } from './agency.entity';

/**
 * A named what-if over the baseline inputs (targets, workload standards, working time, policy),
 * of one agency or national (agency null). The baseline tables are never touched: a run started
 * with the scenario lays its overrides over them, and its snapshot keeps what it applied.
 */
@Entity('scenario')
// NULLS NOT DISTINCT in the migration: national scenario names are unique too
@Unique('uq_scenario_agency_name', ['agencyId', 'name'])
export class ScenarioEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid', nullable: true }) agencyId: string | null;
  @ManyToOne(() => AgencyEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agency_id', foreignKeyConstraintName: 'scenario_agency_id_fkey' })
  agency?: AgencyEntity | null;
  @Column({ type: 'varchar', length: 128 }) name: string;
  @Column({ type: 'text', nullable: true }) description: string | null;
  @Column({ type: 'jsonb' }) overrides: ScenarioOverrides;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}
