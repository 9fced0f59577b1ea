import { Body, Controller, Get, Param, Post, Query, Res, UploadedFile, UseFilters, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Response } from 'express';
import { Allow, READERS, proposalAt } from '../auth/access-rule';
import { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/current-actor.decorator';
import { InputValidationError } from '../common/domain-error';
import { DomainHttpErrorFilter } from '../common/domain-http-error.filter';
import { DeterminationReceipt, MAX_RINCIAN_FILE_BYTES, ProposalRincianService } from './proposal-rincian.service';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * A proposal in the SIASN rincian layout, and its determination read back from that layout:
 *   GET  /proposals/:proposalId/rincian.csv | rincian.xlsx   ?stage=proposed|verified|determined
 *   POST /proposals/:proposalId/determination                multipart: file, dryRun (default true), decreeNumber, decreeDate
 */
@Controller('proposals')
@UseFilters(DomainHttpErrorFilter)
export class ProposalRincianController {
  constructor(private readonly rincian: ProposalRincianService) {}

  @Allow({ roles: READERS, agency: proposalAt('proposalId') })
  @Get(':proposalId/rincian.csv')
  async csv(@Param('proposalId') proposalId: string, @Query('stage') stage: string | undefined, @Res() res: Response): Promise<void> {
    const { proposal, stage: at } = await this.rincian.prepare(proposalId, stage);
    res.type('text/csv; charset=utf-8').attachment(`rincian-${proposal.agencyCode}-${proposal.year}-${at}.csv`);
    res.send(await this.rincian.csv(proposal, at));
  }

  @Allow({ roles: READERS, agency: proposalAt('proposalId') })
  @Get(':proposalId/rincian.xlsx')
  async xlsx(@Param('proposalId') proposalId: string, @Query('stage') stage: string | undefined, @Res() res: Response): Promise<void> {
    const { proposal, stage: at } = await this.rincian.prepare(proposalId, stage);
    res.type(XLSX_TYPE).attachment(`rincian-${proposal.agencyCode}-${proposal.year}-${at}.xlsx`);
    res.send(await this.rincian.xlsx(proposal, at));
  }

  @Allow({ roles: ['MINISTRY'], agency: proposalAt('proposalId') })
  @Post(':proposalId/determination')
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_RINCIAN_FILE_BYTES, files: 1 } }))
  importDetermination(
    @Param('proposalId') proposalId: string,
    @UploadedFile() file: Express.Multer.File | undefined,
    @Body() body: Record<string, string | undefined>,
    @CurrentActor() actor: Actor,
  ): Promise<DeterminationReceipt> {
    const dryRun = body.dryRun ?? 'true';
    if (dryRun !== 'true' && dryRun !== 'false')
      throw new InputValidationError([{ field: 'dryRun', message: 'dryRun must be true or false' }]);
    const version = body.expectedVersion;
    if (version !== undefined && !/^\d+$/.test(version))
      throw new InputValidationError([{ field: 'expectedVersion', message: 'expectedVersion must be a number' }]);
    if (body.decreeDate && !/^\d{4}-\d{2}-\d{2}$/.test(body.decreeDate)) {
      throw new InputValidationError([{ field: 'decreeDate', message: 'decreeDate must be yyyy-mm-dd' }]);
    }
    return this.rincian.importDetermination(actor, proposalId, file, {
      dryRun: dryRun === 'true',
      decreeNumber: body.decreeNumber?.trim() || null,
      decreeDate: body.decreeDate || null,
      expectedVersion: version === undefined ? null : Number(version),
    });
  }
}
