// The demo regency loaded by `npm start`: fictional, but shaped like a real kabupaten's ABK.
import type { Activity, AnnualCostRule, PositionCategory, PositionLevel } from '@formasi/planning';

export const DEMO_AGENCY = { code: 'KAB-SUKAMAJU', name: 'Pemerintah Kabupaten Sukamaju', kind: 'REGENCY', regionCode: '32.99' } as const;

export const DEMO_UNITS: Array<{ code: string; name: string; parent?: string }> = [
  { code: 'SETDA', name: 'Sekretariat Daerah' },
  { code: 'SETDA-ORG', name: 'Bagian Organisasi', parent: 'SETDA' },
  { code: 'BKPSDM', name: 'Badan Kepegawaian dan Pengembangan SDM' },
  { code: 'DINKES', name: 'Dinas Kesehatan' },
  { code: 'PKM-SUKAMAJU', name: 'Puskesmas Sukamaju', parent: 'DINKES' },
  { code: 'PKM-CIBODAS', name: 'Puskesmas Cibodas', parent: 'DINKES' },
  { code: 'DISDIK', name: 'Dinas Pendidikan' },
  { code: 'DPMPTSP', name: 'Dinas Penanaman Modal dan PTSP' },
];

export const DEMO_POSITIONS: Array<{
  code: string;
  name: string;
  category: PositionCategory;
  level?: PositionLevel;
  retirementAgeOverride?: number;
}> = [
  { code: 'SEKDA', name: 'Sekretaris Daerah', category: 'JPT', level: 'JPT_PRATAMA' },
  { code: 'KEPALA-DINAS', name: 'Kepala Dinas / Badan', category: 'JPT', level: 'JPT_PRATAMA' },
  { code: 'KEPALA-BIDANG', name: 'Kepala Bidang / Kepala Bagian', category: 'ADMINISTRATOR' },
  { code: 'KEPALA-SUBBAGIAN', name: 'Kepala Subbagian', category: 'PENGAWAS' },
  { code: 'DOKTER-AP', name: 'Dokter Ahli Pertama', category: 'FUNGSIONAL', level: 'AHLI_PERTAMA' },
  { code: 'DOKTER-AM', name: 'Dokter Ahli Muda', category: 'FUNGSIONAL', level: 'AHLI_MUDA' },
  { code: 'PERAWAT-TER', name: 'Perawat Terampil', category: 'FUNGSIONAL', level: 'TERAMPIL' },
  { code: 'PERAWAT-AP', name: 'Perawat Ahli Pertama', category: 'FUNGSIONAL', level: 'AHLI_PERTAMA' },
  { code: 'BIDAN-TER', name: 'Bidan Terampil', category: 'FUNGSIONAL', level: 'TERAMPIL' },
  // teachers retire at 60 under UU 14/2005, not at the 58 of their level
  { code: 'GURU-AP', name: 'Guru Ahli Pertama', category: 'FUNGSIONAL', level: 'AHLI_PERTAMA', retirementAgeOverride: 60 },
  { code: 'PENGAWAS-SEKOLAH', name: 'Pengawas Sekolah Ahli Madya', category: 'FUNGSIONAL', level: 'AHLI_MADYA' },
  { code: 'ANALIS-SDM', name: 'Analis SDM Aparatur Ahli Muda', category: 'FUNGSIONAL', level: 'AHLI_MUDA' },
  { code: 'ANALIS-KEBIJAKAN', name: 'Analis Kebijakan Ahli Pertama', category: 'FUNGSIONAL', level: 'AHLI_PERTAMA' },
  { code: 'PRANATA-KOMPUTER', name: 'Pranata Komputer Terampil', category: 'FUNGSIONAL', level: 'TERAMPIL' },
  { code: 'ARSIPARIS', name: 'Arsiparis Terampil', category: 'FUNGSIONAL', level: 'TERAMPIL' },
  { code: 'PENATA-PERIZINAN', name: 'Penata Perizinan', category: 'PELAKSANA' },
  { code: 'PENGADMIN-UMUM', name: 'Pengadministrasi Umum', category: 'PELAKSANA' },
  { code: 'PENGELOLA-KEUANGAN', name: 'Pengelola Keuangan', category: 'PELAKSANA' },
];

const support = (percent: number): Activity => ({
  kind: 'SUPPORT',
  name: 'Rapat, pelaporan dan pengembangan diri',
  percentOfWorkingTime: percent,
});
const fixed = (name: string, annualVolume: number, minutesPerUnit: number): Activity => ({
  kind: 'SERVICE',
  name,
  annualVolume,
  minutesPerUnit,
});
const driven = (name: string, indicator: string, factor: number, minutesPerUnit: number): Activity => ({
  kind: 'SERVICE',
  name,
  driver: { indicator, factor },
  minutesPerUnit,
});
const leader = (name: string): Activity[] => [fixed(name, 250, 300)];

/** Workload standard and current headcount (PNS + PPPK) per unit × position; the seed loads the standards from examples/standar-abk-kab-sukamaju.csv (written from these activities). */
export const DEMO_CELLS: Array<{ unit: string; position: string; activities: Activity[]; pns: number; pppk: number }> = [
  { unit: 'SETDA', position: 'SEKDA', activities: leader('Mengoordinasikan perangkat daerah'), pns: 1, pppk: 0 },
  { unit: 'SETDA', position: 'KEPALA-BIDANG', activities: [fixed('Menyusun kebijakan bagian', 120, 1000), support(10)], pns: 3, pppk: 0 },
  { unit: 'SETDA', position: 'PENGADMIN-UMUM', activities: [fixed('Mengagendakan surat', 9000, 25), support(10)], pns: 4, pppk: 2 },
  { unit: 'SETDA-ORG', position: 'KEPALA-SUBBAGIAN', activities: [fixed('Menyupervisi analisis jabatan', 60, 1200)], pns: 1, pppk: 0 },
  {
    unit: 'SETDA-ORG',
    position: 'ANALIS-KEBIJAKAN',
    activities: [
      fixed('Analisis jabatan dan beban kerja', 90, 2400),
      { kind: 'ADDITIONAL', name: 'Tim reformasi birokrasi', hoursPerYear: 150, staffCount: 2 },
      support(15),
    ],
    pns: 2,
    pppk: 0,
  },
  { unit: 'BKPSDM', position: 'KEPALA-DINAS', activities: leader('Memimpin BKPSDM'), pns: 1, pppk: 0 },
  {
    unit: 'BKPSDM',
    position: 'ANALIS-SDM',
    activities: [driven('Layanan kepegawaian per ASN', 'asn_dikelola', 1, 60), support(15)],
    pns: 3,
    pppk: 0,
  },
  {
    unit: 'BKPSDM',
    position: 'ARSIPARIS',
    activities: [driven('Pemberkasan arsip kepegawaian', 'asn_dikelola', 2, 15), support(10)],
    pns: 1,
    pppk: 1,
  },
  { unit: 'BKPSDM', position: 'PENGELOLA-KEUANGAN', activities: [fixed('Verifikasi SPJ', 2400, 30), support(10)], pns: 1, pppk: 0 },
  { unit: 'DINKES', position: 'KEPALA-DINAS', activities: leader('Memimpin Dinas Kesehatan'), pns: 1, pppk: 0 },
  { unit: 'DINKES', position: 'KEPALA-BIDANG', activities: [fixed('Program kesehatan', 150, 1200), support(10)], pns: 3, pppk: 0 },
  { unit: 'DINKES', position: 'DOKTER-AM', activities: [fixed('Supervisi klinis puskesmas', 48, 1500), support(15)], pns: 1, pppk: 0 },
  { unit: 'DINKES', position: 'PERAWAT-AP', activities: [fixed('Surveilans dan program', 1100, 120), support(15)], pns: 2, pppk: 1 },
  { unit: 'DINKES', position: 'PENGADMIN-UMUM', activities: [fixed('Mengagendakan surat', 6000, 25), support(10)], pns: 3, pppk: 1 },
  { unit: 'DINKES', position: 'PRANATA-KOMPUTER', activities: [fixed('Pengelolaan SIMPUS', 600, 150), support(10)], pns: 1, pppk: 1 },
  {
    unit: 'PKM-SUKAMAJU',
    position: 'DOKTER-AP',
    activities: [driven('Pemeriksaan pasien rawat jalan', 'kunjungan_rawat_jalan', 0.6, 10), support(15)],
    pns: 3,
    pppk: 0,
  },
  {
    unit: 'PKM-SUKAMAJU',
    position: 'PERAWAT-TER',
    activities: [driven('Asuhan keperawatan rawat jalan', 'kunjungan_rawat_jalan', 1, 12), support(15)],
    pns: 5,
    pppk: 2,
  },
  {
    unit: 'PKM-SUKAMAJU',
    position: 'BIDAN-TER',
    activities: [driven('Pertolongan persalinan', 'persalinan', 1, 240), fixed('Pemeriksaan antenatal', 3000, 20), support(15)],
    pns: 3,
    pppk: 1,
  },
  {
    unit: 'PKM-CIBODAS',
    position: 'DOKTER-AP',
    activities: [driven('Pemeriksaan pasien rawat jalan', 'kunjungan_rawat_jalan', 0.6, 10), support(15)],
    pns: 2,
    pppk: 0,
  },
  {
    unit: 'PKM-CIBODAS',
    position: 'PERAWAT-TER',
    activities: [driven('Asuhan keperawatan rawat jalan', 'kunjungan_rawat_jalan', 1, 12), support(15)],
    pns: 3,
    pppk: 1,
  },
  {
    unit: 'PKM-CIBODAS',
    position: 'BIDAN-TER',
    activities: [driven('Pertolongan persalinan', 'persalinan', 1, 240), fixed('Pemeriksaan antenatal', 2200, 20), support(15)],
    pns: 2,
    pppk: 1,
  },
  { unit: 'DISDIK', position: 'KEPALA-DINAS', activities: leader('Memimpin Dinas Pendidikan'), pns: 1, pppk: 0 },
  { unit: 'DISDIK', position: 'KEPALA-BIDANG', activities: [fixed('Program pendidikan', 150, 1200), support(10)], pns: 3, pppk: 0 },
  // one teacher per 20 pupils a year: 1,250 h × 60 / 20 = 3,750 minutes per pupil
  { unit: 'DISDIK', position: 'GURU-AP', activities: [driven('Pembelajaran dan penilaian', 'siswa_sd', 1, 3750)], pns: 150, pppk: 45 },
  {
    unit: 'DISDIK',
    position: 'PENGAWAS-SEKOLAH',
    activities: [driven('Pembinaan sekolah', 'sekolah_dibina', 1, 3600), support(10)],
    pns: 4,
    pppk: 0,
  },
  { unit: 'DISDIK', position: 'PENGADMIN-UMUM', activities: [fixed('Mengagendakan surat', 7000, 25), support(10)], pns: 3, pppk: 1 },
  { unit: 'DPMPTSP', position: 'KEPALA-DINAS', activities: leader('Memimpin DPMPTSP'), pns: 1, pppk: 0 },
  {
    unit: 'DPMPTSP',
    position: 'PENATA-PERIZINAN',
    activities: [driven('Verifikasi dan penerbitan izin', 'izin_terbit', 1, 90), support(10)],
    pns: 6,
    pppk: 2,
  },
  {
    unit: 'DPMPTSP',
    position: 'ANALIS-KEBIJAKAN',
    activities: [driven('Kajian iklim investasi', 'izin_terbit', 0.01, 1800), support(10)],
    pns: 1,
    pppk: 0,
  },
  { unit: 'DPMPTSP', position: 'PRANATA-KOMPUTER', activities: [driven('Layanan OSS', 'izin_terbit', 1, 8), support(10)], pns: 1, pppk: 0 },
  { unit: 'DPMPTSP', position: 'PENGELOLA-KEUANGAN', activities: [fixed('Verifikasi SPJ', 1800, 30), support(10)], pns: 1, pppk: 0 },
];

export const DEMO_YEARS = [2026, 2027, 2028, 2029, 2030];

/** Annual cost per person in rupiah (salary, allowances, contributions): illustrative round figures, not a tariff. */
export const DEMO_ANNUAL_COSTS: AnnualCostRule[] = [
  { category: 'JPT', annualCost: 300_000_000 },
  { category: 'ADMINISTRATOR', annualCost: 180_000_000 },
  { category: 'PENGAWAS', annualCost: 130_000_000 },
  { category: 'FUNGSIONAL', annualCost: 100_000_000 },
  { category: 'FUNGSIONAL', level: 'TERAMPIL', annualCost: 80_000_000 },
  { category: 'FUNGSIONAL', level: 'AHLI_MADYA', annualCost: 150_000_000 },
  { category: 'PELAKSANA', annualCost: 65_000_000 },
];

// Development targets (RPJMD 2025–2029, Renstra) are in examples/target-kab-sukamaju.csv, loaded by the import.

/** The demo accounts' password (demo data only; `npm start` prints it, and a token for each account). */
export const DEMO_PASSWORD = 'sukamaju-demo-2026';

/** Demo accounts, one per role. */
export const DEMO_ACCOUNTS = [
  { email: 'admin@demo.formasi.id', displayName: 'Admin (demo)', role: 'ADMIN' },
  { email: 'perencana@demo.formasi.id', displayName: 'Perencana KemenPANRB (demo)', role: 'PLANNER' },
  { email: 'operator@sukamaju.demo.formasi.id', displayName: 'Operator BKPSDM Sukamaju (demo)', role: 'AGENCY_OPERATOR' },
  { email: 'viewer@demo.formasi.id', displayName: 'Viewer (demo)', role: 'VIEWER' },
  { email: 'bupati@sukamaju.demo.formasi.id', displayName: 'PPK Kabupaten Sukamaju (demo)', role: 'AGENCY_HEAD' },
  { email: 'verifikator@bkn.demo.formasi.id', displayName: 'Verifikator BKN (demo)', role: 'VERIFIER' },
  { email: 'penetapan@menpan.demo.formasi.id', displayName: 'Penetapan KemenPAN-RB (demo)', role: 'MINISTRY' },
] as const;

/** How the regency's need becomes proposal lines: teachers and health workers are priority groups, half the teachers PPPK. */
export const DEMO_PROPOSAL_POLICY = {
  positionGroups: [
    { positionCode: 'GURU-AP', group: 'GURU' as const },
    ...['DOKTER-AP', 'DOKTER-AM', 'PERAWAT-TER', 'PERAWAT-AP', 'BIDAN-TER'].map((positionCode) => ({
      positionCode,
      group: 'NAKES' as const,
    })),
  ],
  defaultGroup: 'TEKNIS' as const,
  pppkShares: [
    { group: 'GURU' as const, share: 0.5 },
    { group: 'NAKES' as const, share: 0.3 },
  ],
  zeroGrowthExemptGroups: ['GURU' as const, 'NAKES' as const],
  personnelSpendingCeiling: 0.3,
  // illustrative: the part of the regency's budget these demo units answer for
  annualBudget: 150_000_000_000,
};
