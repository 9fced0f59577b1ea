// A valid roster CSV of any size for one agency: unique NIPs whose birth date, sex and TMT agree
// with their row, everyone below the retirement age, PPPK contracts ending after the snapshot.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

const POSITIONS = ['ANALIS-SDM', 'PERAWAT-TER', 'GURU-AP', 'KEPALA-SUBBAGIAN', 'DOKTER-AP', 'BIDAN-TER'];
const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

export async function writeRosterCsv(path: string, rows: number, unitCodes: string[]): Promise<void> {
  const out = createWriteStream(path);
  out.write('nip,nama,tanggal_lahir,jenis_kelamin,status_kepegawaian,kode_jabatan,kode_unit,tmt,akhir_kontrak\n');
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    // 10,000 birth dates × up to 999 sequence numbers
    const day = i % 10000,
      seq = Math.floor(i / 10000) + 1;
    const y = 1970 + Math.floor(day / 360),
      m = 1 + (Math.floor(day / 28) % 12),
      d = 1 + (day % 28);
    const sex = i % 2 ? 2 : 1;
    const ty = y + 25 + (i % 5),
      tm = 1 + (i % 12);
    const pppk = i % 10 === 9;
    const nip = `${y}${pad(m)}${pad(d)}${ty}${pppk ? '21' : pad(tm)}${sex}${pad(seq, 3)}`;
    chunk += `${nip},Pegawai ${i},${y}-${pad(m)}-${pad(d)},${sex === 1 ? 'L' : 'P'},${pppk ? 'PPPK' : 'PNS'},${POSITIONS[i % POSITIONS.length]},${unitCodes[i % unitCodes.length]},${ty}-${pad(tm)}-01,${pppk ? `${2030 + (i % 5)}-${pad(tm)}-01` : ''}\n`;
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}
