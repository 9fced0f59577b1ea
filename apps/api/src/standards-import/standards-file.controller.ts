import { Controller, Get, HttpCode, Param, Post, Query, Res, UploadedFile, UseFilters, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import ExcelJS from 'exceljs';
import type { Response } from 'express';
import type { ImportKind } from '@formasi/database';
import type { StoredRoster } from '@formasi/staffing';
import {
  addSheet,
  csvLine,
  EXAMPLE_STANDARDS,
  EXAMPLE_TARGETS,
  STANDARD_HEADERS,
  STANDARD_NUMERIC,
  standardCells,
  standardsTemplate,
  TARGET_LONG_HEADERS,
  TARGET_LONG_NUMERIC,
  targetLongCells,
  targetsTemplate,
  targetWide,
} from '@formasi/standards';
import { AGENCY_EDITORS, AccessRule, Allow, agencyAt, optionalAgencyAt, Public, READERS, standardsSubmissionAt } from '../auth/access-rule';
import { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/current-actor.decorator';
import { InputValidationError } from '../common/domain-error';
import { DeclaredSizeLimit } from '../common/declared-size.interceptor';
import { DomainHttpErrorFilter } from '../common/domain-http-error.filter';
import { StandardsReceipt, StandardsSubmissionService } from './standards-submission.service';

export const MAX_STANDARDS_FILE_BYTES = 1024 * 1024 * 1024;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Targets are set by planners too (as upsertDevelopmentTargets). */
const TARGET_EDITORS: AccessRule['roles'] = ['ADMIN', 'PLANNER', 'AGENCY_OPERATOR'];

type Upload = (Express.Multer.File & StoredRoster) | undefined;

function received(kind: ImportKind, agencyCode: string | null, file: Upload, actor: Actor) {
  if (!file) throw new InputValidationError([{ field: 'file', message: 'send the file as multipart field "file" (CSV or XLSX)' }]);
  return {
    kind,
    agencyCode,
    uploadedBy: actor.email,
    fileName: file.originalname,
    id: file.id,
    path: file.path,
    size: file.size,
    sha256: file.sha256,
  };
}

async function sendWorkbook(res: Response, name: string, fill: (wb: ExcelJS.Workbook) => void): Promise<void> {
  const wb = new ExcelJS.Workbook();
  fill(wb);
  res.type(XLSX).attachment(name);
  res.send(Buffer.from(await wb.xlsx.writeBuffer()));
}

/**
 * Workload standards (ABK) files next to GraphQL: templates, uploads (validated by a job,
 * committed with `commitStandardsSubmission`), error lists and exports in the import's layout.
 *
 *   GET  /standards/template.xlsx | template.csv
 *   POST /standards/submissions?agencyCode=…      multipart: file → 202 { noop, message, submission } (no agencyCode: position-wide, national)
 *   GET  /standards/submissions/:id/errors.csv
 *   GET  /standards/export.csv | export.xlsx?agencyCode=…
 */
@Controller('standards')
@UseFilters(DomainHttpErrorFilter)
export class StandardsFileController {
  constructor(private readonly submissions: StandardsSubmissionService) {}

  @Public()
  @Get('template.xlsx')
  async templateXlsx(@Res() res: Response): Promise<void> {
    res.type(XLSX).attachment('standar-abk-template.xlsx');
    res.send(await standardsTemplate());
  }

  @Public()
  @Get('template.csv')
  templateCsv(@Res() res: Response): void {
    res.type('text/csv; charset=utf-8').attachment('standar-abk-template.csv');
    res.send(csvLine(STANDARD_HEADERS) + EXAMPLE_STANDARDS.map((a) => csvLine(standardCells(a))).join(''));
  }

  @Allow({ roles: AGENCY_EDITORS, agency: agencyAt('agencyCode') })
  @Post('submissions')
  @HttpCode(202)
  @UseInterceptors(DeclaredSizeLimit(MAX_STANDARDS_FILE_BYTES), FileInterceptor('file'))
  submit(
    @Query('agencyCode') agencyCode: string | undefined,
    @UploadedFile() file: Upload,
    @CurrentActor() actor: Actor,
  ): Promise<StandardsReceipt> {
    return this.submissions.submit(actor, received('STANDARDS', agencyCode || null, file, actor));
  }

  @Allow({ roles: READERS, agency: standardsSubmissionAt('id') })
  @Get('submissions/:id/errors.csv')
  async errorCsv(@Param('id') id: string, @Res() res: Response): Promise<void> {
    await this.submissions.get(id);
    res.type('text/csv; charset=utf-8').attachment(`standards-errors-${id}.csv`);
    await this.submissions.writeErrorCsv(id, res);
  }

  @Allow({ roles: READERS, agency: optionalAgencyAt('agencyCode') })
  @Get('export.csv')
  async exportCsv(@Query('agencyCode') agencyCode: string | undefined, @Res() res: Response): Promise<void> {
    const rows = await this.submissions.standardsForExport(agencyCode || null);
    res.type('text/csv; charset=utf-8').attachment(`standar-abk-${agencyCode || 'nasional'}.csv`);
    res.send(csvLine(STANDARD_HEADERS) + rows.map((a) => csvLine(standardCells(a))).join(''));
  }

  @Allow({ roles: READERS, agency: optionalAgencyAt('agencyCode') })
  @Get('export.xlsx')
  async exportXlsx(@Query('agencyCode') agencyCode: string | undefined, @Res() res: Response): Promise<void> {
    const rows = await this.submissions.standardsForExport(agencyCode || null);
    await sendWorkbook(res, `standar-abk-${agencyCode || 'nasional'}.xlsx`, (wb) =>
      addSheet(wb, 'standar', STANDARD_HEADERS, rows.map(standardCells), STANDARD_NUMERIC),
    );
  }
}

/**
 * Development-target files: template, uploads, exports in the long or the wide layout.
 *
 *   GET  /targets/template.xlsx | template.csv
 *   POST /targets/:agencyCode/submissions          multipart: file → 202
 *   GET  /targets/:agencyCode/export.csv | export.xlsx?layout=long|wide
 */
@Controller('targets')
@UseFilters(DomainHttpErrorFilter)
export class TargetsFileController {
  constructor(private readonly submissions: StandardsSubmissionService) {}

  @Public()
  @Get('template.xlsx')
  async templateXlsx(@Res() res: Response): Promise<void> {
    res.type(XLSX).attachment('target-template.xlsx');
    res.send(await targetsTemplate());
  }

  @Public()
  @Get('template.csv')
  templateCsv(@Res() res: Response): void {
    res.type('text/csv; charset=utf-8').attachment('target-template.csv');
    res.send(csvLine(TARGET_LONG_HEADERS) + EXAMPLE_TARGETS.map((t) => csvLine(targetLongCells(t))).join(''));
  }

  @Allow({ roles: TARGET_EDITORS, agency: agencyAt('agencyCode') })
  @Post(':agencyCode/submissions')
  @HttpCode(202)
  @UseInterceptors(DeclaredSizeLimit(MAX_STANDARDS_FILE_BYTES), FileInterceptor('file'))
  submit(@Param('agencyCode') agencyCode: string, @UploadedFile() file: Upload, @CurrentActor() actor: Actor): Promise<StandardsReceipt> {
    return this.submissions.submit(actor, received('TARGETS', agencyCode, file, actor));
  }

  @Allow({ roles: READERS, agency: agencyAt('agencyCode') })
  @Get(':agencyCode/export.csv')
  async exportCsv(
    @Param('agencyCode') agencyCode: string,
    @Query('layout') layout: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    const targets = await this.submissions.targetsForExport(agencyCode);
    res.type('text/csv; charset=utf-8').attachment(`target-${agencyCode}.csv`);
    if (layout === 'wide') {
      const wide = targetWide(targets);
      res.send(csvLine(wide.headers) + wide.rows.map(csvLine).join(''));
    } else {
      res.send(csvLine(TARGET_LONG_HEADERS) + targets.map((t) => csvLine(targetLongCells(t))).join(''));
    }
  }

  @Allow({ roles: READERS, agency: agencyAt('agencyCode') })
  @Get(':agencyCode/export.xlsx')
  async exportXlsx(
    @Param('agencyCode') agencyCode: string,
    @Query('layout') layout: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    const targets = await this.submissions.targetsForExport(agencyCode);
    await sendWorkbook(res, `target-${agencyCode}.xlsx`, (wb) => {
      if (layout === 'wide') {
        const wide = targetWide(targets);
        addSheet(wb, 'target', wide.headers, wide.rows, wide.numeric);
      } else addSheet(wb, 'target', TARGET_LONG_HEADERS, targets.map(targetLongCells), TARGET_LONG_NUMERIC);
    });
  }
}
