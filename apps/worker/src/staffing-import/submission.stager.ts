import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { stat } from 'node:fs/promises';
import type { PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import type { RetirementAgeRule } from '@formasi/planning';
import { ClaimedSubmission, copyBinaryIn, createRosterRows, isDatabaseOutage, StaffingSubmissionRepository } from '@formasi/database';
import { CsvSink, HeaderMapping, mapHeader, RosterFileError, scanRosterFile, STAFFING_COLUMNS } from '@formasi/staffing';
import { CatalogPosition, RowCheckContext, RowError, StaffingRule } from './staffing-row.checker';
import { STAGED_COLUMNS, StaffingRowStager } from './staffing-row.stager';

export const DIFF_SAMPLE_SIZE = 20;
const ERROR_FLUSH = 5000;
/** How far the worker may run ahead of PostgreSQL's COPY, in bytes of encoded rows. */
const COPY_QUEUE_BYTES = 16 << 20;

export interface StagedFile {
  rowCount: number;
  /** null when the file could not be read or its header lacks required columns: nothing was staged. */
  mapping: HeaderMapping | null;
  /** The staged rows' smallest NIPs, the diff's sample when there is no current version. */
  firstNips: string[];
}

/** The first step of a validation: the file, checked row by row, into the submission's own rows table. */
@Injectable()
export class SubmissionStager {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly submissions: StaffingSubmissionRepository,
  ) {}

  /**
   * Parse → per-row rules → binary COPY into the submission's own rows table, overlapped: the
   * worker checks the next chunk while PostgreSQL stores the last. The table is created in the
   * COPY's transaction, so the rows are written frozen and a file that cannot be read leaves no
   * table behind. Errors go to their table in batches.
   */
  async stage(submissionId: string, sub: ClaimedSubmission, progress: (percent: number) => Promise<void>): Promise<StagedFile> {
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
      try {
        await copyBinaryIn(
          client,
          `COPY ${table} (${STAGED_COLUMNS}) FROM STDIN WITH (FORMAT binary, FREEZE)`,
          async (copy) => {
            await scanRosterFile(sub.filePath!, sub.format, sink, async (bytesRead) => {
              const stager = file.stager;
              if (!stager) return file.mapping === null;
              // PostgreSQL stores while the worker checks the next chunk: only a long queue waits
              copy.send(stager.out);
              await copy.ready();
              if (stager.errors.length >= ERROR_FLUSH) await this.submissions.insertErrors(submissionId, stager.errors.splice(0));
              if (bytesRead > 0) await progress(Math.min(70, 2 + Math.floor((68 * bytesRead) / size)));
              return true;
            });
            // without the required columns nothing is stored
            if (!file.stager || !file.mapping) return false;
            copy.send(file.stager.out, true);
          },
          COPY_QUEUE_BYTES,
        );
      } catch (e) {
        // a COPY that never ends stores nothing; the file error is reported like a row error
        // a lost connection took its transaction with it (and TypeORM releases its runner): its error says what happened
        if (isDatabaseOutage(e)) throw e;
        await runner.rollbackTransaction();
        if (!(e instanceof RosterFileError)) throw e;
        await this.submissions.clearErrors(submissionId);
        const rows = file.stager?.rows ?? 0;
        await this.submissions.insertErrors(submissionId, [
          { rowNo: rows + 2, column: '', rule: StaffingRule.FILE_UNREADABLE, value: '', message: e.message },
        ]);
        return { rowCount: rows, mapping: null, firstNips: [] };
      }
      const { stager, mapping } = file;
      if (!stager || !mapping) {
        await runner.rollbackTransaction();
        await this.submissions.insertErrors(submissionId, this.headerErrors(mapping));
        return { rowCount: 0, mapping: null, firstNips: [] };
      }
      await runner.commitTransaction();
      await this.submissions.insertErrors(submissionId, [...stager.errors.splice(0), ...stager.duplicates()]);
      await progress(70);
      return { rowCount: stager.rows, mapping, firstNips: stager.smallestNips(DIFF_SAMPLE_SIZE) };
    } finally {
      if (!runner.isReleased) {
        if (runner.isTransactionActive) await runner.rollbackTransaction();
        await runner.release();
      }
    }
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

  /** MISSING_COLUMN for each required column the header row lacks (all of them without a header). */
  private headerErrors(mapping: HeaderMapping | null): RowError[] {
    const missing = mapping ? mapping.missing : STAFFING_COLUMNS.filter((c) => c.required).map((c) => c.field);
    return missing.map((f) => {
      const spec = STAFFING_COLUMNS.find((c) => c.field === f)!;
      return {
        rowNo: 1,
        column: spec.headers[0]!,
        rule: StaffingRule.MISSING_COLUMN,
        value: '',
        message: `the header row needs a ${spec.headers.join(' / ')} column`,
      };
    });
  }
}
