import { Body, Controller, Get, HttpCode, Param, Post, Res, UploadedFile, UseFilters, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import ExcelJS from 'exceljs';
import type { Response } from 'express';
import { csvField, spreadsheetText, StoredRoster, templateRows } from '@formasi/staffing';
import { AGENCY_EDITORS, Allow, Public, agencyAt, submissionAt } from '../auth/access-rule';
import { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/current-actor.decorator';
import { InputValidationError } from '../common/domain-error';
import { DeclaredSizeLimit } from '../common/declared-size.interceptor';
import { DomainHttpErrorFilter } from '../common/domain-http-error.filter';
import { StaffingSubmissionService, SubmissionReceipt } from './staffing-submission.service';
import { SubmitStaffingInput } from './submit-staffing.input';

export const MAX_ROSTER_FILE_BYTES = 1024 * 1024 * 1024;

/**
 * Roster files travel over plain HTTP next to GraphQL: uploads are streamed to disk by multer
 * (never held in memory, hashed as they arrive) and the error list is streamed out of PostgreSQL.
 *
 *   GET  /staffing/template.csv | /staffing/template.xlsx
 *   POST /staffing/:agencyCode/submissions     multipart: file, asOf?  → 202 { noop, message, submission }
 *   GET  /staffing/submissions/:id/errors.csv
 */
@Controller('staffing')
@UseFilters(DomainHttpErrorFilter)
export class StaffingSubmissionController {
  constructor(private readonly submissions: StaffingSubmissionService) {}

  @Public()
  @Get('template.csv')
  templateCsv(@Res() res: Response): void {
    res.type('text/csv; charset=utf-8').attachment('bezetting-template.csv');
    res.send(
      templateRows()
        .map((r) => r.map(csvField).join(','))
        .join('\r\n') + '\r\n',
    );
  }

  @Public()
  @Get('template.xlsx')
  async templateXlsx(@Res() res: Response): Promise<void> {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('bezetting');
    for (const row of templateRows()) ws.addRow(row.map(spreadsheetText));
    // NIPs and dates as text: a spreadsheet would round 18 digits to 15
    ws.columns.forEach((c) => (c.numFmt = '@'));
    res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').attachment('bezetting-template.xlsx');
    res.send(Buffer.from(await wb.xlsx.writeBuffer()));
  }

  @Allow({ roles: AGENCY_EDITORS, agency: agencyAt('agencyCode') })
  @Post(':agencyCode/submissions')
  @HttpCode(202)
  @UseInterceptors(DeclaredSizeLimit(MAX_ROSTER_FILE_BYTES), FileInterceptor('file'))
  async submit(
    @Param('agencyCode') agencyCode: string,
    @UploadedFile() file: (Express.Multer.File & StoredRoster) | undefined,
    @Body() body: SubmitStaffingInput,
    @CurrentActor() actor: Actor,
  ): Promise<SubmissionReceipt> {
    if (!file) throw new InputValidationError([{ field: 'file', message: 'send the roster as multipart field "file" (CSV or XLSX)' }]);
    return this.submissions.submit(actor, {
      agencyCode,
      uploadedBy: actor.email,
      asOf: body.asOf,
      fileName: file.originalname,
      id: file.id,
      path: file.path,
      size: file.size,
      sha256: file.sha256,
    });
  }

  // the error file repeats the rows' personal data: for roster editors only
  @Allow({ roles: AGENCY_EDITORS, agency: submissionAt('id') })
  @Get('submissions/:id/errors.csv')
  async errorCsv(@Param('id') id: string, @Res() res: Response): Promise<void> {
    await this.submissions.get(id);
    res.type('text/csv; charset=utf-8').attachment(`staffing-errors-${id}.csv`);
    await this.submissions.writeErrorCsv(id, res);
  }
}
