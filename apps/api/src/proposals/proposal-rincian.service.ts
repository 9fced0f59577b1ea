import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import type { AuditActor } from '@formasi/database';
import { csvField, spreadsheetText } from '@formasi/staffing';
import { InputValidationError } from '../common/domain-error';
import { readTable } from '../common/table-file';
import { ProposalModel } from './proposal.model';
import { ProposalState, requireState } from './proposal.rules';
import { ProposalService } from './proposal.service';
import {
  COUNT_COLUMNS,
  RINCIAN_COLUMNS,
  RINCIAN_STAGES,
  RincianError,
  RincianLine,
  RincianStage,
  readDetermination,
  rincianRows,
} from './proposal-rincian';

export const MAX_RINCIAN_FILE_BYTES = 10 * 1024 * 1024;

export interface DeterminationDiffLine {
  lineId: string;
  positionCode: string;
  unitCode: string | null;
  procurement: string;
  group: string;
  formationType: string;
  proposed: number;
  verified: number;
  determined: number;
}

export interface DeterminationReceipt {
  dryRun: boolean;
  applied: boolean;
  errors: RincianError[];
  /** Every line of the proposal with what the file determines for it (0 for a line the file leaves out). */
  diff: DeterminationDiffLine[];
  totals: { proposed: number; verified: number; determined: number };
  proposal: ProposalModel;
}

const NUMBER_COLUMNS = new Set<string>([...COUNT_COLUMNS.map((c) => c.column), 'penghasilan_min', 'penghasilan_max']);

/** A proposal (or its determination) in the SIASN rincian layout, out as CSV/XLSX and a determination back in. */
@Injectable()
export class ProposalRincianService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly proposals: ProposalService,
  ) {}

  /** The stage asked for, or the proposal's latest: determined once DETERMINED, verified once VERIFIED, else proposed. */
  async prepare(proposalId: string, stage: string | undefined): Promise<{ proposal: ProposalModel; stage: RincianStage }> {
    const proposal = await this.proposals.get(proposalId);
    if (stage !== undefined && !(RINCIAN_STAGES as readonly string[]).includes(stage)) {
      throw new InputValidationError([{ field: 'stage', message: `stage must be one of ${RINCIAN_STAGES.join(', ')}` }]);
    }
    const latest: RincianStage = proposal.state === 'DETERMINED' ? 'determined' : proposal.state === 'VERIFIED' ? 'verified' : 'proposed';
    return { proposal, stage: (stage as RincianStage | undefined) ?? latest };
  }

  async csv(proposal: ProposalModel, stage: RincianStage): Promise<string> {
    const rows = rincianRows(await this.lines(proposal.id), stage);
    const cell = (column: string, v: string | number | null): string =>
      v === null ? '' : NUMBER_COLUMNS.has(column) ? String(v) : csvField(String(v));
    return (
      '\uFEFF' + [RINCIAN_COLUMNS.join(','), ...rows.map((r) => RINCIAN_COLUMNS.map((c) => cell(c, r[c])).join(','))].join('\r\n') + '\r\n'
    );
  }

  async xlsx(proposal: ProposalModel, stage: RincianStage): Promise<Buffer> {
    const rows = rincianRows(await this.lines(proposal.id), stage);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('rincian');
    ws.addRow([...RINCIAN_COLUMNS]).font = { bold: true };
    // text cells are written as strings (never formulas) and typed as text, with the same apostrophe as the CSV
    for (const r of rows)
      ws.addRow(RINCIAN_COLUMNS.map((c) => (r[c] === null ? null : NUMBER_COLUMNS.has(c) ? r[c] : spreadsheetText(String(r[c])))));
    RINCIAN_COLUMNS.forEach((c, i) => {
      if (!NUMBER_COLUMNS.has(c)) ws.getColumn(i + 1).numFmt = '@';
    });
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  /** Dry run by default: the diff against the proposal and every error; applied (a DETERMINE move) only when clean. */
  async importDetermination(
    actor: AuditActor,
    proposalId: string,
    file: { originalname: string; buffer: Buffer } | undefined,
    opts: { dryRun: boolean; decreeNumber: string | null; decreeDate: string | null; expectedVersion: number | null },
  ): Promise<DeterminationReceipt> {
    const p = await this.proposals.require(proposalId);
    requireState('DETERMINE', p.id, p.state as ProposalState);
    if (!file)
      throw new InputValidationError([{ field: 'file', message: 'send the determination as multipart field "file" (CSV or XLSX)' }]);
    if (!opts.dryRun) {
      const missing = [
        ['decreeNumber', opts.decreeNumber],
        ['decreeDate', opts.decreeDate],
      ].filter(([, v]) => !v);
      if (missing.length > 0)
        throw new InputValidationError(
          missing.map(([field]) => ({ field: field!, message: `${field} is required to apply a determination` })),
        );
    }
    const { header, records } = await readTable(file);
    const lines = await this.lines(p.id);
    const { counts, errors } = readDetermination(header, records, lines);
    if (errors.length > 0 && !opts.dryRun) {
      throw new InputValidationError(
        errors.map((e) => ({
          field: `rows.${e.row}.${e.column}`,
          row: e.row,
          message: `row ${e.row}, column ${e.column}: ${e.rule}: ${e.message}`,
        })),
      );
    }
    const diff = lines.map((l) => ({
      lineId: l.id,
      positionCode: l.positionCode,
      unitCode: l.unitCode,
      procurement: l.procurement,
      group: l.group,
      formationType: l.formationType,
      proposed: l.count,
      verified: l.verifiedCount ?? l.count,
      determined: counts.get(l.id) ?? 0,
    }));
    const totals = {
      proposed: sum(diff, (d) => d.proposed),
      verified: sum(diff, (d) => d.verified),
      determined: sum(diff, (d) => d.determined),
    };
    if (opts.dryRun || errors.length > 0)
      return { dryRun: true, applied: false, errors, diff, totals, proposal: await this.proposals.get(p.id) };
    const proposal = await this.proposals.determine(actor, {
      id: p.id,
      expectedVersion: opts.expectedVersion ?? p.version,
      decreeNumber: opts.decreeNumber!,
      decreeDate: opts.decreeDate!,
      lines: [...counts].map(([lineId, count]) => ({ lineId, count })),
    });
    return { dryRun: false, applied: true, errors: [], diff, totals, proposal };
  }

  private lines(proposalId: string): Promise<RincianLine[]> {
    return this.db.query(
      `SELECT l.id, l.position_code AS "positionCode", l.position_name AS "positionName",
              coalesce(l.cell_category, pos.category) AS category,
              l.unit_code AS "unitCode", l.unit_name AS "unitName", l.procurement, l.job_group AS "group",
              l.formation_type AS "formationType",
              l.count, l.verified_count AS "verifiedCount", l.determined_count AS "determinedCount", l.education,
              l.pay_min::float8 AS "payMin", l.pay_max::float8 AS "payMax"
         FROM proposal_line l LEFT JOIN position pos ON pos.code = l.position_code
        WHERE l.proposal_id = $1
        ORDER BY l.formation_type, l.position_code, l.unit_code NULLS FIRST, l.procurement, l.job_group`,
      [proposalId],
    );
  }
}

const sum = <T>(xs: T[], f: (x: T) => number): number => xs.reduce((s, x) => s + f(x), 0);
