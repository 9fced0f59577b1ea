/** Queue and job names of staffing submissions, shared by the API (producer) and the worker. */
export const STAFFING_IMPORT_QUEUE = 'staffing-imports';

export enum StaffingImportJobName {
  VALIDATE = 'validate-submission',
  /** After a commit: the index that pages through a roster version, built without blocking readers. */
  INDEX_VERSION = 'index-roster-version',
}

/** The job id is the submission id, so a second enqueue of one submission collapses. */
export interface ValidateSubmissionJobData {
  submissionId: string;
}

export const STAFFING_IMPORT_JOB_ATTEMPTS = 2;

/** The job that indexes a committed version's rows; its id collapses repeated enqueues. */
export function indexRosterVersionJob(submissionId: string): [
  StaffingImportJobName,
  ValidateSubmissionJobData,
  {
    jobId: string;
    attempts: number;
    backoff: { type: 'exponential'; delay: number };
    removeOnComplete: { count: number };
    removeOnFail: { count: number };
  },
] {
  return [
    StaffingImportJobName.INDEX_VERSION,
    { submissionId },
    {
      jobId: `index-${submissionId}`,
      attempts: 3,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: { count: 1000 },
      removeOnFail: { count: 1000 },
    },
  ];
}
