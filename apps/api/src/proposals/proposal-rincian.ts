import { fromSpreadsheetText } from '@formasi/staffing';
import { FORMATION_TYPES, FormationType, JobGroup, Procurement } from './proposal.rules';

// The SIASN "rincian formasi" layout: one row per formation type × position × placement unit,
// the counts split into CPNS/PPPK × GURU/NAKES/TEKNIS columns, accepted education separated by
// "/". Two columns of our own close the row (kode_jabatan, kode_unit) so a file read back finds
// its lines by code; a file without them is matched by names.

export const RINCIAN_COLUMNS = [
  'jenis_pengadaan',
  'jenis_jabatan_umum',
  'nama_jabatan',
  'nama_sub_jabatan',
  'cpns_guru',
  'cpns_nakes',
  'cpns_teknis',
  'pppk_guru',
  'pppk_nakes',
  'pppk_teknis',
  'unit_penempatan',
  'penghasilan_min',
  'penghasilan_max',
  'kualifikasi_pendidikan',
  'kode_jabatan',
  'kode_unit',
] as const;

export const COUNT_COLUMNS: ReadonlyArray<{ column: string; procurement: Procurement; group: JobGroup }> = [
  { column: 'cpns_guru', procurement: 'CPNS', group: 'GURU' },
  { column: 'cpns_nakes', procurement: 'CPNS', group: 'NAKES' },
  { column: 'cpns_teknis', procurement: 'CPNS', group: 'TEKNIS' },
  { column: 'pppk_guru', procurement: 'PPPK', group: 'GURU' },
  { column: 'pppk_nakes', procurement: 'PPPK', group: 'NAKES' },
  { column: 'pppk_teknis', procurement: 'PPPK', group: 'TEKNIS' },
];

const FORMATION_TYPE_LABELS: Record<FormationType, string> = {
  UMUM: 'Umum',
  CUMLAUDE: 'Cumlaude',
  DIASPORA: 'Diaspora',
  DISABILITAS: 'Disabilitas',
  PUTRA_PUTRI_PAPUA: 'Putra/Putri Papua',
  PUTRA_PUTRI_DAERAH_TERTINGGAL: 'Putra/Putri Daerah Tertinggal',
};

const CATEGORY_LABELS: Record<string, string> = {
  JPT: 'Jabatan Pimpinan Tinggi',
  ADMINISTRATOR: 'Jabatan Administrator',
  PENGAWAS: 'Jabatan Pengawas',
  PELAKSANA: 'Jabatan Pelaksana',
  FUNGSIONAL: 'Jabatan Fungsional',
};

export type RincianStage = 'proposed' | 'verified' | 'determined';
export const RINCIAN_STAGES: readonly RincianStage[] = ['proposed', 'verified', 'determined'];

export interface RincianLine {
  id: string;
  positionCode: string;
  positionName: string;
  category: string | null;
  unitCode: string | null;
  unitName: string | null;
  procurement: string;
  group: string;
  formationType: string;
  count: number;
  verifiedCount: number | null;
  determinedCount: number | null;
  education: string[];
  payMin: number | null;
  payMax: number | null;
}

/** A row as written: text cells and counts. */
export type RincianRow = Record<(typeof RINCIAN_COLUMNS)[number], string | number | null>;

const norm = (s: string): string =>
  s
    .normalize('NFKC')
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
const typeByLabel = new Map<string, FormationType>(
  FORMATION_TYPES.flatMap(
    (t) =>
      [
        [norm(t), t],
        [norm(FORMATION_TYPE_LABELS[t]), t],
      ] as Array<[string, FormationType]>,
  ),
);
const rowKey = (type: string, position: string, unit: string): string => `${type}\u0000${position}\u0000${unit}`;

/** The lines grouped into SIASN rows at one stage of the cycle, in the proposal's line order. */
export function rincianRows(lines: RincianLine[], stage: RincianStage): RincianRow[] {
  const rows = new Map<string, RincianRow & { education: Set<string>; pays: Array<[number | null, number | null]> }>();
  for (const l of lines) {
    const count = stage === 'proposed' ? l.count : stage === 'verified' ? (l.verifiedCount ?? l.count) : (l.determinedCount ?? 0);
    const key = rowKey(l.formationType, l.positionCode, l.unitCode ?? '');
    let row = rows.get(key);
    if (!row) {
      row = {
        jenis_pengadaan: FORMATION_TYPE_LABELS[l.formationType as FormationType] ?? l.formationType,
        jenis_jabatan_umum: l.category ? (CATEGORY_LABELS[l.category] ?? l.category) : '',
        nama_jabatan: l.positionName,
        nama_sub_jabatan: '',
        cpns_guru: 0,
        cpns_nakes: 0,
        cpns_teknis: 0,
        pppk_guru: 0,
        pppk_nakes: 0,
        pppk_teknis: 0,
        unit_penempatan: l.unitName ?? l.unitCode ?? '',
        penghasilan_min: null,
        penghasilan_max: null,
        kualifikasi_pendidikan: '',
        kode_jabatan: l.positionCode,
        kode_unit: l.unitCode ?? '',
        education: new Set(),
        pays: [],
      };
      rows.set(key, row);
    }
    const column = COUNT_COLUMNS.find((c) => c.procurement === l.procurement && c.group === l.group)!.column as keyof RincianRow;
    (row[column] as number) += count;
    l.education.forEach((e) => row.education.add(e));
    row.pays.push([l.payMin, l.payMax]);
  }
  return [...rows.values()].map(({ education, pays, ...row }) => {
    const mins = pays.map((p) => p[0]).filter((v): v is number => v !== null);
    const maxs = pays.map((p) => p[1]).filter((v): v is number => v !== null);
    return {
      ...row,
      kualifikasi_pendidikan: [...education].join('/'),
      penghasilan_min: mins.length ? Math.min(...mins) : null,
      penghasilan_max: maxs.length ? Math.max(...maxs) : null,
    };
  });
}

export interface RincianError {
  row: number;
  column: string;
  rule: string;
  value: string;
  message: string;
}

/** A line as a determination is read against it. */
export type DeterminationLine = Omit<RincianLine, 'category' | 'determinedCount' | 'education' | 'payMin' | 'payMax'>;

/**
 * Reads a determination in the rincian layout against the proposal's lines: every error names
 * the row (as a spreadsheet counts it, the header is row 1), the column and the rule. A line the
 * file does not name is determined 0. Answers the count per line id when there is no error.
 */
export function readDetermination(
  header: string[],
  records: string[][],
  lines: DeterminationLine[],
): { counts: Map<string, number>; errors: RincianError[] } {
  const errors: RincianError[] = [];
  const columns = new Map(header.map((h, i) => [norm(fromSpreadsheetText(h)).replace(/ /g, '_'), i]));
  const need = (names: string[]): boolean => names.some((n) => columns.has(n));
  for (const required of [['jenis_pengadaan'], ['kode_jabatan', 'nama_jabatan'], ...COUNT_COLUMNS.map((c) => [c.column])]) {
    if (!need(required))
      errors.push({
        row: 1,
        column: required.join(' or '),
        rule: 'MISSING_COLUMN',
        value: '',
        message: `the header has no ${required.join(' or ')} column`,
      });
  }
  if (errors.length > 0) return { counts: new Map(), errors };
  const byCode = columns.has('kode_jabatan');
  const unitByCode = columns.has('kode_unit');
  const keyOf = (type: string, l: DeterminationLine): string =>
    rowKey(type, byCode ? l.positionCode : norm(l.positionName), unitByCode ? (l.unitCode ?? '') : norm(l.unitName ?? l.unitCode ?? ''));
  const linesByKey = new Map<string, DeterminationLine[]>();
  for (const l of lines) linesByKey.set(keyOf(l.formationType, l), [...(linesByKey.get(keyOf(l.formationType, l)) ?? []), l]);
  const counts = new Map(lines.map((l) => [l.id, 0]));
  const seen = new Map<string, number>();
  const cell = (record: string[], name: string): string =>
    fromSpreadsheetText((columns.has(name) ? record[columns.get(name)!] : '') ?? '').trim();

  records.forEach((record, i) => {
    const rowNo = i + 2;
    if (record.every((v) => (v ?? '').trim() === '')) return;
    const fail = (column: string, rule: string, value: string, message: string) =>
      errors.push({ row: rowNo, column, rule, value, message });
    const typeText = cell(record, 'jenis_pengadaan');
    const type = typeByLabel.get(norm(typeText));
    if (!type) return fail('jenis_pengadaan', 'UNKNOWN_FORMATION_TYPE', typeText, `${typeText || '(empty)'} is not a formation type`);
    const position = byCode ? cell(record, 'kode_jabatan') : norm(cell(record, 'nama_jabatan'));
    const unit = unitByCode ? cell(record, 'kode_unit') : norm(cell(record, 'unit_penempatan'));
    const key = rowKey(type, position, unit);
    const matched = linesByKey.get(key);
    const positionColumn = byCode ? 'kode_jabatan' : 'nama_jabatan';
    if (!matched)
      return fail(
        positionColumn,
        'UNKNOWN_LINE',
        position,
        `the proposal has no ${typeText} line for ${position}${unit ? ` in ${unit}` : ''}`,
      );
    if (seen.has(key))
      return fail(positionColumn, 'DUPLICATE_ROW', position, `${position}${unit ? ` in ${unit}` : ''} is already on row ${seen.get(key)}`);
    seen.set(key, rowNo);
    for (const c of COUNT_COLUMNS) {
      const text = cell(record, c.column);
      if (!/^\d{0,6}$/.test(text)) {
        fail(c.column, 'NOT_A_COUNT', text, `${text} is not a whole number of 0 or more`);
        continue;
      }
      const n = text === '' ? 0 : Number(text);
      const line = matched.find((l) => l.procurement === c.procurement && l.group === c.group);
      if (!line) {
        if (n > 0)
          fail(
            c.column,
            'NO_SUCH_LINE',
            text,
            `the proposal asks no ${c.procurement} ${c.group} for ${position}; determine it 0 or leave it empty`,
          );
        continue;
      }
      const verified = line.verifiedCount ?? line.count;
      if (n > verified) fail(c.column, 'ABOVE_VERIFIED', text, `${n} is more than the ${verified} verified`);
      counts.set(line.id, n);
    }
  });
  return { counts, errors };
}
