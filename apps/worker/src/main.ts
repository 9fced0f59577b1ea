import 'reflect-metadata';
import { once } from 'node:events';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppConfig, loadConfig } from '@formasi/config';
import { embeddedDatabaseUrl, runMigrations, startupFailureText } from '@formasi/database';
import { configureQueueBackend } from '@formasi/queue';
import { WorkerModule } from './worker.module';

/** A message between the process's thread and its processor threads. */
type ThreadMessage = 'ready' | 'close';

/** Set once the process shuts down: threads stopping then is expected. */
let closing = false;

/** The worker's application (processors, connections) on the calling thread. */
async function startWorker(config: AppConfig, databaseUrl: string): Promise<Started> {
  const queue = configureQueueBackend({ redisUrl: config.redisUrl, databaseUrl, prefix: config.queuePrefix });
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot({ config, databaseUrl, queue }), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  return { app, backend: queue.kind };
}

interface Started {
  app: INestApplicationContext;
  backend: string;
}

/** The line that says the worker takes jobs: on the process's thread once every thread does. */
function logStarted({ app, backend }: Started, config: AppConfig, thread: number): void {
  const threads = config.workerThreads > 1 ? `, thread ${thread} of ${config.workerThreads}` : '';
  app.get(Logger).log(`plan-run worker started (queue backend: ${backend}, concurrency ${config.workerConcurrency}${threads})`);
}

/**
 * WORKER_THREADS − 1 more processor threads, each a whole worker (its own BullMQ workers and
 * connections) in this process: a JavaScript thread computes on one core, and a national run is
 * CPU-bound. Resolves when every one has started.
 */
async function startThreads(count: number): Promise<Worker[]> {
  const threads = Array.from({ length: count }, (_, i) => new Worker(__filename, { workerData: { thread: i + 2 } }));
  await Promise.all(
    threads.map(
      (t) =>
        new Promise<void>((resolve, reject) => {
          t.once('message', (m: ThreadMessage) => m === 'ready' && resolve());
          t.once('error', reject);
          t.once('exit', (code) => reject(new Error(`a processor thread stopped while starting (exit code ${code})`)));
        }),
    ),
  );
  // a thread that fails or stops later takes the process down: the orchestrator restarts it whole
  for (const t of threads) {
    t.on('error', fail);
    t.on('exit', (code) => closing || fail(new Error(`a processor thread stopped (exit code ${code})`)));
  }
  return threads;
}

/**
 * SIGTERM or SIGINT: every thread finishes its running jobs and closes (BullMQ's workers wait
 * for them), then the process ends with the signal, as Nest's own shutdown hooks end it.
 */
function closeOnSignal(app: INestApplicationContext, threads: Worker[]): void {
  const close = (signal: NodeJS.Signals): void => {
    closing = true;
    process.removeListener('SIGTERM', close);
    process.removeListener('SIGINT', close);
    for (const t of threads) t.postMessage('close' satisfies ThreadMessage);
    Promise.all([app.close(), ...threads.map((t) => once(t, 'exit'))])
      .then(() => process.kill(process.pid, signal))
      .catch(fail);
  };
  process.on('SIGTERM', close);
  process.on('SIGINT', close);
}

/** The plan-run worker as its own process, without HTTP; run as many as needed. */
async function main(): Promise<void> {
  const config = loadConfig();
  // without DATABASE_URL, join the embedded PostgreSQL that `npm start` runs
  const databaseUrl = config.databaseUrl ?? embeddedDatabaseUrl(config);
  if (!isMainThread) {
    const started = await startWorker(config, databaseUrl);
    parentPort!.on('message', (m: ThreadMessage) => {
      if (m === 'close') void started.app.close().then(() => process.exit(0), fail);
    });
    logStarted(started, config, (workerData as { thread: number }).thread);
    parentPort!.postMessage('ready' satisfies ThreadMessage);
    return;
  }
  await runMigrations(databaseUrl);
  if (config.workerThreads === 1) {
    const started = await startWorker(config, databaseUrl);
    // SIGTERM closes the BullMQ worker, which waits for the running job to finish
    started.app.enableShutdownHooks();
    logStarted(started, config, 1);
    return;
  }
  const [started, threads] = await Promise.all([startWorker(config, databaseUrl), startThreads(config.workerThreads - 1)]);
  closeOnSignal(started.app, threads);
  logStarted(started, config, 1);
}

function fail(e: unknown): never {
  process.stderr.write(`${startupFailureText(e)}\n`);
  process.exit(1);
}

main().catch(fail);
