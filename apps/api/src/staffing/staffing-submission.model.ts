import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { STAFFING_FILE_FORMATS, STAFFING_SUBMISSION_STATUSES } from '@formasi/database';
import type { StaffingErrorSummary, StaffingFileFormat, StaffingSubmissionStatus } from '@formasi/database';
import { PERSONAL_FIELD_NOTE, personalData } from '../auth/personal-data';
import { GraphQLJSON } from '../common/json.scalar';

export const StaffingSubmissionStatusEnum = Object.fromEntries(STAFFING_SUBMISSION_STATUSES.map((s) => [s, s])) as {
  [K in StaffingSubmissionStatus]: K;
};
export const StaffingFileFormatEnum = Object.fromEntries(STAFFING_FILE_FORMATS.map((s) => [s, s])) as { [K in StaffingFileFormat]: K };
registerEnumType(StaffingSubmissionStatusEnum, {
  name: 'StaffingSubmissionStatus',
  description: 'UPLOADED → VALIDATING → VALIDATED | INVALID | FAILED; a VALIDATED one is COMMITTED, later SUPERSEDED by the next version.',
});
registerEnumType(StaffingFileFormatEnum, { name: 'StaffingFileFormat' });

@ObjectType('StaffingRowError')
export class StaffingRowErrorModel {
  @Field(() => Int, { description: 'Row in the file; the header is row 1.' }) rowNo: number;
  @Field({ description: 'Header of the column as the file names it.' }) column: string;
  @Field({ description: 'Rule code, e.g. NIP_BIRTH_DATE_MISMATCH, UNKNOWN_UNIT, DUPLICATE_NIP.' }) rule: string;
  @Field(() => String, { nullable: true, middleware: [personalData], description: `The cell as the file has it. ${PERSONAL_FIELD_NOTE}` })
  value: string | null;
  @Field() message: string;
}

@ObjectType('StaffingDiffEntry')
export class StaffingDiffEntryModel {
  @Field(() => String, { nullable: true, middleware: [personalData], description: PERSONAL_FIELD_NOTE }) nip: string;
  @Field(() => String, { nullable: true, middleware: [personalData], description: PERSONAL_FIELD_NOTE }) name: string;
  @Field(() => [String], { description: 'Fields that change (all of them for joiners and leavers).' }) fields: string[];
  @Field(() => GraphQLJSON, {
    nullable: true,
    middleware: [personalData],
    description: `Values on the current roster; empty for joiners. ${PERSONAL_FIELD_NOTE}`,
  })
  from: Record<string, string | null>;
  @Field(() => GraphQLJSON, {
    nullable: true,
    middleware: [personalData],
    description: `Values in the file; empty for leavers. ${PERSONAL_FIELD_NOTE}`,
  })
  to: Record<string, string | null>;
}

@ObjectType('StaffingDiff', { description: "The submission against the agency's roster it was validated against." })
export class StaffingDiffModel {
  @Field(() => Int) unchanged: number;
  @Field(() => Int) joiners: number;
  @Field(() => Int) leavers: number;
  @Field(() => Int, { description: 'Unit or position changes.' }) moves: number;
  @Field(() => Int, { description: 'Other field changes (name, dates, type, …) with unit and position unchanged.' }) changed: number;
  @Field(() => [StaffingDiffEntryModel], { description: 'First joiners by NIP.' }) joinerSample: StaffingDiffEntryModel[];
  @Field(() => [StaffingDiffEntryModel]) leaverSample: StaffingDiffEntryModel[];
  @Field(() => [StaffingDiffEntryModel]) moveSample: StaffingDiffEntryModel[];
  @Field(() => [StaffingDiffEntryModel]) changedSample: StaffingDiffEntryModel[];
}

@ObjectType('StaffingSubmission')
export class StaffingSubmissionModel {
  @Field(() => ID) id: string;
  @Field() agencyCode: string;
  @Field(() => Int, { nullable: true, description: 'Roster version this submission became when committed.' }) version: number | null;
  @Field(() => StaffingSubmissionStatusEnum) status: StaffingSubmissionStatus;
  @Field() uploadedBy: string;
  @Field() fileName: string;
  @Field(() => Float) fileSize: number;
  @Field() sha256: string;
  @Field(() => StaffingFileFormatEnum) format: StaffingFileFormat;
  @Field({ description: 'Snapshot date of the roster.' }) asOf: string;
  @Field(() => Int, { nullable: true, description: 'Version the diff was computed against (0: no roster yet).' }) baseVersion:
    number | null;
  @Field(() => Int, { description: 'Validation progress, 0–100.' }) progress: number;
  @Field(() => Int, { nullable: true }) rowCount: number | null;
  @Field(() => Int, { nullable: true }) errorCount: number | null;
  @Field(() => Int, { nullable: true, description: 'NIPs in post in another agency; committing needs confirmTransfers.' }) transferCount:
    number | null;
  @Field(() => GraphQLJSON, { nullable: true, description: 'Errors per rule.' }) errorSummary: StaffingErrorSummary | null;
  @Field(() => String, { nullable: true, description: 'Why validation failed (FAILED).' }) failure: string | null;
  @Field({ description: 'Full error list as CSV (GET).' }) errorFileUrl: string;
  @Field() createdAt: Date;
  @Field(() => Date, { nullable: true }) validatedAt: Date | null;
  @Field(() => Int, { nullable: true }) validationMs: number | null;
  @Field(() => Date, { nullable: true }) committedAt: Date | null;
  @Field(() => Int, { nullable: true }) commitMs: number | null;
  @Field(() => Date, { nullable: true }) supersededAt: Date | null;
  @Field(() => Date, {
    nullable: true,
    description:
      "When this version's rows were removed under ROSTER_VERSIONS_KEPT (rosterAtVersion then refuses it); the submission record stays.",
  })
  rowsPurgedAt: Date | null;
}

@ObjectType('RosterEmployee')
export class RosterEmployeeModel {
  @Field(() => String, { nullable: true, middleware: [personalData], description: PERSONAL_FIELD_NOTE }) nip: string;
  @Field(() => String, { nullable: true, middleware: [personalData], description: PERSONAL_FIELD_NOTE }) name: string;
  @Field(() => String, { nullable: true, middleware: [personalData], description: PERSONAL_FIELD_NOTE }) birthDate: string;
  @Field() sex: string;
  @Field() employmentType: string;
  @Field() positionCode: string;
  @Field(() => String, { nullable: true }) unitCode: string | null;
  @Field() category: string;
  @Field(() => String, { nullable: true }) level: string | null;
  @Field() tmt: string;
  @Field(() => String, { nullable: true }) contractEnd: string | null;
}

@ObjectType('RosterVersion', { description: "An agency's roster as a committed submission made it." })
export class RosterVersionModel {
  @Field() agencyCode: string;
  @Field(() => Int) version: number;
  @Field(() => ID) submissionId: string;
  @Field() asOf: string;
  @Field() committedAt: Date;
  @Field(() => Int) totalCount: number;
  @Field(() => [RosterEmployeeModel], { description: 'In the order of the submitted file (pages follow its primary key).' })
  employees: RosterEmployeeModel[];
}
