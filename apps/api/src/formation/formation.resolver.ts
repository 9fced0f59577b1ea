import { Args, Query, Resolver } from '@nestjs/graphql';
import { CellExplanation, explanationToMarkdown } from '@formasi/planning';
import { Allow, READERS, agencyAt, runAt } from '../auth/access-rule';
import { Actor, agencyIdsAndCodes, seesPersonalData } from '../auth/actor';
import { CurrentActor } from '../auth/current-actor.decorator';
import { GraphQLJSON } from '../common/json.scalar';
import { CellExplanationArgs, FormationNeedsArgs, FormationSummaryArgs } from './formation-needs.args';
import { FormationNeedConnection, FormationSummaryRowModel } from './formation-need.model';
import { FormationService } from './formation.service';
import { withoutPersonalData } from './explanation-privacy';

@Resolver()
export class FormationResolver {
  constructor(private readonly formation: FormationService) {}

  @Allow({ roles: READERS, agency: runAt('runId') })
  @Query(() => FormationNeedConnection, {
    description: "Cell-years of a run, filtered, sorted and cursor-paginated, with totals (of the caller's agencies).",
  })
  formationNeeds(@Args() args: FormationNeedsArgs, @CurrentActor() actor: Actor): Promise<FormationNeedConnection> {
    return this.formation.needs(args, agencyIdsAndCodes(actor));
  }

  @Allow({ roles: READERS, agency: runAt('runId') })
  @Query(() => [FormationSummaryRowModel], {
    description: "Results rolled up by unit, agency or category and year (of the caller's agencies).",
  })
  formationSummary(@Args() args: FormationSummaryArgs, @CurrentActor() actor: Actor): Promise<FormationSummaryRowModel[]> {
    return this.formation.summary(args, agencyIdsAndCodes(actor));
  }

  @Allow({ roles: READERS, agency: agencyAt('agencyCode') })
  @Query(() => GraphQLJSON, {
    description: 'How one cell-year was computed: inputs, formula steps and rules. Staff are anonymous for roles that see counts only.',
  })
  async cellExplanation(@Args() args: CellExplanationArgs, @CurrentActor() actor: Actor): Promise<CellExplanation> {
    return this.explain(args, actor);
  }

  @Allow({ roles: READERS, agency: agencyAt('agencyCode') })
  @Query(() => String, { description: 'The same explanation as Markdown, for a report or an audit file.' })
  async cellExplanationMarkdown(@Args() args: CellExplanationArgs, @CurrentActor() actor: Actor): Promise<string> {
    return explanationToMarkdown(await this.explain(args, actor));
  }

  private async explain(args: CellExplanationArgs, actor: Actor): Promise<CellExplanation> {
    const explanation = await this.formation.explain(args);
    return seesPersonalData(actor) ? explanation : withoutPersonalData(explanation);
  }
}
