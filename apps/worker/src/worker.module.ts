import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, AppConfigModule, loggerModule } from '@formasi/config';
import { DatabaseModule } from '@formasi/database';
import { QueueConnectionSettings, QueueModule } from '@formasi/queue';
import { PlanRunProcessingModule } from './plan-run-processing.module';
import { StaffingImportProcessingModule } from './staffing-import/staffing-import-processing.module';
import { StandardsImportProcessingModule } from './standards-import/standards-import-processing.module';

@Module({})
export class WorkerModule {
  static forRoot(opts: { config: AppConfig; databaseUrl: string; queue: QueueConnectionSettings }): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        AppConfigModule.forRoot(opts.config),
        loggerModule(opts.config),
        DatabaseModule.forRoot(opts.databaseUrl),
        QueueModule.forRoot(opts.queue),
        PlanRunProcessingModule,
        StaffingImportProcessingModule,
        StandardsImportProcessingModule,
      ],
    };
  }
}
