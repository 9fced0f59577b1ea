import 'reflect-metadata';
import { Logger } from 'nestjs-pino';
import { loadConfig } from '@formasi/config';
import { embeddedDataNotice, resolveDatabase, runMigrations, startupFailureText } from '@formasi/database';
import { configureQueueBackend } from '@formasi/queue';
import { closeOnSignals, createApiApp } from './bootstrap';

async function main(): Promise<void> {
  const config = loadConfig();
  const db = await resolveDatabase(config);
  const notice = embeddedDataNotice(config, db);
  if (notice) process.stdout.write(`${notice}\n`);
  await runMigrations(db.url);
  // before any Queue/Worker exists: the BullMQ backend is process-wide
  const queue = configureQueueBackend({ redisUrl: config.redisUrl, databaseUrl: db.url, prefix: config.queuePrefix });
  const app = await createApiApp({ config, databaseUrl: db.url, queue });
  // the API host never runs jobs: `npm start` (scripts/demo.ts) composes the worker in, production runs apps/worker
  if (config.workerInProcess)
    app.get(Logger).warn('WORKER_IN_PROCESS is ignored by the API process: start workers with `npm run start:worker` (or use `npm start`)');
  closeOnSignals(app, db.stop);
  await app.listen(config.port);
  process.stdout.write(`Formasi GraphQL API: http://localhost:${config.port}/graphql (queue: ${queue.kind})\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${startupFailureText(e)}\n`);
  process.exit(1);
});
