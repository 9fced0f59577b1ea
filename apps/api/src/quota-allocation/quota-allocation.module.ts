import { Module } from '@nestjs/common';
import { QuotaAllocationResolver } from './quota-allocation.resolver';
import { QuotaAllocationService } from './quota-allocation.service';

/** Sharing a national recruitment quota over a finished run's shortages. */
@Module({ providers: [QuotaAllocationService, QuotaAllocationResolver] })
export class QuotaAllocationModule {}
