/**
 * The file format of workload standards (ABK) and development targets: the documented columns
 * with their Indonesian and English aliases, and the words accepted for kinds, time units and
 * sources. Headers are matched case-insensitively after collapsing spaces and punctuation to
 * "_", so "Norma Waktu (menit)" finds `norma_waktu_menit`.
 */

export const normalizeHeader = (h: string): string =>
  h
    .replace(/^\uFEFF/, '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');

export type TimeUnit = 'MINUTES' | 'HOURS' | 'UNITS_PER_HOUR';

export const STANDARD_FIELDS = [
  'positionCode',
  'unitCode',
  'kind',
  'activity',
  'outputUnit',
  'annualVolume',
  'driverIndicator',
  'driverFactor',
  'driverBase',
  'timeStandard',
  'timeUnit',
  'percentOfWorkingTime',
  'hoursPerYear',
  'staffCount',
] as const;
export type StandardField = (typeof STANDARD_FIELDS)[number];

export const TARGET_FIELDS = ['indicator', 'unitCode', 'year', 'value', 'source', 'document', 'priority'] as const;
export type TargetField = (typeof TARGET_FIELDS)[number];

export interface ColumnSpec<F extends string> {
  field: F;
  /** The template's header (Indonesian) first, then accepted aliases. */
  headers: string[];
  description: string;
  /** A header that also says the unit of a time standard ("norma_waktu_menit"). */
  impliedTimeUnit?: Record<string, TimeUnit>;
}

export const STANDARD_COLUMNS: ColumnSpec<StandardField>[] = [
  { field: 'positionCode', headers: ['kode_jabatan', 'position_code', 'jabatan_kode'], description: 'code in the position catalogue' },
  {
    field: 'unitCode',
    headers: ['kode_unit', 'kode_unit_kerja', 'unit_code'],
    description: "code of one of the agency's units; empty = position-wide (national file)",
  },
  {
    field: 'kind',
    headers: ['jenis_tugas', 'jenis', 'kind'],
    description: 'tugas pokok | tugas penunjang | tugas tambahan (main | supporting | additional); empty = tugas pokok',
  },
  { field: 'activity', headers: ['uraian_tugas', 'kegiatan', 'activity', 'description', 'uraian_kegiatan'], description: 'the task' },
  {
    field: 'outputUnit',
    headers: ['satuan_hasil', 'output_unit', 'satuan_output'],
    description: 'what one unit of output is (laporan, dokumen, pasien)',
  },
  {
    field: 'annualVolume',
    headers: ['beban_kerja', 'volume', 'annual_volume', 'volume_per_tahun'],
    description: 'fixed outputs per year (main tasks)',
  },
  {
    field: 'driverIndicator',
    headers: ['indikator_target', 'indikator', 'driver_indicator'],
    description: 'or: the development-target indicator the volume follows',
  },
  { field: 'driverFactor', headers: ['faktor', 'driver_factor'], description: 'volume = faktor × target + basis' },
  { field: 'driverBase', headers: ['basis', 'driver_base'], description: 'default 0' },
  {
    field: 'timeStandard',
    headers: ['norma_waktu', 'waktu_penyelesaian', 'time_standard'],
    description: 'time standard, in satuan_waktu',
    impliedTimeUnit: {
      norma_waktu_menit: 'MINUTES',
      waktu_penyelesaian_menit: 'MINUTES',
      minutes_per_unit: 'MINUTES',
      time_standard_minutes: 'MINUTES',
      norma_waktu_jam: 'HOURS',
      waktu_penyelesaian_jam: 'HOURS',
      hours_per_unit: 'HOURS',
      time_standard_hours: 'HOURS',
      hasil_per_jam: 'UNITS_PER_HOUR',
      units_per_hour: 'UNITS_PER_HOUR',
      outputs_per_hour: 'UNITS_PER_HOUR',
    },
  },
  {
    field: 'timeUnit',
    headers: ['satuan_waktu', 'time_unit'],
    description: 'menit | jam | hasil per jam (minutes | hours | outputs per hour)',
  },
  {
    field: 'percentOfWorkingTime',
    headers: ['persen_waktu_kerja', 'persen_waktu', 'percent_of_working_time'],
    description: 'supporting tasks: % of working time',
  },
  {
    field: 'hoursPerYear',
    headers: ['jam_per_tahun', 'hours_per_year'],
    description: 'supporting tasks (per staff member) or additional tasks',
  },
  { field: 'staffCount', headers: ['jumlah_pegawai', 'staff_count'], description: 'additional tasks: how many staff do it' },
];

export const TARGET_COLUMNS: ColumnSpec<TargetField>[] = [
  {
    field: 'indicator',
    headers: ['indikator', 'indicator', 'kode_indikator'],
    description: 'indicator code, as workload standards name it',
  },
  { field: 'unitCode', headers: ['kode_unit', 'kode_unit_kerja', 'unit_code'], description: 'empty = agency-wide' },
  { field: 'year', headers: ['tahun', 'year'], description: 'long layout: the year' },
  { field: 'value', headers: ['target', 'nilai', 'value', 'nilai_target'], description: 'long layout: the target value (≥ 0)' },
  { field: 'source', headers: ['sumber', 'dokumen_sumber', 'source'], description: 'RPJMN | RPJMD | RENSTRA' },
  { field: 'document', headers: ['dokumen', 'nama_dokumen', 'document'], description: 'the document (e.g. Perda 5/2025)' },
  { field: 'priority', headers: ['prioritas', 'priority'], description: 'weight in quota allocation, > 0, default 1' },
];

/** Columns planning documents print beside targets that are for reading only (not stored). */
export const TARGET_READING_COLUMNS = ['satuan', 'satuan_ukur', 'unit_of_measure', 'baseline', 'kondisi_awal', 'no', 'nomor'];

/** A wide-layout year column: "2026", "target 2026", "tahun 2026", "target_2026". */
export function yearOfHeader(normalized: string): number | null {
  const m = /^(?:(?:target|tahun|year|nilai)_)?((?:19|20|21)\d\d)$/.exec(normalized);
  return m ? Number(m[1]) : null;
}

export const KIND_WORDS: Record<string, 'SERVICE' | 'SUPPORT' | 'ADDITIONAL'> = {
  tugas_pokok: 'SERVICE',
  pokok: 'SERVICE',
  tugas_utama: 'SERVICE',
  utama: 'SERVICE',
  main: 'SERVICE',
  main_task: 'SERVICE',
  service: 'SERVICE',
  tugas_penunjang: 'SUPPORT',
  penunjang: 'SUPPORT',
  supporting: 'SUPPORT',
  supporting_task: 'SUPPORT',
  support: 'SUPPORT',
  tugas_tambahan: 'ADDITIONAL',
  tambahan: 'ADDITIONAL',
  additional: 'ADDITIONAL',
  additional_task: 'ADDITIONAL',
};
/** The words written by exports and templates, per kind. */
export const KIND_LABEL = { SERVICE: 'tugas pokok', SUPPORT: 'tugas penunjang', ADDITIONAL: 'tugas tambahan' } as const;

export const TIME_UNIT_WORDS: Record<string, TimeUnit> = {
  menit: 'MINUTES',
  minutes: 'MINUTES',
  minute: 'MINUTES',
  min: 'MINUTES',
  menit_per_hasil: 'MINUTES',
  jam: 'HOURS',
  hours: 'HOURS',
  hour: 'HOURS',
  jam_per_hasil: 'HOURS',
  hasil_per_jam: 'UNITS_PER_HOUR',
  outputs_per_hour: 'UNITS_PER_HOUR',
  units_per_hour: 'UNITS_PER_HOUR',
  per_jam: 'UNITS_PER_HOUR',
};
export const TIME_UNIT_LABEL: Record<TimeUnit, string> = { MINUTES: 'menit', HOURS: 'jam', UNITS_PER_HOUR: 'hasil per jam' };

export const TARGET_SOURCES = ['RPJMN', 'RPJMD', 'RENSTRA'] as const;

export interface HeaderMap<F extends string> {
  /** Position of each field in a record, -1 when absent. */
  index: Record<F, number>;
  /** The header text as the file wrote it, for error reports. */
  label: Record<F, string>;
  /** A time unit the header itself names. */
  impliedTimeUnit: TimeUnit | null;
  /** Headers matching nothing (a typo'd header must not pass unnoticed). */
  unknown: string[];
}

export function mapHeaders<F extends string>(
  columns: ColumnSpec<F>[],
  headers: string[],
  alsoKnown: (normalized: string) => boolean = () => false,
): HeaderMap<F> {
  const index = Object.fromEntries(columns.map((c) => [c.field, -1])) as Record<F, number>;
  const label = Object.fromEntries(columns.map((c) => [c.field, c.headers[0]])) as Record<F, string>;
  let impliedTimeUnit: TimeUnit | null = null;
  const unknown: string[] = [];
  headers.forEach((raw, i) => {
    const h = normalizeHeader(String(raw ?? ''));
    if (!h) return;
    const col = columns.find((c) => c.headers.includes(h) || (c.impliedTimeUnit && h in c.impliedTimeUnit));
    if (!col) {
      if (!alsoKnown(h)) unknown.push(String(raw).trim());
      return;
    }
    if (index[col.field] >= 0) return;
    index[col.field] = i;
    label[col.field] = String(raw)
      .replace(/^\uFEFF/, '')
      .trim();
    if (col.impliedTimeUnit?.[h]) impliedTimeUnit = col.impliedTimeUnit[h]!;
  });
  return { index, label, impliedTimeUnit, unknown };
}
