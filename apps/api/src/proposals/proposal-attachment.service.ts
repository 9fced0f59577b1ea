import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { isUUID } from 'class-validator';
import { createHash } from 'node:crypto';
import { extname } from 'node:path';
import { DataSource } from 'typeorm';
import type { AuditActor } from '@formasi/database';
import { proposalRepository as repo } from '@formasi/database';
import { AuditService } from '../audit/audit.service';
import { InputValidationError, NotFoundError } from '../common/domain-error';
import { ProposalAttachmentModel } from './proposal.model';
import { ATTACHMENT_KINDS, AttachmentKind, ProposalState, requireState } from './proposal.rules';
import { ProposalService } from './proposal.service';

export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

/** The file types a proposal's documents come in, told by their first bytes, not by what the client claims. */
const FILE_TYPES: Array<{ ext: string[]; contentType: string; magic: number[] }> = [
  { ext: ['.pdf'], contentType: 'application/pdf', magic: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { ext: ['.png'], contentType: 'image/png', magic: [0x89, 0x50, 0x4e, 0x47] },
  { ext: ['.jpg', '.jpeg'], contentType: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
  { ext: ['.xlsx'], contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', magic: [0x50, 0x4b, 0x03, 0x04] },
  {
    ext: ['.docx'],
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    magic: [0x50, 0x4b, 0x03, 0x04],
  },
];

const ATTACHMENT_COLUMNS = `id, kind, file_name AS "fileName", content_type AS "contentType", size_bytes AS "sizeBytes", sha256,
  uploaded_by_email AS "uploadedByEmail", uploaded_at AS "uploadedAt",
  '/proposals/' || proposal_id || '/attachments/' || id AS "downloadPath"`;

/** Documents of a proposal (peta jabatan, ABK, the signed SPTJM scan): type and size checked, SHA-256 kept, stored with the proposal. */
@Injectable()
export class ProposalAttachmentService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly proposals: ProposalService,
  ) {}

  list(proposalId: string): Promise<ProposalAttachmentModel[]> {
    return this.db.query(`SELECT ${ATTACHMENT_COLUMNS} FROM proposal_attachment WHERE proposal_id = $1 ORDER BY uploaded_at, id`, [
      proposalId,
    ]);
  }

  async upload(
    actor: AuditActor,
    proposalId: string,
    kind: string | undefined,
    file: { originalname: string; buffer: Buffer; size: number } | undefined,
  ): Promise<ProposalAttachmentModel> {
    const p = await this.proposals.require(proposalId);
    requireState('ATTACH', p.id, p.state as ProposalState);
    if (!kind || !(ATTACHMENT_KINDS as readonly string[]).includes(kind)) {
      throw new InputValidationError([{ field: 'kind', message: `kind must be one of ${ATTACHMENT_KINDS.join(', ')}` }]);
    }
    if (!file || file.size === 0)
      throw new InputValidationError([{ field: 'file', message: 'send the document as multipart field "file"' }]);
    const ext = extname(file.originalname).toLowerCase();
    const type = FILE_TYPES.find((t) => t.ext.includes(ext));
    if (!type) {
      throw new InputValidationError([
        {
          field: 'file',
          message: `${ext || 'a file without extension'} is not accepted; send ${FILE_TYPES.flatMap((t) => t.ext).join(', ')}`,
        },
      ]);
    }
    if (!type.magic.every((b, i) => file.buffer[i] === b)) {
      throw new InputValidationError([
        { field: 'file', message: `${file.originalname} does not look like a ${ext} file (its first bytes do not match)` },
      ]);
    }
    const sha256 = createHash('sha256').update(file.buffer).digest('hex');
    const entry = {
      action: 'uploadProposalAttachment',
      agencyCode: p.agencyCode,
      entity: 'proposal',
      entityKey: p.id,
      summary: { kind, fileName: file.originalname, sizeBytes: file.size, sha256 },
    };
    const id = await this.audit.transaction(actor, entry, async (tx, record) => {
      const [row] = (await tx.query(
        `INSERT INTO proposal_attachment (proposal_id, kind, file_name, content_type, size_bytes, sha256, content, uploaded_by_email)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [p.id, kind as AttachmentKind, file.originalname, type.contentType, file.size, sha256, file.buffer, actor.email],
      )) as Array<{ id: string }>;
      await repo.appendEvent(tx, {
        proposalId: p.id,
        action: 'ATTACH',
        fromState: p.state,
        toState: p.state,
        actor,
        auditId: record.id,
        details: { attachmentId: row!.id, kind, sha256 },
      });
      return row!.id;
    });
    const [attachment] = (await this.db.query(`SELECT ${ATTACHMENT_COLUMNS} FROM proposal_attachment WHERE id = $1`, [
      id,
    ])) as ProposalAttachmentModel[];
    return attachment!;
  }

  async content(
    proposalId: string,
    attachmentId: string,
  ): Promise<{ fileName: string; contentType: string; content: Buffer; sha256: string }> {
    const [row] =
      isUUID(attachmentId) && isUUID(proposalId)
        ? ((await this.db.query(
            `SELECT file_name AS "fileName", content_type AS "contentType", content, sha256
               FROM proposal_attachment WHERE id = $1 AND proposal_id = $2`,
            [attachmentId, proposalId],
          )) as Array<{ fileName: string; contentType: string; content: Buffer; sha256: string }>)
        : [];
    if (!row) throw new NotFoundError('attachment', attachmentId);
    return row;
  }
}
