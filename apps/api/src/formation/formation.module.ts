import { Module } from '@nestjs/common';
import { FormationRollUpResolver } from './formation-roll-up.resolver';
import { FormationRollUpService } from './formation-roll-up.service';
import { FormationResolver } from './formation.resolver';
import { FormationService } from './formation.service';

/** A finished run's results: needs, summaries, explanations and roll-ups. */
@Module({ providers: [FormationService, FormationResolver, FormationRollUpService, FormationRollUpResolver] })
export class FormationModule {}
