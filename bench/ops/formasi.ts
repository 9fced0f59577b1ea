// The built Formasi processes (API, workers) as an operator runs them, and a small GraphQL client.
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { PLAN_RUN_QUEUE } from '../../libs/queue/src';
import { freePort, sleep, waitFor } from './services';

/** The node entry of an npm script such as `start:api` (`node dist/…/main.js`), so the ops follow the package's layout. */
function scriptEntry(name: string): string {
  const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
  const m = /^node\s+(\S+\.js)$/.exec(scripts[name]?.trim() ?? '');
  if (!m) throw new Error(`package.json script "${name}" is not "node <file>.js": ${scripts[name]}`);
  return m[1]!;
}

/** The API's `application_name` in PostgreSQL (pg_stat_activity). */
export const API_APPLICATION_NAME = 'formasi-api';

export interface FormasiEnv {
  databaseUrl: string;
  redisUrl: string;
  dir: string;
}

/** One OS process of Formasi, its output in a log file of the work folder. */
export class FormasiProcess {
  private exited = false;
  /** When the process exited (Date.now()), or null while it runs. */
  exitedAt: number | null = null;
  constructor(
    readonly name: string,
    readonly proc: ChildProcess,
    readonly log: string,
  ) {
    proc.once('exit', () => {
      this.exited = true;
      this.exitedAt = Date.now();
    });
  }

  get alive(): boolean {
    return !this.exited;
  }

  get pid(): number {
    return this.proc.pid!;
  }

  /** Resident set size in MiB, from /proc (Linux). */
  rssMiB(): number {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
  }

  async kill(signal: NodeJS.Signals): Promise<void> {
    if (this.exited) return;
    const done = new Promise((r) => this.proc.once('exit', r));
    this.proc.kill(signal);
    await done;
  }
}

export class Formasi {
  readonly jwtSecret = randomBytes(32).toString('hex');
  readonly processes: FormasiProcess[] = [];
  readonly queue: Queue;
  port = 0;
  private workers = 0;

  constructor(private readonly env: FormasiEnv) {
    const u = new URL(env.redisUrl);
    this.queue = new Queue(PLAN_RUN_QUEUE, { connection: { host: u.hostname, port: Number(u.port), maxRetriesPerRequest: null } });
  }

  private processEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
    const uploads = join(this.env.dir, 'uploads');
    mkdirSync(uploads, { recursive: true });
    return {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      DATABASE_URL: this.env.databaseUrl,
      REDIS_URL: this.env.redisUrl,
      JWT_SECRET: this.jwtSecret,
      LOG_LEVEL: process.env.OPS_LOG_LEVEL ?? 'warn',
      STAFFING_UPLOAD_DIR: uploads,
      WORKER_IN_PROCESS: 'false',
      WORKER_CONCURRENCY: '1',
      // the load benchmark is many clients from one address
      RATE_LIMIT_MAX_REQUESTS: '1000000',
      RATE_LIMIT_USER_MAX_REQUESTS: '1000000',
      ...extra,
    };
  }

  private spawn(name: string, script: string, extra: Record<string, string>, nodeArgs: string[] = []): FormasiProcess {
    const log = join(this.env.dir, `${name}.log`);
    const fd = openSync(log, 'a');
    const proc = spawn(process.execPath, [...nodeArgs, scriptEntry(script)], { env: this.processEnv(extra), stdio: ['ignore', fd, fd] });
    const p = new FormasiProcess(name, proc, log);
    this.processes.push(p);
    return p;
  }

  /** Applies the migrations, as an operator does before starting the services. */
  migrate(): void {
    execFileSync(process.execPath, [scriptEntry('migrate')], { env: this.processEnv({}), stdio: 'pipe' });
  }

  /** `create-user` from the CLI, as an operator creates accounts. */
  createUser(email: string, role: string, password: string): void {
    execFileSync(process.execPath, ['dist/apps/cli/src/main.js', 'create-user', '--email', email, '--role', role], {
      env: this.processEnv({ FORMASI_USER_PASSWORD: password }),
      stdio: 'pipe',
    });
  }

  /** `nodeArgs`: options for node itself, e.g. `--cpu-prof`. */
  async startApi(nodeArgs: string[] = []): Promise<FormasiProcess> {
    this.port = await freePort();
    // the application name tells the API's database sessions from the worker's
    const api = this.spawn('api', 'start:api', { PORT: String(this.port), PGAPPNAME: API_APPLICATION_NAME }, nodeArgs);
    await waitFor(
      'API answers /health',
      async () => {
        if (!api.alive) throw new Error(`the API exited; see ${api.log}`);
        return (await fetch(`${this.url}/health`)).status === 200;
      },
      120_000,
      250,
    );
    return api;
  }

  /** A worker process; resolves once it has connected to the plan-run queue. */
  async startWorker(): Promise<FormasiProcess> {
    const before = await this.queue.getWorkersCount();
    const w = this.spawn(`worker-${++this.workers}`, 'start:worker', {});
    await waitFor(
      `${w.name} connects to the queue`,
      async () => {
        if (!w.alive) throw new Error(`${w.name} exited; see ${w.log}`);
        return (await this.queue.getWorkersCount()) > before;
      },
      120_000,
      250,
    );
    return w;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.processes.map((p) => p.kill('SIGTERM').catch(() => undefined)));
    await this.queue.close().catch(() => undefined);
  }

  killAll(): void {
    for (const p of this.processes) if (p.alive) p.proc.kill('SIGKILL');
  }
}

export interface GqlResult<T> {
  data?: T;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

/** A signed-in GraphQL client. */
export class GqlClient {
  constructor(
    readonly url: string,
    public token = '',
  ) {}

  async request<T>(query: string, variables: Record<string, unknown> = {}): Promise<GqlResult<T>> {
    const res = await fetch(`${this.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as GqlResult<T>;
  }

  /** Answers data or throws with the errors. */
  async data<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const r = await this.request<T>(query, variables);
    if (r.errors?.length || !r.data) throw new Error(`GraphQL: ${JSON.stringify(r.errors)}`);
    return r.data;
  }

  async login(email: string, password: string): Promise<void> {
    const d = await this.data<{ login: { token: string } }>(
      'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }',
      { e: email, p: password },
    );
    this.token = d.login.token;
  }

  async startRun(agencyCode: string | null): Promise<string> {
    const d = await this.data<{ startPlanRun: { id: string } }>('mutation($i: StartPlanRunInput!) { startPlanRun(input: $i) { id } }', {
      i: { ...(agencyCode ? { agencyCode } : {}), asOf: '2025-12-31', years: [2026, 2027, 2028, 2029, 2030] },
    });
    return d.startPlanRun.id;
  }
}

export { sleep };
