import { DynamicModule, Module } from '@nestjs/common';
import { CoreModule, CoreOptions } from '@formasi/core';
import { ProcessorsModule } from './processors.module';

/** The worker host: the core and the processors, no HTTP. */
@Module({})
export class WorkerModule {
  static forRoot(opts: CoreOptions): DynamicModule {
    return { module: WorkerModule, imports: [CoreModule.forRoot(opts), ProcessorsModule] };
  }
}
