import ExcelJS from 'exceljs';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { StaffingFileFormat } from '@formasi/database';
import { csvRecords } from './csv-records';

/** One record of a roster file; `rowNo` counts like a spreadsheet (the header is row 1). */
export interface RosterRecord {
  rowNo: number;
  cells: string[];
}

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

async function* readCsv(path: string): AsyncGenerator<RosterRecord[]> {
  const delimiter = await detectDelimiter(path);
  yield* csvRecords(createReadStream(path, { highWaterMark: 1 << 20, encoding: 'utf8' }), delimiter);
}

const pad = (n: number): string => String(n).padStart(2, '0');

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  // dates are stored as serial days; exceljs hands them over as UTC midnight
  if (v instanceof Date) return `${v.getUTCFullYear()}-${pad(v.getUTCMonth() + 1)}-${pad(v.getUTCDate())}`;
  if ('richText' in v) return v.richText.map((t) => t.text).join('').trim();
  if ('formula' in v || 'sharedFormula' in v) return cellText((v as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
  if ('text' in v) return String(v.text).trim();
  return '';
}

/** The first worksheet, streamed row by row (exceljs never holds the whole sheet). */
async function* readXlsx(path: string): AsyncGenerator<RosterRecord[]> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'emit' });
  for await (const sheet of reader) {
    let batch: RosterRecord[] = [];
    for await (const row of sheet) {
      const values = row.values as ExcelJS.CellValue[];
      const cells: string[] = [];
      for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]));
      if (cells.every((c) => c === '')) continue;
      batch.push({ rowNo: row.number, cells });
      if (batch.length >= 2000) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
    return;
  }
}

/** The file itself cannot be read (broken quoting, a damaged XLSX archive): the agency must fix it. */
export class RosterFileError extends Error {
  override readonly name = 'RosterFileError';
}

async function* guarded(records: AsyncGenerator<RosterRecord[]>, format: StaffingFileFormat): AsyncGenerator<RosterRecord[]> {
  try {
    yield* records;
  } catch (e) {
    throw new RosterFileError(`the ${format} file cannot be read: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Batches of records, the header first; the file is streamed, never read whole. */
export function readRosterFile(path: string, format: StaffingFileFormat): AsyncGenerator<RosterRecord[]> {
  return guarded(format === 'XLSX' ? readXlsx(path) : readCsv(path), format);
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
