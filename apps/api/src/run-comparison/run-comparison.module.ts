import { Module } from '@nestjs/common';
import { RunComparisonResolver } from './run-comparison.resolver';
import { RunComparisonService } from './run-comparison.service';

/** Two finished runs compared cell by cell, and transfer hints within one run. */
@Module({ providers: [RunComparisonService, RunComparisonResolver] })
export class RunComparisonModule {}
