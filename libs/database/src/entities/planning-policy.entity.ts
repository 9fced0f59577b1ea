import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { EfficiencyBand, RetirementAgeRule, RoundingRule } from '@formasi/planning';
import { numeric } from '../numeric.transformer';

/**
 * Planning policy of one agency, or the default policy (agency null) used by agencies
 * without their own. Retirement ages are data (PP 11/2017 art. 239), never constants.
 */
@Entity('planning_policy')
export class PlanningPolicyEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid', nullable: true }) agencyId: string | null;
  @Column({ type: 'uuid' }) workingTimeProfileId: string;
  @Column({ type: 'varchar', length: 8 }) rounding: RoundingRule;
  @Column({ type: 'numeric', transformer: numeric }) attritionRate: number;
  @Column({ type: 'boolean' }) renewContracts: boolean;
  @Column({ type: 'jsonb' }) retirementAges: RetirementAgeRule[];
  @Column({ type: 'jsonb' }) efficiencyBands: EfficiencyBand[];
}
