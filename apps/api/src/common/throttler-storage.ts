import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type { AppConfig } from '@formasi/config';

/** Counters under the deployment's key prefix, beside its BullMQ keys in the same Redis. */
class PrefixedRedisThrottlerStorage extends ThrottlerStorageRedisService {
  constructor(
    url: string,
    private readonly prefix: string,
  ) {
    super(url, { maxRetriesPerRequest: 2 });
  }

  override increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string) {
    return super.increment(`${this.prefix}${key}`, ttl, limit, blockDuration, throttlerName);
  }
}

/**
 * Rate-limit counters in Redis when the service has Redis, so every API instance counts the
 * same requests; without Redis (the embedded default, one process) they stay in memory.
 */
export function throttlerStorage(config: AppConfig, keyPrefix: string | undefined): ThrottlerStorage | undefined {
  return config.redisUrl ? new PrefixedRedisThrottlerStorage(config.redisUrl, `${keyPrefix ?? 'formasi'}:throttle:`) : undefined;
}
