import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** An uploaded roster file on disk: its name is the submission id it will get. */
export interface StoredRoster {
  id: string;
  path: string;
  size: number;
  /** Hex SHA-256 of the content: a file the agency already committed is recognised by it. */
  sha256: string;
}

/**
 * Writes an upload into `dir` under a new id, hashing and counting the bytes as they pass, so a
 * roster of a gigabyte is read once on arrival rather than again to hash it. A failed write
 * leaves no file behind.
 */
export async function storeRoster(source: Readable, dir: string): Promise<StoredRoster> {
  mkdirSync(dir, { recursive: true });
  const id = randomUUID();
  const path = join(dir, id);
  const hash = createHash('sha256');
  let size = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  const file = createWriteStream(path);
  try {
    await pipeline(source, tap, file);
  } catch (e) {
    // the file is opened asynchronously: removing it before the stream has closed could run
    // before the open and leave the file behind
    if (!file.closed) await new Promise<void>((closed) => file.once('close', () => closed()));
    await rm(path, { force: true });
    throw e;
  }
  return { id, path, size, sha256: hash.digest('hex') };
}

type Upload = { stream: Readable; originalname: string };
type Stored = Partial<StoredRoster> & { filename: string; destination: string };

/**
 * A multer storage engine that stores roster uploads with `storeRoster`: the file's name is its
 * submission id and `file.sha256` its hash.
 */
export function rosterStorage(dir: string): {
  _handleFile(req: unknown, file: Upload, cb: (error: unknown, info?: Stored) => void): void;
  _removeFile(req: unknown, file: { path: string }, cb: (error: Error | null) => void): void;
} {
  return {
    _handleFile(_req, file, cb) {
      storeRoster(file.stream, dir).then(
        (stored) => cb(null, { ...stored, filename: stored.id, destination: dir }),
        (e: unknown) => cb(e),
      );
    },
    _removeFile(_req, file, cb) {
      rm(file.path, { force: true }).then(
        () => cb(null),
        (e: Error) => cb(e),
      );
    },
  };
}
