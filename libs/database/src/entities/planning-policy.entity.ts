import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { AgencyEntity } from './agency.entity';
import { WorkingTimeProfileEntity } from './working-time-profile.entity';
import type { AnnualCostRule, EfficiencyBand, RetirementAgeRule, RoundingRule } from '@formasi/planning';
import { numeric } from '../numeric.transformer';

/**
 * Planning policy of one agency, or the default policy (agency null) used by agencies
 * without their own. Retirement ages are data (PP 11/2017 art. 239), never constants.
 */
@Entity('planning_policy')
// NULLS NOT DISTINCT in the migration: at most one default policy
@Unique('uq_planning_policy_agency', ['agencyId'])
@Check('planning_policy_rounding_check', `rounding IN ('HALF_UP', 'CEIL', 'NONE')`)
@Check('planning_policy_attrition_rate_check', 'attrition_rate >= 0 AND attrition_rate < 1')
export class PlanningPolicyEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid', nullable: true }) agencyId: string | null;
  @ManyToOne(() => AgencyEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agency_id', foreignKeyConstraintName: 'planning_policy_agency_id_fkey' })
  agency?: AgencyEntity | null;
  @Column({ type: 'uuid' }) workingTimeProfileId: string;
  @ManyToOne(() => WorkingTimeProfileEntity)
  @JoinColumn({ name: 'working_time_profile_id', foreignKeyConstraintName: 'planning_policy_working_time_profile_id_fkey' })
  workingTimeProfile?: WorkingTimeProfileEntity;
  @Column({ type: 'varchar', length: 8 }) rounding: RoundingRule;
  @Column({ type: 'numeric', transformer: numeric }) attritionRate: number;
  @Column({ type: 'boolean' }) renewContracts: boolean;
  @Column({ type: 'jsonb' }) retirementAges: RetirementAgeRule[];
  @Column({ type: 'jsonb' }) efficiencyBands: EfficiencyBand[];
  /** Rupiah per person per year by category and level; a level row wins over its category's. */
  @Column({ type: 'jsonb', default: [] }) annualCosts: AnnualCostRule[];
}
