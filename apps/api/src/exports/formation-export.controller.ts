import { Controller, Get, Param, Query, Res, UseFilters } from '@nestjs/common';
import type { Response } from 'express';
import { isUUID } from 'class-validator';
import { Allow, READERS, runAt } from '../auth/access-rule';
import { Actor, agencyScope } from '../auth/actor';
import { CurrentActor } from '../auth/current-actor.decorator';
import { NotFoundError } from '../common/domain-error';
import { DomainHttpErrorFilter } from '../common/domain-http-error.filter';
import { FormationExportService } from './formation-export.service';

/**
 * A run's formation plan as a needs proposal (usulan kebutuhan), streamed:
 *   GET /runs/:runId/formation.csv   ?lang=en for English headers (default Indonesian)
 *   GET /runs/:runId/formation.xlsx  one sheet per year and a summary of formulas
 */
@Controller('runs')
@UseFilters(DomainHttpErrorFilter)
export class FormationExportController {
  constructor(private readonly exports: FormationExportService) {}

  @Allow({ roles: READERS, agency: runAt('runId') })
  @Get(':runId/formation.csv')
  async csv(
    @Param('runId') runId: string,
    @Query('lang') lang: string | undefined,
    @Res() res: Response,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    if (!isUUID(runId)) throw new NotFoundError('plan run', runId);
    const { run, lang: language } = await this.exports.prepare(runId, lang, agencyScope(actor));
    res.type('text/csv; charset=utf-8').attachment(`formasi-${runId}.csv`);
    await this.exports.writeCsv(run, language, res);
  }

  @Allow({ roles: READERS, agency: runAt('runId') })
  @Get(':runId/formation.xlsx')
  async xlsx(
    @Param('runId') runId: string,
    @Query('lang') lang: string | undefined,
    @Res() res: Response,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    if (!isUUID(runId)) throw new NotFoundError('plan run', runId);
    const { run, lang: language } = await this.exports.prepare(runId, lang, agencyScope(actor));
    res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').attachment(`formasi-${runId}.xlsx`);
    await this.exports.writeXlsx(run, language, res);
  }
}
