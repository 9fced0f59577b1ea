import { Module } from '@nestjs/common';
import { ScenarioResolver } from './scenario.resolver';
import { ScenarioService } from './scenario.service';

/** What-if scenarios laid over the baseline inputs of a run. */
@Module({ providers: [ScenarioService, ScenarioResolver] })
export class ScenariosModule {}
