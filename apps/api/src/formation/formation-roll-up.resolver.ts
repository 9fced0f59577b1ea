import { Args, Query, Resolver } from '@nestjs/graphql';
import { Allow, PLAN_READERS } from '../auth/access-rule';
import { FormationRollUpArgs } from './formation-roll-up.args';
import { FormationRollUpModel } from './formation-roll-up.model';
import { FormationRollUpService } from './formation-roll-up.service';

@Resolver(() => FormationRollUpModel)
export class FormationRollUpResolver {
  constructor(private readonly rollUps: FormationRollUpService) {}

  // province and nation totals span agencies; a limited account reads its own through formationSummary
  @Allow({ roles: PLAN_READERS, allAgencies: true })
  @Query(() => [FormationRollUpModel], {
    description: "A run's stored roll-ups at one scope (unit, agency, province, nation), optionally per category or category and level.",
  })
  formationRollUp(@Args() args: FormationRollUpArgs): Promise<FormationRollUpModel[]> {
    return this.rollUps.rollUp(args);
  }
}
