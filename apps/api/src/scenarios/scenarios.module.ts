import { Module } from '@nestjs/common';
import { AgenciesModule } from '../agencies/agencies.module';
import { ScenarioResolver } from './scenario.resolver';
import { ScenarioService } from './scenario.service';

/** What-if scenarios laid over the baseline inputs of a run. */
@Module({ imports: [AgenciesModule], providers: [ScenarioService, ScenarioResolver] })
export class ScenariosModule {}
