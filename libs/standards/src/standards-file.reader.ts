import ExcelJS from 'exceljs';
import {
  checkXlsxArchive,
  fromSpreadsheetText,
  RosterFileError,
  scanRosterFile,
  XLSX_LIMITS,
  workbookReader,
  XLSX_STALL_MS,
  XlsxArchive,
  XlsxArchiveError,
  xlsxSheets,
} from '@formasi/staffing';

/** Standards workbooks hold every position's sheet in one archive: a larger unpacked size than a roster's. */
const STANDARDS_XLSX_LIMITS = { ...XLSX_LIMITS, maxUnpackedBytes: 256 * 1024 * 1024 };
import {
  HeaderMap,
  KIND_WORDS,
  mapHeaders,
  normalizeHeader,
  STANDARD_COLUMNS,
  StandardField,
  TARGET_COLUMNS,
  TARGET_READING_COLUMNS,
  TargetField,
  yearOfHeader,
} from './standards-columns';
import { checkStandardRow, parseDecimal, RowProblem, StagedActivity, StagedTarget, targetProblems } from './standards-rows';

export type ImportKind = 'STANDARDS' | 'TARGETS';
/**
 * The layouts recognised: a long table of activities (one row each, the template's), the ABK
 * worksheet (one sheet per position, its code in a header block above the task table), and
 * targets as a long table (one row per year) or wide (one column per year).
 */
export type SheetLayout = 'STANDARDS_LONG' | 'ABK_WORKSHEET' | 'TARGETS_LONG' | 'TARGETS_WIDE';

export interface ImportSink {
  activity(row: StagedActivity): void;
  target(row: StagedTarget): void;
  problem(p: RowProblem): void;
}

export interface SheetReport {
  name: string;
  layout: SheetLayout | null;
  rows: number;
}

/** Sheets of a template or export that are not data: the filled example, instructions, value lists. */
const SKIPPED_SHEET = /^(contoh|example|petunjuk|instructions?|daftar|lists?)\b/i;
/** How many rows a header block above an ABK task table may take. */
const MAX_HEADER_ROWS = 40;
/** Columns a long table may carry beside the documented ones (row numbers, notes). */
const NOTE_COLUMNS = ['no', 'nomor', 'keterangan', 'catatan', 'notes', 'note'];
/** ABK worksheets print computed columns beside the inputs (workload, staff needed): recomputed, not read. */
const FORMATTED_TOTAL = /^(jumlah|total|kebutuhan|jumlah_kebutuhan|total_kebutuhan)/;

/** Cells that make a row a task rather than a section heading. */
const VALUE_FIELDS: StandardField[] = [
  'annualVolume',
  'driverIndicator',
  'driverFactor',
  'timeStandard',
  'percentOfWorkingTime',
  'hoursPerYear',
  'staffCount',
];
const BLOCK_POSITION = ['kode_jabatan', 'position_code', 'kode_jabatan_fungsional'];
const BLOCK_UNIT = ['kode_unit', 'kode_unit_kerja', 'unit_code'];

/** One sheet's rows, recognised by its first header row; what comes before it is the header block. */
class SheetParser {
  layout: SheetLayout | null = null;
  rows = 0;
  private block: string[][] = [];
  private standards?: HeaderMap<StandardField>;
  private targets?: HeaderMap<TargetField>;
  private years: Array<{ index: number; year: number; label: string }> = [];
  private fixedPosition: string | null = null;
  private fixedUnit: string | null = null;
  private sectionKind: string | null = null;
  private ended = false;
  private gaveUp = false;

  constructor(
    private readonly kind: ImportKind,
    private readonly sheetNo: number,
    readonly name: string,
    private readonly sink: ImportSink,
  ) {}

  row(cells: string[], rowNo: number): void {
    if (this.gaveUp || this.ended) return;
    if (!this.layout) return this.header(cells, rowNo);
    this.rows++;
    if (this.layout === 'STANDARDS_LONG' || this.layout === 'ABK_WORKSHEET') this.standardRow(cells, rowNo);
    else this.targetRow(cells, rowNo);
  }

  private fail(rowNo: number, column: string, rule: string, message: string): void {
    this.sink.problem({ sheet: this.name, rowNo, column, rule, value: null, message });
  }

  private header(cells: string[], rowNo: number): void {
    if (this.kind === 'STANDARDS') {
      const map = mapHeaders(STANDARD_COLUMNS, cells, (h) => NOTE_COLUMNS.includes(h) || FORMATTED_TOTAL.test(h));
      if (map.index.activity >= 0 && (map.index.timeStandard >= 0 || map.index.percentOfWorkingTime >= 0 || map.index.hoursPerYear >= 0)) {
        this.standards = map;
        if (map.index.positionCode >= 0) {
          this.layout = 'STANDARDS_LONG';
          for (const u of map.unknown)
            this.fail(
              rowNo,
              u,
              'UNKNOWN_COLUMN',
              `column "${u}" is not one of the documented columns (see the template); rename or remove it`,
            );
        } else {
          this.layout = 'ABK_WORKSHEET';
          this.readBlock(rowNo);
        }
        return;
      }
    } else {
      const map = mapHeaders(TARGET_COLUMNS, cells, (h) => TARGET_READING_COLUMNS.includes(h) || yearOfHeader(h) !== null);
      if (map.index.indicator >= 0) {
        this.targets = map;
        this.years = cells
          .map((c, index) => ({ index, year: yearOfHeader(normalizeHeader(String(c))), label: String(c).trim() }))
          .filter((y): y is { index: number; year: number; label: string } => y.year !== null);
        if (map.index.year >= 0 || map.index.value >= 0) this.layout = 'TARGETS_LONG';
        else if (this.years.length > 0) this.layout = 'TARGETS_WIDE';
        if (this.layout) {
          for (const u of map.unknown)
            this.fail(
              rowNo,
              u,
              'UNKNOWN_COLUMN',
              `column "${u}" is not one of the documented columns (see the template); rename or remove it`,
            );
          if (this.layout === 'TARGETS_LONG') {
            for (const f of ['year', 'value'] as const)
              if (map.index[f] < 0) this.fail(rowNo, map.label[f], 'MISSING_COLUMN', `the long layout needs a column ${map.label[f]}`);
          }
          return;
        }
      }
    }
    this.block.push(cells);
    if (this.block.length > MAX_HEADER_ROWS) this.gaveUp = true;
  }

  /** "Kode Jabatan : ANALIS-KEBIJAKAN" in one cell, or label and value (with or without ":") in neighbouring cells. */
  private readBlock(headerRowNo: number): void {
    for (const cells of this.block) {
      const filled = cells.map((c) => String(c ?? '').trim()).filter((c) => c !== '' && c !== ':');
      if (filled.length === 0) continue;
      let [label, value] = [filled[0]!, filled[1] ?? ''];
      const colon = label.indexOf(':');
      if (colon > 0) [label, value] = [label.slice(0, colon), label.slice(colon + 1).trim() || value];
      value = value.replace(/^:\s*/, '');
      const key = normalizeHeader(label);
      if (BLOCK_POSITION.includes(key)) this.fixedPosition = value || null;
      if (BLOCK_UNIT.includes(key)) this.fixedUnit = value || null;
    }
    if (!this.fixedPosition) {
      this.fail(
        headerRowNo,
        'kode_jabatan',
        'POSITION_CODE_REQUIRED',
        'an ABK worksheet names its position above the task table: a row "Kode Jabatan : <code in the position catalogue>"',
      );
      this.gaveUp = true;
    }
  }

  private standardRow(cells: string[], rowNo: number): void {
    const map = this.standards!;
    const cell = (f: StandardField): string => {
      if (f === 'positionCode' && map.index.positionCode < 0) return this.fixedPosition ?? '';
      if (f === 'unitCode' && map.index.unitCode < 0) return this.fixedUnit ?? '';
      if (f === 'kind' && map.index.kind < 0) return this.sectionKind ?? '';
      const i = map.index[f];
      return i < 0 ? '' : String(cells[i] ?? '').trim();
    };
    if (this.layout === 'ABK_WORKSHEET') {
      const filled = cells.map((c) => String(c ?? '').trim()).filter((c) => c !== '');
      const label = cell('activity') || filled.join(' ');
      const words = normalizeHeader(label).replace(/^([a-h]|[ivx]+|\d+)_/, '');
      const values = VALUE_FIELDS.some((f) => map.index[f] >= 0 && String(cells[map.index[f]] ?? '').trim() !== '');
      // a section row ("A. Tugas Pokok") sets the kind of the rows below it
      if (KIND_WORDS[words] && !values) {
        this.sectionKind = words;
        return;
      }
      // the totals row closes the task table; what follows is the sheet's summary
      if (cell('activity') === '' && filled.some((c) => FORMATTED_TOTAL.test(normalizeHeader(c)))) {
        this.ended = true;
        return;
      }
    }
    const { row, problems } = checkStandardRow(cell, map.label, { sheetNo: this.sheetNo, sheet: this.name, rowNo }, map.impliedTimeUnit);
    for (const p of problems) this.sink.problem(p);
    if (row) this.sink.activity(row);
  }

  private targetRow(cells: string[], rowNo: number): void {
    const map = this.targets!;
    const text = (f: TargetField): string | null => {
      const i = map.index[f];
      const v = i < 0 ? '' : fromSpreadsheetText(String(cells[i] ?? '').trim());
      return v === '' ? null : v;
    };
    const values =
      this.layout === 'TARGETS_LONG'
        ? [{ column: map.label.value, year: text('year'), value: text('value') }]
        : this.years
            .map((y) => ({
              column: y.label,
              year: String(y.year),
              value: fromSpreadsheetText(String(cells[y.index] ?? '').trim()) || null,
            }))
            .filter((y) => y.value !== null);
    for (const v of values) {
      const t = { indicator: text('indicator'), year: v.year, value: v.value, source: text('source'), priority: text('priority') };
      const problems = targetProblems(t);
      for (const p of problems) {
        const column = p.field === 'value' || (p.field === 'year' && this.layout === 'TARGETS_WIDE') ? v.column : map.label[p.field];
        this.sink.problem({
          sheet: this.name,
          rowNo,
          column,
          rule: p.rule,
          value: p.field === 'value' ? v.value : text(p.field),
          message: p.message,
        });
      }
      if (problems.length > 0) continue;
      this.sink.target({
        sheetNo: this.sheetNo,
        sheet: this.name,
        rowNo,
        column: v.column,
        unitCode: text('unitCode'),
        indicator: t.indicator!,
        year: Number(t.year),
        value: parseDecimal(v.value!)!,
        source: t.source!.toUpperCase(),
        document: text('document'),
        priority: t.priority === null ? '1' : parseDecimal(t.priority)!,
      });
    }
  }
}

const pad = (n: number): string => String(n).padStart(2, '0');

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return `${v.getUTCFullYear()}-${pad(v.getUTCMonth() + 1)}-${pad(v.getUTCDate())}`;
  if ('richText' in v)
    return v.richText
      .map((t) => t.text)
      .join('')
      .trim();
  if ('formula' in v || 'sharedFormula' in v) return cellText((v as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
  if ('text' in v) return String(v.text).trim();
  return '';
}

/** What the caller's sink threw, told apart from what reading the archive threw. */
class SinkError {
  constructor(readonly error: unknown) {}
}

/**
 * The items of `source`, failing with `stalled()` when one takes longer than `ms` to come: a
 * damaged archive can leave exceljs's reader waiting for data that never arrives. The time the
 * caller spends on an item is not counted.
 */
async function* bounded<T>(source: AsyncIterable<T>, ms: number, stalled: () => Error): AsyncGenerator<T> {
  const it = source[Symbol.asyncIterator]();
  for (;;) {
    let timer: NodeJS.Timeout | undefined;
    const stall = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(stalled()), ms);
    });
    let next: IteratorResult<T>;
    try {
      next = await Promise.race([it.next(), stall]);
    } finally {
      clearTimeout(timer);
    }
    if (next.done) return;
    yield next.value;
  }
}

/**
 * Reads every sheet of a standards or targets file, recognises each sheet's layout from its
 * header row and hands each row, checked, to `sink`. CSV is one sheet and an XLSX workbook a
 * sheet after another, both streamed, never read whole. `afterChunk` runs between chunks (for
 * backpressure). A damaged XLSX archive that stops yielding (exceljs then waits forever) is
 * refused after `xlsxStallMs` without progress. A file whose sheets match no layout reports
 * that as a problem.
 */
export async function readImportFile(
  path: string,
  format: 'CSV' | 'XLSX',
  kind: ImportKind,
  sink: ImportSink,
  afterChunk: () => Promise<void> = async () => {},
  xlsxStallMs = XLSX_STALL_MS,
): Promise<SheetReport[]> {
  const parsers: SheetParser[] = [];
  if (format === 'CSV') {
    const parser = new SheetParser(kind, 0, '', sink);
    parsers.push(parser);
    await scanRosterFile(path, 'CSV', { fields: () => false, cells: (cells, rowNo) => parser.row(cells, rowNo) }, async () => {
      await afterChunk();
      return true;
    });
  } else {
    const stalled = (): RosterFileError =>
      new RosterFileError(`the XLSX file cannot be read: its archive yielded nothing for ${xlsxStallMs / 1000} s (a damaged file)`);
    // the archive is checked first (sizes, entries; bounded like every XLSX reader's check), then
    // streamed sheet by sheet, row by row (exceljs never holds the workbook whole)
    let archive: XlsxArchive;
    try {
      archive = await checkXlsxArchive(path, STANDARDS_XLSX_LIMITS, xlsxStallMs);
    } catch (e) {
      if (e instanceof XlsxArchiveError) throw new RosterFileError(e.message);
      throw new RosterFileError(`the XLSX file cannot be read: ${e instanceof Error ? e.message : String(e)}`);
    }
    const reader = workbookReader(path);
    let sheetNo = 0;
    try {
      for await (const sheet of bounded(xlsxSheets(reader, archive), xlsxStallMs, stalled)) {
        const name = sheet.name ?? `Sheet${sheetNo + 1}`;
        const skipped = SKIPPED_SHEET.test(name) || sheet.state === 'hidden' || sheet.state === 'veryHidden';
        const parser = skipped ? null : new SheetParser(kind, sheetNo++, name, sink);
        if (parser) parsers.push(parser);
        let n = 0;
        // a skipped sheet is read through all the same: the archive is one stream
        for await (const row of bounded(sheet.rows, xlsxStallMs, stalled)) {
          if (!parser) continue;
          const values = row.values as ExcelJS.CellValue[];
          const cells: string[] = [];
          for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]));
          if (!cells.some((c) => c !== '')) continue;
          try {
            parser.row(cells, row.number);
            if (++n % 2000 === 0) await afterChunk();
          } catch (e) {
            throw new SinkError(e);
          }
        }
        await afterChunk();
      }
    } catch (e) {
      if (e instanceof SinkError) throw e.error;
      if (e instanceof RosterFileError) throw e;
      if (e instanceof XlsxArchiveError) throw new RosterFileError(e.message);
      throw new RosterFileError(`the XLSX file cannot be read: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      (reader as unknown as { stream?: { destroy(): void } }).stream?.destroy();
    }
  }
  const reports = parsers.map((p) => ({ name: p.name, layout: p.layout, rows: p.rows }));
  if (!reports.some((r) => r.layout)) {
    sink.problem({
      sheet: reports[0]?.name ?? '',
      rowNo: 1,
      column: '',
      rule: 'UNRECOGNISED_LAYOUT',
      value: null,
      message:
        kind === 'STANDARDS'
          ? 'no sheet holds workload standards: a header row with kode_jabatan and uraian_tugas (long layout), or an ABK worksheet (Kode Jabatan above a table with Uraian Tugas and Norma Waktu)'
          : 'no sheet holds development targets: a header row with indikator and tahun + target (long layout) or one column per year (wide layout)',
    });
  }
  return reports;
}
