// Every CSV and XLSX file Formasi writes (exports, templates, error lists, the SIASN rincian)
// carries text that came from uploads: a name such as `=HYPERLINK(…)` must not run as a
// formula when an analyst opens the file (OWASP "CSV injection"). One rule for all of them:
// text starting with = + - @ a tab or a carriage return gets a leading apostrophe, which the
// imports strip again. Numbers written as numbers are never guarded: a spreadsheet reads them
// as number cells, which cannot hold a formula; so is text that is a plain decimal number
// (-3, -0.25: exports carry exact decimals as text), so a deficit stays a number a sheet can sum.

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/** Text a spreadsheet shows as text: a leading apostrophe when it would start a formula. */
export function spreadsheetText(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/** The import side of `spreadsheetText`: "'=SUM(A1)" reads as "=SUM(A1)"; any other apostrophe stays. */
export function fromSpreadsheetText(text: string): string {
  return text.length > 1 && text.charCodeAt(0) === 39 && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text;
}

/** A cell of an XLSX sheet: numbers as numbers, text guarded, empty as empty. */
export function spreadsheetCell(v: string | number | null | undefined): string | number | null {
  if (v === null || v === undefined) return null;
  return typeof v === 'number' ? v : spreadsheetText(v);
}

/** One CSV field: text guarded, then quoted when it holds a separator (`,` or `;`), a quote or a line break. */
export function csvField(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return String(v);
  const text = spreadsheetText(v);
  return /[",;\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV record with its CRLF. */
export const csvRecord = (cells: ReadonlyArray<string | number | null | undefined>): string => `${cells.map(csvField).join(',')}\r\n`;

/** The same guard in SQL, for error lists streamed straight out of PostgreSQL with COPY … TO STDOUT. */
export const spreadsheetTextSql = (expr: string): string => `CASE WHEN ${expr} ~ '^[-=+@\\t\\r]' THEN '''' || ${expr} ELSE ${expr} END`;
