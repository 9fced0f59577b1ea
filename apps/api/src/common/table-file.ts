import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { checkXlsxArchive, XLSX_LIMITS, XlsxArchiveError } from '@formasi/staffing';
import { InputValidationError } from './domain-error';

// Small uploads read whole (a proposal's rincian, its determination, its recruitment outcomes):
// thousands of rows at most, so the file is parsed in memory into text cells.

/** A workbook read whole into memory: its sheets' XML is kept far below a roster's. */
const TABLE_XLSX_LIMITS = { ...XLSX_LIMITS, maxUnpackedBytes: 64 * 1024 * 1024 };

/** The header and rows of a CSV (`,` or `;`, with or without BOM) or of an XLSX's first sheet, as text. */
export async function readTable(file: { originalname: string; buffer: Buffer }): Promise<{ header: string[]; records: string[][] }> {
  const zip = file.buffer[0] === 0x50 && file.buffer[1] === 0x4b;
  let table: string[][];
  // the archive check every XLSX reader runs (sizes, zip bombs, damaged entries, columns; bounded in time)
  if (zip)
    try {
      await checkXlsxArchive(file.buffer, TABLE_XLSX_LIMITS);
    } catch (e) {
      if (!(e instanceof XlsxArchiveError)) throw e;
      throw new InputValidationError([{ field: 'file', message: `${file.originalname}: ${e.message}` }]);
    }
  try {
    table = zip
      ? await readXlsx(file.buffer)
      : (parse(file.buffer, { bom: true, delimiter: [',', ';'], relax_column_count: true }) as string[][]);
  } catch (e) {
    throw new InputValidationError([
      { field: 'file', message: `${file.originalname} is not a readable ${zip ? 'XLSX' : 'CSV'} file: ${(e as Error).message}` },
    ]);
  }
  if (table.length === 0) throw new InputValidationError([{ field: 'file', message: `${file.originalname} is empty` }]);
  return { header: table[0]!, records: table.slice(1) };
}

async function readXlsx(buffer: Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  if (!ws) return [];
  const rows: string[][] = [];
  ws.eachRow({ includeEmpty: true }, (row, n) => {
    const values: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) {
      const v = row.getCell(c).value;
      // a formula's cached result is not what anyone typed: refuse it as text the rules will name
      values.push(
        v === null || v === undefined
          ? ''
          : typeof v === 'object' && 'formula' in v
            ? `=${String(v.formula)}`
            : typeof v === 'object' && 'richText' in v
              ? v.richText.map((t) => t.text).join('')
              : String(v),
      );
    }
    rows[n - 1] = values;
  });
  return Array.from(rows, (r) => r ?? []);
}
