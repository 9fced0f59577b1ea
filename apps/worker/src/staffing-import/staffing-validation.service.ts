import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { once } from 'node:events';
import { rm, stat } from 'node:fs/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DataSource, EntityManager } from 'typeorm';
import type { RetirementAgeRule } from '@formasi/planning';
import { createRosterRows, currentRosterIds, currentRostersFrom, currentRosterVersion, dropRosterRows, isDatabaseOutage, rosterRowsTable } from '@formasi/database';
import type { StaffingDiff, StaffingDiffEntry, StaffingFileFormat, StaffingSubmissionStatus } from '@formasi/database';
import { CsvSink, HeaderMapping, mapHeader, RosterFileError, scanRosterFile, STAFFING_COLUMNS } from '@formasi/staffing';
import { diffRowsSql, stagedDiffSql } from './staffing-diff.sql';
import { CatalogPosition, RowCheckContext, RowError, StaffingRule } from './staffing-row.checker';
import { STAGED_COLUMNS, StaffingRowStager } from './staffing-row.stager';

export const DIFF_SAMPLE_SIZE = 20;
const ERROR_FLUSH = 5000;
const BULK_WORK_MEM = '256MB';
/** How far the worker may run ahead of PostgreSQL's COPY, in bytes of encoded rows. */
const COPY_QUEUE_BYTES = 16 << 20;

export interface ValidationOutcome {
  status: StaffingSubmissionStatus;
  rowCount: number;
  errorCount: number;
  transferCount: number;
  /** Milliseconds per phase: parse + per-row rules + COPY, set-based rules, diff. */
  timings: { stageMs: number; rulesMs: number; diffMs: number };
}

interface ClaimedSubmission {
  agencyId: string;
  filePath: string | null;
  format: StaffingFileFormat;
  asOf: string;
}

const FIELD_OF_COLUMN: Record<string, string> = {
  name: 'name', birth_date: 'birthDate', sex: 'sex', employment_type: 'employmentType', position_code: 'positionCode',
  unit_code: 'unitCode', tmt: 'tmt', contract_end: 'contractEnd', category: 'category', level: 'level',
};

function diffEntry(nip: string, cur: Record<string, string | null> | null, next: Record<string, string | null> | null): StaffingDiffEntry {
  const from: Record<string, string | null> = {};
  const to: Record<string, string | null> = {};
  const fields: string[] = [];
  for (const [column, field] of Object.entries(FIELD_OF_COLUMN)) {
    const a = cur ? (cur[column] ?? null) : null;
    const b = next ? (next[column] ?? null) : null;
    if (cur && next && a === b) continue;
    fields.push(field);
    if (cur) from[field] = a;
    if (next) to[field] = b;
  }
  return { nip, name: (next?.name ?? cur?.name ?? '') as string, fields, from, to };
}

/**
 * The validation job of a staffing submission: streams the file through the per-row rules into
 * a COPY of the submission's own rows table, runs the set-based rules in SQL and computes the
 * dry-run diff.
 * Idempotent: a retry clears what an earlier attempt staged.
 */
@Injectable()
export class StaffingValidationService {
  private readonly logger = new Logger(StaffingValidationService.name);

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async validate(submissionId: string, onProgress: (percent: number) => Promise<void> = async () => {}): Promise<ValidationOutcome | null> {
    const [claimed] = (await this.db.query(
      `UPDATE staffing_submission SET status = 'VALIDATING', validation_started_at = now(), progress = 1, failure = NULL
        WHERE id = $1 AND status IN ('UPLOADED', 'VALIDATING')
        RETURNING agency_id AS "agencyId", file_path AS "filePath", format, to_char(as_of, 'YYYY-MM-DD') AS "asOf"`,
      [submissionId],
    ))[0] as ClaimedSubmission[];
    // already validated, committed or failed for good: a redelivered job changes nothing
    if (!claimed) return null;
    if (!claimed.filePath) throw new Error(`the uploaded file of submission ${submissionId} is gone`);
    await this.db.query('DELETE FROM staffing_submission_error WHERE submission_id = $1', [submissionId]);

    let lastPercent = 1;
    const progress = async (percent: number): Promise<void> => {
      if (percent < lastPercent + 5 && percent < 100) return;
      lastPercent = percent;
      await this.db.query('UPDATE staffing_submission SET progress = $2 WHERE id = $1 AND progress < $2', [submissionId, percent]);
      await onProgress(percent);
    };

    const t0 = Date.now();
    const { rowCount, mapping, firstNips } = await this.stage(submissionId, claimed, progress);
    const t1 = Date.now();
    // no ANALYZE: the planner sizes a table it has no statistics of by its pages, which is enough for hash joins
    if (mapping) await this.bulk((tx) => this.setBasedRules(tx, submissionId, claimed.agencyId, mapping));
    await progress(85);
    const t2 = Date.now();

    const [counts] = (await this.db.query(
      `SELECT coalesce(sum(n) FILTER (WHERE severity = 'ERROR'), 0)::int AS "errorCount",
              coalesce(sum(n) FILTER (WHERE severity = 'TRANSFER'), 0)::int AS "transferCount",
              coalesce(jsonb_object_agg(rule, n), '{}'::jsonb) AS summary
         FROM (SELECT rule, severity, count(*)::int AS n FROM staffing_submission_error WHERE submission_id = $1 GROUP BY rule, severity) e`,
      [submissionId],
    )) as Array<{ errorCount: number; transferCount: number; summary: Record<string, number> }>;
    const { errorCount, transferCount, summary } = counts!;

    let status: StaffingSubmissionStatus;
    if (errorCount > 0) {
      status = 'INVALID';
      // nothing can be committed from these rows; the error table keeps what the report needs
      await dropRosterRows(this.db, submissionId);
      await this.db.query(
        `UPDATE staffing_submission SET status = 'INVALID', progress = 100, row_count = $2, error_count = $3, transfer_count = $4,
                error_summary = $5, validated_at = now(), file_path = NULL WHERE id = $1`,
        [submissionId, rowCount, errorCount, transferCount, JSON.stringify(summary)],
      );
    } else {
      status = 'VALIDATED';
      const [base] = (await this.db.query(
        `SELECT coalesce(max(version), 0)::int AS v FROM staffing_submission WHERE agency_id = $1 AND status IN ('COMMITTED', 'SUPERSEDED')`,
        [claimed.agencyId],
      )) as Array<{ v: number }>;
      const diff = await this.bulk((tx) => this.diff(tx, submissionId, claimed.agencyId, rowCount, firstNips));
      await this.db.query(
        `UPDATE staffing_submission SET status = 'VALIDATED', progress = 100, row_count = $2, error_count = 0, transfer_count = $3,
                error_summary = $4, diff = $5, base_version = $6, validated_at = now(), file_path = NULL WHERE id = $1`,
        [submissionId, rowCount, transferCount, JSON.stringify(summary), JSON.stringify(diff), base!.v],
      );
    }
    await rm(claimed.filePath, { force: true });
    await onProgress(100);
    return { status, rowCount, errorCount, transferCount, timings: { stageMs: t1 - t0, rulesMs: t2 - t1, diffMs: Date.now() - t2 } };
  }

  /** Marks a submission FAILED after the last attempt (the database or the disk, not the file, failed). */
  async fail(submissionId: string, message: string): Promise<void> {
    const [rows] = (await this.db.query(
      `UPDATE staffing_submission SET status = 'FAILED', failure = $2, validated_at = now()
        WHERE id = $1 AND status IN ('UPLOADED', 'VALIDATING') RETURNING file_path AS "filePath"`,
      [submissionId, message],
    )) as [Array<{ filePath: string | null }>, number];
    await dropRosterRows(this.db, submissionId);
    if (rows[0]?.filePath) await rm(rows[0].filePath, { force: true });
  }

  private async loadContext(agencyId: string): Promise<Omit<RowCheckContext, 'mapping' | 'asOf'>> {
    const [{ code: agencyCode, units }] = (await this.db.query(
      `SELECT a.code, coalesce(array_agg(u.code) FILTER (WHERE u.code IS NOT NULL), '{}') AS units
         FROM agency a LEFT JOIN org_unit u ON u.agency_id = a.id WHERE a.id = $1 GROUP BY a.code`,
      [agencyId],
    )) as Array<{ code: string; units: string[] }>;
    const positions = (await this.db.query(
      'SELECT code, category, level, retirement_age_override AS "retirementAgeOverride" FROM position',
    )) as Array<CatalogPosition & { code: string }>;
    const [policy] = (await this.db.query(
      'SELECT retirement_ages AS "retirementAges" FROM planning_policy WHERE agency_id = $1 OR agency_id IS NULL ORDER BY agency_id NULLS LAST LIMIT 1',
      [agencyId],
    )) as Array<{ retirementAges: RetirementAgeRule[] }>;
    return {
      positions: new Map(positions.map(({ code, ...p }) => [code, p])),
      units: new Set(units),
      agencyCode,
      retirementAges: policy?.retirementAges ?? null,
    };
  }

  /**
   * Parse → per-row rules → binary COPY into the submission's own rows table, overlapped: the
   * worker checks the next chunk while PostgreSQL stores the last. The table is created in the
   * COPY's transaction, so the rows are written frozen and a file that cannot be read leaves no
   * table behind. Errors go to their table in batches.
   */
  private async stage(
    submissionId: string,
    sub: ClaimedSubmission,
    progress: (percent: number) => Promise<void>,
  ): Promise<{ rowCount: number; mapping: HeaderMapping | null; firstNips: string[] }> {
    const ctx = await this.loadContext(sub.agencyId);
    const { size } = await stat(sub.filePath!);
    // the header comes first and decides the columns; without the required ones nothing is read
    const file: { mapping: HeaderMapping | null; stager: StaffingRowStager | null } = { mapping: null, stager: null };
    const sink: CsvSink = {
      fields: (buf, at, count, rowNo) => (file.stager ? file.stager.fields(buf, at, count, rowNo) : false),
      cells: (cells, rowNo) => {
        if (file.stager) return file.stager.cells(cells, rowNo);
        if (file.mapping) return;
        file.mapping = mapHeader(cells);
        if (file.mapping.missing.length === 0) file.stager = new StaffingRowStager({ ...ctx, mapping: file.mapping, asOf: sub.asOf });
      },
    };

    const runner = this.db.createQueryRunner();
    const client = (await runner.connect()) as PoolClient;
    try {
      await runner.startTransaction();
      const table = await createRosterRows(runner, submissionId);
      const copy = client.query(copyFrom(`COPY ${table} (${STAGED_COLUMNS}) FROM STDIN WITH (FORMAT binary, FREEZE)`));
      const done = new Promise<void>((resolve, reject) => {
        copy.on('finish', resolve);
        copy.on('error', reject);
      });
      // the COPY can fail while the file is still being read (the connection lost): keep its error
      // for the next chunk instead of leaving a rejection no one awaits, which would end the process
      let copyError: unknown = null;
      done.catch((e: unknown) => (copyError = e ?? new Error('COPY failed')));
      const send = async (stager: StaffingRowStager, end: boolean): Promise<void> => {
        if (copyError) throw copyError;
        // PostgreSQL stores while the worker checks the next chunk: only a long queue waits
        for (const chunk of stager.out.take(end)) copy.write(chunk);
        if (copy.writableLength > COPY_QUEUE_BYTES) await Promise.race([once(copy, 'drain'), done]);
      };
      try {
        await scanRosterFile(sub.filePath!, sub.format, sink, async (bytesRead) => {
          const stager = file.stager;
          if (!stager) return file.mapping === null;
          await send(stager, false);
          if (stager.errors.length >= ERROR_FLUSH) await this.insertErrors(submissionId, stager.errors.splice(0));
          if (bytesRead > 0) await progress(Math.min(70, 2 + Math.floor((68 * bytesRead) / size)));
          return true;
        });
      } catch (e) {
        // a COPY that never ends stores nothing; the file error is reported like a row error
        copy.destroy(e instanceof Error ? e : new Error(String(e)));
        await done.catch(() => undefined);
        // a lost connection took its transaction with it (and TypeORM releases its runner): its error says what happened
        if (isDatabaseOutage(e)) throw e;
        await runner.rollbackTransaction();
        if (!(e instanceof RosterFileError)) throw e;
        await this.db.query('DELETE FROM staffing_submission_error WHERE submission_id = $1', [submissionId]);
        const rows = file.stager?.rows ?? 0;
        await this.insertErrors(submissionId, [{ rowNo: rows + 2, column: '', rule: StaffingRule.FILE_UNREADABLE, value: '', message: e.message }]);
        return { rowCount: rows, mapping: null, firstNips: [] };
      }
      const { stager, mapping } = file;
      if (!stager || !mapping) {
        copy.destroy(new Error('no rows to store'));
        await done.catch(() => undefined);
        await runner.rollbackTransaction();
        await this.insertErrors(submissionId, this.headerErrors(mapping));
        return { rowCount: 0, mapping: null, firstNips: [] };
      }
      await send(stager, true);
      copy.end();
      await done;
      await runner.commitTransaction();
      await this.insertErrors(submissionId, [...stager.errors.splice(0), ...stager.duplicates()]);
      await progress(70);
      return { rowCount: stager.rows, mapping, firstNips: stager.smallestNips(DIFF_SAMPLE_SIZE) };
    } finally {
      if (!runner.isReleased) {
        if (runner.isTransactionActive) await runner.rollbackTransaction();
        await runner.release();
      }
    }
  }

  /** MISSING_COLUMN for each required column the header row lacks (all of them without a header). */
  private headerErrors(mapping: HeaderMapping | null): RowError[] {
    const missing = mapping ? mapping.missing : STAFFING_COLUMNS.filter((c) => c.required).map((c) => c.field);
    return missing.map((f) => {
      const spec = STAFFING_COLUMNS.find((c) => c.field === f)!;
      return { rowNo: 1, column: spec.headers[0]!, rule: StaffingRule.MISSING_COLUMN, value: '', message: `the header row needs a ${spec.headers.join(' / ')} column` };
    });
  }

  private async insertErrors(submissionId: string, errors: RowError[]): Promise<void> {
    if (errors.length === 0) return;
    await this.db.query(
      `INSERT INTO staffing_submission_error (submission_id, row_no, column_name, rule, value, message, severity)
       SELECT $1, * , 'ERROR' FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[])`,
      [submissionId, errors.map((e) => e.rowNo), errors.map((e) => e.column), errors.map((e) => e.rule), errors.map((e) => e.value.replace(/\0/g, '')), errors.map((e) => e.message)],
    );
  }

  /** Set-based work over up to millions of rows: sorts and hashes in memory rather than on disk. */
  private bulk<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(async (tx) => {
      await tx.query(`SET LOCAL work_mem = '${BULK_WORK_MEM}'`);
      return work(tx);
    });
  }

  /** The rule that needs other agencies' rosters: one INSERT … SELECT over the staged rows. */
  private async setBasedRules(tx: EntityManager, submissionId: string, agencyId: string, mapping: HeaderMapping): Promise<void> {
    const others = await currentRosterIds(tx, agencyId);
    if (others.length === 0) return;
    const insert = `INSERT INTO staffing_submission_error (submission_id, row_no, column_name, rule, value, message, severity)`;
    await tx.query(
      `${insert} SELECT $1, s.row_no, $2, '${StaffingRule.NIP_ACTIVE_ELSEWHERE}', s.nip,
              'NIP ' || s.nip || ' is in post in agency ' || a.code || '; confirm the transfer when committing', 'TRANSFER'
         FROM ${rosterRowsTable(submissionId)} s JOIN ${currentRostersFrom('$3')} ON r.nip = s.nip JOIN agency a ON a.id = cur.agency_id`,
      [submissionId, mapping.label.nip, others],
    );
  }

  /** `firstNips`: the staged rows' smallest NIPs, the sample when there is no current version to compare with. */
  private async diff(tx: EntityManager, submissionId: string, agencyId: string, rowCount: number, firstNips: string[]): Promise<StaffingDiff> {
    type Kind = { kind: 'joiners' | 'leavers' | 'moves' | 'changed'; total: number; nip: string };
    type Side = Record<string, string | null> & { nip: string };
    const base = await currentRosterVersion(tx, agencyId);
    const stagedTable = rosterRowsTable(submissionId);
    let kinds: Kind[], current: Side[], staged: Side[];
    if (base) {
      const baseTable = rosterRowsTable(base.id);
      // without statistics (none are gathered: see validate) the planner sorts both sides for a merge join; hashing is twice as fast
      await tx.query('SET LOCAL enable_mergejoin = off');
      kinds = (await tx.query(stagedDiffSql(stagedTable, baseTable), [DIFF_SAMPLE_SIZE])) as Kind[];
      const nips = kinds.map((k) => k.nip);
      current = (await tx.query(diffRowsSql(baseTable), [nips])) as Side[];
      staged = (await tx.query(diffRowsSql(stagedTable), [nips])) as Side[];
    } else {
      // a first roster: every row joins
      staged = (await tx.query(diffRowsSql(stagedTable), [firstNips])) as Side[];
      kinds = firstNips.map((nip) => ({ kind: 'joiners', total: rowCount, nip }));
      current = [];
    }
    const curBy = new Map(current.map((r) => [r.nip, r]));
    const newBy = new Map(staged.map((r) => [r.nip, r]));
    const diff: StaffingDiff = { unchanged: 0, joiners: 0, leavers: 0, moves: 0, changed: 0, sample: { joiners: [], leavers: [], moves: [], changed: [] } };
    for (const k of kinds) {
      diff[k.kind] = k.total;
      diff.sample[k.kind].push(diffEntry(k.nip, curBy.get(k.nip) ?? null, newBy.get(k.nip) ?? null));
    }
    diff.unchanged = rowCount - diff.joiners - diff.moves - diff.changed;
    return diff;
  }
}
