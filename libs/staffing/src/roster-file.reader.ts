import ExcelJS from 'exceljs';
import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { StaffingFileFormat } from '@formasi/database';
import { CsvScanner, CsvSink, CsvSyntaxError } from './csv-records';
import { checkXlsxArchive, XLSX_LIMITS, XLSX_STALL_MS, XlsxArchive, XlsxArchiveError, XlsxLimits } from './xlsx-archive.guard';
import { workbookReader, xlsxSheets } from './xlsx-sheets';

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

/**
 * The first worksheet, streamed row by row (exceljs never holds the whole sheet); `rowNo` is the
 * sheet's row. The archive is checked first (`checkXlsxArchive`, under the same bound); a watchdog then stops a
 * reader that neither reads nor delivers anything for `stallMs` (exceljs waits forever on some
 * damaged archives instead of failing).
 */
async function scanXlsx(
  path: string,
  sink: CsvSink,
  afterChunk: (bytesRead: number) => Promise<boolean>,
  stallMs: number,
  limits: XlsxLimits,
): Promise<void> {
  let archive: XlsxArchive;
  try {
    archive = await checkXlsxArchive(path, limits, stallMs);
  } catch (e) {
    if (e instanceof XlsxArchiveError) throw new RosterFileError(e.message);
    throw e;
  }
  let lastProgress = Date.now();
  let busy = false;
  const input = createReadStream(path);
  input.on('data', () => (lastProgress = Date.now()));
  const reader = workbookReader(input);
  let timer: NodeJS.Timeout | undefined;
  const stalled = new Promise<never>((_, reject) => {
    timer = setInterval(
      () => {
        if (!busy && Date.now() - lastProgress > stallMs) {
          reject(
            new RosterFileError(`the XLSX file cannot be read: the reader stopped for ${Math.round(stallMs / 1000)} s (a damaged archive)`),
          );
        }
      },
      Math.min(1000, stallMs),
    );
  });
  const read = async (): Promise<void> => {
    // what the caller's code throws is its own; only what reading the archive throws is about the file
    try {
      for await (const sheet of xlsxSheets(reader, archive)) {
        let n = 0;
        for await (const row of sheet.rows) {
          lastProgress = Date.now();
          const values = row.values as ExcelJS.CellValue[];
          if (values.length - 1 > limits.maxColumns)
            throw new RosterFileError(
              `the XLSX file has a cell in column ${values.length - 1} of row ${row.number}: a sheet may use at most ${limits.maxColumns} columns`,
            );
          const cells: string[] = [];
          for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]));
          if (cells.every((c) => c === '')) continue;
          busy = true;
          try {
            sink.cells(cells, row.number);
            if (++n % 2000 === 0 && !(await afterChunk(0))) return;
          } catch (e) {
            throw new CallerError(e);
          } finally {
            busy = false;
            lastProgress = Date.now();
          }
        }
        break;
      }
    } catch (e) {
      if (e instanceof CallerError || e instanceof RosterFileError) throw e;
      if (e instanceof XlsxArchiveError) throw new RosterFileError(e.message);
      throw new RosterFileError(`the XLSX file cannot be read: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  try {
    await Promise.race([read(), stalled]);
  } catch (e) {
    if (e instanceof CallerError) throw e.error;
    throw e;
  } finally {
    clearInterval(timer);
    input.destroy();
  }
  await afterChunk(0);
}

class CallerError {
  constructor(readonly error: unknown) {}
}

/** Where the first byte that is not UTF-8 sits in `buf` (-1 when all are). */
function firstNonUtf8(buf: Buffer): number {
  for (let i = 0; i < buf.length;) {
    const b = buf[i]!;
    const n = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (n === 0 || i + n > buf.length) return i;
    for (let k = 1; k < n; k++) if ((buf[i + k]! & 0xc0) !== 0x80) return i;
    if (n > 1 && !isUtf8(buf.subarray(i, i + n))) return i;
    i += n;
  }
  return -1;
}

/** The 1-based line of byte `offset` of a file (error path only: reads the file up to there again). */
async function lineAt(path: string, offset: number): Promise<number> {
  let line = 1;
  let at = 0;
  for await (const chunk of createReadStream(path, { end: Math.max(0, offset - 1) }) as AsyncIterable<Buffer>) {
    for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) line++;
    at += chunk.length;
  }
  return at > 0 ? line : 1;
}

/** How many bytes at the end of `buf` start a UTF-8 character that the next chunk completes. */
function openCharacter(buf: Buffer): number {
  for (let back = 1; back <= Math.min(3, buf.length); back++) {
    const b = buf[buf.length - back]!;
    if ((b & 0xc0) === 0x80) continue;
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? back : 0;
  }
  return 0;
}

/**
 * Roster CSV must be UTF-8 text ("CSV UTF-8" in a spreadsheet's Save As): UTF-16 (Excel's
 * "Unicode text"), NUL bytes (a binary file) and bytes that are not UTF-8 (Latin-1, Windows-1252)
 * are refused with the line they are on, rather than read as broken names and a missing header.
 */
async function checkText(path: string, chunk: Buffer, offset: number, carry: Buffer): Promise<Buffer> {
  if (offset === 0 && chunk.length >= 2 && ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff)))
    throw new RosterFileError('the CSV file is UTF-16 text ("Unicode text"): save it as "CSV UTF-8 (comma delimited)"');
  const nul = chunk.indexOf(0);
  if (nul >= 0)
    throw new RosterFileError(
      `the CSV file holds NUL bytes (line ${await lineAt(path, offset + nul)}): it is binary or UTF-16, not UTF-8 text; save it as "CSV UTF-8"`,
    );
  const text = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
  const open = chunk.length === 0 ? 0 : openCharacter(text);
  const whole = text.subarray(0, text.length - open);
  if (!isUtf8(whole)) {
    const bad = offset - carry.length + firstNonUtf8(whole);
    const byte = text[bad - offset + carry.length]!;
    throw new RosterFileError(
      `the CSV file is not UTF-8 text: byte 0x${byte.toString(16).toUpperCase().padStart(2, '0')} on line ${await lineAt(path, bad)} (Latin-1 or Windows-1252?); save it as "CSV UTF-8"`,
    );
  }
  return Buffer.from(text.subarray(text.length - open));
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
    let carry = Buffer.alloc(0);
    for (;;) {
      const { bytesRead: n } = await fh.read(chunk, 0, chunk.length, null);
      carry = await checkText(path, chunk.subarray(0, n), bytesRead, carry);
      if (n === 0 && carry.length > 0)
        throw new RosterFileError('the CSV file is not UTF-8 text: it ends inside a character; save it as "CSV UTF-8"');
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
  options: { stallMs?: number; xlsxLimits?: XlsxLimits } = {},
): Promise<void> {
  return format === 'XLSX'
    ? scanXlsx(path, sink, afterChunk, options.stallMs ?? XLSX_STALL_MS, options.xlsxLimits ?? XLSX_LIMITS)
    : scanCsv(path, sink, afterChunk);
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
