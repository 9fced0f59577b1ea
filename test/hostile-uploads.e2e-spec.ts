import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { join } from 'node:path';
import { E2eApp, startE2eApp } from './support/e2e-app';
import { loadSmallRegency } from './support/reference-data';
import { xlsxWithSheet } from './support/zip-archive';
import { AGENCY, HEADER, loadImportAgency, uploadAndValidate } from './fixtures/staffing/staffing-helpers';
import { importFile } from './fixtures/standards/standards-helpers';

// Hostile roster uploads through the API (issue 20, item 6): each is refused with a sentence the
// uploader can act on, nothing is staged or written, and the error list cannot carry a formula.

describe('hostile roster uploads', () => {
  let e2e: E2eApp;

  beforeAll(async () => {
    e2e = await startE2eApp();
    await loadSmallRegency(e2e);
    await loadImportAgency(e2e);
    await e2e.app.listen(0, '127.0.0.1');
  });

  afterAll(async () => {
    await e2e?.close();
  });

  const written = async (): Promise<unknown> =>
    e2e.sql(
      `SELECT (SELECT count(*)::int FROM employee e JOIN agency a ON a.id = e.agency_id WHERE a.code = $1) AS employees,
                    (SELECT count(*)::int FROM staffing_submission WHERE status IN ('VALIDATED', 'COMMITTED') AND format <> 'API') AS usable`,
      [AGENCY],
    );

  it('answers an upload declaring 2 GiB with 413 before reading it, and closes the connection', async () => {
    const { port } = e2e.app.getHttpServer().address() as AddressInfo;
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write(
          `POST /staffing/${AGENCY}/submissions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${e2e.adminToken}\r\n` +
            `Content-Type: multipart/form-data; boundary=b\r\nContent-Length: ${2 * 1024 ** 3}\r\n\r\n--b\r\n`,
        );
      });
      let text = '';
      socket.on('data', (d) => (text += d.toString()));
      // the server ends the connection although 2 GiB were announced and a few bytes sent
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
      setTimeout(() => reject(new Error(`no answer, got: ${text}`)), 10000).unref();
    });
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).toMatch(/\r\nConnection: close\r\n/i);
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toEqual({
      code: 'PAYLOAD_TOO_LARGE',
      message: 'the upload declares 2147483648 bytes (2 GiB); a file may have at most 1 GiB',
    });
    expect(await e2e.sql(`SELECT count(*)::int AS n FROM staffing_submission WHERE format <> 'API'`)).toEqual([{ n: 0 }]);
  });

  it.each([
    [
      'UTF-16',
      Buffer.from(`\ufeff${HEADER}\n`, 'utf16le'),
      'the CSV file is UTF-16 text ("Unicode text"): save it as "CSV UTF-8 (comma delimited)"',
    ],
    [
      'Latin-1',
      Buffer.from(`${HEADER}\n198001012005031001,André,1980-01-01,L,PNS,PENGADMIN,SETDA,2005-03-01,\n`, 'latin1'),
      'the CSV file is not UTF-8 text: byte 0xE9 on line 2 (Latin-1 or Windows-1252?); save it as "CSV UTF-8"',
    ],
    [
      'a zip bomb',
      xlsxWithSheet(Buffer.alloc(16 * 1024 * 1024, '0')),
      expect.stringMatching(/^the XLSX file is a zip bomb: entry xl\/worksheets\/sheet1\.xml unpacks \d+ times larger/),
    ],
    [
      'a cell in column 1 000 000',
      xlsxWithSheet('<worksheet><sheetData><row r="1"><c r="BDWGN1"><v>1</v></c></row></sheetData></worksheet>'),
      'the XLSX file has a cell in column BDWGN (xl/worksheets/sheet1.xml): a sheet may use at most 1024 columns',
    ],
    [
      'the damaged XLSX that hung the reader',
      readFileSync(join(__dirname, 'fixtures/staffing/damaged-hangs-exceljs.xlsx')),
      'the XLSX file is damaged: entry xl/worksheets/sheet1.xml cannot be unpacked (invalid distance too far back)',
    ],
    [
      'the damaged XLSX that hung the archive check',
      readFileSync(join(__dirname, 'fixtures/staffing/damaged-hangs-archive-check.xlsx')),
      'the XLSX file is damaged: entry xl/worksheets/sheet1.xml cannot be unpacked (invalid distance too far back)',
    ],
  ])('refuses %s as FILE_UNREADABLE and writes nothing', async (_kind, body, message) => {
    const before = await written();
    const s = await uploadAndValidate(e2e, body, 'roster.bin');
    expect(s.status).toBe('INVALID');
    expect(s.errors).toEqual([expect.objectContaining({ rule: 'FILE_UNREADABLE', message })]);
    expect(await e2e.sql(`SELECT to_regclass('staffing_submission_row_' || replace($1, '-', '_'))::text AS t`, [s.id])).toEqual([
      { t: null },
    ]);
    expect(await written()).toEqual(before);
  });

  it.each(['standards', 'targets'] as const)(
    'refuses the damaged XLSX that hung the archive check as a %s file, as FILE_UNREADABLE, and writes nothing',
    async (kind) => {
      const state = () =>
        e2e.sql(
          `SELECT (SELECT count(*)::int FROM workload_standard) AS standards, (SELECT count(*)::int FROM development_target) AS targets,
                  (SELECT count(*)::int FROM standards_submission WHERE status IN ('VALIDATED', 'COMMITTED')) AS usable`,
        );
      const before = await state();
      const fixture = readFileSync(join(__dirname, 'fixtures/staffing/damaged-hangs-archive-check.xlsx'));
      const s = await importFile(e2e, kind, 'KAB-UJI', fixture, `${kind}.xlsx`);
      expect(s).toMatchObject({ status: 'INVALID', errorCount: 1 });
      expect(s.errors).toEqual([
        expect.objectContaining({
          rule: 'FILE_UNREADABLE',
          message: 'the XLSX file is damaged: entry xl/worksheets/sheet1.xml cannot be unpacked (invalid distance too far back)',
        }),
      ]);
      expect(await state()).toEqual(before);
    },
  );

  it('writes an error list in which no uploaded value starts a formula', async () => {
    const csv = `${HEADER}\n"=HYPERLINK(""http://x"";""klik"")",@SUM(A1),1980-01-01,L,PNS,PENGADMIN,SETDA,2005-03-01,\n`;
    const s = await uploadAndValidate(e2e, csv, 'formula.csv');
    expect(s.status).toBe('INVALID');
    const nip = s.errors.find((e) => e.column === 'nip')!;
    expect(nip.value).toBe('=HYPERLINK("http://x";"klik")');
    const file = await e2e.http().get(s.errorFileUrl).expect(200);
    const lines = file.text.trim().split('\n');
    const nipLine = lines.find((l) => l.startsWith('2,nip,'))!;
    expect(nipLine).toMatch(/^2,nip,NIP_NOT_18_DIGITS,"'=HYPERLINK\(""http:\/\/x"";""klik""\)",/);
    // no field of any line starts with a formula character once the CSV quoting is taken off
    for (const line of lines.slice(1))
      for (const field of line.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!) expect(field.replace(/^"/, '')).not.toMatch(/^[=+@\t\r]/);
  });
});
