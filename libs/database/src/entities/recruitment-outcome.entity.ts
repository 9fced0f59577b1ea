import { Check, Column, Entity, Index, JoinColumn, ManyToOne, OneToOne, PrimaryColumn } from 'typeorm';
import { ProposalEntity, ProposalLineEntity } from './proposal.entity';

/** What became of a determined line's places (realisasi); one row per line, replaced whole by a later upload. */
@Entity('recruitment_outcome')
@Index('ix_recruitment_outcome_proposal', ['proposalId'])
@Check(
  'recruitment_outcome_count_check',
  'applicants >= 0 AND passed >= 0 AND optimalisasi >= 0 AND withdrew >= 0 AND appointed >= 0 AND unfilled >= 0',
)
@Check('recruitment_outcome_reason_check', `unfilled_reason IN ('NO_APPLICANT', 'NOT_QUALIFIED', 'WITHDREW', 'NOT_ANNOUNCED', 'OTHER')`)
@Check('recruitment_outcome_reason_present_check', '(unfilled = 0) = (unfilled_reason IS NULL)')
@Check('recruitment_outcome_source_check', `source IN ('FILE', 'API')`)
export class RecruitmentOutcomeEntity {
  @PrimaryColumn('uuid') lineId: string;
  @OneToOne(() => ProposalLineEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'line_id', foreignKeyConstraintName: 'recruitment_outcome_line_id_fkey' })
  line?: ProposalLineEntity;
  @Column({ type: 'uuid' }) proposalId: string;
  @ManyToOne(() => ProposalEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'proposal_id', foreignKeyConstraintName: 'recruitment_outcome_proposal_id_fkey' })
  proposal?: ProposalEntity;
  @Column({ type: 'integer' }) applicants: number;
  @Column({ type: 'integer' }) passed: number;
  @Column({ type: 'integer' }) optimalisasi: number;
  @Column({ type: 'integer' }) withdrew: number;
  @Column({ type: 'integer' }) appointed: number;
  @Column({ type: 'integer' }) unfilled: number;
  @Column({ type: 'varchar', length: 16, nullable: true }) unfilledReason: string | null;
  @Column({ type: 'varchar', length: 8 }) source: string;
  @Column({ type: 'text', nullable: true }) fileName: string | null;
  @Column({ type: 'char', length: 64, nullable: true }) fileSha256: string | null;
  @Column({ type: 'text' }) recordedByEmail: string;
  @Column({ type: 'timestamptz', default: () => 'now()' }) recordedAt: Date;
}
