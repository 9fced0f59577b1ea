import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { ImportKind, ImportStatus } from '@formasi/database';
import { GraphQLJSON } from '../common/json.scalar';

export const ImportKindEnum = { STANDARDS: 'STANDARDS', TARGETS: 'TARGETS' } as const;
registerEnumType(ImportKindEnum, { name: 'StandardsImportKind', description: 'Workload standards (ABK) or development targets.' });
export const ImportStatusEnum = {
  UPLOADED: 'UPLOADED',
  VALIDATING: 'VALIDATING',
  VALIDATED: 'VALIDATED',
  INVALID: 'INVALID',
  FAILED: 'FAILED',
  COMMITTED: 'COMMITTED',
  SUPERSEDED: 'SUPERSEDED',
} as const;
registerEnumType(ImportStatusEnum, {
  name: 'StandardsSubmissionStatus',
  description: 'UPLOADED → VALIDATING → VALIDATED | INVALID | FAILED; a VALIDATED one is COMMITTED, later SUPERSEDED by the next version.',
});

@ObjectType('StandardsRowError')
export class StandardsRowErrorModel {
  @Field({ description: 'Sheet of an XLSX workbook; empty for CSV.' }) sheet: string;
  @Field(() => Int, { description: 'Row in the sheet; the header is row 1 (0: the file as a whole).' }) rowNo: number;
  @Field({ description: 'Header of the column as the file names it.' }) column: string;
  @Field({ description: 'Rule code, e.g. NOT_A_NUMBER, UNKNOWN_POSITION, INVALID_ACTIVITY, DUPLICATE_TARGET.' }) rule: string;
  @Field(() => String, { nullable: true }) value: string | null;
  @Field() message: string;
}

@ObjectType('StandardsDiffEntry')
export class StandardsDiffEntryModel {
  @Field({ description: 'added, removed or changed.' }) change: string;
  @Field(() => String, { nullable: true }) positionCode?: string | null;
  @Field(() => String, { nullable: true }) unitCode: string | null;
  @Field(() => String, { nullable: true, description: 'The activity (standards).' }) name?: string | null;
  @Field(() => String, { nullable: true, description: 'The indicator (targets).' }) indicator?: string | null;
  @Field(() => Int, { nullable: true }) year?: number | null;
  @Field(() => [String], { description: 'Fields that change (for changed entries).' }) fields: string[];
}

@ObjectType('StandardsDiff', {
  description: 'Dry run: the file against the current standards or targets of its scope (activities or target values).',
})
export class StandardsDiffModel {
  @Field(() => Int) added: number;
  @Field(() => Int) removed: number;
  @Field(() => Int) changed: number;
  @Field(() => Int) unchanged: number;
  @Field(() => Int, { nullable: true, description: 'Standards (position × unit) added whole.' }) standardsAdded?: number;
  @Field(() => Int, { nullable: true, description: 'Standards removed whole.' }) standardsRemoved?: number;
  @Field(() => [StandardsDiffEntryModel], { description: 'The first 20 entries of each change.' }) sample: StandardsDiffEntryModel[];
}

@ObjectType('StandardsSheet')
export class StandardsSheetModel {
  @Field() name: string;
  @Field(() => String, {
    nullable: true,
    description: 'STANDARDS_LONG, ABK_WORKSHEET, TARGETS_LONG, TARGETS_WIDE; null: not recognised (skipped).',
  })
  layout: string | null;
  @Field(() => Int) rows: number;
}

@ObjectType('StandardsSubmission', {
  description: 'An uploaded standards or targets file: its validation report, dry run and, once committed, its version.',
})
export class StandardsSubmissionModel {
  @Field(() => ID) id: string;
  @Field(() => ImportKindEnum) kind: ImportKind;
  @Field(() => String, { nullable: true, description: 'Null: national (position-wide standards).' }) agencyCode: string | null;
  @Field(() => Int, { nullable: true, description: 'Version of the scope this submission became when committed.' }) version: number | null;
  @Field(() => ImportStatusEnum) status: ImportStatus;
  @Field() uploadedBy: string;
  @Field() fileName: string;
  @Field(() => Float) fileSize: number;
  @Field() sha256: string;
  @Field() format: string;
  @Field(() => [StandardsSheetModel], { nullable: true }) sheets: StandardsSheetModel[] | null;
  @Field(() => Int, { nullable: true, description: 'Version the diff was computed against (0: none yet).' }) baseVersion: number | null;
  @Field(() => Int) progress: number;
  @Field(() => Int, { nullable: true }) rowCount: number | null;
  @Field(() => Int, { nullable: true }) errorCount: number | null;
  @Field(() => GraphQLJSON, { nullable: true, description: 'Errors per rule.' }) errorSummary: Record<string, number> | null;
  @Field(() => String, { nullable: true }) failure: string | null;
  @Field({ description: 'Every error as CSV.' }) errorFileUrl: string;
  @Field() createdAt: Date;
  @Field(() => Date, { nullable: true }) validatedAt: Date | null;
  @Field(() => Date, { nullable: true }) committedAt: Date | null;
  @Field(() => Int, { nullable: true }) commitMs: number | null;
  @Field(() => Date, { nullable: true }) supersededAt: Date | null;
}

@ObjectType('PlanRunInputVersions', {
  description: 'The standards and targets versions a run read for one agency (0: none imported then).',
})
export class PlanRunInputVersionsModel {
  @Field() agencyCode: string;
  @Field(() => Int) standards: number;
  @Field(() => Int) nationalStandards: number;
  @Field(() => Int) targets: number;
}
