import { Module } from '@nestjs/common';
import { AgePyramidResolver } from './age-pyramid.resolver';
import { AgePyramidService } from './age-pyramid.service';

/** Aggregate views of the current rosters (age pyramid, retirement wave) for dashboards. */
@Module({ providers: [AgePyramidService, AgePyramidResolver] })
export class RosterInsightsModule {}
