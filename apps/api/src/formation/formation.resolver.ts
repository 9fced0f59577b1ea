import { Args, Query, Resolver } from '@nestjs/graphql';
import { CellExplanation, explanationToMarkdown } from '@formasi/planning';
import { GraphQLJSON } from '../common/json.scalar';
import { CellExplanationArgs, FormationNeedsArgs, FormationSummaryArgs } from './formation-needs.args';
import { FormationNeedConnection, FormationSummaryRowModel } from './formation-need.model';
import { FormationService } from './formation.service';

@Resolver()
export class FormationResolver {
  constructor(private readonly formation: FormationService) {}

  @Query(() => FormationNeedConnection, { description: 'Cell-years of a run, filtered, sorted and cursor-paginated, with totals.' })
  formationNeeds(@Args() args: FormationNeedsArgs): Promise<FormationNeedConnection> {
    return this.formation.needs(args);
  }

  @Query(() => [FormationSummaryRowModel], { description: 'Results rolled up by unit, agency or category and year.' })
  formationSummary(@Args() args: FormationSummaryArgs): Promise<FormationSummaryRowModel[]> {
    return this.formation.summary(args);
  }

  @Query(() => GraphQLJSON, { description: 'How one cell-year was computed: inputs, formula steps and rules.' })
  cellExplanation(@Args() args: CellExplanationArgs): Promise<CellExplanation> {
    return this.formation.explain(args);
  }

  @Query(() => String, { description: 'The same explanation as Markdown, for a report or an audit file.' })
  async cellExplanationMarkdown(@Args() args: CellExplanationArgs): Promise<string> {
    return explanationToMarkdown(await this.formation.explain(args));
  }
}
