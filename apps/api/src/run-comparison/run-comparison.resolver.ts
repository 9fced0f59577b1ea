import { Args, Query, Resolver } from '@nestjs/graphql';
import { Allow, PLAN_READERS } from '../auth/access-rule';
import { CompareRunsArgs, TransferHintsArgs } from './run-comparison.args';
import { RunComparisonModel } from './run-comparison.model';
import { RunComparisonService } from './run-comparison.service';
import { TransferHintModel } from './transfer-hint.model';

@Resolver()
export class RunComparisonResolver {
  constructor(private readonly comparison: RunComparisonService) {}

  @Allow({ roles: PLAN_READERS, allAgencies: true })
  @Query(() => RunComparisonModel, {
    description: 'Per cell-year and per agency-year differences between two finished runs (e.g. a scenario against the baseline).',
  })
  compareRuns(@Args() args: CompareRunsArgs): Promise<RunComparisonModel> {
    return this.comparison.compare(args);
  }

  @Allow({ roles: PLAN_READERS, allAgencies: true })
  @Query(() => [TransferHintModel], {
    description:
      'Surplus next to shortage of the same position and year, within an agency or a province, as transfer candidates before recruitment.',
  })
  transferHints(@Args() args: TransferHintsArgs): Promise<TransferHintModel[]> {
    return this.comparison.transferHints(args);
  }
}
