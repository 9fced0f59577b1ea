import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const STAFFING_SUBMISSION_STATUSES = [
  'UPLOADED',
  'VALIDATING',
  'VALIDATED',
  'INVALID',
  'COMMITTED',
  'SUPERSEDED',
  'FAILED',
] as const;
export type StaffingSubmissionStatus = (typeof STAFFING_SUBMISSION_STATUSES)[number];

/** CSV and XLSX are uploaded files; API rosters were written by upsertEmployees, a confirmed transfer or a migration. */
export const STAFFING_FILE_FORMATS = ['CSV', 'XLSX', 'API'] as const;
export type StaffingFileFormat = (typeof STAFFING_FILE_FORMATS)[number];

export const SEXES = ['M', 'F'] as const;
export type SexCode = (typeof SEXES)[number];

/** How many rows broke each rule, e.g. { DUPLICATE_NIP: 2 }. */
export type StaffingErrorSummary = Record<string, number>;

export interface StaffingDiffEntry {
  nip: string;
  name: string;
  /** Fields whose value changes, e.g. ["unitCode"] for a move. */
  fields: string[];
  from: Record<string, string | null>;
  to: Record<string, string | null>;
}

/** Dry-run result against the agency's roster at `baseVersion`: counts plus the first rows of each kind. */
export interface StaffingDiff {
  unchanged: number;
  joiners: number;
  leavers: number;
  moves: number;
  changed: number;
  sample: { joiners: StaffingDiffEntry[]; leavers: StaffingDiffEntry[]; moves: StaffingDiffEntry[]; changed: StaffingDiffEntry[] };
}

/**
 * One uploaded roster file (bezetting) of an agency. Committed submissions are the agency's
 * roster versions 1, 2, …; their staged rows (a table of their own, then a partition of
 * `staffing_submission_row`; immutable) are the roster at that version, and the one COMMITTED
 * submission of an agency is its current roster.
 */
@Entity('staffing_submission')
export class StaffingSubmissionEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) agencyId: string;
  /** Roster version, assigned when the submission is committed. */
  @Column({ type: 'integer', nullable: true }) version: number | null;
  @Column({ type: 'varchar', length: 16 }) status: StaffingSubmissionStatus;
  @Column({ type: 'text' }) uploadedBy: string;
  @Column({ type: 'text' }) fileName: string;
  /** Where the uploaded file waits for the validation job; cleared once it is read. */
  @Column({ type: 'text', nullable: true }) filePath: string | null;
  @Column({ type: 'bigint' }) fileSize: string;
  @Column({ type: 'char', length: 64 }) sha256: string;
  @Column({ type: 'varchar', length: 8 }) format: StaffingFileFormat;
  /** Snapshot date of the roster. */
  @Column({ type: 'date' }) asOf: string;
  /** The agency's committed version the diff was computed against (0: no roster yet). */
  @Column({ type: 'integer', nullable: true }) baseVersion: number | null;
  @Column({ type: 'smallint', default: 0 }) progress: number;
  @Column({ type: 'integer', nullable: true }) rowCount: number | null;
  @Column({ type: 'integer', nullable: true }) errorCount: number | null;
  @Column({ type: 'integer', nullable: true }) transferCount: number | null;
  @Column({ type: 'jsonb', nullable: true }) errorSummary: StaffingErrorSummary | null;
  @Column({ type: 'jsonb', nullable: true }) diff: StaffingDiff | null;
  @Column({ type: 'text', nullable: true }) failure: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @Column({ type: 'timestamptz', nullable: true }) validationStartedAt: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) validatedAt: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) committedAt: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) supersededAt: Date | null;
  @Column({ type: 'integer', nullable: true }) commitMs: number | null;
  /** When the version's rows were dropped under ROSTER_VERSIONS_KEPT; the submission itself stays. */
  @Column({ type: 'timestamptz', nullable: true }) rowsPurgedAt: Date | null;
}

/** One broken rule of one row; `severity` TRANSFER marks a NIP in post elsewhere, to confirm. */
@Entity('staffing_submission_error')
export class StaffingSubmissionErrorEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id: string;
  @Column({ type: 'uuid' }) submissionId: string;
  @Column({ type: 'integer' }) rowNo: number;
  @Column({ type: 'varchar', length: 64 }) columnName: string;
  @Column({ type: 'varchar', length: 48 }) rule: string;
  @Column({ type: 'text', nullable: true }) value: string | null;
  @Column({ type: 'text' }) message: string;
  @Column({ type: 'varchar', length: 8 }) severity: 'ERROR' | 'TRANSFER';
}
