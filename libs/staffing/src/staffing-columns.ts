/**
 * The documented column set of a roster file (bezetting). Headers are matched case-insensitively
 * after collapsing spaces and punctuation to "_", so "Tanggal Lahir" finds `tanggal_lahir`.
 */
export const STAFFING_FIELDS = [
  'nip',
  'name',
  'birthDate',
  'sex',
  'employmentType',
  'positionCode',
  'unitCode',
  'tmt',
  'contractEnd',
  'category',
  'level',
] as const;
export type StaffingField = (typeof STAFFING_FIELDS)[number];

export interface StaffingColumnSpec {
  field: StaffingField;
  /** The template's header (Indonesian) first, then accepted aliases. */
  headers: string[];
  required: boolean;
  description: string;
  example: string;
}

export const STAFFING_COLUMNS: StaffingColumnSpec[] = [
  {
    field: 'nip',
    headers: ['nip', 'nip_baru', 'nomor_induk_pegawai'],
    required: true,
    description: 'NIP, 18 digits',
    example: '199001012015031001',
  },
  {
    field: 'name',
    headers: ['nama', 'name', 'nama_lengkap', 'full_name'],
    required: true,
    description: 'full name',
    example: 'Agus Santoso',
  },
  {
    field: 'birthDate',
    headers: ['tanggal_lahir', 'tgl_lahir', 'birth_date', 'date_of_birth'],
    required: true,
    description: 'yyyy-mm-dd or dd/mm/yyyy',
    example: '1990-01-01',
  },
  { field: 'sex', headers: ['jenis_kelamin', 'jk', 'sex', 'gender'], required: true, description: 'L/P, M/F or 1/2', example: 'L' },
  {
    field: 'employmentType',
    headers: ['status_kepegawaian', 'status_pegawai', 'jenis_pegawai', 'employment_type'],
    required: true,
    description: 'PNS or PPPK',
    example: 'PNS',
  },
  {
    field: 'positionCode',
    headers: ['kode_jabatan', 'position_code'],
    required: true,
    description: 'code in the position catalogue',
    example: 'PERAWAT',
  },
  {
    field: 'unitCode',
    headers: ['kode_unit', 'kode_unit_kerja', 'unit_code'],
    required: false,
    description: "code of one of the agency's units",
    example: 'PKM-A',
  },
  {
    field: 'tmt',
    headers: ['tmt', 'tmt_cpns', 'tmt_pengangkatan', 'appointment_date'],
    required: true,
    description: 'appointment date (TMT CPNS/PPPK)',
    example: '2015-03-01',
  },
  {
    field: 'contractEnd',
    headers: ['akhir_kontrak', 'tanggal_akhir_kontrak', 'contract_end'],
    required: false,
    description: 'PPPK contract end (empty for PNS)',
    example: '',
  },
  {
    field: 'category',
    headers: ['kategori', 'kategori_jabatan', 'category'],
    required: false,
    description: 'only when the catalogue lacks it',
    example: '',
  },
  {
    field: 'level',
    headers: ['jenjang', 'jenjang_jabatan', 'level'],
    required: false,
    description: 'only when the catalogue lacks it',
    example: '',
  },
];

export const normalizeHeader = (h: string): string =>
  h
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');

const HEADER_TO_FIELD = new Map<string, StaffingField>(STAFFING_COLUMNS.flatMap((c) => c.headers.map((h) => [h, c.field] as const)));

export interface HeaderMapping {
  /** Position of each field in a record, -1 when absent. */
  index: Record<StaffingField, number>;
  /** The header text as the file wrote it, for error reports. */
  label: Record<StaffingField, string>;
  missing: StaffingField[];
}

export function mapHeader(headers: string[]): HeaderMapping {
  const index = Object.fromEntries(STAFFING_FIELDS.map((f) => [f, -1])) as Record<StaffingField, number>;
  const label = Object.fromEntries(STAFFING_COLUMNS.map((c) => [c.field, c.headers[0]])) as Record<StaffingField, string>;
  headers.forEach((h, i) => {
    const field = HEADER_TO_FIELD.get(normalizeHeader(String(h ?? '')));
    if (field && index[field] < 0) {
      index[field] = i;
      label[field] = String(h)
        .replace(/^\uFEFF/, '')
        .trim();
    }
  });
  const missing = STAFFING_COLUMNS.filter((c) => c.required && index[c.field] < 0).map((c) => c.field);
  return { index, label, missing };
}

/** The downloadable template: the Indonesian headers and one example row. */
export function templateRows(): string[][] {
  return [STAFFING_COLUMNS.map((c) => c.headers[0]), STAFFING_COLUMNS.map((c) => c.example)];
}
