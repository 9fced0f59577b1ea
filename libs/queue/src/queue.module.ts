import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Global, Module } from '@nestjs/common';
import { PLAN_RUN_FLOW, PLAN_RUN_QUEUE } from './queue.constants';
import { QueueConnectionSettings } from './queue-backend';

export const QUEUE_SETTINGS = Symbol('QUEUE_SETTINGS');

/** BullMQ root connection plus the registered queues; imported by API and worker alike. */
@Global()
@Module({})
export class QueueModule {
  static forRoot(settings: QueueConnectionSettings): DynamicModule {
    const queues = BullModule.registerQueue({ name: PLAN_RUN_QUEUE });
    // a plan run is a flow: its parent and one child per batch of agencies, added together
    const flows = BullModule.registerFlowProducer({ name: PLAN_RUN_FLOW });
    return {
      module: QueueModule,
      imports: [BullModule.forRoot({ connection: settings.connection, prefix: settings.prefix }), queues, flows],
      providers: [{ provide: QUEUE_SETTINGS, useValue: settings }],
      exports: [queues, flows, QUEUE_SETTINGS],
    };
  }
}
