import ExcelJS from 'exceljs';
import { open } from 'node:fs/promises';
import type { StaffingFileFormat } from '@formasi/database';
import { CsvScanner, CsvSink, CsvSyntaxError } from './csv-records';

/** `;` when the header line has more semicolons than commas (spreadsheets in Indonesian locale export so). */
export async function detectDelimiter(path: string): Promise<',' | ';'> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    const text = buf.subarray(0, bytesRead).toString('utf8');
    const end = text.search(/\r?\n/);
    const line = (end < 0 ? text : text.slice(0, end)).replace(/"[^"]*"/g, '');
    const count = (c: string): number => line.split(c).length - 1;
    return count(';') > count(',') ? ';' : ',';
  } finally {
    await fh.close();
  }
}

const pad = (n: number): string => String(n).padStart(2, '0');

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  // dates are stored as serial days; exceljs hands them over as UTC midnight
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

/** A workbook read as a stream: worksheets and their rows as they come, shared strings and styles cached. */
export function streamXlsx(path: string): ExcelJS.stream.xlsx.WorkbookReader {
  return new ExcelJS.stream.xlsx.WorkbookReader(path, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'emit',
  });
}

/** The first worksheet, streamed row by row (exceljs never holds the whole sheet); `rowNo` is the sheet's row. */
async function scanXlsx(path: string, sink: CsvSink, afterChunk: (bytesRead: number) => Promise<boolean>): Promise<void> {
  const reader = streamXlsx(path);
  // what the caller's code throws is its own; only what reading the archive throws is about the file
  try {
    for await (const sheet of reader) {
      let n = 0;
      for await (const row of sheet) {
        const values = row.values as ExcelJS.CellValue[];
        const cells: string[] = [];
        for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]));
        if (cells.every((c) => c === '')) continue;
        try {
          sink.cells(cells, row.number);
          if (++n % 2000 === 0 && !(await afterChunk(0))) return;
        } catch (e) {
          throw new CallerError(e);
        }
      }
      break;
    }
  } catch (e) {
    if (e instanceof CallerError) throw e.error;
    throw new RosterFileError(`the XLSX file cannot be read: ${e instanceof Error ? e.message : String(e)}`);
  }
  await afterChunk(0);
}

class CallerError {
  constructor(readonly error: unknown) {}
}

/** CSV bytes through the scanner, 1 MiB at a time into one buffer. */
async function scanCsv(path: string, sink: CsvSink, afterChunk: (bytesRead: number) => Promise<boolean>): Promise<void> {
  const scanner = new CsvScanner(await detectDelimiter(path), sink);
  const fileError = (e: unknown): unknown =>
    e instanceof CsvSyntaxError ? new RosterFileError(`the CSV file cannot be read: ${e.message}`) : e;
  const fh = await open(path, 'r');
  try {
    const chunk = Buffer.allocUnsafe(1 << 20);
    let bytesRead = 0;
    for (;;) {
      const { bytesRead: n } = await fh.read(chunk, 0, chunk.length, null);
      try {
        if (n === 0) scanner.end();
        else scanner.push(chunk.subarray(0, n));
      } catch (e) {
        throw fileError(e);
      }
      bytesRead += n;
      if (!(await afterChunk(bytesRead)) || n === 0) return;
    }
  } finally {
    await fh.close();
  }
}

/** The file itself cannot be read (broken quoting, a damaged XLSX archive): the agency must fix it. */
export class RosterFileError extends Error {
  override readonly name = 'RosterFileError';
}

/**
 * Feeds every record of a roster file to `sink`, the header first; the file is streamed, never
 * read whole. `afterChunk` runs after each chunk (bytes read so far; 0 for XLSX) and answers
 * false to stop reading. A file that cannot be read throws RosterFileError.
 */
export function scanRosterFile(
  path: string,
  format: StaffingFileFormat,
  sink: CsvSink,
  afterChunk: (bytesRead: number) => Promise<boolean>,
): Promise<void> {
  return format === 'XLSX' ? scanXlsx(path, sink, afterChunk) : scanCsv(path, sink, afterChunk);
}

/** XLSX files are zip archives ("PK\x03\x04"); anything else is read as CSV text. */
export async function sniffFormat(path: string): Promise<StaffingFileFormat> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(4);
    await fh.read(buf, 0, 4, 0);
    return buf.equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])) ? 'XLSX' : 'CSV';
  } finally {
    await fh.close();
  }
}
