// Labels in Bahasa Indonesia and English; numbers are always formatted for Indonesian readers.
const LABELS = {
  subtitle: { id: 'Dasbor perencanaan formasi ASN', en: 'Civil-service formation planning dashboard' },
  language: { id: 'Bahasa', en: 'Language' },
  signInTitle: { id: 'Masuk', en: 'Sign in' },
  email: { id: 'Email', en: 'Email' },
  password: { id: 'Kata sandi', en: 'Password' },
  signIn: { id: 'Masuk', en: 'Sign in' },
  signOut: { id: 'Keluar', en: 'Sign out' },
  agency: { id: 'Instansi', en: 'Agency' },
  nation: { id: 'Nasional (semua instansi)', en: 'National (every agency)' },
  run: { id: 'Perhitungan', en: 'Plan run' },
  startRun: { id: 'Jalankan perhitungan', en: 'Start a run' },
  year: { id: 'Tahun', en: 'Year' },
  glanceTitle: { id: 'Ringkasan perhitungan', en: 'The run at a glance' },
  gapTitle: { id: 'Di mana kekurangannya', en: 'Where the gap is' },
  ageTitle: { id: 'Usia dan gelombang pensiun', en: 'Age and retirement wave' },
  formation: { id: 'Formasi', en: 'Formation' },
  retirements: { id: 'Pensiun', en: 'Retirements' },
  contractEnds: { id: 'Akhir kontrak PPPK', en: 'PPPK contract ends' },
  attrition: { id: 'Keluar lainnya', en: 'Attrition' },
  required: { id: 'Kebutuhan', en: 'Required' },
  existing: { id: 'Pegawai ada', en: 'Existing' },
  cost: { id: 'Biaya formasi per tahun', en: 'Formation cost per year' },
  uncosted: { id: 'formasi tanpa tarif biaya', en: 'formation without a cost rate' },
  totalFormation: { id: 'Total formasi', en: 'Total formation' },
  requiredLast: { id: 'Kebutuhan tahun terakhir', en: 'Required, last year' },
  existingFirst: { id: 'Pegawai ada, tahun pertama', en: 'Existing, first year' },
  exitsTotal: { id: 'Total keluar', en: 'Total exits' },
  pressure: { id: 'Tekanan', en: 'Pressure' },
  unit: { id: 'Unit', en: 'Unit' },
  position: { id: 'Jabatan', en: 'Position' },
  category: { id: 'Kategori', en: 'Category' },
  gapHintAgency: {
    id: 'Tekanan = (kebutuhan − pegawai akhir tahun) / kebutuhan. Klik sel untuk melihat penjelasannya.',
    en: 'Pressure = (required − supply at year end) / required. Click a cell to read its explanation.',
  },
  gapHintNation: {
    id: 'Per instansi × kategori, dari jumlah sel. Pilih instansi untuk penjelasan tiap sel.',
    en: "By agency × category, from the sums of cells. Pick an agency to read each cell's explanation.",
  },
  clickCell: {
    id: 'Klik sel pada peta untuk melihat angka dan penjelasannya.',
    en: 'Click a cell of the map to see its numbers and explanation.',
  },
  pickAgencyForAge: {
    id: 'Pilih satu instansi untuk melihat piramida usia pegawainya.',
    en: 'Pick one agency to see the age pyramid of its staff.',
  },
  male: { id: 'Laki-laki', en: 'Male' },
  female: { id: 'Perempuan', en: 'Female' },
  staff: { id: 'pegawai', en: 'staff' },
  ageOn: { id: 'Usia pada', en: 'Ages on' },
  retirementAge: { id: 'BUP', en: 'Retirement age' },
  wave: { id: 'Keluar per tahun, sepuluh tahun', en: 'Exits per year, ten years' },
  pyramid: { id: 'Piramida usia', en: 'Age pyramid' },
  flow: { id: 'Formasi dan pegawai keluar per tahun', en: 'Formation and exits per year' },
  noRuns: { id: 'Belum ada perhitungan selesai untuk pilihan ini.', en: 'No finished plan run for this choice yet.' },
  noRunsPlanner: {
    id: 'Tekan "Jalankan perhitungan" untuk menghitung kebutuhan pegawai dari data yang ada.',
    en: 'Press "Start a run" to compute the staffing need from the data on file.',
  },
  noRunsReader: {
    id: 'Minta perencana menjalankan perhitungan; hasilnya akan tampil di sini.',
    en: 'Ask a planner to start a run; its results will show here.',
  },
  noAgencies: {
    id: 'Akun ini belum terhubung ke instansi mana pun. Hubungi admin.',
    en: 'This account is linked to no agency yet. Ask an admin.',
  },
  noRoster: {
    id: 'Instansi ini belum punya data pegawai (bezetting). Unggah roster lebih dulu.',
    en: 'This agency has no roster (bezetting) yet. Upload one first.',
  },
  running: { id: 'Menghitung', en: 'Computing' },
  done: { id: 'Selesai', en: 'Done' },
  failed: { id: 'Gagal', en: 'Failed' },
  pastRetirement: { id: 'pegawai sudah melewati BUP pada tanggal ini', en: 'staff already past retirement age on this date' },
  numbers: { id: 'Angka', en: 'Figures' },
  signInFailed: { id: 'Gagal masuk', en: 'Sign-in failed' },
  proposalsTitle: { id: 'Usulan kebutuhan: tahapan (nasional)', en: 'Needs proposals: the cycle (national)' },
  proposalHint: {
    id: 'Berapa instansi yang usulannya sudah mencapai tiap tahap; usulan yang dikembalikan dihitung sampai verifikasi.',
    en: "How many agencies' proposals reached each stage; a returned proposal counts up to verification.",
  },
  stateAgencies: { id: 'Instansi', en: 'Agencies' },
  stateDRAFT: { id: 'Draf', en: 'Draft' },
  stateSUBMITTED: { id: 'Diajukan', en: 'Submitted' },
  stateSIGNED: { id: 'Ditandatangani PPK', en: 'Signed' },
  stateIN_VERIFICATION: { id: 'Diverifikasi', en: 'In verification' },
  stateRETURNED: { id: 'Dikembalikan', en: 'Returned' },
  stateVERIFIED: { id: 'Terverifikasi', en: 'Verified' },
  stateDETERMINED: { id: 'Ditetapkan', en: 'Determined' },
  stateWITHDRAWN: { id: 'Ditarik', en: 'Withdrawn' },
  state: { id: 'Tahap', en: 'State' },
  now: { id: 'Saat ini', en: 'Now' },
  averageHours: { id: 'Rata-rata jam per tahap', en: 'Average hours in state' },
  notStarted: { id: 'Belum mulai', en: 'Not started' },
  nationScope: { id: 'Nasional', en: 'National' },
} as const;

export type Lang = 'id' | 'en';
export type LabelKey = keyof typeof LABELS;

let lang: Lang = localStorage.getItem('formasi.lang') === 'en' ? 'en' : 'id';

export const currentLang = (): Lang => lang;
export function setLang(next: Lang): void {
  lang = next;
  localStorage.setItem('formasi.lang', next);
  document.documentElement.lang = next;
}
export const t = (key: LabelKey): string => LABELS[key][lang];

/** Fills every element marked data-i18n with its label. */
export function applyLabels(root: ParentNode = document): void {
  root.querySelectorAll<HTMLElement>('[data-i18n]').forEach((el) => {
    el.textContent = t(el.dataset.i18n as LabelKey);
  });
}
