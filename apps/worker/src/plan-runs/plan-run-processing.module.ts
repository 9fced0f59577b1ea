import { Module } from '@nestjs/common';
import { PlanInputsLoader } from './plan-inputs.loader';
import { PlanRunProcessor } from './plan-run.processor';
import { PlanResultsWriter } from './plan-results.writer';
import { PlanRollUpsWriter } from './plan-roll-ups.writer';

/** The plan-run consumer. */
@Module({ providers: [PlanInputsLoader, PlanResultsWriter, PlanRollUpsWriter, PlanRunProcessor] })
export class PlanRunProcessingModule {}
