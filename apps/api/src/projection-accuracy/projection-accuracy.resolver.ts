import { Args, Query, Resolver } from '@nestjs/graphql';
import { Allow, READERS, agencyAt, runAt } from '../auth/access-rule';
import { Actor, agencyScope } from '../auth/actor';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ProjectionAccuracyArgs, StaffExitAccuracyArgs } from './projection-accuracy.args';
import { ProjectionAccuracyReportModel, StaffExitAccuracyConnection } from './projection-accuracy.model';
import { ProjectionAccuracyService } from './projection-accuracy.service';

@Resolver()
export class ProjectionAccuracyResolver {
  constructor(private readonly accuracy: ProjectionAccuracyService) {}

  @Allow({ roles: READERS, agency: runAt('runId') })
  @Query(() => ProjectionAccuracyReportModel, {
    description:
      "A run's projected retirements, contract ends and attrition for a year against the leavers between the roster versions that bracket it, per agency (of the caller's) and category, with the attrition rate the agency's history suggests.",
  })
  projectionAccuracy(@Args() args: ProjectionAccuracyArgs, @CurrentActor() actor: Actor): Promise<ProjectionAccuracyReportModel> {
    return this.accuracy.report(args, agencyScope(actor));
  }

  @Allow({ roles: READERS, agency: agencyAt('agencyCode') })
  @Query(() => StaffExitAccuracyConnection, {
    description:
      'Per employee of one agency: projected to leave in the year and did or did not, or left without being projected; by NIP, paged.',
  })
  projectionAccuracyStaff(@Args() args: StaffExitAccuracyArgs): Promise<StaffExitAccuracyConnection> {
    return this.accuracy.staff(args);
  }
}
