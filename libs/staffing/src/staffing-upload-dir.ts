import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Where uploaded roster files wait for the validation job. The API and the worker must see the
 * same directory (one host, or a shared volume); STAFFING_UPLOAD_DIR overrides the default.
 */
export function staffingUploadDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.STAFFING_UPLOAD_DIR || join(tmpdir(), 'formasi-staffing-uploads');
}
