import ExcelJS from 'exceljs';
import WorkbookXform from 'exceljs/lib/xlsx/xform/book/workbook-xform';
import RelationshipsXform from 'exceljs/lib/xlsx/xform/core/relationships-xform';
import type { Readable } from 'node:stream';
import { XlsxArchive, XlsxArchiveError } from './xlsx-archive.guard';

/** One worksheet of a streamed workbook: its tab's name and state, and its rows as they unpack. */
export interface XlsxSheet {
  readonly name: string | undefined;
  /** `visible`, `hidden` or `veryHidden`. */
  readonly state: string | undefined;
  readonly rows: AsyncIterable<ExcelJS.Row>;
}

/** The parts of exceljs's streaming reader that take the workbook's own entries. */
interface ReaderInternals {
  workbookRels: unknown;
  model: unknown;
  properties: unknown;
  _parseRels(entry: unknown): Promise<void>;
  _parseWorkbook(entry: unknown): Promise<void>;
  _parseWorksheet(iterator: unknown, sheetNo: string): Generator<{ eventType: string; value: unknown }>;
}

/** A worksheet as exceljs yields it, with the archive entry it unpacks. */
type WorksheetReader = AsyncIterable<ExcelJS.Row> & { name?: string; state?: string; entry?: string };

/**
 * Streams an XLSX workbook sheet by sheet, row by row, with exceljs, once `checkXlsxArchive` has
 * checked it (`archive` is what the check answered).
 *
 * exceljs takes the sheet list (`xl/workbook.xml`) and the sheets' relationships from the zip
 * stream in the order the archive holds them, and starts a sheet as soon as it has the shared
 * strings and the relationships. An archive that holds `xl/workbook.xml` after its sheets (zip
 * order is free, and writers differ) made it fail with "Cannot read properties of undefined
 * (reading 'sheets')". Here both entries come from the check, which unpacked and checksummed
 * them, parsed by exceljs's own parsers before the stream starts; the stream's copies are
 * drained. Each sheet read to its end must have yielded the rows the check counted in it: a sheet
 * read short is refused, never taken for a shorter one.
 */
export async function* xlsxSheets(reader: ExcelJS.stream.xlsx.WorkbookReader, archive: XlsxArchive): AsyncGenerator<XlsxSheet> {
  const internals = reader as unknown as ReaderInternals;
  const workbook = new WorkbookXform();
  await workbook.parseStream([archive.workbookXml]);
  internals.model = workbook.model;
  internals.properties = workbook.map.workbookPr;
  internals.workbookRels = archive.workbookRels ? await new RelationshipsXform().parseStream([archive.workbookRels]) : [];
  internals._parseWorkbook = async () => {};
  internals._parseRels = async () => {};
  const parseWorksheet = internals._parseWorksheet.bind(reader);
  internals._parseWorksheet = function* (iterator, sheetNo) {
    for (const event of parseWorksheet(iterator, sheetNo)) {
      (event.value as WorksheetReader).entry = `xl/worksheets/sheet${sheetNo}.xml`;
      yield event;
    }
  };
  for await (const sheet of reader as unknown as AsyncIterable<WorksheetReader>) {
    yield { name: sheet.name, state: sheet.state, rows: countedRows(sheet, archive.rows.get(sheet.entry ?? '')) };
  }
}

async function* countedRows(sheet: WorksheetReader, expected: number | undefined): AsyncGenerator<ExcelJS.Row> {
  let read = 0;
  for await (const row of sheet) {
    read++;
    yield row;
  }
  if (expected !== undefined && read !== expected)
    throw new XlsxArchiveError(
      `the XLSX file could not be read whole: sheet ${sheet.name ?? sheet.entry} holds ${expected} rows and ${read} were read; upload it again`,
    );
}

/** exceljs's streaming reader with the options every Formasi XLSX reader uses. */
export function workbookReader(input: string | Readable): ExcelJS.stream.xlsx.WorkbookReader {
  return new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'emit',
  });
}
