import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { rm } from 'node:fs/promises';
import type { PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import {
  copyBinaryIn,
  CopyBinaryWriter,
  createImportRows,
  EncodedFields,
  encodeFields,
  currentImportVersion,
  diffImport,
  dropImportRows,
  ImportKind,
  ImportStatus,
  STAGED_STANDARD_COLUMNS,
  STAGED_TARGET_COLUMNS,
  stagedRuleErrors,
} from '@formasi/database';
import { RosterFileError } from '@formasi/staffing';
import { readImportFile, RowProblem, SheetReport, StagedActivity, StagedTarget, StandardSetRules } from '@formasi/standards';

const ERROR_FLUSH = 5000;
/** How far the reader may run ahead of PostgreSQL's COPY. */
const COPY_QUEUE_BYTES = 16 << 20;
const BULK_WORK_MEM = '256MB';

export interface StandardsValidationOutcome {
  status: ImportStatus;
  rowCount: number;
  errorCount: number;
  timings: { stageMs: number; rulesMs: number; diffMs: number };
}

interface Claimed {
  kind: ImportKind;
  agencyId: string | null;
  filePath: string | null;
  format: 'CSV' | 'XLSX';
}

const KINDS = new Map(['SERVICE', 'SUPPORT', 'ADDITIONAL'].map((k) => [k, encodeFields(k)]));
const TIME_UNITS = new Map(['M', 'H', 'U'].map((u) => [u, encodeFields(u)]));

/**
 * One staged activity as a binary COPY row, in the order of `STAGED_STANDARD_COLUMNS`: numbers
 * go as PostgreSQL stores them, so the server parses no text; the standard's codes, which a
 * file repeats row after row, are encoded once per standard.
 */
class ActivityRows {
  private codes: { position: string; unit: string | null; fields: EncodedFields } | null = null;

  write(w: CopyBinaryWriter, r: StagedActivity): void {
    if (this.codes?.position !== r.positionCode || this.codes.unit !== r.unitCode)
      this.codes = { position: r.positionCode, unit: r.unitCode, fields: encodeFields(r.positionCode, r.unitCode) };
    w.row(STAGED_STANDARD_COLUMNS.length);
    w.int2(r.sheetNo);
    w.text(r.sheet);
    w.int4(r.rowNo);
    w.encoded(this.codes.fields);
    w.int4(r.ordinal);
    w.encoded(KINDS.get(r.kind)!);
    w.text(r.name);
    w.text(r.outputUnit);
    w.decimal(r.annualVolume);
    w.text(r.driverIndicator);
    w.decimal(r.driverFactor);
    w.decimal(r.driverBase);
    w.decimal(r.timeValue);
    if (r.timeUnit === null) w.null();
    else w.encoded(TIME_UNITS.get(r.timeUnit)!);
    w.decimal(r.percentOfWorkingTime);
    w.decimal(r.hoursPerYear);
    w.decimal(r.staffCount);
  }
}

/** One staged target as a binary COPY row, in the order of `STAGED_TARGET_COLUMNS`. */
function writeTarget(w: CopyBinaryWriter, r: StagedTarget): void {
  w.row(STAGED_TARGET_COLUMNS.length);
  w.int2(r.sheetNo);
  w.text(r.sheet);
  w.int4(r.rowNo);
  w.text(r.column);
  w.text(r.unitCode);
  w.text(r.indicator);
  w.int2(r.year);
  w.decimal(r.value);
  w.text(r.source);
  w.text(r.document);
  w.decimal(r.priority);
}

/**
 * The validation job of a standards or targets submission: streams the file through the row
 * rules into a COPY of the submission's own rows table, runs the set-based rules in SQL and
 * computes the dry-run diff. All or nothing: one broken rule anywhere and no row is kept.
 * Idempotent: a retry rebuilds what an earlier attempt staged.
 */
@Injectable()
export class StandardsValidationService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async validate(
    submissionId: string,
    onProgress: (percent: number) => Promise<void> = async () => {},
  ): Promise<StandardsValidationOutcome | null> {
    const [claimed] = (
      await this.db.query(
        `UPDATE standards_submission SET status = 'VALIDATING', validation_started_at = now(), progress = 1, failure = NULL
        WHERE id = $1 AND status IN ('UPLOADED', 'VALIDATING')
        RETURNING kind, agency_id AS "agencyId", file_path AS "filePath", format`,
        [submissionId],
      )
    )[0] as Claimed[];
    // already validated, committed or failed for good: a redelivered job changes nothing
    if (!claimed) return null;
    if (!claimed.filePath) throw new Error(`the uploaded file of submission ${submissionId} is gone`);
    await this.db.query('DELETE FROM standards_submission_error WHERE submission_id = $1', [submissionId]);

    const t0 = Date.now();
    const { rowCount, sheets, staged } = await this.stage(submissionId, claimed);
    await onProgress(60);
    const t1 = Date.now();
    // the targets' set-based rules run over the rows that passed the row rules, so one report names every error
    if (staged && claimed.kind === 'TARGETS') await this.bulk((tx) => stagedRuleErrors(tx, claimed.kind, submissionId, claimed.agencyId));
    const errorCount = await this.errorCount(submissionId);
    const t2 = Date.now();
    const [{ summary }] = (await this.db.query(
      `SELECT coalesce(jsonb_object_agg(rule, n), '{}'::jsonb) AS summary
         FROM (SELECT rule, count(*)::int AS n FROM standards_submission_error WHERE submission_id = $1 GROUP BY rule) e`,
      [submissionId],
    )) as Array<{ summary: Record<string, number> }>;

    let status: ImportStatus;
    if (errorCount > 0) {
      status = 'INVALID';
      await dropImportRows(this.db, claimed.kind, submissionId);
      await this.db.query(
        `UPDATE standards_submission SET status = 'INVALID', progress = 100, row_count = $2, error_count = $3, error_summary = $4, sheets = $5,
                validated_at = now(), file_path = NULL WHERE id = $1`,
        [submissionId, rowCount, errorCount, JSON.stringify(summary), JSON.stringify(sheets)],
      );
    } else {
      status = 'VALIDATED';
      const { diff, base } = await this.bulk(async (tx) => ({
        base: await currentImportVersion(tx, claimed.kind, claimed.agencyId),
        diff: await diffImport(tx, claimed.kind, submissionId, claimed.agencyId),
      }));
      await this.db.query(
        `UPDATE standards_submission SET status = 'VALIDATED', progress = 100, row_count = $2, error_count = 0, error_summary = '{}', sheets = $3,
                diff = $4, base_version = $5, validated_at = now(), file_path = NULL WHERE id = $1`,
        [submissionId, rowCount, JSON.stringify(sheets), JSON.stringify(diff), base],
      );
    }
    await rm(claimed.filePath, { force: true });
    await onProgress(100);
    return { status, rowCount, errorCount, timings: { stageMs: t1 - t0, rulesMs: t2 - t1, diffMs: Date.now() - t2 } };
  }

  /** Marks a submission FAILED after the last attempt (the database or the disk, not the file, failed). */
  async fail(submissionId: string, message: string): Promise<void> {
    const [rows] = (await this.db.query(
      `UPDATE standards_submission SET status = 'FAILED', failure = $2, validated_at = now()
        WHERE id = $1 AND status IN ('UPLOADED', 'VALIDATING') RETURNING kind, file_path AS "filePath"`,
      [submissionId, message],
    )) as [Array<{ kind: ImportKind; filePath: string | null }>, number];
    if (rows[0]) await dropImportRows(this.db, rows[0].kind, submissionId);
    if (rows[0]?.filePath) await rm(rows[0].filePath, { force: true });
  }

  private async errorCount(submissionId: string): Promise<number> {
    const [{ n }] = (await this.db.query('SELECT count(*)::int AS n FROM standards_submission_error WHERE submission_id = $1', [
      submissionId,
    ])) as Array<{ n: number }>;
    return n;
  }

  /**
   * Reader → row rules → COPY into the submission's own rows table, created in the COPY's
   * transaction (rows written frozen; a file that cannot be read leaves no table). Row errors
   * go to their table in batches.
   */
  private async stage(submissionId: string, sub: Claimed): Promise<{ rowCount: number; sheets: SheetReport[]; staged: boolean }> {
    const runner = this.db.createQueryRunner();
    const client = (await runner.connect()) as PoolClient;
    const problems: RowProblem[] = [];
    let rowCount = 0;
    const rules = sub.kind === 'STANDARDS' ? new StandardSetRules(await this.scope(sub.agencyId)) : null;
    try {
      await runner.startTransaction();
      const table = await createImportRows(runner, sub.kind, submissionId);
      const columns = sub.kind === 'STANDARDS' ? STAGED_STANDARD_COLUMNS : STAGED_TARGET_COLUMNS;
      const out = new CopyBinaryWriter();
      const activities = new ActivityRows();
      let sheets: SheetReport[] = [];
      try {
        await copyBinaryIn(
          client,
          `COPY ${table} (${columns.join(', ')}) FROM STDIN WITH (FORMAT binary, FREEZE)`,
          async (copy) => {
            const flush = async (end = false): Promise<void> => {
              copy.send(out, end);
              await copy.ready();
              if (problems.length >= ERROR_FLUSH) await this.insertErrors(submissionId, problems.splice(0));
            };
            sheets = await readImportFile(
              sub.filePath!,
              sub.format,
              sub.kind,
              {
                activity: (r) => {
                  rowCount++;
                  const { ordinal, problems: broken } = rules!.row(r);
                  if (broken) problems.push(...broken);
                  r.ordinal = ordinal;
                  activities.write(out, r);
                },
                target: (r) => {
                  rowCount++;
                  writeTarget(out, r);
                },
                problem: (p) => {
                  problems.push(p);
                },
              },
              () => flush(),
            );
            if (rules) problems.push(...rules.finish());
            await flush(true);
          },
          COPY_QUEUE_BYTES,
        );
      } catch (e) {
        await runner.rollbackTransaction();
        if (!(e instanceof RosterFileError)) throw e;
        await this.insertErrors(submissionId, [
          { sheet: '', rowNo: 0, column: '', rule: 'FILE_UNREADABLE', value: null, message: e.message },
        ]);
        return { rowCount, sheets: [], staged: false };
      }
      await runner.commitTransaction();
      await this.insertErrors(submissionId, problems);
      return { rowCount, sheets, staged: true };
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
    }
  }

  /** The catalogue and the agency's units, which every row of a standards file is checked against. */
  private async scope(agencyId: string | null): Promise<{ positions: Set<string>; units: Set<string> | null; agencyCode: string | null }> {
    const positions = (await this.db.query('SELECT code FROM position')) as Array<{ code: string }>;
    if (!agencyId) return { positions: new Set(positions.map((p) => p.code)), units: null, agencyCode: null };
    const units = (await this.db.query(
      'SELECT u.code, a.code AS agency FROM agency a LEFT JOIN org_unit u ON u.agency_id = a.id WHERE a.id = $1',
      [agencyId],
    )) as Array<{ code: string | null; agency: string }>;
    return {
      positions: new Set(positions.map((p) => p.code)),
      units: new Set(units.flatMap((u) => (u.code ? [u.code] : []))),
      agencyCode: units[0]?.agency ?? null,
    };
  }

  private async insertErrors(submissionId: string, errors: RowProblem[]): Promise<void> {
    if (errors.length === 0) return;
    const clean = (s: string | null): string | null => (s === null ? null : s.replace(/\0/g, ''));
    await this.db.query(
      `INSERT INTO standards_submission_error (submission_id, sheet, row_no, column_name, rule, value, message)
       SELECT $1, * FROM unnest($2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[])`,
      [
        submissionId,
        errors.map((e) => e.sheet),
        errors.map((e) => e.rowNo),
        errors.map((e) => e.column),
        errors.map((e) => e.rule),
        errors.map((e) => clean(e.value)),
        errors.map((e) => e.message),
      ],
    );
  }

  /** Set-based work over up to millions of rows: sorts and hashes in memory rather than on disk. */
  private bulk<T>(work: (tx: { query(sql: string, params?: unknown[]): Promise<unknown> }) => Promise<T>): Promise<T> {
    return this.db.transaction(async (tx) => {
      await tx.query(`SET LOCAL work_mem = '${BULK_WORK_MEM}'`);
      // no statistics on the staged rows: hash joins, not sorts for merge joins
      await tx.query('SET LOCAL enable_mergejoin = off');
      return work(tx);
    });
  }
}
