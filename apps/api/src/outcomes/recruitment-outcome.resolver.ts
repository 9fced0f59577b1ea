import { Args, ArgsType, Field, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import type { Role } from '@formasi/database';
import { Allow, OperationArgs, READERS, optionalAgencyAt, proposalAt } from '../auth/access-rule';
import { Actor, agencyScope } from '../auth/actor';
import { CurrentActor } from '../auth/current-actor.decorator';
import {
  FUNNEL_LEVELS,
  FunnelLevel,
  FunnelLevelEnum,
  FunnelRowModel,
  LineOutcomeModel,
  OutcomeReportModel,
  RecordRecruitmentOutcomesInput,
} from './recruitment-outcome.model';
import { RecruitmentOutcomeService } from './recruitment-outcome.service';

/** The agency records its own outcomes; BKN (the verifier) may record them for any agency it reaches; ADMIN as everywhere. */
export const OUTCOME_RECORDERS: readonly Role[] = ['ADMIN', 'AGENCY_OPERATOR', 'VERIFIER'];

@ArgsType()
export class RecruitmentFunnelArgs {
  @Field(() => FunnelLevelEnum, { defaultValue: 'AGENCY' }) @IsIn(FUNNEL_LEVELS) level: FunnelLevel;
  @Field(() => Int, { nullable: true, description: 'The procurement year of the determination.' })
  @IsOptional()
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() agencyCode?: string | null;
  @Field(() => String, { nullable: true, description: 'Province code (first part of the region code).' })
  @IsOptional()
  @IsString()
  provinceCode?: string | null;
  @Field({ defaultValue: false, description: 'One row per procurement (CPNS, PPPK).' })
  @IsBoolean()
  byProcurement: boolean;
  @Field({ defaultValue: false, description: 'One row per group (GURU, NAKES, TEKNIS), as the proposal policy classed each line.' })
  @IsBoolean()
  byGroup: boolean;
}

@Resolver()
export class RecruitmentOutcomeResolver {
  constructor(private readonly outcomes: RecruitmentOutcomeService) {}

  @Allow({ roles: OUTCOME_RECORDERS, agency: proposalAt('input.proposalId') })
  @Mutation(() => OutcomeReportModel, {
    description:
      "Records what became of a DETERMINED proposal's lines (realisasi). Any line breaking a rule refuses the whole input; dryRun only checks.",
  })
  recordRecruitmentOutcomes(
    @Args('input') input: RecordRecruitmentOutcomesInput,
    @CurrentActor() actor: Actor,
  ): Promise<OutcomeReportModel> {
    return this.outcomes.record(actor, input);
  }

  @Allow({ roles: READERS, agency: proposalAt('proposalId') })
  @Query(() => [LineOutcomeModel], { description: "A DETERMINED proposal's lines with their recorded outcomes." })
  recruitmentOutcomes(@Args('proposalId', { type: () => ID }) proposalId: string): Promise<LineOutcomeModel[]> {
    return this.outcomes.lines(proposalId);
  }

  @Allow({ roles: READERS, agency: (args: OperationArgs) => optionalAgencyAt('agencyCode')(args) })
  @Query(() => [FunnelRowModel], {
    description:
      'The recruitment funnel of determined formation per agency, province or the nation, year, and optionally procurement and group.',
  })
  recruitmentFunnel(@Args() args: RecruitmentFunnelArgs, @CurrentActor() actor: Actor): Promise<FunnelRowModel[]> {
    return this.outcomes.funnel(
      {
        level: args.level,
        year: args.year ?? null,
        agencyCode: args.agencyCode ?? null,
        provinceCode: args.provinceCode ?? null,
        byProcurement: args.byProcurement,
        byGroup: args.byGroup,
      },
      agencyScope(actor),
    );
  }
}
