import { createHash } from 'node:crypto';
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, parse, resolve, sep } from 'node:path';

/**
 * As root, where the embedded PostgreSQL's programs are copied and where its data goes when the
 * `postgres` user cannot reach the folder asked for (root's home, mode 700, is the usual case).
 */
export const EMBEDDED_PG_SHARED_DIR = '/var/lib/formasi/embedded-postgres';

/** The embedded PostgreSQL cannot start here; the message is one sentence that says why and what to set. */
export class EmbeddedPostgresError extends Error {
  override readonly name = 'EmbeddedPostgresError';
}

function firstClosed(full: string): string | null {
  const parts = full.split(sep).filter((p) => p !== '');
  let at = parse(full).root;
  for (const part of ['', ...parts]) {
    at = part === '' ? at : join(at, part);
    let mode: number;
    try {
      mode = statSync(at).mode;
    } catch {
      return null; // the rest is created by the launcher, open to other users
    }
    if ((mode & 0o001) === 0) return at;
  }
  return null;
}

/**
 * The first folder on the way to `path` (itself included when it exists) that a user who
 * neither owns it nor is root cannot enter: no execute bit for "others". Null when every
 * folder is open. Both the path as written and, through symbolic links, the real one are
 * walked, as the kernel does when the server's user opens it.
 */
export function closedFolderOnTheWay(path: string): string | null {
  const full = resolve(path);
  const closed = firstClosed(full);
  if (closed) return closed;
  // the deepest folder that exists yet: the rest will be created under it
  let existing = full;
  while (!existsSync(existing)) existing = dirname(existing);
  const real = realpathSync(existing);
  return real === existing ? null : firstClosed(real);
}

/** The PostgreSQL programs of this platform, as installed by `embedded-postgres`: `bin/`, `lib/` and `share/`. */
export function embeddedPostgresPrograms(): { nativeDir: string; version: string } {
  const pkg = join(dirname(require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`)), '..');
  const { version } = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')) as { version: string };
  return { nativeDir: join(pkg, 'native'), version };
}

/** The folder of the embedded PostgreSQL programs of this platform. */
export function embeddedPostgresBinDir(): string {
  return join(embeddedPostgresPrograms().nativeDir, 'bin');
}

export interface EmbeddedPostgresPlacementRequest {
  /** The data folder asked for (`EMBEDDED_PG_DIR`, by default `.data/postgres` in the checkout). */
  dataDir: string;
  /** Whether the data may go elsewhere when it cannot stay there; false when the folder was chosen explicitly. */
  mayMoveData: boolean;
  nativeDir: string;
  version: string;
  sharedDir: string;
  asRoot: boolean;
}

export interface EmbeddedPostgresPlacement {
  /** The folder holding `bin/`, `lib/` and `share/` that the server runs from. */
  programsDir: string;
  /** When set, the programs are first copied from here to `programsDir`. */
  copyProgramsFrom: string | null;
  dataDir: string;
  /** Why the data is not in the folder asked for; null when it is. */
  movedBecause: string | null;
}

/**
 * Where the embedded PostgreSQL runs from and keeps its data. As an ordinary user it runs as
 * that user, from anywhere. As root it runs as the `postgres` user (PostgreSQL refuses to run
 * as root), which must reach both; whatever it cannot reach goes under `sharedDir` instead:
 * the programs once per version, the data in a folder of its own per folder asked for, so two
 * checkouts never share a database. Throws the one sentence to show when that is impossible.
 */
export function placeEmbeddedPostgres(req: EmbeddedPostgresPlacementRequest): EmbeddedPostgresPlacement {
  const dataDir = resolve(req.dataDir);
  const stay: EmbeddedPostgresPlacement = { programsDir: req.nativeDir, copyProgramsFrom: null, dataDir, movedBecause: null };
  if (!req.asRoot) return stay;
  const who = 'embedded PostgreSQL cannot start: run as root, it runs as the "postgres" user, which cannot enter';
  const closedPrograms = closedFolderOnTheWay(req.nativeDir);
  // the data folder itself is the server's own, mode 700: only the folders above it must be open
  const closedData = closedFolderOnTheWay(dirname(dataDir));
  if (closedData && !req.mayMoveData) {
    throw new EmbeddedPostgresError(
      `${who} ${closedData} (no access for other users), on the way to its data folder ${dataDir} (EMBEDDED_PG_DIR); ` +
        `set EMBEDDED_PG_DIR to a folder it can reach (e.g. /var/lib/formasi/postgres) or unset it, or set DATABASE_URL to a PostgreSQL server`,
    );
  }
  if (!closedPrograms && !closedData) return stay;
  const closedShared = closedFolderOnTheWay(req.sharedDir);
  if (closedShared) {
    const blocked = closedPrograms
      ? `${closedPrograms} (no access for other users), on the way to its programs in ${req.nativeDir},`
      : `${closedData} (no access for other users), on the way to its data folder ${dataDir},`;
    const remedy = closedPrograms
      ? 'move the checkout to a folder other users can enter (e.g. /srv/formasi), run npm start as an ordinary user'
      : 'set EMBEDDED_PG_DIR to a folder it can reach (e.g. /var/lib/formasi/postgres)';
    throw new EmbeddedPostgresError(
      `${who} ${blocked} nor ${closedShared}, on the way to ${req.sharedDir} where it would otherwise put them; ` +
        `${remedy}, or set DATABASE_URL to a PostgreSQL server`,
    );
  }
  return {
    programsDir: closedPrograms ? join(req.sharedDir, 'programs', req.version) : req.nativeDir,
    copyProgramsFrom: closedPrograms ? req.nativeDir : null,
    dataDir: closedData ? join(req.sharedDir, 'data', movedDataFolderName(dataDir)) : dataDir,
    movedBecause: closedData ? `the "postgres" user cannot enter ${closedData}, on the way to ${dataDir}` : null,
  };
}

/** A readable folder name for a moved data folder, unique to the folder asked for: its path, then a hash of it. */
export function movedDataFolderName(dataDir: string): string {
  const full = resolve(dataDir);
  const readable = full
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^-+/, '')
    .slice(-60);
  return `${readable}-${createHash('sha256').update(full).digest('hex').slice(0, 12)}`;
}
