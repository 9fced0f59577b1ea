import { Body, Controller, Get, Param, Post, Query, Res, UploadedFile, UseFilters, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Response } from 'express';
import { Allow, READERS, optionalAgencyAt, proposalAt } from '../auth/access-rule';
import { Actor, agencyScope } from '../auth/actor';
import { CurrentActor } from '../auth/current-actor.decorator';
import { csvField } from '@formasi/staffing';
import { InputValidationError } from '../common/domain-error';
import { DomainHttpErrorFilter } from '../common/domain-http-error.filter';
import { FUNNEL_LEVELS, FunnelLevel, FunnelRowModel, OutcomeReportModel } from './recruitment-outcome.model';
import { OUTCOME_RECORDERS } from './recruitment-outcome.resolver';
import { MAX_OUTCOME_FILE_BYTES, RecruitmentOutcomeService } from './recruitment-outcome.service';

const FUNNEL_COLUMNS: Array<keyof FunnelRowModel> = [
  'year',
  'provinceCode',
  'agencyCode',
  'procurement',
  'group',
  'lines',
  'determined',
  'reportedLines',
  'reportedDetermined',
  'announced',
  'applicants',
  'passed',
  'optimalisasi',
  'withdrew',
  'appointed',
  'unfilled',
  'unfilledNoApplicant',
  'unfilledNotQualified',
  'unfilledWithdrew',
  'unfilledNotAnnounced',
  'unfilledOther',
  'reportedShare',
  'announcedRate',
  'applicantsPerPlace',
  'passRate',
  'optimalisasiRate',
  'withdrawalRate',
  'fillRate',
  'unfilledRate',
];

const flag = (name: string, v: string | undefined, fallback: boolean): boolean => {
  if (v === undefined) return fallback;
  if (v !== 'true' && v !== 'false') throw new InputValidationError([{ field: name, message: `${name} must be true or false` }]);
  return v === 'true';
};

/**
 * Recruitment outcomes as files:
 *   GET  /proposals/:proposalId/outcomes.csv     the determined lines with their outcomes: the template to fill in, and the export
 *   POST /proposals/:proposalId/outcomes         multipart: file (CSV or XLSX), dryRun (default true)
 *   GET  /outcomes/funnel.csv?level=AGENCY|PROVINCE|NATION&year=&agencyCode=&provinceCode=&byProcurement=&byGroup=
 */
@Controller()
@UseFilters(DomainHttpErrorFilter)
export class RecruitmentOutcomeController {
  constructor(private readonly outcomes: RecruitmentOutcomeService) {}

  @Allow({ roles: READERS, agency: proposalAt('proposalId') })
  @Get('proposals/:proposalId/outcomes.csv')
  async csv(@Param('proposalId') proposalId: string, @Res() res: Response): Promise<void> {
    const body = await this.outcomes.csv(proposalId);
    res.type('text/csv; charset=utf-8').attachment(`realisasi-${proposalId}.csv`).send(body);
  }

  @Allow({ roles: OUTCOME_RECORDERS, agency: proposalAt('proposalId') })
  @Post('proposals/:proposalId/outcomes')
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_OUTCOME_FILE_BYTES, files: 1 } }))
  upload(
    @Param('proposalId') proposalId: string,
    @UploadedFile() file: Express.Multer.File | undefined,
    @Body() body: Record<string, string | undefined>,
    @CurrentActor() actor: Actor,
  ): Promise<OutcomeReportModel> {
    return this.outcomes.uploadFile(actor, proposalId, file, flag('dryRun', body.dryRun, true));
  }

  @Allow({ roles: READERS, agency: optionalAgencyAt('agencyCode') })
  @Get('outcomes/funnel.csv')
  async funnelCsv(@Query() q: Record<string, string | undefined>, @Res() res: Response, @CurrentActor() actor: Actor): Promise<void> {
    const level = (q.level ?? 'AGENCY') as FunnelLevel;
    if (!FUNNEL_LEVELS.includes(level))
      throw new InputValidationError([{ field: 'level', message: `level must be one of ${FUNNEL_LEVELS.join(', ')}` }]);
    if (q.year !== undefined && !/^\d{4}$/.test(q.year))
      throw new InputValidationError([{ field: 'year', message: 'year must be e.g. 2026' }]);
    const rows = await this.outcomes.funnel(
      {
        level,
        year: q.year === undefined ? null : Number(q.year),
        agencyCode: q.agencyCode || null,
        provinceCode: q.provinceCode || null,
        byProcurement: flag('byProcurement', q.byProcurement, false),
        byGroup: flag('byGroup', q.byGroup, false),
      },
      agencyScope(actor),
    );
    const lines = [FUNNEL_COLUMNS.join(','), ...rows.map((r) => FUNNEL_COLUMNS.map((c) => csvField(r[c])).join(','))];
    res.type('text/csv; charset=utf-8').attachment(`realisasi-funnel-${level.toLowerCase()}${q.year ? `-${q.year}` : ''}.csv`);
    res.send(lines.join('\n') + '\n');
  }
}
