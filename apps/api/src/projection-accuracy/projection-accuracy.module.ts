import { Module } from '@nestjs/common';
import { ProjectionAccuracyExportController } from './projection-accuracy-export.controller';
import { ProjectionAccuracyResolver } from './projection-accuracy.resolver';
import { ProjectionAccuracyService } from './projection-accuracy.service';

/** How good a run's exit projections were, against the roster versions that came after it. */
@Module({
  controllers: [ProjectionAccuracyExportController],
  providers: [ProjectionAccuracyService, ProjectionAccuracyResolver],
})
export class ProjectionAccuracyModule {}
