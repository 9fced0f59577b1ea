import { Body, Controller, Get, Param, Post, Res, UploadedFile, UseFilters, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Response } from 'express';
import type { Role } from '@formasi/database';
import { Allow, READERS, proposalAt } from '../auth/access-rule';
import { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/current-actor.decorator';
import { DomainHttpErrorFilter } from '../common/domain-http-error.filter';
import { ProposalAttachmentModel } from './proposal.model';
import { MAX_ATTACHMENT_BYTES, ProposalAttachmentService } from './proposal-attachment.service';

const AGENCY_SIDE: readonly Role[] = ['ADMIN', 'AGENCY_OPERATOR', 'AGENCY_HEAD'];

/**
 * A proposal's documents over plain HTTP beside GraphQL:
 *   POST /proposals/:proposalId/attachments                  multipart: file, kind → 201 the attachment
 *   GET  /proposals/:proposalId/attachments/:attachmentId    the file, to whoever may read the proposal
 */
@Controller('proposals')
@UseFilters(DomainHttpErrorFilter)
export class ProposalAttachmentController {
  constructor(private readonly attachments: ProposalAttachmentService) {}

  @Allow({ roles: AGENCY_SIDE, agency: proposalAt('proposalId') })
  @Post(':proposalId/attachments')
  // no storage given: multer keeps the file in memory (it is at most MAX_ATTACHMENT_BYTES)
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 1 } }))
  upload(
    @Param('proposalId') proposalId: string,
    @UploadedFile() file: Express.Multer.File | undefined,
    @Body('kind') kind: string | undefined,
    @CurrentActor() actor: Actor,
  ): Promise<ProposalAttachmentModel> {
    return this.attachments.upload(actor, proposalId, kind, file);
  }

  @Allow({ roles: READERS, agency: proposalAt('proposalId') })
  @Get(':proposalId/attachments/:attachmentId')
  async download(
    @Param('proposalId') proposalId: string,
    @Param('attachmentId') attachmentId: string,
    @Res() res: Response,
  ): Promise<void> {
    const file = await this.attachments.content(proposalId, attachmentId);
    res.type(file.contentType).attachment(file.fileName).setHeader('x-content-sha256', file.sha256);
    res.send(file.content);
  }
}
