import ExcelJS from 'exceljs';
import { csvRecord, spreadsheetText } from '@formasi/staffing';
import { KIND_LABEL, STANDARD_COLUMNS, TARGET_COLUMNS, TIME_UNIT_LABEL } from './standards-columns';

// Templates and exports in the layouts the import reads, so export → import changes nothing.

/** A text cell of an export or template, guarded against formula injection (`spreadsheetText`); null as empty. */
export const guardCell = (text: string | null): string => (text === null ? '' : spreadsheetText(text));

/** One field of the staging COPY (PostgreSQL's CSV, never opened by a spreadsheet): quoted, not guarded. */
export const csvCell = (v: string): string => (/[",;\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
/** One line of an exported CSV file: every text cell guarded (`csvField`). */
export const csvLine = (cells: Array<string | number | null>): string => csvRecord(cells);

/** An activity as stored, numbers as PostgreSQL's decimal text. */
export interface ExportActivity {
  positionCode: string;
  unitCode: string | null;
  kind: 'SERVICE' | 'SUPPORT' | 'ADDITIONAL';
  name: string;
  outputUnit: string | null;
  annualVolume: string | null;
  driverIndicator: string | null;
  driverFactor: string | null;
  driverBase: string | null;
  minutesPerUnit: string | null;
  unitsPerHour: string | null;
  percentOfWorkingTime: string | null;
  hoursPerYear: string | null;
  staffCount: string | null;
}

export const STANDARD_HEADERS = STANDARD_COLUMNS.map((c) => c.headers[0]!);
/** Which export cells are numbers (written as numbers in XLSX, never guarded). */
const STANDARD_NUMERIC = new Set([5, 7, 8, 9, 11, 12, 13]);

export function standardCells(a: ExportActivity): Array<string | null> {
  const time = a.minutesPerUnit ?? a.unitsPerHour;
  const unit = a.minutesPerUnit !== null ? TIME_UNIT_LABEL.MINUTES : a.unitsPerHour !== null ? TIME_UNIT_LABEL.UNITS_PER_HOUR : null;
  return [
    guardCell(a.positionCode),
    guardCell(a.unitCode),
    KIND_LABEL[a.kind],
    guardCell(a.name),
    guardCell(a.outputUnit),
    a.annualVolume,
    guardCell(a.driverIndicator),
    a.driverFactor,
    a.driverBase,
    time,
    unit,
    a.percentOfWorkingTime,
    a.hoursPerYear,
    a.staffCount,
  ];
}

export interface ExportTarget {
  indicator: string;
  unitCode: string | null;
  year: number;
  value: string;
  source: string;
  document: string | null;
  priority: string;
}

export const TARGET_LONG_HEADERS = ['indikator', 'kode_unit', 'tahun', 'target', 'sumber', 'dokumen', 'prioritas'];
const TARGET_LONG_NUMERIC = new Set([2, 3, 6]);

export function targetLongCells(t: ExportTarget): Array<string | null> {
  return [guardCell(t.indicator), guardCell(t.unitCode), String(t.year), t.value, t.source, guardCell(t.document), t.priority];
}

/**
 * The wide layout: a row per indicator, unit, source, document and priority, a column per year
 * (as RPJMD/Renstra tables print them). Rows sharing those five attributes share one line.
 */
export function targetWide(targets: ExportTarget[]): { headers: string[]; rows: Array<Array<string | null>>; numeric: Set<number> } {
  const years = [...new Set(targets.map((t) => t.year))].sort((a, b) => a - b);
  const lines = new Map<string, { cells: Array<string | null>; byYear: Map<number, string> }>();
  for (const t of targets) {
    const key = JSON.stringify([t.indicator, t.unitCode, t.source, t.document, t.priority]);
    let line = lines.get(key);
    if (!line)
      lines.set(
        key,
        (line = { cells: [guardCell(t.indicator), guardCell(t.unitCode), t.source, guardCell(t.document), t.priority], byYear: new Map() }),
      );
    line.byYear.set(t.year, t.value);
  }
  const headers = ['indikator', 'kode_unit', 'sumber', 'dokumen', 'prioritas', ...years.map(String)];
  const rows = [...lines.values()].map((l) => [...l.cells, ...years.map((y) => l.byYear.get(y) ?? null)]);
  return { headers, rows, numeric: new Set([4, ...years.map((_, i) => 5 + i)]) };
}

/** A sheet of rows: numbers as numbers, everything else as text (never a formula). */
export function addSheet(
  wb: ExcelJS.Workbook,
  name: string,
  headers: string[],
  rows: Iterable<Array<string | null>>,
  numeric: Set<number>,
): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name);
  ws.addRow(headers).font = { bold: true };
  for (const r of rows) ws.addRow(r.map((c, i) => (c === null || c === '' ? null : numeric.has(i) ? Number(c) : spreadsheetText(c))));
  headers.forEach((_, i) => {
    if (!numeric.has(i)) ws.getColumn(i + 1).numFmt = '@';
    ws.getColumn(i + 1).width = Math.max(12, headers[i]!.length + 2);
  });
  return ws;
}

/** exceljs keeps range validations on the sheet; its typings omit them. */
const validate = (ws: ExcelJS.Worksheet, range: string, v: ExcelJS.DataValidation): void =>
  (ws as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations.add(range, v);
const LIST = (words: string[]): ExcelJS.DataValidation => ({
  type: 'list',
  allowBlank: true,
  formulae: [`"${words.join(',')}"`],
  showErrorMessage: true,
});

export const EXAMPLE_STANDARDS: ExportActivity[] = [
  {
    positionCode: 'ANALIS-KEBIJAKAN',
    unitCode: 'DPMPTSP',
    kind: 'SERVICE',
    name: 'Kajian iklim investasi',
    outputUnit: 'kajian',
    annualVolume: null,
    driverIndicator: 'izin_terbit',
    driverFactor: '0.01',
    driverBase: '0',
    minutesPerUnit: '1800',
    unitsPerHour: null,
    percentOfWorkingTime: null,
    hoursPerYear: null,
    staffCount: null,
  },
  {
    positionCode: 'ANALIS-KEBIJAKAN',
    unitCode: 'DPMPTSP',
    kind: 'SERVICE',
    name: 'Rekomendasi kebijakan',
    outputUnit: 'dokumen',
    annualVolume: '12',
    driverIndicator: null,
    driverFactor: null,
    driverBase: null,
    minutesPerUnit: '600',
    unitsPerHour: null,
    percentOfWorkingTime: null,
    hoursPerYear: null,
    staffCount: null,
  },
  {
    positionCode: 'ANALIS-KEBIJAKAN',
    unitCode: 'DPMPTSP',
    kind: 'SUPPORT',
    name: 'Rapat koordinasi',
    outputUnit: null,
    annualVolume: null,
    driverIndicator: null,
    driverFactor: null,
    driverBase: null,
    minutesPerUnit: null,
    unitsPerHour: null,
    percentOfWorkingTime: '10',
    hoursPerYear: null,
    staffCount: null,
  },
  {
    positionCode: 'ANALIS-KEBIJAKAN',
    unitCode: 'DPMPTSP',
    kind: 'ADDITIONAL',
    name: 'Pengelola website',
    outputUnit: null,
    annualVolume: null,
    driverIndicator: null,
    driverFactor: null,
    driverBase: null,
    minutesPerUnit: null,
    unitsPerHour: null,
    percentOfWorkingTime: null,
    hoursPerYear: '100',
    staffCount: '1',
  },
];
export const EXAMPLE_TARGETS: ExportTarget[] = [2026, 2027, 2028, 2029, 2030].map((year, i) => ({
  indicator: 'izin_terbit',
  unitCode: null,
  year,
  value: String(8000 + i * 1000),
  source: 'RPJMD',
  document: 'Perda RPJMD 2025-2029',
  priority: '1',
}));

/** The standards template: an empty data sheet with lists for kinds and time units, the example, the column guide. */
export async function standardsTemplate(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const data = addSheet(wb, 'standar', STANDARD_HEADERS, [], STANDARD_NUMERIC);
  validate(data, 'C2:C2001', LIST(Object.values(KIND_LABEL)));
  validate(data, 'K2:K2001', LIST(Object.values(TIME_UNIT_LABEL)));
  addSheet(wb, 'contoh', STANDARD_HEADERS, EXAMPLE_STANDARDS.map(standardCells), STANDARD_NUMERIC);
  addSheet(
    wb,
    'petunjuk',
    ['kolom', 'alias', 'isi'],
    STANDARD_COLUMNS.map((c) => [c.headers[0]!, c.headers.slice(1).join(', '), c.description]),
    new Set(),
  );
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function targetsTemplate(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const data = addSheet(wb, 'target', TARGET_LONG_HEADERS, [], TARGET_LONG_NUMERIC);
  validate(data, 'E2:E2001', LIST(['RPJMN', 'RPJMD', 'RENSTRA']));
  addSheet(wb, 'contoh', TARGET_LONG_HEADERS, EXAMPLE_TARGETS.map(targetLongCells), TARGET_LONG_NUMERIC);
  const wide = targetWide(EXAMPLE_TARGETS);
  addSheet(wb, 'contoh lebar', wide.headers, wide.rows, wide.numeric);
  addSheet(
    wb,
    'petunjuk',
    ['kolom', 'alias', 'isi'],
    TARGET_COLUMNS.map((c) => [c.headers[0]!, c.headers.slice(1).join(', '), c.description]),
    new Set(),
  );
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export { STANDARD_NUMERIC, TARGET_LONG_NUMERIC };
