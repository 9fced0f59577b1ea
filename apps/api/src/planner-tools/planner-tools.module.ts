import { Module } from '@nestjs/common';
import { FormationExportController } from './formation-export.controller';
import { FormationExportService } from './formation-export.service';
import { FormationRollUpResolver } from './formation-roll-up.resolver';
import { FormationRollUpService } from './formation-roll-up.service';
import { QuotaAllocationResolver } from './quota-allocation.resolver';
import { QuotaAllocationService } from './quota-allocation.service';
import { RunComparisonResolver } from './run-comparison.resolver';
import { RunComparisonService } from './run-comparison.service';
import { ScenarioResolver } from './scenario.resolver';
import { ScenarioService } from './scenario.service';

/** Planner tools: scenarios, and over finished plan runs quota allocation, run comparison, transfer hints and exports. */
@Module({
  controllers: [FormationExportController],
  providers: [FormationExportService, QuotaAllocationService, QuotaAllocationResolver, RunComparisonService, RunComparisonResolver,
    ScenarioService, ScenarioResolver, FormationRollUpService, FormationRollUpResolver],
})
export class PlannerToolsModule {}
