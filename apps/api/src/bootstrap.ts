import { INestApplication, Logger as NestLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { ApiModuleOptions, AppModule } from './app.module';
import { applyHttpSecurity } from './common/http-security';
import { batchLimitMiddleware } from './common/query-limits';
import { serveDashboard } from './dashboard/dashboard-static';

/**
 * Builds the API application. The worker is its own process (apps/worker); a caller that wants
 * it in the same process (the `npm start` demo, the e2e tests) passes its processors in
 * `extraImports`.
 */
export async function createApiApp(opts: ApiModuleOptions): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(opts), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  // behind a load balancer the client's address is in X-Forwarded-For: the rate limit and the audit log need it
  if (opts.config.trustProxyHops > 0) app.set('trust proxy', opts.config.trustProxyHops);
  // bulk mutations (upsertEmployees, upsertDevelopmentTargets) exceed express's 100 kB default
  app.useBodyParser('json', { limit: '25mb' });
  applyHttpSecurity(app, opts.config);
  // after the body parser (the batch is the parsed array), before Apollo sees it
  app.use('/graphql', batchLimitMiddleware(opts.config.graphqlLimits.maxBatch));
  serveDashboard(app);
  return app;
}

/** Closes the app on SIGINT/SIGTERM (a running job finishes first), then runs `after`. */
export function closeOnSignals(app: { close(): Promise<void> }, after: () => Promise<void> = async () => {}): void {
  let closing = false;
  const logger = new NestLogger('Shutdown');
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      if (closing) return;
      closing = true;
      logger.log(`${signal}: finishing running jobs and closing`);
      void app
        .close()
        .then(after)
        .then(() => process.exit(0))
        .catch((e: unknown) => {
          logger.error(e instanceof Error ? e.message : String(e));
          process.exit(1);
        });
    });
  }
}
