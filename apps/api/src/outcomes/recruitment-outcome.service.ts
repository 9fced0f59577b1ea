import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { AuditActor } from '@formasi/database';
import { FunnelSums, funnelRatios, OutcomeCounts, outcomeProblems, UnfilledReason } from '@formasi/planning';
import { AuditService } from '../audit/audit.service';
import { DomainError, DomainErrorCode, InputValidationError } from '../common/domain-error';
import { readTable } from '../common/table-file';
import { csvField } from '@formasi/staffing';
import { ProposalService } from '../proposals/proposal.service';
import { OUTCOME_FILE_COLUMNS, OutcomeFileError, OutcomeFileRow, readOutcomeFile } from './outcome-file';
import {
  FunnelLevel,
  FunnelRowModel,
  LineOutcomeModel,
  OutcomeReportModel,
  RecordRecruitmentOutcomesInput,
} from './recruitment-outcome.model';

export const MAX_OUTCOME_FILE_BYTES = 10 * 1024 * 1024;

/** Where the outcomes came from, for the rows and the audit record. */
interface OutcomeSource {
  source: 'FILE' | 'API';
  fileName: string | null;
  sha256: string | null;
}

/** The outcome rule's field → the name a file or mutation gives it. */
const FILE_COLUMN: Record<keyof OutcomeCounts, string> = {
  applicants: 'applicants',
  passed: 'passed',
  optimalisasi: 'optimalisasi',
  withdrew: 'withdrew',
  appointed: 'appointed',
  unfilled: 'unfilled',
  unfilledReason: 'unfilled_reason',
};

export interface FunnelQuery {
  level: FunnelLevel;
  year: number | null;
  agencyCode: string | null;
  provinceCode: string | null;
  byProcurement: boolean;
  byGroup: boolean;
}

/** Recruitment outcomes of determined lines: recorded from a file or a mutation, read back per line and as the funnel. */
@Injectable()
export class RecruitmentOutcomeService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly proposals: ProposalService,
    private readonly audit: AuditService,
  ) {}

  /** Every line of a DETERMINED proposal with its outcome, if recorded. */
  async lines(proposalId: string): Promise<LineOutcomeModel[]> {
    await this.determined(proposalId);
    return this.db.query(
      `SELECT l.id AS "lineId", l.position_code AS "positionCode", l.unit_code AS "unitCode", l.procurement, l.job_group AS "group",
              l.formation_type AS "formationType", coalesce(l.determined_count, 0) AS determined, o.applicants, o.passed, o.optimalisasi,
              o.withdrew, o.appointed, o.unfilled, o.unfilled_reason AS "unfilledReason", o.source, o.recorded_by_email AS "recordedByEmail",
              o.recorded_at AS "recordedAt"
         FROM proposal_line l LEFT JOIN recruitment_outcome o ON o.line_id = l.id
        WHERE l.proposal_id = $1
        ORDER BY l.formation_type, l.position_code, l.unit_code NULLS FIRST, l.procurement, l.job_group`,
      [proposalId],
    );
  }

  /** The lines with their outcomes in the upload layout: the template to fill in, and the export. */
  async csv(proposalId: string): Promise<string> {
    const lines = await this.lines(proposalId);
    const names = (await this.db.query('SELECT id, position_name AS name FROM proposal_line WHERE proposal_id = $1', [
      proposalId,
    ])) as Array<{
      id: string;
      name: string;
    }>;
    const nameOf = new Map(names.map((n) => [n.id, n.name]));
    const value = (l: LineOutcomeModel, c: (typeof OUTCOME_FILE_COLUMNS)[number]): string => {
      const v =
        c === 'line_id'
          ? l.lineId
          : c === 'position_code'
            ? l.positionCode
            : c === 'position_name'
              ? nameOf.get(l.lineId)
              : c === 'unit_code'
                ? l.unitCode
                : c === 'formation_type'
                  ? l.formationType
                  : c === 'unfilled_reason'
                    ? l.unfilledReason
                    : l[c];
      return v === null || v === undefined ? '' : typeof v === 'number' ? String(v) : csvField(v);
    };
    return (
      '\uFEFF' +
      [OUTCOME_FILE_COLUMNS.join(','), ...lines.map((l) => OUTCOME_FILE_COLUMNS.map((c) => value(l, c)).join(','))].join('\r\n') +
      '\r\n'
    );
  }

  /** An uploaded CSV/XLSX: read, checked, and recorded whole unless a dry run or any row is wrong. */
  async uploadFile(
    actor: AuditActor,
    proposalId: string,
    file: { originalname: string; buffer: Buffer } | undefined,
    dryRun: boolean,
  ): Promise<OutcomeReportModel> {
    const p = await this.determined(proposalId);
    if (!file) throw new InputValidationError([{ field: 'file', message: 'send the outcomes as multipart field "file" (CSV or XLSX)' }]);
    const { header, records } = await readTable(file);
    const lines = await this.lines(p.id);
    const read = readOutcomeFile(header, records, lines);
    const errors = [...read.errors, ...this.funnelErrors(read.rows, lines, (r, field) => ({ row: r.row, column: FILE_COLUMN[field] }))];
    const sha256 = createHash('sha256').update(file.buffer).digest('hex');
    return this.apply(actor, p, read.rows, errors, dryRun, { source: 'FILE', fileName: file.originalname, sha256 }, (e) => ({
      field: `rows.${e.row}.${e.column}`,
      row: e.row,
      message: `row ${e.row}, column ${e.column}: ${e.rule}: ${e.message}`,
    }));
  }

  /** The bulk mutation: the same rules, errors named `input.lines.<i>.<field>`. */
  async record(actor: AuditActor, input: RecordRecruitmentOutcomesInput): Promise<OutcomeReportModel> {
    const p = await this.determined(input.proposalId);
    const lines = await this.lines(p.id);
    const known = new Set(lines.map((l) => l.lineId));
    const errors: OutcomeFileError[] = [];
    const seen = new Map<string, number>();
    const rows: OutcomeFileRow[] = [];
    input.lines.forEach((l, i) => {
      if (!known.has(l.lineId))
        return errors.push({
          row: i,
          column: 'lineId',
          rule: 'UNKNOWN_LINE',
          value: l.lineId,
          message: `the proposal has no line ${l.lineId}`,
        });
      if (seen.has(l.lineId))
        return errors.push({
          row: i,
          column: 'lineId',
          rule: 'DUPLICATE_LINE',
          value: l.lineId,
          message: `the line is already at index ${seen.get(l.lineId)}`,
        });
      seen.set(l.lineId, i);
      const { lineId, unfilledReason, ...counts } = l;
      rows.push({ row: i, lineId, counts, unfilledReason: unfilledReason ?? null });
    });
    errors.push(...this.funnelErrors(rows, lines, (r, field) => ({ row: r.row, column: field })));
    return this.apply(actor, p, rows, errors, input.dryRun, { source: 'API', fileName: null, sha256: null }, (e) => ({
      field: `input.lines.${e.row}.${e.column}`,
      row: e.row,
      message: `${e.rule}: ${e.message}`,
    }));
  }

  /** The funnel's sums per group, and their ratios; limited actors see their agencies only. */
  async funnel(q: FunnelQuery, agencyIds: string[] | null): Promise<FunnelRowModel[]> {
    const province = `coalesce(nullif(split_part(a.region_code, '.', 1), ''), p.agency_code)`;
    const keys = [
      'p.year::int AS year',
      q.level === 'AGENCY' ? 'p.agency_code AS "agencyCode"' : 'NULL::text AS "agencyCode"',
      q.level === 'NATION' ? 'NULL::text AS "provinceCode"' : `${province} AS "provinceCode"`,
      q.byProcurement ? 'l.procurement' : 'NULL::text AS procurement',
      q.byGroup ? 'l.job_group AS "group"' : 'NULL::text AS "group"',
    ];
    const unfilled = (reason: UnfilledReason): string => `coalesce(sum(o.unfilled) FILTER (WHERE o.unfilled_reason = '${reason}'), 0)::int`;
    const rows = (await this.db.query(
      `SELECT ${keys.join(', ')}, count(*)::int AS lines, coalesce(sum(l.determined_count), 0)::int AS determined,
              count(o.line_id)::int AS "reportedLines",
              coalesce(sum(l.determined_count) FILTER (WHERE o.line_id IS NOT NULL), 0)::int AS "reportedDetermined",
              coalesce(sum(o.applicants), 0)::int AS applicants, coalesce(sum(o.passed), 0)::int AS passed,
              coalesce(sum(o.optimalisasi), 0)::int AS optimalisasi, coalesce(sum(o.withdrew), 0)::int AS withdrew,
              coalesce(sum(o.appointed), 0)::int AS appointed, coalesce(sum(o.unfilled), 0)::int AS unfilled,
              ${unfilled('NO_APPLICANT')} AS "unfilledNoApplicant", ${unfilled('NOT_QUALIFIED')} AS "unfilledNotQualified",
              ${unfilled('WITHDREW')} AS "unfilledWithdrew", ${unfilled('NOT_ANNOUNCED')} AS "unfilledNotAnnounced",
              ${unfilled('OTHER')} AS "unfilledOther"
         FROM proposal p JOIN agency a ON a.id = p.agency_id
         JOIN proposal_line l ON l.proposal_id = p.id
         LEFT JOIN recruitment_outcome o ON o.line_id = l.id
        WHERE p.state = 'DETERMINED' AND ($1::int IS NULL OR p.year = $1) AND ($2::text IS NULL OR p.agency_code = $2)
          AND ($3::text IS NULL OR ${province} = $3) AND ($4::uuid[] IS NULL OR p.agency_id = ANY($4::uuid[]))
        GROUP BY 1, 2, 3, 4, 5
        ORDER BY 1, 3 NULLS FIRST, 2 NULLS FIRST, 4 NULLS FIRST, 5 NULLS FIRST`,
      [q.year, q.agencyCode, q.provinceCode, agencyIds],
    )) as Array<Omit<FunnelRowModel, keyof ReturnType<typeof funnelRatios>> & FunnelSums>;
    return rows.map((r) => ({ ...r, ...funnelRatios(r) }));
  }

  private async determined(proposalId: string) {
    const p = await this.proposals.require(proposalId);
    if (p.state !== 'DETERMINED')
      throw new DomainError(
        DomainErrorCode.WRONG_STATE,
        `proposal ${p.id} is ${p.state}; recruitment outcomes are recorded only for a DETERMINED proposal`,
      );
    return p;
  }

  private funnelErrors(
    rows: OutcomeFileRow[],
    lines: LineOutcomeModel[],
    at: (r: OutcomeFileRow, field: keyof OutcomeCounts) => { row: number; column: string },
  ): OutcomeFileError[] {
    const determined = new Map(lines.map((l) => [l.lineId, l.determined]));
    return rows.flatMap((r) =>
      outcomeProblems(determined.get(r.lineId)!, { ...r.counts, unfilledReason: r.unfilledReason as UnfilledReason | null })
        // an unknown reason is already reported by the reader
        .filter((p) => p.rule !== 'UNKNOWN_REASON')
        .map((p) => ({
          ...at(r, p.field),
          rule: p.rule,
          value: p.field === 'unfilledReason' ? r.unfilledReason : String(r.counts[p.field]),
          message: p.message,
        })),
    );
  }

  /** All or nothing: any error refuses the whole input (a dry run reports it); otherwise one transaction, idempotent. */
  private async apply(
    actor: AuditActor,
    p: { id: string; agencyCode: string },
    rows: OutcomeFileRow[],
    errors: OutcomeFileError[],
    dryRun: boolean,
    from: OutcomeSource,
    fieldError: (e: OutcomeFileError) => { field: string; row: number; message: string },
  ): Promise<OutcomeReportModel> {
    errors.sort((a, b) => a.row - b.row);
    if (errors.length > 0 && !dryRun) throw new InputValidationError(errors.map(fieldError));
    if (rows.length === 0 && errors.length === 0 && !dryRun)
      throw new InputValidationError([{ field: 'lines', message: 'no line has an outcome: nothing to record' }]);
    const report = { proposalId: p.id, dryRun, applied: false, rows: rows.length, changed: 0, errors };
    if (dryRun) return report;
    const entry = {
      action: 'recordRecruitmentOutcomes',
      agencyCode: p.agencyCode,
      entity: 'proposal',
      entityKey: p.id,
      summary: { lines: rows.length, source: from.source, fileName: from.fileName, sha256: from.sha256 },
    };
    const changed = await this.audit.transaction(actor, entry, async (tx, audit) => {
      const col = (f: keyof OutcomeFileRow['counts']) => rows.map((r) => r.counts[f]);
      // a row identical to the one stored is left alone: a retried upload changes nothing
      const written = (await tx.query(
        `INSERT INTO recruitment_outcome (line_id, proposal_id, applicants, passed, optimalisasi, withdrew, appointed, unfilled,
                                          unfilled_reason, source, file_name, file_sha256, recorded_by_email)
         SELECT u.line_id, $1, u.applicants, u.passed, u.optimalisasi, u.withdrew, u.appointed, u.unfilled, u.reason, $2, $3, $4, $5
           FROM unnest($6::uuid[], $7::int[], $8::int[], $9::int[], $10::int[], $11::int[], $12::int[], $13::text[])
                AS u(line_id, applicants, passed, optimalisasi, withdrew, appointed, unfilled, reason)
         ON CONFLICT (line_id) DO UPDATE SET applicants = EXCLUDED.applicants, passed = EXCLUDED.passed,
                optimalisasi = EXCLUDED.optimalisasi, withdrew = EXCLUDED.withdrew, appointed = EXCLUDED.appointed,
                unfilled = EXCLUDED.unfilled, unfilled_reason = EXCLUDED.unfilled_reason, source = EXCLUDED.source,
                file_name = EXCLUDED.file_name, file_sha256 = EXCLUDED.file_sha256, recorded_by_email = EXCLUDED.recorded_by_email,
                recorded_at = now()
          WHERE (recruitment_outcome.applicants, recruitment_outcome.passed, recruitment_outcome.optimalisasi, recruitment_outcome.withdrew,
                 recruitment_outcome.appointed, recruitment_outcome.unfilled, recruitment_outcome.unfilled_reason)
                IS DISTINCT FROM (EXCLUDED.applicants, EXCLUDED.passed, EXCLUDED.optimalisasi, EXCLUDED.withdrew, EXCLUDED.appointed,
                 EXCLUDED.unfilled, EXCLUDED.unfilled_reason)
         RETURNING line_id`,
        [
          p.id,
          from.source,
          from.fileName,
          from.sha256,
          actor.email,
          rows.map((r) => r.lineId),
          col('applicants'),
          col('passed'),
          col('optimalisasi'),
          col('withdrew'),
          col('appointed'),
          col('unfilled'),
          rows.map((r) => r.unfilledReason),
        ],
      )) as unknown[];
      await audit.amend({ summary: { ...entry.summary, changed: written.length } });
      return written.length;
    });
    return { ...report, applied: true, changed };
  }
}
