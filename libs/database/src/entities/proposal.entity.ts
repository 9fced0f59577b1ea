import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { AgencyEntity } from './agency.entity';
import { PlanRunEntity } from './plan-run.entity';
import { numeric } from '../numeric.transformer';

// The formation proposal (usulan rincian kebutuhan) and what belongs to it. The SQL that moves a
// proposal from state to state is in proposal.repository.ts; these entities describe the tables.

/** How a need becomes proposal lines and the guardrails a proposal is measured against; agency null = the default. */
@Entity('proposal_policy')
// NULLS NOT DISTINCT in the migration: one default policy
@Unique('uq_proposal_policy_agency', ['agencyId'])
@Check('proposal_policy_default_group_check', `default_group IN ('GURU', 'NAKES', 'TEKNIS')`)
@Check('proposal_policy_ceiling_check', 'personnel_spending_ceiling > 0 AND personnel_spending_ceiling <= 1')
@Check('proposal_policy_budget_check', 'annual_budget >= 0')
export class ProposalPolicyEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid', nullable: true }) agencyId: string | null;
  @ManyToOne(() => AgencyEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agency_id', foreignKeyConstraintName: 'proposal_policy_agency_id_fkey' })
  agency?: AgencyEntity | null;
  @Column({ type: 'jsonb', default: [] }) positionGroups: Array<{ positionCode: string; group: string }>;
  @Column({ type: 'varchar', length: 8, default: 'TEKNIS' }) defaultGroup: string;
  @Column({ type: 'jsonb', default: [] }) pppkShares: Array<{ group: string; share: number }>;
  @Column({ type: 'text', array: true, default: '{}' }) zeroGrowthExemptGroups: string[];
  @Column({ type: 'numeric', default: () => '0.3', transformer: numeric }) personnelSpendingCeiling: number;
  @Column({ type: 'numeric', nullable: true, transformer: numeric }) annualBudget: number | null;
}

@Entity('proposal')
// one live proposal per agency and year: the migration's index is partial (state <> 'WITHDRAWN')
@Index('uq_proposal_agency_year', ['agencyId', 'year'], { unique: true, where: `state <> 'WITHDRAWN'` })
@Index('ix_proposal_year_state', ['year', 'state'])
@Check(
  'proposal_state_check',
  `state IN ('DRAFT', 'SUBMITTED', 'SIGNED', 'IN_VERIFICATION', 'RETURNED', 'VERIFIED',
          'DETERMINED', 'WITHDRAWN')`,
)
export class ProposalEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) agencyId: string;
  @ManyToOne(() => AgencyEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agency_id', foreignKeyConstraintName: 'proposal_agency_id_fkey' })
  agency?: AgencyEntity;
  @Column({ type: 'varchar', length: 32 }) agencyCode: string;
  @Column({ type: 'smallint' }) year: number;
  @Column({ type: 'uuid' }) runId: string;
  @ManyToOne(() => PlanRunEntity)
  @JoinColumn({ name: 'run_id', foreignKeyConstraintName: 'proposal_run_id_fkey' })
  run?: PlanRunEntity;
  @Column({ type: 'varchar', length: 16 }) state: string;
  /** Raised by every change: a caller naming the version it saw acts on exactly that proposal. */
  @Column({ type: 'integer', default: 1 }) version: number;
  @Column({ type: 'text' }) createdByEmail: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
  @Column({ type: 'timestamptz', default: () => 'now()' }) stateChangedAt: Date;
  @Column({ type: 'uuid', nullable: true }) signerId: string | null;
  @Column({ type: 'text', nullable: true }) signerName: string | null;
  @Column({ type: 'varchar', length: 18, nullable: true }) signerNip: string | null;
  @Column({ type: 'timestamptz', nullable: true }) signedAt: Date | null;
  /** SHA-256 of the canonical content signed (SPTJM). */
  @Column({ type: 'char', length: 64, nullable: true }) signedHash: string | null;
  @Column({ type: 'text', nullable: true }) verifierEmail: string | null;
  @Column({ type: 'text', nullable: true }) returnReason: string | null;
  @Column({ type: 'text', nullable: true }) decreeNumber: string | null;
  @Column({ type: 'date', nullable: true }) decreeDate: string | null;
}

/** One position × unit × procurement × group × formation type, beside the plan cell it came from. */
@Entity('proposal_line')
// NULLS NOT DISTINCT in the migration: a line without a unit is one key too
@Unique('uq_proposal_line', ['proposalId', 'positionCode', 'unitCode', 'procurement', 'group', 'formationType'])
@Check('proposal_line_procurement_check', `procurement IN ('CPNS', 'PPPK')`)
@Check('proposal_line_group_check', `job_group IN ('GURU', 'NAKES', 'TEKNIS')`)
@Check('proposal_line_count_check', 'count >= 0 AND verified_count >= 0 AND determined_count >= 0')
@Check('proposal_line_pay_check', 'pay_min >= 0 AND pay_max >= pay_min')
export class ProposalLineEntity {
  /** Stable: recruitment outcomes refer to a determined line by it. */
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) proposalId: string;
  @ManyToOne(() => ProposalEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'proposal_id', foreignKeyConstraintName: 'proposal_line_proposal_id_fkey' })
  proposal?: ProposalEntity;
  @Column({ type: 'varchar', length: 64 }) positionCode: string;
  @Column({ type: 'text' }) positionName: string;
  @Column({ type: 'varchar', length: 64, nullable: true }) unitCode: string | null;
  @Column({ type: 'text', nullable: true }) unitName: string | null;
  @Column({ type: 'varchar', length: 8 }) procurement: string;
  @Column({ name: 'job_group', type: 'varchar', length: 8 }) group: string;
  @Column({ type: 'varchar', length: 32 }) formationType: string;
  @Column({ type: 'integer' }) count: number;
  @Column({ type: 'text', array: true, default: '{}' }) education: string[];
  @Column({ type: 'numeric', nullable: true, transformer: numeric }) payMin: number | null;
  @Column({ type: 'numeric', nullable: true, transformer: numeric }) payMax: number | null;
  @Column({ type: 'text', nullable: true }) justification: string | null;
  @Column({ type: 'boolean' }) cellFound: boolean;
  @Column({ type: 'varchar', length: 16, nullable: true }) cellCategory: string | null;
  @Column({ type: 'numeric', nullable: true, transformer: numeric }) cellRequiredFte: number | null;
  @Column({ type: 'numeric', nullable: true, transformer: numeric }) cellExisting: number | null;
  @Column({ type: 'numeric', nullable: true, transformer: numeric }) cellExits: number | null;
  @Column({ type: 'integer', nullable: true }) cellFormation: number | null;
  @Column({ type: 'numeric', nullable: true, transformer: numeric }) cellAnnualCost: number | null;
  @Column({ type: 'integer', nullable: true }) verifiedCount: number | null;
  @Column({ type: 'text', nullable: true }) verifyReason: string | null;
  @Column({ type: 'integer', nullable: true }) determinedCount: number | null;
  @Column({ type: 'text', nullable: true }) returnComment: string | null;
}

/** One move of a proposal: the history, each row pointing at the audit record of its transaction. */
@Entity('proposal_event')
@Index('ix_proposal_event_proposal', ['proposalId', 'id'])
export class ProposalEventEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id: string;
  @Column({ type: 'uuid' }) proposalId: string;
  @ManyToOne(() => ProposalEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'proposal_id', foreignKeyConstraintName: 'proposal_event_proposal_id_fkey' })
  proposal?: ProposalEntity;
  @Column({ type: 'timestamptz', default: () => 'now()' }) at: Date;
  @Column({ type: 'varchar', length: 32 }) action: string;
  @Column({ type: 'varchar', length: 16, nullable: true }) fromState: string | null;
  @Column({ type: 'varchar', length: 16 }) toState: string;
  @Column({ type: 'uuid', nullable: true }) actorId: string | null;
  @Column({ type: 'text' }) actorEmail: string;
  @Column({ type: 'varchar', length: 16, nullable: true }) actorRole: string | null;
  @Column({ type: 'text', nullable: true }) reason: string | null;
  @Column({ type: 'jsonb', default: {} }) details: Record<string, unknown>;
  @Column({ type: 'bigint', nullable: true }) auditId: string | null;
}

/** A document of a proposal (peta jabatan, ABK, the signed SPTJM scan), stored with it. */
@Entity('proposal_attachment')
@Index('ix_proposal_attachment_proposal', ['proposalId'])
@Check('proposal_attachment_kind_check', `kind IN ('PETA_JABATAN', 'ABK', 'SPTJM', 'OTHER')`)
export class ProposalAttachmentEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) proposalId: string;
  @ManyToOne(() => ProposalEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'proposal_id', foreignKeyConstraintName: 'proposal_attachment_proposal_id_fkey' })
  proposal?: ProposalEntity;
  @Column({ type: 'varchar', length: 16 }) kind: string;
  @Column({ type: 'text' }) fileName: string;
  @Column({ type: 'text' }) contentType: string;
  @Column({ type: 'integer' }) sizeBytes: number;
  @Column({ type: 'char', length: 64 }) sha256: string;
  @Column({ type: 'bytea' }) content: Buffer;
  @Column({ type: 'text' }) uploadedByEmail: string;
  @Column({ type: 'timestamptz', default: () => 'now()' }) uploadedAt: Date;
}
