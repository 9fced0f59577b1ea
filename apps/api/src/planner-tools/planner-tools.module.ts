import { Module } from '@nestjs/common';
import { QuotaAllocationResolver } from './quota-allocation.resolver';
import { QuotaAllocationService } from './quota-allocation.service';

/** Tools over finished plan runs: quota allocation, run comparison, transfer hints and exports. */
@Module({
  providers: [QuotaAllocationService, QuotaAllocationResolver],
})
export class PlannerToolsModule {}
