import { DynamicModule, Module } from '@nestjs/common';
import type { DestinationStream } from 'pino';
import { AppConfig, AppConfigModule, loggerModule } from '@formasi/config';
import { DatabaseModule } from '@formasi/database';
import { QueueConnectionSettings, QueueModule } from '@formasi/queue';

export interface CoreOptions {
  config: AppConfig;
  /** Resolved before Nest starts (it may point at the embedded PostgreSQL). */
  databaseUrl: string;
  queue: QueueConnectionSettings;
  /** Where log lines go instead of standard output (tests read them back). */
  logDestination?: DestinationStream;
}

/**
 * What every host of Formasi runs on: configuration, logs, the database and the queues. The API
 * (`AppModule`) and the worker (`WorkerModule`) each add their own modules on top.
 */
@Module({})
export class CoreModule {
  static forRoot(opts: CoreOptions): DynamicModule {
    return {
      module: CoreModule,
      imports: [
        AppConfigModule.forRoot(opts.config),
        loggerModule(opts.config, opts.logDestination),
        DatabaseModule.forRoot(opts.databaseUrl),
        QueueModule.forRoot(opts.queue),
      ],
    };
  }
}
