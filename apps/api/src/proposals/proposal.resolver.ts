import { Args, ID, Int, Mutation, Parent, Query, ResolveField, Resolver, Subscription } from '@nestjs/graphql';
import type { Role } from '@formasi/database';
import { AGENCY_EDITORS, Allow, OperationArgs, PLANNERS, READERS, agencyAt, optionalAgencyAt, proposalAt } from '../auth/access-rule';
import { Actor, agencyScope } from '../auth/actor';
import { CurrentActor } from '../auth/current-actor.decorator';
import { InputValidationError } from '../common/domain-error';
import { ProposalPolicyService } from './proposal-policy.service';
import {
  CreateProposalFromRunInput,
  DetermineProposalInput,
  ProposalActionInput,
  ProposalsArgs,
  ReturnProposalInput,
  SignProposalInput,
  UpdateProposalLinesInput,
  UpsertProposalPolicyInput,
  VerifyProposalInput,
  WithdrawProposalInput,
} from './proposal.input';
import {
  ProposalAttachmentModel,
  ProposalBoardModel,
  ProposalEventModel,
  ProposalLineModel,
  ProposalModel,
  ProposalPageModel,
  ProposalPolicyModel,
  ProposalTotalsModel,
} from './proposal.model';
import { ProposalService } from './proposal.service';
import { ProposalAttachmentService } from './proposal-attachment.service';

/** The agency head (PPK) signs; the operator drafts, edits and submits; either may withdraw before verification. */
const AGENCY_HEADS: readonly Role[] = ['AGENCY_HEAD'];
const AGENCY_SIDE: readonly Role[] = ['ADMIN', 'AGENCY_OPERATOR', 'AGENCY_HEAD'];
const VERIFIERS: readonly Role[] = ['VERIFIER'];
const MINISTRY: readonly Role[] = ['MINISTRY'];
/** The national picture of the cycle: those who read across agencies. */
const BOARD_READERS: readonly Role[] = ['ADMIN', 'PLANNER', 'VIEWER', 'VERIFIER', 'MINISTRY'];

const byProposal = proposalAt('input.id');

@Resolver(() => ProposalModel)
export class ProposalResolver {
  constructor(
    private readonly service: ProposalService,
    private readonly attachmentsService: ProposalAttachmentService,
  ) {}

  @Allow({ roles: AGENCY_EDITORS, agency: agencyAt('input.agencyCode') })
  @Mutation(() => ProposalModel, {
    description: "Drafts the agency's proposal for a year from a SUCCEEDED run: one line per cell with a formation, split by policy.",
  })
  createProposalFromRun(@Args('input') input: CreateProposalFromRunInput, @CurrentActor() actor: Actor): Promise<ProposalModel> {
    return this.service.createFromRun(actor, input);
  }

  @Allow({ roles: AGENCY_EDITORS, agency: byProposal })
  @Mutation(() => ProposalModel, {
    description:
      'Adds, replaces or removes lines (DRAFT, SUBMITTED, SIGNED, RETURNED); ' +
      'after submission or signing the proposal goes back to DRAFT and the signature is void.',
  })
  updateProposalLines(@Args('input') input: UpdateProposalLinesInput, @CurrentActor() actor: Actor): Promise<ProposalModel> {
    return this.service.updateLines(actor, input);
  }

  @Allow({ roles: AGENCY_EDITORS, agency: byProposal })
  @Mutation(() => ProposalModel, { description: 'DRAFT or RETURNED → SUBMITTED; refused while an OVER_NEED line has no justification.' })
  submitProposal(@Args('input') input: ProposalActionInput, @CurrentActor() actor: Actor): Promise<ProposalModel> {
    return this.service.submit(actor, input);
  }

  @Allow({ roles: AGENCY_HEADS, agency: byProposal })
  @Mutation(() => ProposalModel, {
    description: "SUBMITTED → SIGNED: the agency head's statement of responsibility (SPTJM) over a SHA-256 of the content.",
  })
  signProposal(@Args('input') input: SignProposalInput, @CurrentActor() actor: Actor): Promise<ProposalModel> {
    return this.service.sign(actor, input);
  }

  @Allow({ roles: VERIFIERS, agency: byProposal })
  @Mutation(() => ProposalModel, { description: 'SIGNED → IN_VERIFICATION, by the verifier who takes it.' })
  takeProposalForVerification(@Args('input') input: ProposalActionInput, @CurrentActor() actor: Actor): Promise<ProposalModel> {
    return this.service.take(actor, input);
  }

  @Allow({ roles: VERIFIERS, agency: byProposal })
  @Mutation(() => ProposalModel, {
    description: 'IN_VERIFICATION → RETURNED for correction (perbaikan), with a reason and comments per line.',
  })
  returnProposal(@Args('input') input: ReturnProposalInput, @CurrentActor() actor: Actor): Promise<ProposalModel> {
    return this.service.returnToAgency(actor, input);
  }

  @Allow({ roles: VERIFIERS, agency: byProposal })
  @Mutation(() => ProposalModel, { description: 'IN_VERIFICATION → VERIFIED; the verifier may lower lines, each with a reason.' })
  verifyProposal(@Args('input') input: VerifyProposalInput, @CurrentActor() actor: Actor): Promise<ProposalModel> {
    return this.service.verify(actor, input);
  }

  @Allow({ roles: MINISTRY, agency: byProposal })
  @Mutation(() => ProposalModel, {
    description: 'VERIFIED → DETERMINED: the decree and the final count per line (at most the verified count).',
  })
  determineProposal(@Args('input') input: DetermineProposalInput, @CurrentActor() actor: Actor): Promise<ProposalModel> {
    return this.service.determine(actor, input);
  }

  @Allow({ roles: AGENCY_SIDE, agency: byProposal })
  @Mutation(() => ProposalModel, { description: 'The agency takes its proposal back before verification begins.' })
  withdrawProposal(@Args('input') input: WithdrawProposalInput, @CurrentActor() actor: Actor): Promise<ProposalModel> {
    return this.service.withdraw(actor, input);
  }

  @Allow({ roles: READERS, agency: proposalAt('id') })
  @Query(() => ProposalModel)
  proposal(@Args('id', { type: () => ID }) id: string): Promise<ProposalModel> {
    return this.service.get(id);
  }

  @Allow({ roles: READERS, agency: optionalAgencyAt('agencyCode') })
  @Query(() => ProposalPageModel, {
    description: "Proposals by year and agency, filtered by year, state and agency; limited accounts see their agencies'.",
  })
  proposals(@Args() args: ProposalsArgs, @CurrentActor() actor: Actor): Promise<ProposalPageModel> {
    return this.service.list(args, agencyScope(actor));
  }

  @Allow({ roles: BOARD_READERS, allAgencies: true })
  @Query(() => ProposalBoardModel, {
    description: 'Counts per state, time spent in each state and agencies not started, for one procurement year.',
  })
  proposalBoard(@Args('year', { type: () => Int }) year: number): Promise<ProposalBoardModel> {
    return this.service.board(year);
  }

  @Allow({
    roles: READERS,
    agency: (args: OperationArgs) =>
      typeof args.proposalId === 'string' ? proposalAt('proposalId')(args) : optionalAgencyAt('agencyCode')(args),
  })
  @Subscription(() => ProposalEventModel, {
    resolve: (e: ProposalEventModel) => e,
    description:
      'Every move of a proposal as it commits, optionally of one year, agency or proposal (which ends the stream once it is decided).',
  })
  async proposalChanged(
    @Args('year', { type: () => Int, nullable: true }) year: number | null,
    @Args('agencyCode', { type: () => String, nullable: true }) agencyCode: string | null,
    @Args('proposalId', { type: () => ID, nullable: true }) proposalId: string | null,
    @Args('afterEventId', {
      type: () => ID,
      nullable: true,
      description: 'Resume after this event (a history id): what happened since is sent first.',
    })
    afterEventId: string | null,
    @CurrentActor() actor: Actor,
  ): Promise<AsyncGenerator<ProposalEventModel>> {
    if (proposalId) await this.service.require(proposalId);
    if (afterEventId != null && !/^\d{1,18}$/.test(afterEventId)) {
      throw new InputValidationError([{ field: 'afterEventId', message: 'afterEventId must be the id of a proposal event' }]);
    }
    return this.service.watch({
      year: year ?? null,
      agencyCode: agencyCode ?? null,
      proposalId: proposalId ?? null,
      agencyIds: agencyScope(actor),
      afterEventId: afterEventId ?? null,
    });
  }

  @ResolveField(() => [ProposalLineModel], { description: 'Lines in position, unit, procurement, group and type order.' })
  lines(@Parent() p: ProposalModel): Promise<ProposalLineModel[]> {
    return this.service.lines(p.id);
  }

  @ResolveField(() => ProposalTotalsModel)
  totals(@Parent() p: ProposalModel): Promise<ProposalTotalsModel> {
    return this.service.totals(p);
  }

  @ResolveField(() => String, {
    description: 'SHA-256 of the current canonical content; equals signature.contentHash while the signature holds.',
  })
  contentHash(@Parent() p: ProposalModel): Promise<string> {
    return this.service.contentHash(p);
  }

  @ResolveField(() => [ProposalEventModel], { description: 'Every move with who, when and why, oldest first.' })
  history(@Parent() p: ProposalModel): Promise<ProposalEventModel[]> {
    return this.service.history(p.id);
  }

  @ResolveField(() => [ProposalAttachmentModel])
  attachments(@Parent() p: ProposalModel): Promise<ProposalAttachmentModel[]> {
    return this.attachmentsService.list(p.id);
  }
}

@Resolver(() => ProposalPolicyModel)
export class ProposalPolicyResolver {
  constructor(private readonly policies: ProposalPolicyService) {}

  @Allow({ roles: PLANNERS, agency: agencyAt('input.agencyCode') })
  @Mutation(() => ProposalPolicyModel, {
    description: 'Sets how needs become proposal lines and the guardrails, for an agency or (no agencyCode) the default.',
  })
  upsertProposalPolicy(@Args('input') input: UpsertProposalPolicyInput, @CurrentActor() actor: Actor): Promise<ProposalPolicyModel> {
    return this.policies.upsert(actor, input);
  }

  @Allow({ roles: READERS, agency: optionalAgencyAt('agencyCode') })
  @Query(() => ProposalPolicyModel, { description: "The agency's proposal policy, or the default one." })
  proposalPolicy(@Args('agencyCode', { type: () => String, nullable: true }) agencyCode: string | null): Promise<ProposalPolicyModel> {
    return this.policies.get(agencyCode ?? null);
  }
}
