import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import ExcelJS from 'exceljs';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DataSource } from 'typeorm';
import { InputValidationError } from '../common/domain-error';
import { csvField, spreadsheetCell } from '@formasi/staffing';
import { FinishedRun, requireFinishedRun } from '../plan-runs/finished-run';

export type ExportLanguage = 'id' | 'en';
export const EXPORT_LANGUAGES: readonly ExportLanguage[] = ['id', 'en'];

/** Headers of a needs proposal (usulan kebutuhan); Indonesian is what agencies submit. */
const LABELS: Record<ExportLanguage, Record<string, string>> = {
  id: {
    agency: 'Instansi',
    unit: 'Unit Kerja',
    position: 'Jabatan',
    category: 'Kategori',
    level: 'Jenjang',
    existing: 'Pegawai yang Ada',
    required: 'Kebutuhan',
    retirements: 'Pensiun',
    formation: 'Formasi',
    year: 'Tahun',
    total: 'Jumlah',
    summary: 'Ringkasan',
    attrition: 'Keluar (orang)',
    expectedAttrition: 'Perkiraan Keluar',
  },
  en: {
    agency: 'Agency',
    unit: 'Unit',
    position: 'Position',
    category: 'Category',
    level: 'Level',
    existing: 'Existing',
    required: 'Required',
    retirements: 'Retirements',
    formation: 'Formation',
    year: 'Year',
    total: 'Total',
    summary: 'Summary',
    attrition: 'Attrition (persons)',
    expectedAttrition: 'Expected attrition',
  },
};

/** One position × unit of a run with its figures per plan year, in year order. */
/** A finished run as one caller may export it: `agencyIds` null = every agency. */
export interface ExportedRun extends FinishedRun {
  agencyIds: string[] | null;
}

interface ProposalRow {
  agencyCode: string;
  unitCode: string | null;
  positionCode: string;
  category: string;
  level: string | null;
  years: number[];
  existing: number[];
  required: number[];
  retirements: number[];
  formation: number[];
  attrition: number[];
  expectedAttrition: number[];
}

/**
 * A run's formation plan in the layout of an agency's needs proposal, streamed page by page
 * along (agency, unit, position) so a national run is never held in memory.
 */
@Injectable()
export class FormationExportService {
  /** Cells per keyset page: what a request holds in memory at a time. */
  pageRows = 1000;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** `agencyIds`: the caller's agencies (null = all); a limited caller exports their own part of a run. */
  async prepare(
    runId: string,
    lang: string | undefined,
    agencyIds: string[] | null = null,
  ): Promise<{ run: ExportedRun; lang: ExportLanguage }> {
    const language = (lang ?? 'id') as ExportLanguage;
    if (!EXPORT_LANGUAGES.includes(language))
      throw new InputValidationError([{ field: 'lang', message: `lang must be one of ${EXPORT_LANGUAGES.join(', ')}` }]);
    return { run: { ...(await requireFinishedRun(this.db, runId)), agencyIds }, lang: language };
  }

  /** Keyset pages of the run's cells, each with its plan years as arrays; `year` keeps one year only. */
  private async *rows(run: ExportedRun, year: number | null): AsyncGenerator<ProposalRow[]> {
    let after: [string, string, string] | null = null;
    for (;;) {
      const page: ProposalRow[] = await this.db.query(
        `SELECT agency_code AS "agencyCode", unit_code AS "unitCode", position_code AS "positionCode", category, level,
                array_agg(year ORDER BY year) AS years, array_agg(existing::float8 ORDER BY year) AS existing,
                array_agg(required ORDER BY year) AS required, array_agg(retirements ORDER BY year) AS retirements,
                array_agg(formation ORDER BY year) AS formation, array_agg(attrition::float8 ORDER BY year) AS attrition,
                array_agg(expected_attrition::float8 ORDER BY year) AS "expectedAttrition"
           FROM plan_result
          WHERE run_id = $1 AND ($2::int IS NULL OR year = $2) AND ($7::uuid[] IS NULL OR agency_id = ANY($7))
            AND ($3::text IS NULL OR (agency_code, coalesce(unit_code, ''), position_code) > ($3, $4, $5))
          GROUP BY agency_code, unit_code, position_code, category, level
          ORDER BY agency_code, coalesce(unit_code, ''), position_code
          LIMIT $6`,
        [run.id, year, ...(after ?? [null, null, null]), this.pageRows, run.agencyIds],
      );
      if (page.length > 0) yield page;
      if (page.length < this.pageRows) return;
      const last = page[page.length - 1]!;
      after = [last.agencyCode, last.unitCode ?? '', last.positionCode];
    }
  }

  /**
   * One line per position and unit: existing at the start of the plan, then per year required,
   * retirements and formation, and attrition in whole persons beside the expected (decimal) attrition.
   */
  async writeCsv(run: ExportedRun, lang: ExportLanguage, out: Writable): Promise<void> {
    // pipeline waits for the client to drain each page and stops reading pages if it goes away
    await pipeline(Readable.from(this.csvPages(run, lang)), out);
  }

  private async *csvPages(run: ExportedRun, lang: ExportLanguage): AsyncGenerator<string> {
    const t = LABELS[lang];
    const years = [...run.years].sort((a, b) => a - b);
    const header = [
      t.agency,
      t.unit,
      t.position,
      t.category,
      t.level,
      t.existing,
      ...years.flatMap((y) => [
        `${t.required} ${y}`,
        `${t.retirements} ${y}`,
        `${t.formation} ${y}`,
        `${t.attrition} ${y}`,
        `${t.expectedAttrition} ${y}`,
      ]),
    ];
    yield '\uFEFF' + header.map(csvField).join(',') + '\r\n';
    for await (const page of this.rows(run, null)) {
      let chunk = '';
      for (const r of page) {
        const perYear = years.flatMap((y) => {
          const i = r.years.indexOf(y);
          if (i < 0) return ['', '', '', '', ''];
          return [
            String(r.required[i]),
            String(r.retirements[i]),
            String(r.formation[i]),
            String(r.attrition[i]),
            String(r.expectedAttrition[i]),
          ];
        });
        chunk +=
          [
            csvField(r.agencyCode),
            csvField(r.unitCode),
            csvField(r.positionCode),
            csvField(r.category),
            csvField(r.level),
            String(r.existing[0] ?? ''),
            ...perYear,
          ].join(',') + '\r\n';
      }
      yield chunk;
    }
  }

  /** One sheet per plan year, then a summary whose figures are formulas over the year sheets. */
  async writeXlsx(run: ExportedRun, lang: ExportLanguage, out: Writable): Promise<void> {
    const t = LABELS[lang];
    const years = [...run.years].sort((a, b) => a - b);
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    const totals: Array<{ year: number; lastRow: number; sums: number[] }> = [];
    for (const year of years) {
      const ws = wb.addWorksheet(String(year));
      ws.columns = [
        { header: t.agency, width: 14 },
        { header: t.unit, width: 14 },
        { header: t.position, width: 18 },
        { header: t.category, width: 14 },
        { header: t.level, width: 14 },
        { header: t.existing, width: 16 },
        { header: t.required, width: 12 },
        { header: t.retirements, width: 12 },
        { header: t.formation, width: 12 },
        { header: t.attrition, width: 12 },
        { header: t.expectedAttrition, width: 12 },
      ];
      ws.getRow(1).font = { bold: true };
      ws.getRow(1).commit();
      const sums = [0, 0, 0, 0];
      let lastRow = 1;
      // sheets are written one after the other: the zip cannot interleave them without buffering
      for await (const page of this.rows(run, year)) {
        for (const r of page) {
          const figures = [r.existing[0]!, r.required[0]!, r.retirements[0]!, r.formation[0]!];
          figures.forEach((v, i) => (sums[i]! += v));
          ws.addRow([
            spreadsheetCell(r.agencyCode),
            spreadsheetCell(r.unitCode),
            spreadsheetCell(r.positionCode),
            spreadsheetCell(r.category),
            spreadsheetCell(r.level),
            ...figures,
            r.attrition[0]!,
            r.expectedAttrition[0]!,
          ]).commit();
          lastRow++;
        }
        // let the zip flush the page to the client; stop reading pages once the client is gone
        await new Promise((resolve) => setImmediate(resolve));
        if (out.destroyed) return;
      }
      ws.commit();
      totals.push({ year, lastRow, sums });
    }

    const summary = wb.addWorksheet(t.summary);
    summary.columns = [
      { header: t.year, width: 10 },
      { header: t.existing, width: 16 },
      { header: t.required, width: 12 },
      { header: t.retirements, width: 12 },
      { header: t.formation, width: 12 },
    ];
    summary.getRow(1).font = { bold: true };
    summary.getRow(1).commit();
    for (const { year, lastRow, sums } of totals) {
      const sum = (col: string, i: number) => ({ formula: `SUM('${year}'!${col}2:${col}${Math.max(lastRow, 2)})`, result: sums[i]! });
      summary.addRow([year, sum('F', 0), sum('G', 1), sum('H', 2), sum('I', 3)]).commit();
    }
    // retirements and formation add up over the plan years; headcounts do not
    const end = totals.length + 1;
    summary
      .addRow([
        t.total,
        null,
        null,
        { formula: `SUM(D2:D${end})`, result: totals.reduce((s, x) => s + x.sums[2]!, 0) },
        { formula: `SUM(E2:E${end})`, result: totals.reduce((s, x) => s + x.sums[3]!, 0) },
      ])
      .commit();
    summary.commit();
    await wb.commit();
  }
}
