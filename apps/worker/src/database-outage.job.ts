import { DelayedError, Job } from 'bullmq';
import { isDatabaseOutage } from '@formasi/database';

/** How long a job waits before it tries the database again. */
export const DATABASE_OUTAGE_RETRY_MS = 5000;

/**
 * A job that met a database outage goes back to the queue, delayed, without using one of its
 * attempts (BullMQ's documented `moveToDelayed` + `DelayedError`): a restart of PostgreSQL longer
 * than the retry backoff must not fail runs that would succeed a moment later, nor leave them
 * marked RUNNING because their failure could not be written. Other errors are left to the caller.
 */
export async function deferOnDatabaseOutage(job: Job, token: string | undefined, e: unknown): Promise<void> {
  if (!token || !isDatabaseOutage(e)) return;
  await job.moveToDelayed(Date.now() + DATABASE_OUTAGE_RETRY_MS, token);
  throw new DelayedError(
    `database unavailable, retrying in ${DATABASE_OUTAGE_RETRY_MS / 1000} s: ${e instanceof Error ? e.message : String(e)}`,
  );
}
