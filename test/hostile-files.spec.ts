import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { isUtf8 } from 'node:buffer';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ByteSource,
  checkXlsxArchive,
  RosterFileError,
  scanRosterFile,
  sniffFormat,
  XLSX_LIMITS,
  XlsxArchiveError,
} from '@formasi/staffing';
import { xlsxWithSheet } from './support/zip-archive';

// Hostile roster files (issue 20, item 6): whatever bytes arrive, reading either yields records
// or stops with a RosterFileError whose message the uploader can act on; never another error, a
// hang, or memory in proportion to the file.

const dir = mkdtempSync(join(tmpdir(), 'formasi-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileNo = 0;

type Outcome = { rows: string[][] } | { error: string };

async function read(bytes: Buffer, stallMs = 5000): Promise<Outcome> {
  const path = join(dir, `f${fileNo++}`);
  writeFileSync(path, bytes);
  const rows: string[][] = [];
  try {
    await scanRosterFile(
      path,
      await sniffFormat(path),
      { fields: () => false, cells: (cells) => void rows.push(cells) },
      async () => true,
      {
        stallMs,
      },
    );
    return { rows };
  } catch (e) {
    if (e instanceof RosterFileError) return { error: e.message };
    throw e;
  } finally {
    rmSync(path, { force: true });
  }
}

/** The largest resident-memory growth seen while `work` runs, sampled every 20 ms. */
async function peakGrowth(work: () => Promise<unknown>): Promise<number> {
  const start = process.memoryUsage.rss();
  let peak = start;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return Math.max(peak, process.memoryUsage.rss()) - start;
}

const MiB = 1024 * 1024;
// The property tests' own timeouts: each test took the time noted above its timeout when run
// alone with `nice -n 10` at a load average of 4 to 5 (fastest and slowest of four runs). A niced
// process gets about 110/1024 of the CPU a normal one does, so above a load of 10 on two cores it
// runs some 50 times slower: each timeout is about 60 times the slowest run, not Jest's 5 s.
const SECOND = 1000;
const HEADER = 'nip,nama,tanggal_lahir,jenis_kelamin,status_kepegawaian,kode_jabatan,kode_unit,tmt';
const ROSTER = `${HEADER}\n198001012005031001,Ani Lestari,1980-01-01,P,PNS,PENGADMIN,SETDA,2005-03-01\n199203032017051002,Bayu Pratama,1992-03-03,L,PNS,PERAWAT,PUSKESMAS,2017-05-01\n`;

async function rosterXlsx(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('bezetting');
  for (const line of ROSTER.trim().split('\n')) ws.addRow(line.split(','));
  for (let i = 0; i < 40; i++)
    ws.addRow([`1980010120050310${String(10 + i)}`, `Pegawai ${i}`, '1980-01-01', 'P', 'PNS', 'PENGADMIN', 'SETDA', '2005-03-01']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('hostile roster files', () => {
  it(
    'reads random bytes as records or refuses them as not UTF-8 text, and nothing else',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.uint8Array({ maxLength: 2048 }), async (bytes) => {
          const buf = Buffer.from(bytes);
          // "PK\3\4" makes it an XLSX: the archive check answers for those
          const out = await read(buf);
          if ('rows' in out && !(buf.length >= 4 && buf.readUInt32LE(0) === 0x04034b50)) {
            expect(isUtf8(buf)).toBe(true);
            expect(buf.includes(0)).toBe(false);
          }
        }),
        { numRuns: 300, seed: 20 },
      );
    },
    // alone: 170–290 ms
    20 * SECOND,
  );

  it(
    'survives a roster cut anywhere and bytes inserted anywhere',
    async () => {
      const roster = Buffer.from(ROSTER);
      await fc.assert(
        fc.asyncProperty(
          fc.nat(roster.length),
          fc.uint8Array({ minLength: 1, maxLength: 16 }),
          fc.nat(roster.length),
          async (cut, junk, at) => {
            const cutOut = await read(roster.subarray(0, cut));
            expect('rows' in cutOut).toBe(true);
            await read(Buffer.concat([roster.subarray(0, at), Buffer.from(junk), roster.subarray(at)]));
          },
        ),
        { numRuns: 200, seed: 20 },
      );
    },
    // alone: 170–200 ms
    12 * SECOND,
  );

  it('refuses UTF-16 and Latin-1 files naming the encoding, the line and what to do', async () => {
    expect(await read(Buffer.from(`\ufeff${ROSTER}`, 'utf16le'))).toEqual({
      error: 'the CSV file is UTF-16 text ("Unicode text"): save it as "CSV UTF-8 (comma delimited)"',
    });
    expect(await read(Buffer.from(ROSTER, 'utf16le'))).toEqual({
      error: 'the CSV file holds NUL bytes (line 1): it is binary or UTF-16, not UTF-8 text; save it as "CSV UTF-8"',
    });
    expect(await read(Buffer.from(`${HEADER}\n198001012005031001,Andé,1980-01-01,L,PNS,PENGADMIN,SETDA,2005-03-01\n`, 'latin1'))).toEqual({
      error: 'the CSV file is not UTF-8 text: byte 0xE9 on line 2 (Latin-1 or Windows-1252?); save it as "CSV UTF-8"',
    });
    // a character split across the 1 MiB read boundary is whole UTF-8: read, not refused
    const pad = 'x'.repeat(MiB - HEADER.length - 2);
    const split = await read(Buffer.from(`${HEADER}\n${pad}é,b\n`));
    expect(split).toEqual({ rows: [HEADER.split(','), [`${pad}é`, 'b']] });
  });

  it('refuses a line over 16 MiB without holding the file', async () => {
    const path = join(dir, 'long.csv');
    writeFileSync(path, Buffer.concat([Buffer.from(`${HEADER}\n`), Buffer.alloc(64 * MiB, 'a')]));
    let out: Outcome | undefined;
    const growth = await peakGrowth(async () => {
      try {
        await scanRosterFile(path, 'CSV', { fields: () => true, cells: () => undefined }, async () => true);
      } catch (e) {
        out = { error: (e as Error).message };
      }
    });
    expect(out).toEqual({
      error:
        'the CSV file cannot be read: a record from line 2 runs over 16 MiB (a quote that never closes, or a line without line breaks)',
    });
    // the scanner's buffer doubles to 32 MiB at most; the file is 64 MiB
    expect(growth).toBeLessThan(64 * MiB);
  });

  it('refuses a zip bomb from its directory, and one that lies about its size after one chunk', async () => {
    const zeros = Buffer.alloc(16 * MiB, '0');
    const honest = await read(xlsxWithSheet(zeros));
    expect(honest).toEqual({
      error: expect.stringMatching(
        /^the XLSX file is a zip bomb: entry xl\/worksheets\/sheet1\.xml unpacks \d+ times larger than it is packed \(at most 200\)$/,
      ),
    });
    let liar: Outcome | undefined;
    const growth = await peakGrowth(async () => (liar = await read(xlsxWithSheet(zeros, 1000))));
    expect(liar).toEqual({
      error: 'the XLSX file is damaged or a zip bomb: entry xl/worksheets/sheet1.xml unpacks to more than the 1000 bytes it declares',
    });
    expect(growth).toBeLessThan(32 * MiB);
  }, 30000);

  it('refuses an archive that unpacks to more than the limit', async () => {
    const path = join(dir, 'big.xlsx');
    // 2 MiB of varied XML: no ratio alarm, over a 1 MiB limit
    const rows = Array.from({ length: 40000 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${i * 7919}</v></c></row>`).join('');
    writeFileSync(path, xlsxWithSheet(`<worksheet><sheetData>${rows}</sheetData></worksheet>`));
    await expect(checkXlsxArchive(path, { ...XLSX_LIMITS, maxUnpackedBytes: MiB })).rejects.toThrow(
      /^the XLSX file unpacks to 2\.\d MiB, more than the 1\.0 MiB a sheet may take: split it$/,
    );
  });

  it('refuses a sheet with a cell in column 1 000 000 and a row of 2000 cells without references', async () => {
    const far = `<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>nip</t></is></c><c r="BDWGN1"><v>1</v></c></row></sheetData></worksheet>`;
    expect(await read(xlsxWithSheet(far))).toEqual({
      error: 'the XLSX file has a cell in column BDWGN (xl/worksheets/sheet1.xml): a sheet may use at most 1024 columns',
    });
    const wide = `<worksheet><sheetData><row r="1">${Array.from({ length: 2000 }, (_, i) => `<c><v>${i}</v></c>`).join('')}</row></sheetData></worksheet>`;
    expect(await read(xlsxWithSheet(wide))).toEqual({
      error: 'the XLSX file has a row of more than 1024 cells (xl/worksheets/sheet1.xml): a sheet may use at most 1024 columns',
    });
  });

  it('refuses the damaged XLSX that made the exceljs reader wait forever, within seconds', async () => {
    // three bytes changed in the deflated sheet: exceljs swallowed the inflate error and never settled
    const started = Date.now();
    expect(await read(readFileSync(join(__dirname, 'fixtures/staffing/damaged-hangs-exceljs.xlsx')))).toEqual({
      error: 'the XLSX file is damaged: entry xl/worksheets/sheet1.xml cannot be unpacked (invalid distance too far back)',
    });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('refuses the XLSX whose overwritten deflate data made the archive check itself wait forever', async () => {
    // a 3,000-row sheet with 600 bytes of its compressed data overwritten: the inflater filled up,
    // then failed, and the check waited for it to drain (unbounded for rosters, for ever)
    const fixture = readFileSync(join(__dirname, 'fixtures/staffing/damaged-hangs-archive-check.xlsx'));
    const message = 'the XLSX file is damaged: entry xl/worksheets/sheet1.xml cannot be unpacked (invalid distance too far back)';
    expect(await read(fixture)).toEqual({ error: message });
    // the same check on an upload held in memory (the small tables of proposals and outcomes)
    await expect(checkXlsxArchive(fixture)).rejects.toThrow(new XlsxArchiveError(message));
  });

  it('gives up an archive check that makes no progress for the stall limit', async () => {
    // a source whose bytes stop coming after the zip directory, as a stuck inflater or disk would
    const good = await rosterXlsx();
    let reads = 0;
    const stuck: ByteSource = {
      size: good.length,
      read: (buf, length, position) =>
        ++reads <= 2 ? Promise.resolve(good.copy(buf, 0, position, position + length)) : new Promise<number>(() => {}),
      close: async () => {},
    };
    await expect(checkXlsxArchive(stuck, XLSX_LIMITS, 200)).rejects.toThrow(
      new XlsxArchiveError('the XLSX file cannot be read: its archive yielded nothing for 0.2 s (a damaged file)'),
    );
    expect(reads).toBe(3);
  });

  it(
    'reads a valid XLSX roster, and any damage to it ends in records or a RosterFileError within the stall limit',
    async () => {
      const good = await rosterXlsx();
      const whole = await read(good);
      expect('rows' in whole && whole.rows.length).toBe(43);
      expect('rows' in whole && whole.rows[1]).toEqual([
        '198001012005031001',
        'Ani Lestari',
        '1980-01-01',
        'P',
        'PNS',
        'PENGADMIN',
        'SETDA',
        '2005-03-01',
      ]);
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(fc.nat(good.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
          fc.option(fc.nat(good.length), { nil: undefined }),
          async (flips, cut) => {
            const bad = Buffer.from(good);
            for (const [at, byte] of flips) bad[at] = byte;
            const started = Date.now();
            await read(cut === undefined ? bad : bad.subarray(0, cut), 2000);
            expect(Date.now() - started).toBeLessThan(4000);
          },
        ),
        { numRuns: 80, seed: 20 },
      );
    },
    // alone: 210–430 ms
    30 * SECOND,
  );
});
