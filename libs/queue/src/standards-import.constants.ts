/** Queue and job names of standards and targets imports, shared by the API (producer) and the worker. */
export const STANDARDS_IMPORT_QUEUE = 'standards-imports';

export enum StandardsImportJobName {
  VALIDATE = 'validate-standards-submission',
}

/** The job id is the submission id, so a second enqueue of one submission collapses. */
export interface ValidateStandardsJobData {
  submissionId: string;
}

export const STANDARDS_IMPORT_JOB_ATTEMPTS = 2;
