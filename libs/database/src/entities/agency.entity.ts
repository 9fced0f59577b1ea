import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const AGENCY_KINDS = ['CENTRAL', 'PROVINCE', 'REGENCY', 'CITY'] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];

@Entity('agency')
@Check('agency_kind_check', `kind IN ('CENTRAL', 'PROVINCE', 'REGENCY', 'CITY')`)
export class AgencyEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'varchar', length: 32, unique: true }) code: string;
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'varchar', length: 16 }) kind: AgencyKind;
  /** Kemendagri region code (e.g. 33.02) for provinces, regencies and cities. */
  @Column({ type: 'varchar', length: 16, nullable: true }) regionCode: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}
