import ExcelJS from 'exceljs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RosterFileError } from '@formasi/staffing';
import { readImportFile } from './standards-file.reader';
import type { RowProblem, StagedActivity } from './standards-rows';

const dir = mkdtempSync(join(tmpdir(), 'standards-reader-'));

/** An ABK workbook: two position sheets, the guide sheet and a hidden sheet (both skipped). */
async function abkWorkbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const perawat = wb.addWorksheet('Perawat');
  perawat.addRows([
    ['Kode Jabatan', ':', 'PERAWAT'],
    ['Kode Unit', ':', 'PKM-A'],
    ['No', 'Uraian Tugas', 'Satuan Hasil', 'Beban Kerja', 'Norma Waktu (menit)', 'Persen Waktu Kerja'],
    ['A', 'Tugas Pokok'],
    [1, 'Asuhan keperawatan', 'kunjungan', 37500, 10, null],
    ['B', 'Tugas Penunjang'],
    [1, 'Rapat', null, null, null, 20],
    ['Jumlah'],
  ]);
  const admin = wb.addWorksheet('Pengadmin');
  admin.addRows([
    ['Kode Jabatan : PENGADMIN'],
    ['Kode Unit : DINKES'],
    ['No', 'Uraian Tugas', 'Satuan Hasil', 'Beban Kerja', 'Norma Waktu (jam)'],
    [1, 'Mengagendakan surat', 'surat', 2500, 0.5],
  ]);
  wb.addWorksheet('Petunjuk').addRow(['Isi satu sheet per jabatan']);
  const hidden = wb.addWorksheet('Lama', { state: 'hidden' });
  hidden.addRows([['Kode Jabatan : LAMA'], ['No', 'Uraian Tugas', 'Beban Kerja', 'Norma Waktu (menit)'], [1, 'X', 1, 1]]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function read(path: string, stallMs?: number): Promise<{ sheets: unknown; activities: StagedActivity[]; problems: RowProblem[] }> {
  const activities: StagedActivity[] = [];
  const problems: RowProblem[] = [];
  const sink = {
    activity: (r: StagedActivity) => activities.push({ ...r }),
    target: () => undefined,
    problem: (p: RowProblem) => problems.push(p),
  };
  const sheets = await readImportFile(path, 'XLSX', 'STANDARDS', sink, async () => {}, stallMs);
  return { sheets, activities, problems };
}

describe('standards file reader, XLSX streamed', () => {
  it('reads an ABK workbook sheet by sheet, skipping the guide and hidden sheets', async () => {
    const path = join(dir, 'abk.xlsx');
    writeFileSync(path, await abkWorkbook());
    const { sheets, activities, problems } = await read(path);
    expect(problems).toEqual([]);
    expect(sheets).toEqual([
      { name: 'Perawat', layout: 'ABK_WORKSHEET', rows: 5 },
      { name: 'Pengadmin', layout: 'ABK_WORKSHEET', rows: 1 },
    ]);
    expect(
      activities.map((a) => [
        a.sheet,
        a.rowNo,
        a.positionCode,
        a.unitCode,
        a.kind,
        a.name,
        a.annualVolume,
        a.timeValue,
        a.timeUnit,
        a.percentOfWorkingTime,
      ]),
    ).toEqual([
      ['Perawat', 5, 'PERAWAT', 'PKM-A', 'SERVICE', 'Asuhan keperawatan', '37500', '10', 'M', null],
      ['Perawat', 7, 'PERAWAT', 'PKM-A', 'SUPPORT', 'Rapat', null, null, null, '20'],
      ['Pengadmin', 4, 'PENGADMIN', 'DINKES', 'SERVICE', 'Mengagendakan surat', '2500', '0.5', 'H', null],
    ]);
  });

  it('refuses a damaged archive that made the archive check wait forever, and one cut short', async () => {
    // a sheet of 3,000 tasks, 600 bytes of its compressed data overwritten early in the archive: the
    // check's inflater fills up, then fails (the check once waited for it to drain, for ever)
    const whole = await abkWorkbook();
    const path = join(__dirname, '../../../test/fixtures/staffing/damaged-hangs-archive-check.xlsx');
    await expect(read(path, 300)).rejects.toThrow(
      new RosterFileError('the XLSX file is damaged: entry xl/worksheets/sheet1.xml cannot be unpacked (invalid distance too far back)'),
    );
    // cut short: exceljs notices the end of the file
    const cut = join(dir, 'cut.xlsx');
    writeFileSync(cut, whole.subarray(0, Math.floor(whole.length / 2)));
    await expect(read(cut, 300)).rejects.toThrow('the XLSX file is damaged or cut short: its zip directory is missing');
  });
});
