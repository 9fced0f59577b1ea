import { Args, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { AGENCY_EDITORS, Allow, READERS, agencyAt, submissionAt } from '../auth/access-rule';
import { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/current-actor.decorator';
import { StaffingCommitService } from './staffing-commit.service';
import { RosterVersionModel, StaffingDiffModel, StaffingRowErrorModel, StaffingSubmissionModel } from './staffing-submission.model';
import { StaffingSubmissionService } from './staffing-submission.service';

@Resolver(() => StaffingSubmissionModel)
export class StaffingSubmissionResolver {
  constructor(
    private readonly submissions: StaffingSubmissionService,
    private readonly commits: StaffingCommitService,
  ) {}

  @Allow({ roles: READERS, agency: submissionAt('id') })
  @Query(() => StaffingSubmissionModel, {
    description: 'A submission and its validation report (upload: POST /staffing/:agencyCode/submissions).',
  })
  staffingSubmission(@Args('id', { type: () => ID }) id: string): Promise<StaffingSubmissionModel> {
    return this.submissions.get(id);
  }

  @Allow({ roles: READERS, agency: agencyAt('agencyCode') })
  @Query(() => [StaffingSubmissionModel], { description: "An agency's submissions, newest first." })
  staffingSubmissions(
    @Args('agencyCode') agencyCode: string,
    @Args('first', { type: () => Int, defaultValue: 50 }) first: number,
  ): Promise<StaffingSubmissionModel[]> {
    return this.submissions.list(agencyCode, first);
  }

  @Allow({ roles: READERS, agency: agencyAt('agencyCode') })
  @Query(() => RosterVersionModel, { description: 'The roster as a committed version made it.' })
  rosterAtVersion(
    @Args('agencyCode') agencyCode: string,
    @Args('version', { type: () => Int }) version: number,
    @Args('first', { type: () => Int, defaultValue: 100 }) first: number,
    @Args('offset', { type: () => Int, defaultValue: 0 }) offset: number,
  ): Promise<RosterVersionModel> {
    return this.submissions.rosterAtVersion(agencyCode, version, first, offset);
  }

  @Allow({ roles: AGENCY_EDITORS, agency: submissionAt('id') })
  @Mutation(() => StaffingSubmissionModel, {
    description: "Makes a VALIDATED submission the agency's roster in one transaction; committing it again changes nothing.",
  })
  async commitStaffingSubmission(
    @Args('id', { type: () => ID }) id: string,
    @Args('confirmTransfers', { defaultValue: false, description: 'Move NIPs in post in another agency here.' }) confirmTransfers: boolean,
    @CurrentActor() actor: Actor,
  ): Promise<StaffingSubmissionModel> {
    await this.submissions.get(id);
    await this.commits.commit(actor, id, confirmTransfers);
    return this.submissions.get(id);
  }

  @ResolveField(() => [StaffingRowErrorModel], { description: 'First errors by row; the full list is at errorFileUrl.' })
  errors(
    @Parent() s: StaffingSubmissionModel,
    @Args('first', { type: () => Int, defaultValue: 50 }) first: number,
  ): Promise<StaffingRowErrorModel[]> {
    return this.submissions.errors(s.id, 'ERROR', first);
  }

  @ResolveField(() => [StaffingRowErrorModel], { description: 'NIPs in post in another agency, to confirm on commit.' })
  transfers(
    @Parent() s: StaffingSubmissionModel,
    @Args('first', { type: () => Int, defaultValue: 50 }) first: number,
  ): Promise<StaffingRowErrorModel[]> {
    return this.submissions.errors(s.id, 'TRANSFER', first);
  }

  @ResolveField(() => StaffingDiffModel, { nullable: true, description: 'Dry run against the current roster (VALIDATED and later).' })
  diff(@Parent() s: StaffingSubmissionModel): Promise<StaffingDiffModel | null> {
    return this.submissions.diff(s.id);
  }
}
