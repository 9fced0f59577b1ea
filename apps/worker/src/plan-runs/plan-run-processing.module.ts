import { Module } from '@nestjs/common';
import { PlanInputsLoader } from './plan-inputs.loader';
import { PlanRunProcessor } from './plan-run.processor';
import { PlanResultsWriter } from './plan-results.writer';

/** The plan-run consumer. */
@Module({ providers: [PlanInputsLoader, PlanResultsWriter, PlanRunProcessor] })
export class PlanRunProcessingModule {}
