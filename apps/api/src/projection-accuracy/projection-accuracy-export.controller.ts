import { Controller, Get, Param, Query, Res, UseFilters } from '@nestjs/common';
import type { Response } from 'express';
import { isUUID } from 'class-validator';
import { Allow, READERS, runAt } from '../auth/access-rule';
import { Actor, agencyScope } from '../auth/actor';
import { CurrentActor } from '../auth/current-actor.decorator';
import { csvField } from '@formasi/staffing';
import { InputValidationError, NotFoundError } from '../common/domain-error';
import { DomainHttpErrorFilter } from '../common/domain-http-error.filter';
import { AccuracyFiguresModel } from './projection-accuracy.model';
import { ProjectionAccuracyService } from './projection-accuracy.service';

const FIGURES: Array<keyof AccuracyFiguresModel> = [
  'projectedSupplyStart',
  'projectedRetirements',
  'projectedContractEnds',
  'projectedAttrition',
  'projectedExpectedAttrition',
  'projectedExits',
  'projectedAttritionRate',
  'observedInPost',
  'observedLeavers',
  'observedRetirements',
  'observedContractEnds',
  'observedOtherLeavers',
  'observedStayers',
  'exposureYears',
  'retirementsError',
  'contractEndsError',
  'attritionError',
  'exitsError',
  'exitsRelativeError',
  'retirementsProjectedLeft',
  'retirementsProjectedStayed',
  'retirementsUnprojected',
  'contractEndsProjectedLeft',
  'contractEndsProjectedStayed',
  'contractEndsUnprojected',
  'suggestedAttritionRate',
];
const HEADER = ['agencyCode', 'fromVersion', 'fromAsOf', 'toVersion', 'toAsOf', 'windowMonths', 'unobservedReason', 'category', ...FIGURES];

/**
 * The projection-accuracy report as CSV, one row per agency and category plus one per agency
 * (category empty), the caller's agencies only:  GET /runs/:runId/projection-accuracy.csv?year=2027
 */
@Controller('runs')
@UseFilters(DomainHttpErrorFilter)
export class ProjectionAccuracyExportController {
  constructor(private readonly accuracy: ProjectionAccuracyService) {}

  @Allow({ roles: READERS, agency: runAt('runId') })
  @Get(':runId/projection-accuracy.csv')
  async csv(
    @Param('runId') runId: string,
    @Query('year') year: string | undefined,
    @Res() res: Response,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    if (!isUUID(runId)) throw new NotFoundError('plan run', runId);
    if (!year || !/^\d{4}$/.test(year))
      throw new InputValidationError([{ field: 'year', message: 'year must be a plan year, e.g. ?year=2027' }]);
    const report = await this.accuracy.report({ runId, year: Number(year) }, agencyScope(actor));
    const lines = [HEADER.join(',')];
    for (const a of report.agencies) {
      const head = [a.agencyCode, a.fromVersion, a.fromAsOf, a.toVersion, a.toAsOf, a.windowMonths, a.unobservedReason];
      for (const f of a.total ? [...a.categories, a.total] : [null]) {
        lines.push([...head, f?.category, ...FIGURES.map((k) => (f ? f[k] : null))].map((v) => csvField(v)).join(','));
      }
    }
    res
      .type('text/csv; charset=utf-8')
      .attachment(`formasi-${runId}-projection-accuracy-${year}.csv`)
      .send(lines.join('\n') + '\n');
  }
}
