import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { loadConfig } from '@formasi/config';
import { embeddedDatabaseUrl, runMigrations, startupFailureText } from '@formasi/database';
import { configureQueueBackend } from '@formasi/queue';
import { WorkerModule } from './worker.module';

/** The plan-run worker as its own process, without HTTP; run as many as needed. */
async function main(): Promise<void> {
  const config = loadConfig();
  // without DATABASE_URL, join the embedded PostgreSQL that `npm start` runs
  const databaseUrl = config.databaseUrl ?? embeddedDatabaseUrl(config);
  await runMigrations(databaseUrl);
  const queue = configureQueueBackend({ redisUrl: config.redisUrl, databaseUrl, prefix: config.queuePrefix });
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot({ config, databaseUrl, queue }), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  // SIGTERM closes the BullMQ worker, which waits for the running job to finish
  app.enableShutdownHooks();
  app.get(Logger).log(`plan-run worker started (queue backend: ${queue.kind}, concurrency ${config.workerConcurrency})`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${startupFailureText(e)}\n`);
  process.exit(1);
});
