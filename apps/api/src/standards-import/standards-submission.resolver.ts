import { Args, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { ImportKind } from '@formasi/database';
import { AGENCY_EDITORS, Allow, READERS, optionalAgencyAt, runAt, standardsSubmissionAt } from '../auth/access-rule';
import { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/current-actor.decorator';
import { DomainError, DomainErrorCode } from '../common/domain-error';
import {
  ImportKindEnum,
  PlanRunInputVersionsModel,
  StandardsDiffModel,
  StandardsRowErrorModel,
  StandardsSubmissionModel,
} from './standards-submission.model';
import { StandardsSubmissionService } from './standards-submission.service';

@Resolver(() => StandardsSubmissionModel)
export class StandardsSubmissionResolver {
  constructor(private readonly submissions: StandardsSubmissionService) {}

  @Allow({ roles: READERS, agency: standardsSubmissionAt('id') })
  @Query(() => StandardsSubmissionModel, {
    description:
      'A standards or targets submission and its report (upload: POST /standards/submissions, POST /targets/:agencyCode/submissions).',
  })
  standardsSubmission(@Args('id', { type: () => ID }) id: string): Promise<StandardsSubmissionModel> {
    return this.submissions.get(id);
  }

  @Allow({ roles: READERS, agency: (args) => optionalAgencyAt('agencyCode')(args) ?? { agencyCode: null } })
  @Query(() => [StandardsSubmissionModel], {
    description: "A scope's submissions of one kind, newest first; without agencyCode the national (position-wide) standards.",
  })
  standardsSubmissions(
    @Args('kind', { type: () => ImportKindEnum }) kind: ImportKind,
    @Args('agencyCode', { type: () => String, nullable: true }) agencyCode: string | null,
    @Args('first', { type: () => Int, defaultValue: 50 }) first: number,
  ): Promise<StandardsSubmissionModel[]> {
    return this.submissions.list(kind, agencyCode ?? null, first);
  }

  @Allow({ roles: ['ADMIN', 'PLANNER', 'AGENCY_OPERATOR'], agency: standardsSubmissionAt('id') })
  @Mutation(() => StandardsSubmissionModel, {
    description:
      'Makes a VALIDATED submission the current standards or targets of its scope in one transaction (a new version); committing it again changes nothing.',
  })
  async commitStandardsSubmission(
    @Args('id', { type: () => ID }) id: string,
    @CurrentActor() actor: Actor,
  ): Promise<StandardsSubmissionModel> {
    const sub = await this.submissions.get(id);
    // standards are an agency's own data (as upsertWorkloadStandard); planners set targets only
    if (sub.kind === 'STANDARDS' && !AGENCY_EDITORS.includes(actor.role))
      throw new DomainError(DomainErrorCode.FORBIDDEN, 'standards are committed by the agency or an admin');
    return this.submissions.commit(actor, id);
  }

  @Allow({ roles: READERS, agency: runAt('runId') })
  @Query(() => [PlanRunInputVersionsModel], { description: 'The standards and targets versions each agency snapshot of a run read.' })
  planRunInputVersions(@Args('runId', { type: () => ID }) runId: string): Promise<PlanRunInputVersionsModel[]> {
    return this.submissions.inputVersions(runId);
  }

  @ResolveField(() => [StandardsRowErrorModel], { description: 'First errors in file order; all of them at errorFileUrl.' })
  errors(
    @Parent() s: StandardsSubmissionModel,
    @Args('first', { type: () => Int, defaultValue: 50 }) first: number,
  ): Promise<StandardsRowErrorModel[]> {
    return this.submissions.errors(s.id, first);
  }

  @ResolveField(() => StandardsDiffModel, {
    nullable: true,
    description: 'Dry run against the current standards or targets (VALIDATED and later).',
  })
  diff(@Parent() s: StandardsSubmissionModel): Promise<StandardsDiffModel | null> {
    return this.submissions.diff(s.id);
  }
}
