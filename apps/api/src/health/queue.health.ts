import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { Queue } from 'bullmq';
import { PLAN_RUN_QUEUE, QUEUE_SETTINGS, QueueConnectionSettings } from '@formasi/queue';

@Injectable()
export class QueueHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    @InjectQueue(PLAN_RUN_QUEUE) private readonly queue: Queue,
    @Inject(QUEUE_SETTINGS) private readonly settings: QueueConnectionSettings,
  ) {}

  async check(key: string): Promise<HealthIndicatorResult> {
    const indicator = this.health.check(key);
    try {
      const counts = await Promise.race([
        this.queue.getJobCounts('waiting', 'active', 'failed'),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('queue did not answer within 2 s')), 2000)),
      ]);
      return indicator.up({ backend: this.settings.kind, ...counts });
    } catch (e) {
      return indicator.down({ backend: this.settings.kind, message: e instanceof Error ? e.message : String(e) });
    }
  }
}
