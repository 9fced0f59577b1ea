import { Module } from '@nestjs/common';
import { PositionResolver } from './position.resolver';
import { PositionService } from './position.service';

/** Positions and their workload standards. */
@Module({ providers: [PositionService, PositionResolver] })
export class PositionsModule {}
