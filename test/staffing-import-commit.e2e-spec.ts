import ExcelJS from 'exceljs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rosterRowsTable } from '@formasi/database';
import { StaffingValidationService } from '../apps/worker/src/staffing-import/staffing-validation.service';
import { E2eApp, startE2eApp } from './support/e2e-app';
import { loadSmallRegency, mutate, UPSERT_AGENCY, UPSERT_UNIT } from './support/reference-data';
import { COMMIT, loadImportAgency, nip, pns, roster, RosterRow, toCsv, uploadAndValidate } from './fixtures/staffing/staffing-helpers';

interface CommitAnswer {
  data?: { commitStaffingSubmission: { id: string; status: string; version: number } } | null;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

/** n valid PNS rows with distinct NIPs, spread over both units. */
function generated(n: number, seqBase = 0): RosterRow[] {
  return Array.from({ length: n }, (_, i) => {
    const birth = `19${70 + (i % 25)}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
    const tmt = `20${10 + (i % 12)}-${String(1 + ((i * 7) % 12)).padStart(2, '0')}-01`;
    return pns(
      seqBase + i,
      `Pegawai ${seqBase + i}`,
      birth,
      i % 2 ? 'F' : 'M',
      i % 3 ? 'PENGADMIN' : 'PERAWAT',
      i % 2 ? 'SETDA' : 'PUSKESMAS',
      tmt,
    );
  }).map((r, i) => ({ ...r, nip: r.nip.slice(0, 15) + String((seqBase + i) % 1000).padStart(3, '0') }));
}

describe('staffing submissions: all-or-nothing commits, concurrency, XLSX and regional CSV', () => {
  let e2e: E2eApp;
  const commit = (id: string, confirm = false): Promise<CommitAnswer> => e2e.gql(COMMIT, { id, confirm }) as Promise<CommitAnswer>;

  beforeAll(async () => {
    e2e = await startE2eApp();
    await loadSmallRegency(e2e);
    await loadImportAgency(e2e);
  });

  afterAll(async () => {
    await e2e?.close();
  });

  const base = generated(40);

  it('blocks a large file with one bad row: nothing is written', async () => {
    const v1 = await uploadAndValidate(e2e, toCsv(base), 'v1.csv');
    expect((await commit(v1.id)).data!.commitStaffingSubmission.version).toBe(1);
    const before = await roster(e2e);

    const rows = [...generated(3000, 1000)];
    rows[1500] = { ...rows[1500]!, sex: rows[1500]!.sex === 'M' ? 'F' : 'M' }; // the NIP's sex digit disagrees
    const s = await uploadAndValidate(e2e, toCsv(rows), 'mixed.csv');
    expect(s).toMatchObject({ status: 'INVALID', rowCount: 3000, errorCount: 1, diff: null });
    expect(s.errors).toEqual([expect.objectContaining({ rowNo: 1502, column: 'nip', rule: 'NIP_SEX_MISMATCH' })]);
    const refused = await commit(s.id);
    expect(refused.errors![0]!.extensions!.code).toBe('CONFLICT');
    expect(await roster(e2e)).toEqual(before);
    expect(await e2e.sql('SELECT to_regclass($1) AS t', [rosterRowsTable(s.id)])).toEqual([{ t: null }]);
  });

  it('lets only one of two concurrent commits for an agency through; the other sees the new version', async () => {
    const a = await uploadAndValidate(e2e, toCsv([...base.slice(0, 30), ...generated(5, 500)]), 'a.csv');
    const b = await uploadAndValidate(e2e, toCsv([...base.slice(10), ...generated(7, 600)]), 'b.csv');
    expect([a.baseVersion, b.baseVersion]).toEqual([1, 1]);
    const results = await Promise.all([commit(a.id), commit(b.id)]);
    const won = results.filter((r) => r.data?.commitStaffingSubmission);
    const lost = results.filter((r) => r.errors);
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]!.errors![0]!.extensions!.code).toBe('CONFLICT');
    expect(lost[0]!.errors![0]!.message).toMatch(/roster version 2 was committed after this submission was validated against version 1/);
    const winner = won[0]!.data!.commitStaffingSubmission;
    const loser = winner.id === a.id ? b : a;
    // the stale submission keeps its report but not its staged rows, and can never be committed
    expect(await e2e.sql('SELECT to_regclass($1) AS t', [rosterRowsTable(loser.id)])).toEqual([{ t: null }]);
    expect((await commit(loser.id)).errors![0]!.extensions!.code).toBe('CONFLICT');
    expect(winner.version).toBe(2);
    const expected = winner.id === a.id ? 35 : 37;
    expect(await roster(e2e)).toHaveLength(expected);
    expect(
      await e2e.sql(`SELECT version, status FROM staffing_submission WHERE version IS NOT NULL AND format <> 'API' ORDER BY version`),
    ).toEqual([
      { version: 1, status: 'SUPERSEDED' },
      { version: 2, status: 'COMMITTED' },
    ]);

    // the same submission committed twice at once: one version, both answers agree
    const c = await uploadAndValidate(e2e, toCsv(base), 'c.csv');
    const twice = await Promise.all([commit(c.id), commit(c.id)]);
    expect(twice.map((r) => r.data!.commitStaffingSubmission.version)).toEqual([3, 3]);
    expect(await roster(e2e)).toHaveLength(40);
  });

  it('validates again from scratch when a job is retried after a crash, and a failed job leaves no rows', async () => {
    const rows = generated(12, 700);
    const s = await uploadAndValidate(e2e, toCsv(rows), 'retried.csv');
    expect(s.status).toBe('VALIDATED');
    // as if the worker died after staging: the job runs again on a VALIDATING submission whose table holds a stray row
    const file = join(mkdtempSync(join(tmpdir(), 'formasi-retry-')), s.id);
    writeFileSync(file, toCsv(rows));
    await e2e.sql(`UPDATE staffing_submission SET status = 'VALIDATING', file_path = $2 WHERE id = $1`, [s.id, file]);
    await e2e.sql(`INSERT INTO ${rosterRowsTable(s.id)} (row_no, nip) VALUES (99, '199999999999999999')`);
    const validation = e2e.app.get(StaffingValidationService);
    const outcome = await validation.validate(s.id);
    expect(outcome).toMatchObject({ status: 'VALIDATED', rowCount: 12, errorCount: 0 });
    expect(await e2e.sql(`SELECT count(*)::int AS n, max(row_no) AS last FROM ${rosterRowsTable(s.id)}`)).toEqual([{ n: 12, last: 13 }]);
    // a redelivered job after that changes nothing
    expect(await validation.validate(s.id)).toBeNull();

    await e2e.sql(`UPDATE staffing_submission SET status = 'VALIDATING' WHERE id = $1`, [s.id]);
    await validation.fail(s.id, 'the disk is full');
    expect(await e2e.sql('SELECT status, failure FROM staffing_submission WHERE id = $1', [s.id])).toEqual([
      { status: 'FAILED', failure: 'the disk is full' },
    ]);
    expect(await e2e.sql('SELECT to_regclass($1) AS t', [rosterRowsTable(s.id)])).toEqual([{ t: null }]);
  });

  it('reads an XLSX file with English headers and date cells', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Roster');
    ws.addRow(['NIP', 'Name', 'Birth Date', 'Sex', 'Employment Type', 'Position Code', 'Unit Code', 'TMT', 'Contract End']);
    const pppk = { nip: nip('1994-04-04', '2023-03-01', 'F', 77, true), name: 'Rina PPPK' };
    ws.addRow([
      base[0]!.nip,
      base[0]!.name,
      new Date(`${base[0]!.birth}T00:00:00Z`),
      base[0]!.sex,
      'PNS',
      base[0]!.position,
      base[0]!.unit,
      new Date(`${base[0]!.tmt}T00:00:00Z`),
      null,
    ]);
    ws.addRow([pppk.nip, pppk.name, '1994-04-04', 'F', 'PPPK', 'PENGADMIN', 'SETDA', '2023-03-01', new Date('2028-02-29T00:00:00Z')]);
    const s = await uploadAndValidate(e2e, Buffer.from(await wb.xlsx.writeBuffer()), 'roster.xlsx');
    expect(s).toMatchObject({ status: 'VALIDATED', format: 'XLSX', rowCount: 2, errorCount: 0 });
    expect(s.diff).toMatchObject({ unchanged: 1, joiners: 1, leavers: 39 });
    expect(s.diff!.joinerSample[0]).toMatchObject({
      nip: pppk.nip,
      to: { name: 'Rina PPPK', birthDate: '1994-04-04', sex: 'F', employmentType: 'PPPK', tmt: '2023-03-01', contractEnd: '2028-02-29' },
    });
  });

  it('reads a ;-separated CSV with a BOM, quoted fields and dd/mm/yyyy dates', async () => {
    const b0 = base[0]!;
    const dmy = (iso: string): string => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
    const csv =
      '\uFEFFNIP;Nama;Tanggal Lahir;Jenis Kelamin;Status Kepegawaian;Kode Jabatan;Kode Unit;TMT;Akhir Kontrak\r\n' +
      `${b0.nip};"Siti; S.Kep ""Ners""";${dmy(b0.birth)};${b0.sex === 'M' ? 'L' : 'P'};pns;${b0.position};${b0.unit};${dmy(b0.tmt)};\r\n`;
    const s = await uploadAndValidate(e2e, csv, 'ekspor-simpeg.csv');
    expect(s).toMatchObject({ status: 'VALIDATED', format: 'CSV', rowCount: 1, errorCount: 0 });
    expect(s.diff!.changedSample).toEqual([
      { nip: b0.nip, name: 'Siti; S.Kep "Ners"', fields: ['name'], from: { name: b0.name }, to: { name: 'Siti; S.Kep "Ners"' } },
    ]);
  });

  it('moves an employee from another agency only when the transfer is confirmed', async () => {
    await mutate(e2e, UPSERT_AGENCY, { i: { code: 'KAB-TUJUAN', name: 'Kabupaten Tujuan', kind: 'REGENCY' } });
    await mutate(e2e, UPSERT_UNIT, { i: { agencyCode: 'KAB-TUJUAN', code: 'RSUD', name: 'RSUD' } });
    // Agus Santoso is in post in KAB-UJI (loadSmallRegency)
    const agus = { ...pns(1, 'Agus Santoso', '1990-01-01', 'M', 'PERAWAT', 'RSUD', '2015-03-01') };
    const s = await uploadAndValidate(e2e, toCsv([agus]), 'mutasi.csv', { agency: 'KAB-TUJUAN' });
    expect(s).toMatchObject({ status: 'VALIDATED', errorCount: 0, transferCount: 1 });
    expect(s.transfers[0]).toMatchObject({ rowNo: 2, rule: 'NIP_ACTIVE_ELSEWHERE', value: '199001012015031001' });
    const refused = await commit(s.id);
    expect(refused.errors![0]!.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fieldErrors: [expect.objectContaining({ field: 'confirmTransfers' })],
    });
    expect(await roster(e2e, 'KAB-TUJUAN')).toEqual([]);
    expect((await commit(s.id, true)).data!.commitStaffingSubmission.status).toBe('COMMITTED');
    expect((await roster(e2e, 'KAB-TUJUAN')).map((r) => r.nip)).toEqual(['199001012015031001']);
    expect((await roster(e2e, 'KAB-UJI')).map((r) => r.nip)).not.toContain('199001012015031001');
    // KAB-UJI got a version without Agus; the version before it still holds him
    const uji = await e2e.sql<{ version: number; status: string; format: string; agus: number }>(
      `SELECT s.version, s.status, s.format, (SELECT count(*)::int FROM staffing_submission_row r WHERE r.submission_id = s.id AND r.nip = '199001012015031001') AS agus
         FROM staffing_submission s JOIN agency a ON a.id = s.agency_id WHERE a.code = 'KAB-UJI' ORDER BY s.version`,
    );
    expect(uji).toEqual([
      { version: 1, status: 'SUPERSEDED', format: 'API', agus: 1 },
      { version: 2, status: 'COMMITTED', format: 'API', agus: 0 },
    ]);
  });

  it('re-checks at commit a NIP another agency committed after the validation', async () => {
    await mutate(e2e, UPSERT_AGENCY, { i: { code: 'KAB-KEDUA', name: 'Kabupaten Kedua', kind: 'REGENCY' } });
    await mutate(e2e, UPSERT_UNIT, { i: { agencyCode: 'KAB-KEDUA', code: 'RSUD', name: 'RSUD' } });
    const wanted = pns(901, 'Diperebutkan', '1991-01-01', 'F', 'PENGADMIN', 'RSUD', '2016-01-01');
    const here = await uploadAndValidate(e2e, toCsv([wanted]), 'here.csv', { agency: 'KAB-TUJUAN' });
    const there = await uploadAndValidate(e2e, toCsv([wanted]), 'there.csv', { agency: 'KAB-KEDUA' });
    expect([here.status, here.transferCount, there.status, there.transferCount]).toEqual(['VALIDATED', 0, 'VALIDATED', 0]);
    expect((await commit(there.id)).data!.commitStaffingSubmission.status).toBe('COMMITTED');
    const refused = await commit(here.id);
    expect(refused.errors![0]!.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fieldErrors: [expect.objectContaining({ field: 'confirmTransfers' })],
    });
    expect((await roster(e2e, 'KAB-TUJUAN')).map((r) => r.nip)).not.toContain(wanted.nip);
    expect((await roster(e2e, 'KAB-KEDUA')).map((r) => r.nip)).toEqual([wanted.nip]);
  });
});
