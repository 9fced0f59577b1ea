import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { E2eApp, startE2eApp } from './support/e2e-app';
import { loadSmallRegency } from './support/reference-data';
import {
  AGENCY,
  COMMIT,
  HEADER,
  loadImportAgency,
  nip,
  pns,
  roster,
  RosterRow,
  SubmissionView,
  toCsv,
  upload,
  uploadAndValidate,
} from './fixtures/staffing/staffing-helpers';

// Roster v1 of KAB-IMPOR (asOf 2026-06-30). PENGADMIN is PELAKSANA (BUP 58), PERAWAT FUNGSIONAL TERAMPIL (58).
const ANI = pns(1, 'Ani Lestari', '1980-02-14', 'F', 'PENGADMIN', 'SETDA', '2005-03-01');
const BAYU = pns(2, 'Bayu Pratama', '1988-11-30', 'M', 'PERAWAT', 'PUSKESMAS', '2012-01-01');
const CITRA = pns(3, 'Citra Dewi', '1992-07-07', 'F', 'PERAWAT', 'PUSKESMAS', '2017-05-01');
const DODI = pns(4, 'Dodi Saputra', '1975-01-20', 'M', 'PENGADMIN', 'SETDA', '2000-04-01');
const EKA: RosterRow = {
  nip: nip('1996-01-01', '2023-02-01', 'F', 3, true),
  name: 'Eka Putri',
  birth: '1996-01-01',
  sex: 'F',
  type: 'PPPK',
  position: 'PENGADMIN',
  unit: 'SETDA',
  tmt: '2023-02-01',
  contractEnd: '2028-01-31',
};
const V1 = [ANI, BAYU, CITRA, DODI, EKA];

// v2 by hand: Dodi leaves, Fajar joins, Citra moves to SETDA as PENGADMIN, Ani's name is corrected,
// Eka's contract is extended; Bayu is unchanged.
const FAJAR = pns(5, 'Fajar Nugroho', '1998-03-03', 'M', 'PERAWAT', 'PUSKESMAS', '2024-01-01');
const CITRA_MOVED = { ...CITRA, position: 'PENGADMIN', unit: 'SETDA' };
const ANI_RENAMED = { ...ANI, name: 'Ani Lestari Wulandari' };
const EKA_EXTENDED = { ...EKA, contractEnd: '2030-01-31' };
const V2 = [ANI_RENAMED, BAYU, CITRA_MOVED, EKA_EXTENDED, FAJAR];

describe('staffing submissions: upload, validate, dry run, commit, versions', () => {
  let e2e: E2eApp;

  beforeAll(async () => {
    e2e = await startE2eApp();
    await loadSmallRegency(e2e);
    await loadImportAgency(e2e);
  });

  afterAll(async () => {
    await e2e?.close();
  });

  it('serves the template with the documented Indonesian headers', async () => {
    const csv = await e2e.http().get('/staffing/template.csv').expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.text.split('\r\n')[0]).toBe(`${HEADER},kategori,jenjang`);
    const xlsx = await e2e.http().get('/staffing/template.xlsx').buffer(true).expect(200);
    expect(xlsx.headers['content-type']).toMatch(/spreadsheetml/);
  });

  it('answers upload mistakes with 4xx and the domain error code', async () => {
    const http = e2e.http();
    const unknown = await http
      .post('/staffing/KAB-NONE/submissions')
      .attach('file', Buffer.from(`${HEADER}\n`), 'x.csv')
      .expect(404);
    expect(unknown.body).toEqual({ code: 'NOT_FOUND', message: 'agency KAB-NONE not found' });
    const noFile = await e2e.http().post(`/staffing/${AGENCY}/submissions`).field('asOf', '2026-06-30').expect(400);
    expect(noFile.body).toMatchObject({ code: 'BAD_USER_INPUT', fieldErrors: [{ field: 'file' }] });
    const badDate = await e2e
      .http()
      .post(`/staffing/${AGENCY}/submissions`)
      .field('asOf', '2026-02-30')
      .attach('file', Buffer.from(`${HEADER}\n`), 'x.csv')
      .expect(400);
    expect(badDate.body.fieldErrors).toEqual([{ field: 'asOf', message: 'asOf must be a calendar date yyyy-mm-dd' }]);
    const noReport = await e2e.http().get('/staffing/submissions/00000000-0000-0000-0000-000000000000/errors.csv').expect(404);
    expect(noReport.body.code).toBe('NOT_FOUND');
    // uploads only: KAB-UJI's roster, written by upsertEmployees, is a submission of format API
    expect(await e2e.sql(`SELECT count(*)::int AS n FROM staffing_submission WHERE format <> 'API'`)).toEqual([{ n: 0 }]);
  });

  it('records an upload the queue refused as FAILED and answers 503', async () => {
    // the next add() of any queue is the upload's; the API and the in-process worker hold separate Queue instances
    const spy = jest.spyOn(Queue.prototype, 'add').mockRejectedValueOnce(new Error('connection refused'));
    try {
      const res = await e2e
        .http()
        .post(`/staffing/${AGENCY}/submissions`)
        .attach('file', Buffer.from(`${HEADER}\n`), 'x.csv')
        .expect(503);
      expect(res.body.code).toBe('QUEUE_UNAVAILABLE');
      expect(await e2e.sql(`SELECT status, failure, file_path FROM staffing_submission WHERE format <> 'API'`)).toEqual([
        { status: 'FAILED', failure: 'the validation job could not be queued: connection refused', file_path: null },
      ]);
      await e2e.sql(`DELETE FROM staffing_submission WHERE status = 'FAILED'`);
    } finally {
      spy.mockRestore();
    }
  });

  it('reports every kind of bad row with its row number, column and rule, and writes nothing', async () => {
    const s = await uploadAndValidate(e2e, readFileSync(join(__dirname, 'fixtures/staffing/bad-rows.csv')), 'bad-rows.csv');
    expect(s.status).toBe('INVALID');
    expect(s.rowCount).toBe(19);
    const byRow = (rowNo: number): string[] =>
      s.errors
        .filter((e) => e.rowNo === rowNo)
        .map((e) => `${e.column}:${e.rule}`)
        .sort();
    expect(byRow(2)).toEqual([]);
    expect(byRow(3)).toEqual(['nip:NIP_NOT_18_DIGITS']);
    expect(byRow(4)).toEqual(['nip:NIP_BIRTH_DATE_MISMATCH']);
    expect(byRow(5)).toEqual(['nip:NIP_SEX_MISMATCH']);
    expect(byRow(6)).toEqual(['tanggal_lahir:DATE_INVALID']);
    expect(byRow(7)).toEqual(['nip:NIP_TMT_MISMATCH', 'tmt:TMT_BEFORE_BIRTH']);
    expect(byRow(8)).toEqual(['akhir_kontrak:CONTRACT_END_REQUIRED']);
    expect(byRow(9)).toEqual(['kode_jabatan:UNKNOWN_POSITION']);
    expect(byRow(10)).toEqual(['kode_unit:UNKNOWN_UNIT']);
    expect(byRow(11)).toEqual(['nip:DUPLICATE_NIP']);
    expect(byRow(12)).toEqual(['tanggal_lahir:PAST_RETIREMENT_AGE']);
    expect(byRow(13)).toEqual(['jenis_kelamin:SEX_INVALID']);
    expect(byRow(14)).toEqual(['status_kepegawaian:EMPLOYMENT_TYPE_INVALID']);
    expect(byRow(15)).toEqual(['nama:REQUIRED']);
    expect(byRow(16)).toEqual(['nip:NIP_TMT_MISMATCH']);
    expect(byRow(17)).toEqual(['nip:NIP_PPPK_MARKER']);
    expect(byRow(18)).toEqual([]);
    expect(byRow(19)).toEqual(['akhir_kontrak:CONTRACT_END_NOT_ALLOWED']);
    expect(byRow(20)).toEqual(['nip:NIP_BIRTH_DATE_INVALID']);
    const find = (rowNo: number, rule: string) => s.errors.find((e) => e.rowNo === rowNo && e.rule === rule)!;
    expect(find(4, 'NIP_BIRTH_DATE_MISMATCH')).toMatchObject({
      value: '198505062010012002',
      message: 'NIP birth date 19850506 does not match tanggal_lahir 1985-05-05',
    });
    expect(find(6, 'DATE_INVALID').value).toBe('1985-02-30');
    expect(find(11, 'DUPLICATE_NIP').message).toBe('NIP 198505052010011001 already appears in row 2');
    expect(find(12, 'PAST_RETIREMENT_AGE').message).toMatch(/retirement age 58 reached: last day in post was 2018-03-31/);
    expect(find(10, 'UNKNOWN_UNIT')).toMatchObject({ value: 'NOWHERE', message: 'unit NOWHERE is not a unit of agency KAB-IMPOR' });
    // Agus is in post in KAB-UJI: a transfer to confirm, not an error
    expect(s.transfers).toEqual([
      {
        rowNo: 18,
        column: 'nip',
        rule: 'NIP_ACTIVE_ELSEWHERE',
        value: '199001012015031001',
        message: 'NIP 199001012015031001 is in post in agency KAB-UJI; confirm the transfer when committing',
      },
    ]);
    expect(s.errorCount).toBe(18);
    expect(s.transferCount).toBe(1);
    expect(s.errorSummary).toMatchObject({ NIP_TMT_MISMATCH: 2, DUPLICATE_NIP: 1, NIP_ACTIVE_ELSEWHERE: 1 });

    const csv = await e2e.http().get(s.errorFileUrl).expect(200);
    const lines = csv.text.trim().split('\n');
    expect(lines[0]).toBe('row,column,rule,value,message,severity');
    expect(lines).toHaveLength(1 + 18 + 1);
    expect(lines).toContain('11,nip,DUPLICATE_NIP,198505052010011001,NIP 198505052010011001 already appears in row 2,ERROR');

    const commit = await e2e.gql(COMMIT, { id: s.id });
    expect(commit.errors![0]!.extensions!.code).toBe('CONFLICT');
    expect(await roster(e2e)).toEqual([]);
  });

  it('refuses a file without the required columns', async () => {
    const s = await uploadAndValidate(e2e, 'nama,kode_unit\nBudi,SETDA\n', 'no-nip.csv');
    expect(s.status).toBe('INVALID');
    expect(s.errors.map((e) => `${e.rowNo}:${e.column}:${e.rule}`).sort()).toEqual(
      ['tanggal_lahir', 'jenis_kelamin', 'nip', 'status_kepegawaian', 'kode_jabatan', 'tmt'].map((c) => `1:${c}:MISSING_COLUMN`).sort(),
    );
  });

  it('reports a file it cannot read instead of retrying it', async () => {
    const s = await uploadAndValidate(e2e, `${HEADER}\n198505052010011001,"Budi,1985-05-05\n`, 'broken-quote.csv');
    expect(s.status).toBe('INVALID');
    expect(s.errors).toEqual([
      expect.objectContaining({ rule: 'FILE_UNREADABLE', message: expect.stringMatching(/^the CSV file cannot be read: /) }),
    ]);
    const xlsx = await uploadAndValidate(e2e, Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(64, 1)]), 'damaged.xlsx');
    expect(xlsx).toMatchObject({ status: 'INVALID', format: 'XLSX', errors: [expect.objectContaining({ rule: 'FILE_UNREADABLE' })] });
  });

  let v1: SubmissionView;

  it('commits a first roster: the dry run lists every row as a joiner, the commit writes the employees', async () => {
    v1 = await uploadAndValidate(e2e, toCsv(V1), 'bezetting-2026.csv');
    expect(v1).toMatchObject({
      status: 'VALIDATED',
      rowCount: 5,
      errorCount: 0,
      transferCount: 0,
      baseVersion: 0,
      progress: 100,
      format: 'CSV',
    });
    expect(v1.diff).toMatchObject({ unchanged: 0, joiners: 5, leavers: 0, moves: 0, changed: 0 });
    expect(await roster(e2e)).toEqual([]); // dry run only

    const res = await e2e.gql<{ commitStaffingSubmission: { status: string; version: number } }>(COMMIT, { id: v1.id });
    expect(res.data!.commitStaffingSubmission).toMatchObject({ status: 'COMMITTED', version: 1 });
    const rows = await roster(e2e);
    expect(rows).toHaveLength(5);
    expect(rows.find((r) => r.nip === EKA.nip)).toEqual({
      nip: EKA.nip,
      name: 'Eka Putri',
      birth: '1996-01-01',
      sex: 'F',
      type: 'PPPK',
      position: 'PENGADMIN',
      unit: 'SETDA',
      category: 'PELAKSANA',
      level: null,
      tmt: '2023-02-01',
      contract_end: '2028-01-31',
    });
    expect(rows.find((r) => r.nip === BAYU.nip)).toMatchObject({ category: 'FUNGSIONAL', level: 'TERAMPIL', unit: 'PUSKESMAS' });

    // committing again changes nothing
    const again = await e2e.gql<{ commitStaffingSubmission: { version: number } }>(COMMIT, { id: v1.id });
    expect(again.data!.commitStaffingSubmission.version).toBe(1);
  });

  it('re-uploading the current version is a no-op', async () => {
    const receipt = await upload(e2e, toCsv(V1), 'bezetting-2026-copy.csv');
    expect(receipt.noop).toBe(true);
    expect(receipt.submission).toMatchObject({ id: v1.id, status: 'COMMITTED', version: 1 });
    // hashed while it was stored: the same file, the same hash
    expect(receipt.submission.sha256).toBe(createHash('sha256').update(toCsv(V1)).digest('hex'));
    // KAB-UJI's roster (written by upsertEmployees) is a submission too; count this agency's
    expect(
      await e2e.sql(`SELECT count(*)::int AS n FROM staffing_submission s JOIN agency a ON a.id = s.agency_id WHERE a.code = $1`, [AGENCY]),
    ).toEqual([{ n: 5 }]);
  });

  it('shows joiner, leaver, move and changed fields of a second roster, then keeps both versions', async () => {
    const v2 = await uploadAndValidate(e2e, toCsv(V2), 'bezetting-2026-07.csv');
    expect(v2.status).toBe('VALIDATED');
    expect(v2.baseVersion).toBe(1);
    const d = v2.diff!;
    expect({ unchanged: d.unchanged, joiners: d.joiners, leavers: d.leavers, moves: d.moves, changed: d.changed }).toEqual({
      unchanged: 1,
      joiners: 1,
      leavers: 1,
      moves: 1,
      changed: 2,
    });
    expect(d.joinerSample).toEqual([
      {
        nip: FAJAR.nip,
        name: 'Fajar Nugroho',
        fields: ['name', 'birthDate', 'sex', 'employmentType', 'positionCode', 'unitCode', 'tmt', 'contractEnd', 'category', 'level'],
        from: {},
        to: {
          name: 'Fajar Nugroho',
          birthDate: '1998-03-03',
          sex: 'M',
          employmentType: 'PNS',
          positionCode: 'PERAWAT',
          unitCode: 'PUSKESMAS',
          tmt: '2024-01-01',
          contractEnd: null,
          category: 'FUNGSIONAL',
          level: 'TERAMPIL',
        },
      },
    ]);
    expect(d.leaverSample.map((e) => [e.nip, e.name])).toEqual([[DODI.nip, 'Dodi Saputra']]);
    expect(d.moveSample).toEqual([
      {
        nip: CITRA.nip,
        name: 'Citra Dewi',
        fields: ['positionCode', 'unitCode', 'category', 'level'],
        from: { positionCode: 'PERAWAT', unitCode: 'PUSKESMAS', category: 'FUNGSIONAL', level: 'TERAMPIL' },
        to: { positionCode: 'PENGADMIN', unitCode: 'SETDA', category: 'PELAKSANA', level: null },
      },
    ]);
    expect(d.changedSample).toEqual(
      [
        {
          nip: ANI.nip,
          name: 'Ani Lestari Wulandari',
          fields: ['name'],
          from: { name: 'Ani Lestari' },
          to: { name: 'Ani Lestari Wulandari' },
        },
        {
          nip: EKA.nip,
          name: 'Eka Putri',
          fields: ['contractEnd'],
          from: { contractEnd: '2028-01-31' },
          to: { contractEnd: '2030-01-31' },
        },
      ].sort((a, b) => a.nip.localeCompare(b.nip)),
    );

    const res = await e2e.gql<{ commitStaffingSubmission: { version: number } }>(COMMIT, { id: v2.id });
    expect(res.data!.commitStaffingSubmission.version).toBe(2);
    const rows = await roster(e2e);
    expect(rows.map((r) => r.nip)).toEqual([ANI, BAYU, CITRA, EKA, FAJAR].map((r) => r.nip).sort());
    expect(rows.find((r) => r.nip === CITRA.nip)).toMatchObject({ position: 'PENGADMIN', unit: 'SETDA', category: 'PELAKSANA' });
    expect(rows.find((r) => r.nip === ANI.nip)!.name).toBe('Ani Lestari Wulandari');
    // the leaver is closed, not deleted: out of the current roster, still in version 1
    expect(await e2e.sql('SELECT active FROM employee WHERE nip = $1', [DODI.nip])).toEqual([]);
    expect(
      await e2e.sql(
        'SELECT s.version, s.status FROM staffing_submission_row r JOIN staffing_submission s ON s.id = r.submission_id WHERE r.nip = $1',
        [DODI.nip],
      ),
    ).toEqual([{ version: 1, status: 'SUPERSEDED' }]);

    const list = await e2e.gql<{ staffingSubmissions: Array<{ id: string; status: string; version: number | null }> }>(
      `query($a: String!) { staffingSubmissions(agencyCode: $a) { id status version } }`,
      { a: AGENCY },
    );
    expect(list.data!.staffingSubmissions.filter((s) => s.version !== null)).toEqual([
      { id: v2.id, status: 'COMMITTED', version: 2 },
      { id: v1.id, status: 'SUPERSEDED', version: 1 },
    ]);
    const ROSTER = `query($a: String!, $v: Int!) { rosterAtVersion(agencyCode: $a, version: $v) { version totalCount employees { nip name unitCode positionCode } } }`;
    const old = await e2e.gql<{
      rosterAtVersion: { totalCount: number; employees: Array<{ nip: string; name: string; unitCode: string }> };
    }>(ROSTER, { a: AGENCY, v: 1 });
    expect(old.data!.rosterAtVersion.totalCount).toBe(5);
    expect(old.data!.rosterAtVersion.employees.map((e) => e.nip)).toEqual(V1.map((r) => r.nip));
    expect(old.data!.rosterAtVersion.employees.find((e) => e.nip === CITRA.nip)).toMatchObject({
      unitCode: 'PUSKESMAS',
      positionCode: 'PERAWAT',
    });
    const page = await e2e.gql<{ rosterAtVersion: { employees: Array<{ nip: string }> } }>(
      `query($a: String!) { rosterAtVersion(agencyCode: $a, version: 1, first: 2, offset: 2) { employees { nip } } }`,
      { a: AGENCY },
    );
    expect(page.data!.rosterAtVersion.employees.map((e) => e.nip)).toEqual([CITRA.nip, DODI.nip]);
    const missing = await e2e.gql(ROSTER, { a: AGENCY, v: 9 });
    expect(missing.errors![0]!.extensions!.code).toBe('NOT_FOUND');
  });
});
