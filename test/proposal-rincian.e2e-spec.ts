import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { Response } from 'supertest';
import { E2eApp, startE2eApp } from './support/e2e-app';
import { Proposal, act, lineOf, loadProposalRegency } from './proposal.fixture';

// The SIASN rincian layout: a verified proposal exported as CSV and XLSX, read back and compared
// line by line; a determination imported from the same layout, refused whole for one bad row,
// dry-run with a diff, then applied.

const HEADER = [
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
];
const LABEL: Record<string, string> = { UMUM: 'Umum', DISABILITAS: 'Disabilitas' };
const INJECTION = '=HYPERLINK("evil.test";"S1")';

const binary = (res: Response, cb: (err: Error | null, body: Buffer) => void): void => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

describe('formation proposal: SIASN rincian export and determination import', () => {
  let e2e: E2eApp;
  let ministry: string;
  let operator: string;
  let p: Proposal;

  beforeAll(async () => {
    e2e = await startE2eApp();
    const runId = await loadProposalRegency(e2e);
    operator = await e2e.tokenFor('AGENCY_OPERATOR', ['KAB-UJI']);
    const head = await e2e.tokenFor('AGENCY_HEAD', ['KAB-UJI']);
    const verifier = await e2e.tokenFor('VERIFIER');
    ministry = await e2e.tokenFor('MINISTRY');
    const ok = (r: { proposal?: Proposal; errors?: unknown }): Proposal => {
      expect(r.errors).toBeUndefined();
      return r.proposal!;
    };
    p = ok(await act(e2e, operator, 'createProposalFromRun', 'CreateProposalFromRunInput', { runId, agencyCode: 'KAB-UJI', year: 2027 }));
    // the DINKES clerk is recruited on the disability track; the nurses' accepted education carries a formula
    p = ok(
      await act(e2e, operator, 'updateProposalLines', 'UpdateProposalLinesInput', {
        id: p.id,
        upsert: [
          { positionCode: 'PENGADMIN', unitCode: 'DINKES', procurement: 'CPNS', group: 'TEKNIS', formationType: 'UMUM', count: 0 },
          {
            positionCode: 'PENGADMIN',
            unitCode: 'DINKES',
            procurement: 'CPNS',
            group: 'TEKNIS',
            formationType: 'DISABILITAS',
            count: 1,
            education: ['SMA', 'SMK'],
            payMin: 3000000,
            payMax: 4500000,
          },
          {
            positionCode: 'PERAWAT',
            unitCode: 'PKM-A',
            procurement: 'CPNS',
            group: 'NAKES',
            count: 2,
            education: [INJECTION, 'S1 Keperawatan'],
          },
        ],
      }),
    );
    p = ok(await act(e2e, operator, 'submitProposal', 'ProposalActionInput', { id: p.id }));
    p = ok(
      await act(e2e, head, 'signProposal', 'SignProposalInput', {
        id: p.id,
        signerName: 'Drs. Bambang Sutrisno',
        signerNip: '197001011995031001',
      }),
    );
    p = ok(await act(e2e, verifier, 'takeProposalForVerification', 'ProposalActionInput', { id: p.id }));
    const nurse = lineOf(p, 'PERAWAT', 'PKM-A', 'CPNS');
    p = ok(
      await act(e2e, verifier, 'verifyProposal', 'VerifyProposalInput', {
        id: p.id,
        adjustments: [{ lineId: nurse.id, count: 1, reason: 'ABK: 1 CPNS' }],
      }),
    );
  });

  afterAll(async () => {
    await e2e?.close();
  });

  it('keeps documents with the proposal: type told by the first bytes, SHA-256 stored, streamed back to its readers', async () => {
    const pdf = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');
    const up = await e2e.http(operator).post(`/proposals/${p.id}/attachments`).field('kind', 'SPTJM').attach('file', pdf, 'sptjm-2027.pdf');
    expect(up.status).toBe(201);
    const sha256 = createHash('sha256').update(pdf).digest('hex');
    expect(up.body).toMatchObject({
      kind: 'SPTJM',
      fileName: 'sptjm-2027.pdf',
      contentType: 'application/pdf',
      sizeBytes: pdf.length,
      sha256,
    });
    const down = await e2e
      .http(ministry)
      .get(up.body.downloadPath as string)
      .buffer(true)
      .parse(binary);
    expect(down.status).toBe(200);
    expect(down.headers['x-content-sha256']).toBe(sha256);
    expect(Buffer.compare(down.body as Buffer, pdf)).toBe(0);

    const fake = await e2e
      .http(operator)
      .post(`/proposals/${p.id}/attachments`)
      .field('kind', 'ABK')
      .attach('file', Buffer.from('MZ not a pdf'), 'abk.pdf');
    expect(fake.status).toBe(400);
    expect(fake.body.fieldErrors[0]).toEqual({
      field: 'file',
      message: 'abk.pdf does not look like a .pdf file (its first bytes do not match)',
    });
    const exe = await e2e
      .http(operator)
      .post(`/proposals/${p.id}/attachments`)
      .field('kind', 'ABK')
      .attach('file', Buffer.from('MZ'), 'abk.exe');
    expect(exe.status).toBe(400);
    const kind = await e2e.http(operator).post(`/proposals/${p.id}/attachments`).field('kind', 'FOTO').attach('file', pdf, 'x.pdf');
    expect(kind.body.fieldErrors[0].field).toBe('kind');
    const listed = await e2e.gql<{ proposal: { attachments: Array<{ sha256: string }> } }>(
      'query($id: ID!) { proposal(id: $id) { attachments { sha256 } } }',
      { id: p.id },
    );
    expect(listed.data!.proposal.attachments).toEqual([{ sha256 }]);
  });

  const csvOf = async (stage = ''): Promise<string[][]> => {
    const res = await e2e.http(operator).get(`/proposals/${p.id}/rincian.csv${stage}`);
    expect(res.status).toBe(200);
    return parse(res.text, { bom: true }) as string[][];
  };

  it('exports the verified proposal in the SIASN columns, one row per type × position × unit, formulas written as text', async () => {
    const rows = await csvOf();
    expect(rows[0]).toEqual(HEADER);
    expect(rows.slice(1)).toEqual([
      [
        'Disabilitas',
        'Jabatan Pelaksana',
        'Pengadministrasi Umum',
        '',
        '0',
        '0',
        '1',
        '0',
        '0',
        '0',
        'Dinas Kesehatan',
        '3000000',
        '4500000',
        'SMA/SMK',
        'PENGADMIN',
        'DINKES',
      ],
      [
        'Umum',
        'Jabatan Pelaksana',
        'Pengadministrasi Umum',
        '',
        '0',
        '0',
        '0',
        '0',
        '0',
        '0',
        'Dinas Kesehatan',
        '',
        '',
        '',
        'PENGADMIN',
        'DINKES',
      ],
      [
        'Umum',
        'Jabatan Pelaksana',
        'Pengadministrasi Umum',
        '',
        '0',
        '0',
        '1',
        '0',
        '0',
        '0',
        'Puskesmas B',
        '',
        '',
        '',
        'PENGADMIN',
        'PKM-B',
      ],
      [
        'Umum',
        'Jabatan Fungsional',
        'Perawat Terampil',
        '',
        '0',
        '1',
        '0',
        '0',
        '1',
        '0',
        'Puskesmas A',
        '',
        '',
        `'${INJECTION}/S1 Keperawatan`,
        'PERAWAT',
        'PKM-A',
      ],
    ]);
    // line by line: each line's verified count sits in its row and column
    for (const l of p.lines) {
      const row = rows.find((r) => r[0] === LABEL[l.formationType] && r[14] === l.positionCode && r[15] === (l.unitCode ?? ''))!;
      expect(row[HEADER.indexOf(`${l.procurement.toLowerCase()}_${l.group.toLowerCase()}`)]).toBe(String(l.verifiedCount));
    }
    const proposed = await csvOf('?stage=proposed');
    expect(proposed[4]!.slice(4, 10)).toEqual(['0', '2', '0', '0', '1', '0']);
    expect((await e2e.http(operator).get(`/proposals/${p.id}/rincian.csv?stage=final`)).status).toBe(400);
  });

  it('exports the same rows as XLSX, text cells as strings', async () => {
    const res = await e2e.http(operator).get(`/proposals/${p.id}/rincian.xlsx`).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    const values = (n: number) =>
      HEADER.map((_, c) => {
        const v = sheet.getRow(n).getCell(c + 1).value;
        return v === null || v === undefined ? '' : String(v);
      });
    const rows = await csvOf();
    for (let n = 1; n <= rows.length; n++) expect(values(n)).toEqual(rows[n - 1]);
    expect(typeof sheet.getRow(5).getCell(14).value).toBe('string');
  });

  const post = (file: Buffer, name: string, fields: Record<string, string>, token = ministry) => {
    let req = e2e.http(token).post(`/proposals/${p.id}/determination`);
    for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
    return req.attach('file', file, name);
  };
  const toCsv = (rows: string[][]) =>
    Buffer.from(rows.map((r) => r.map((v) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(',')).join('\r\n'));

  it('refuses a determination with one bad row whole, naming row, column and rule, and writes nothing', async () => {
    const rows = await csvOf();
    rows[4]![HEADER.indexOf('pppk_nakes')] = '0';
    const bad = rows.map((r) => [...r]);
    bad[3]![HEADER.indexOf('cpns_teknis')] = 'dua';
    const res = await post(toCsv(bad), 'penetapan.csv', {
      dryRun: 'false',
      decreeNumber: 'B/77/M.SM.01.00/2027',
      decreeDate: '2027-03-15',
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('BAD_USER_INPUT');
    expect(res.body.fieldErrors).toEqual([
      { field: 'rows.4.cpns_teknis', row: 4, message: 'row 4, column cpns_teknis: NOT_A_COUNT: dua is not a whole number of 0 or more' },
    ]);
    const [state] = await e2e.sql<{ state: string; determined: number }>(
      `SELECT p.state, count(l.determined_count)::int AS determined
         FROM proposal p JOIN proposal_line l ON l.proposal_id = p.id WHERE p.id = $1 GROUP BY p.state`,
      [p.id],
    );
    expect(state).toEqual({ state: 'VERIFIED', determined: 0 });
    const above = rows.map((r) => [...r]);
    above[3]![HEADER.indexOf('cpns_teknis')] = '2';
    const res2 = await post(toCsv(above), 'penetapan.csv', {});
    expect(res2.status).toBe(201);
    expect(res2.body.errors).toEqual([
      { row: 4, column: 'cpns_teknis', rule: 'ABOVE_VERIFIED', value: '2', message: '2 is more than the 1 verified' },
    ]);
    expect(res2.body.applied).toBe(false);
  });

  it('dry-runs a determination with a diff against the proposal, then applies it from XLSX', async () => {
    const rows = await csvOf();
    rows[4]![HEADER.indexOf('pppk_nakes')] = '0';
    // the row of the clerk's general track is left out: determined 0
    const good = rows.filter((_, i) => i !== 2);
    const dry = await post(toCsv(good), 'penetapan.csv', {});
    expect(dry.status).toBe(201);
    expect(dry.body).toMatchObject({ dryRun: true, applied: false, errors: [], totals: { proposed: 5, verified: 4, determined: 3 } });
    expect(
      (dry.body.diff as Array<Record<string, unknown>>).map((d) => [
        d.positionCode,
        d.unitCode,
        d.formationType,
        d.procurement,
        d.proposed,
        d.verified,
        d.determined,
      ]),
    ).toEqual([
      ['PENGADMIN', 'DINKES', 'DISABILITAS', 'CPNS', 1, 1, 1],
      ['PENGADMIN', 'DINKES', 'UMUM', 'CPNS', 0, 0, 0],
      ['PENGADMIN', 'PKM-B', 'UMUM', 'CPNS', 1, 1, 1],
      ['PERAWAT', 'PKM-A', 'UMUM', 'CPNS', 2, 1, 1],
      ['PERAWAT', 'PKM-A', 'UMUM', 'PPPK', 1, 1, 0],
    ]);
    expect(
      (await post(toCsv(good), 'penetapan.csv', { dryRun: 'false', decreeNumber: 'x', decreeDate: '2027-03-15' }, operator)).status,
    ).toBe(403);

    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('rincian');
    good.forEach((r, n) => ws.addRow(r.map((v, c) => (n > 0 && c >= 4 && c <= 9 ? Number(v) : v))));
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    const applied = await post(xlsx, 'penetapan.xlsx', { dryRun: 'false', decreeNumber: 'B/77/M.SM.01.00/2027', decreeDate: '2027-03-15' });
    expect(applied.status).toBe(201);
    expect(applied.body).toMatchObject({
      applied: true,
      proposal: { state: 'DETERMINED', decreeNumber: 'B/77/M.SM.01.00/2027', decreeDate: '2027-03-15' },
    });
    const determined = await csvOf();
    expect(determined.slice(1).map((r) => [r[0], r[14], r[15], ...r.slice(4, 10)])).toEqual([
      ['Disabilitas', 'PENGADMIN', 'DINKES', '0', '0', '1', '0', '0', '0'],
      ['Umum', 'PENGADMIN', 'DINKES', '0', '0', '0', '0', '0', '0'],
      ['Umum', 'PENGADMIN', 'PKM-B', '0', '0', '1', '0', '0', '0'],
      ['Umum', 'PERAWAT', 'PKM-A', '0', '1', '0', '0', '0', '0'],
    ]);
    const audit = await e2e.sql<{ action: string }>(`SELECT action FROM audit_log WHERE entity_key = $1 AND action = 'determineProposal'`, [
      p.id,
    ]);
    expect(audit).toHaveLength(1);
    const late = await e2e
      .http(operator)
      .post(`/proposals/${p.id}/attachments`)
      .field('kind', 'OTHER')
      .attach('file', Buffer.from('%PDF-1.7\n'), 'x.pdf');
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('WRONG_STATE');
  });
});
