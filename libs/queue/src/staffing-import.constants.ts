/** Queue and job names of staffing submissions, shared by the API (producer) and the worker. */
export const STAFFING_IMPORT_QUEUE = 'staffing-imports';

export enum StaffingImportJobName {
  VALIDATE = 'validate-submission',
}

/** The job id is the submission id, so a second enqueue of one submission collapses. */
export interface ValidateSubmissionJobData {
  submissionId: string;
}

export const STAFFING_IMPORT_JOB_ATTEMPTS = 2;
