import { Module } from '@nestjs/common';
import { AgenciesModule } from '../agencies/agencies.module';
import { TargetResolver } from './target.resolver';
import { TargetService } from './target.service';

/** Development targets (RPJMD, Renstra) that drive workload volumes. */
@Module({ imports: [AgenciesModule], providers: [TargetService, TargetResolver] })
export class TargetsModule {}
