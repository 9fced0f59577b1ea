import { UNFILLED_REASONS } from '@formasi/planning';
import { fromSpreadsheetText } from '@formasi/staffing';

// The recruitment-outcome file: one row per determined line, found by line_id (as the template
// gives it) or by kode_jabatan + kode_unit + pengadaan (+ jenis_formasi, default UMUM). English
// and Indonesian headers are both read; columns the reader does not know (names, group) are ignored.

export const OUTCOME_COUNT_COLUMNS = ['applicants', 'passed', 'optimalisasi', 'withdrew', 'appointed', 'unfilled'] as const;
export type OutcomeCountColumn = (typeof OUTCOME_COUNT_COLUMNS)[number];

const ALIASES: Record<string, string> = {
  line_id: 'line_id',
  id_rincian: 'line_id',
  position_code: 'position_code',
  kode_jabatan: 'position_code',
  unit_code: 'unit_code',
  kode_unit: 'unit_code',
  procurement: 'procurement',
  pengadaan: 'procurement',
  formation_type: 'formation_type',
  jenis_formasi: 'formation_type',
  determined: 'determined',
  ditetapkan: 'determined',
  applicants: 'applicants',
  pelamar: 'applicants',
  passed: 'passed',
  lulus: 'passed',
  optimalisasi: 'optimalisasi',
  filled_by_optimalisasi: 'optimalisasi',
  withdrew: 'withdrew',
  mengundurkan_diri: 'withdrew',
  appointed: 'appointed',
  diangkat: 'appointed',
  unfilled: 'unfilled',
  tidak_terisi: 'unfilled',
  unfilled_reason: 'unfilled_reason',
  alasan_tidak_terisi: 'unfilled_reason',
};

/** The template's and the export's columns, in order. */
export const OUTCOME_FILE_COLUMNS = [
  'line_id',
  'position_code',
  'position_name',
  'unit_code',
  'procurement',
  'group',
  'formation_type',
  'determined',
  ...OUTCOME_COUNT_COLUMNS,
  'unfilled_reason',
] as const;

export interface OutcomeFileError {
  /** Spreadsheet row (the header is row 1); for the GraphQL mutation, the index in `lines`. */
  row: number;
  column: string;
  rule: string;
  value: string | null;
  message: string;
}

export interface OutcomeFileLine {
  lineId: string;
  positionCode: string;
  unitCode: string | null;
  procurement: string;
  formationType: string;
  determined: number;
}

/** One row read: the line it names and its cells as given (counts still text). */
export interface OutcomeFileRow {
  row: number;
  lineId: string;
  counts: Record<OutcomeCountColumn, number>;
  unfilledReason: string | null;
}

const headerKey = (h: string): string =>
  fromSpreadsheetText(h)
    .normalize('NFKC')
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');

/**
 * Reads an outcome file against a proposal's lines. A row with every count and the reason empty
 * is a line without an outcome yet and is skipped; within a row an empty count is 0. Every error
 * names the row, the column and the rule; the rows are answered only when there is none.
 */
export function readOutcomeFile(
  header: string[],
  records: string[][],
  lines: OutcomeFileLine[],
): { rows: OutcomeFileRow[]; errors: OutcomeFileError[] } {
  const errors: OutcomeFileError[] = [];
  const columns = new Map<string, number>();
  header.forEach((h, i) => {
    const key = ALIASES[headerKey(h)];
    if (key && !columns.has(key)) columns.set(key, i);
  });
  const required = [...OUTCOME_COUNT_COLUMNS, 'unfilled_reason'].filter((c) => !columns.has(c));
  if (!columns.has('line_id') && !columns.has('position_code')) required.unshift('line_id or position_code');
  for (const c of required)
    errors.push({ row: 1, column: c, rule: 'MISSING_COLUMN', value: null, message: `the header has no ${c} column` });
  if (errors.length > 0) return { rows: [], errors };

  const byId = new Map(lines.map((l) => [l.lineId, l]));
  const seen = new Map<string, number>();
  const rows: OutcomeFileRow[] = [];
  records.forEach((record, i) => {
    const rowNo = i + 2;
    const cell = (name: string): string => (columns.has(name) ? fromSpreadsheetText(record[columns.get(name)!] ?? '').trim() : '');
    if (record.every((v) => (v ?? '').trim() === '')) return;
    if ([...OUTCOME_COUNT_COLUMNS, 'unfilled_reason'].every((c) => cell(c) === '')) return;
    const fail = (column: string, rule: string, value: string, message: string): void => {
      errors.push({ row: rowNo, column, rule, value, message });
    };

    let line: OutcomeFileLine | undefined;
    const id = cell('line_id');
    if (id) {
      line = byId.get(id);
      if (!line) return fail('line_id', 'UNKNOWN_LINE', id, `the proposal has no line ${id}`);
    } else {
      const position = cell('position_code');
      const unit = cell('unit_code') || null;
      const procurement = cell('procurement').toUpperCase();
      const type = cell('formation_type').toUpperCase() || 'UMUM';
      const found = lines.filter(
        (l) =>
          l.positionCode === position && l.unitCode === unit && l.formationType === type && (!procurement || l.procurement === procurement),
      );
      const what = `${position}${unit ? ` in ${unit}` : ''}${procurement ? ` ${procurement}` : ''} ${type}`;
      if (found.length === 0) return fail('position_code', 'UNKNOWN_LINE', position, `the proposal has no line ${what}`);
      if (found.length > 1)
        return fail('procurement', 'AMBIGUOUS_LINE', procurement, `${what} is both a CPNS and a PPPK line: give procurement or line_id`);
      line = found[0]!;
    }
    if (seen.has(line.lineId))
      return fail(id ? 'line_id' : 'position_code', 'DUPLICATE_LINE', id, `the line is already on row ${seen.get(line.lineId)}`);
    seen.set(line.lineId, rowNo);

    const determined = cell('determined');
    if (determined !== '' && determined !== String(line.determined))
      fail(
        'determined',
        'DETERMINED_MISMATCH',
        determined,
        `${line.determined} places were determined on this line, the file says ${determined}`,
      );
    const counts = {} as Record<OutcomeCountColumn, number>;
    for (const c of OUTCOME_COUNT_COLUMNS) {
      const text = cell(c);
      if (!/^\d{0,7}$/.test(text)) fail(c, 'NOT_A_COUNT', text, `${text} is not a whole number of 0 or more`);
      counts[c] = text === '' ? 0 : Number(text);
    }
    const reason = cell('unfilled_reason').toUpperCase();
    if (reason && !(UNFILLED_REASONS as readonly string[]).includes(reason))
      fail('unfilled_reason', 'UNKNOWN_REASON', reason, `${reason} is not one of ${UNFILLED_REASONS.join(', ')}`);
    rows.push({ row: rowNo, lineId: line.lineId, counts, unfilledReason: reason || null });
  });
  return { rows, errors };
}
