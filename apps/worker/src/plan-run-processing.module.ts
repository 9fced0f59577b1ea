import { Module } from '@nestjs/common';
import { PlanInputsLoader } from './plan-inputs.loader';
import { PlanRunProcessor } from './plan-run.processor';
import { PlanResultsWriter } from './plan-results.writer';

/** The plan-run consumer; imported by the worker process, or by the API for the in-process demo. */
@Module({ providers: [PlanInputsLoader, PlanResultsWriter, PlanRunProcessor] })
export class PlanRunProcessingModule {}
