import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import { openAudit, recordBaselineVersions, systemActor, versionContent } from '@formasi/database';
import { E2eApp, startE2eApp } from './support/e2e-app';
import { loadSmallRegency, mutate, UPSERT_AGENCY, UPSERT_STANDARD, UPSERT_TARGETS } from './support/reference-data';
import { COMMIT, commit, download, importFile, requiredFte, workbook } from './fixtures/standards/standards-helpers';

// KAB-UJI (loadSmallRegency) before any import, for 2027:
//   PERAWAT @ PKM-A     37,500 visits × 10 min / 60 = 6,250 h / 1,250 = 5; support 20 % → CAF 1.25 → 6.25
//   PENGADMIN @ DINKES  2,500 letters × 30 min = 1,250 h / 1,250 = 1; bendahara 125 h × 2 / 1,250 = 0.2 → 1.2
const HEADER =
  'kode_jabatan,kode_unit,jenis_tugas,uraian_tugas,satuan_hasil,beban_kerja,indikator_target,faktor,basis,norma_waktu,satuan_waktu,persen_waktu_kerja,jam_per_tahun,jumlah_pegawai';

// v1, long layout: the same standards with output units, the letters' time in hours (0.5 h = 30 min)
const V1 = [
  HEADER,
  'PERAWAT,PKM-A,tugas pokok,Asuhan keperawatan rawat jalan,kunjungan,,kunjungan_rawat_jalan,1,,10,menit,,,',
  'PERAWAT,PKM-A,tugas penunjang,"Rapat, pelaporan, pelatihan",,,,,,,,20,,',
  'PENGADMIN,DINKES,tugas pokok,Mengagendakan surat,surat,2500,,,,"0,5",jam,,,',
  'PENGADMIN,DINKES,tugas tambahan,Bendahara barang,,,,,,,,,125,2',
].join('\n');

// v2, the ABK worksheet: a sheet per position, its code in the header block, tasks under section rows
async function abkWorkbook(): Promise<Buffer> {
  return workbook({
    Perawat: [
      ['ANALISIS BEBAN KERJA JABATAN'],
      ['Nama Jabatan', ':', 'Perawat Terampil'],
      ['Kode Jabatan', ':', 'PERAWAT'],
      ['Unit Kerja', ':', 'Puskesmas A'],
      ['Kode Unit', ':', 'PKM-A'],
      ['Jam Kerja Efektif', ':', 1250],
      [
        'No',
        'Uraian Tugas',
        'Satuan Hasil',
        'Beban Kerja',
        'Indikator Target',
        'Faktor',
        'Norma Waktu (menit)',
        'Persen Waktu Kerja',
        'Kebutuhan Pegawai',
      ],
      ['A', 'Tugas Pokok'],
      [1, 'Asuhan keperawatan rawat jalan', 'kunjungan', null, 'kunjungan_rawat_jalan', 1, 12, null, 6],
      [2, 'Penyuluhan kesehatan', 'kegiatan', 250, null, null, 60, null, 0.2],
      ['B', 'Tugas Penunjang'],
      [1, 'Rapat, pelaporan, pelatihan', null, null, null, null, null, 20, null],
      ['Jumlah', null, null, null, null, null, null, null, 6.2],
      ['Kebutuhan pegawai (dibulatkan)', null, null, null, null, null, null, null, 8],
    ],
    Pengadmin: [
      ['Kode Jabatan : PENGADMIN'],
      ['Kode Unit : DINKES'],
      ['No', 'Uraian Tugas', 'Satuan Hasil', 'Beban Kerja', 'Norma Waktu (jam)'],
      [1, 'Mengagendakan surat', 'surat', 2500, 0.5],
      // a name a spreadsheet would run as a formula: exported with a guard, read back as written
      [2, '@Arsip digital', 'berkas', 0, 0.25],
    ],
    Petunjuk: [['Isi satu sheet per jabatan']],
  });
}

describe('standards and targets imports: layouts, errors, dry run, commit, versions, round trip', () => {
  let e2e: E2eApp;

  beforeAll(async () => {
    // one file's worth of uploads, report polls and plan runs: more than the default 100 requests in 10 s
    e2e = await startE2eApp({ env: { RATE_LIMIT_MAX_REQUESTS: '100000', RATE_LIMIT_USER_MAX_REQUESTS: '100000' } });
    await loadSmallRegency(e2e);
    await mutate(e2e, UPSERT_AGENCY, { i: { code: 'KAB-LAIN', name: 'Kabupaten Lain', kind: 'REGENCY' } });
  });

  afterAll(async () => {
    await e2e?.close();
  });

  it('serves templates with the example sheet and lists for kinds and time units', async () => {
    const res = await download(e2e, '/standards/template.xlsx', null);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['standar', 'contoh', 'petunjuk']);
    const data = wb.getWorksheet('standar')!;
    expect((data.getRow(1).values as string[]).slice(1, 5)).toEqual(['kode_jabatan', 'kode_unit', 'jenis_tugas', 'uraian_tugas']);
    expect(data.getCell('C2').dataValidation).toMatchObject({ type: 'list', formulae: ['"tugas pokok,tugas penunjang,tugas tambahan"'] });
    expect(data.getCell('K2').dataValidation).toMatchObject({ type: 'list', formulae: ['"menit,jam,hasil per jam"'] });
    expect(wb.getWorksheet('contoh')!.rowCount).toBe(5);
    const csv = await e2e.http(null).get('/targets/template.csv').expect(200);
    expect(csv.text.split('\r\n')[0]).toBe('indikator,kode_unit,tahun,target,sumber,dokumen,prioritas');
  });

  it('refuses a file with every kind of error whole, naming row, column and rule', async () => {
    const before = await e2e.sql<{ n: number }>('SELECT count(*)::int AS n FROM workload_activity');
    const file = [
      `${HEADER},catatan_x`,
      'PERAWAT,PKM-A,tugas pokok,Asuhan,kunjungan,banyak,,,,10,menit,,,,',
      'PERAWAT,PKM-A,tugas utama sekali,X,,100,,,,10,menit,,,,',
      'PERAWAT,PKM-A,tugas pokok,Y,,100,,,,10,detik,,,,',
      'PERAWAT,PKM-A,tugas pokok,Z,,100,,,,10,,,,,',
      'PERAWAT,PKM-A,tugas penunjang,W,,100,,,,,,10,,,',
      'PERAWAT,PKM-A,tugas pokok,,,100,,,,10,menit,,,,',
      'PERAWAT,PKM-A,tugas pokok,V,,100,,,,,,,,,',
      'PERAWAT,PKM-A,tugas pokok,U,,-5,,,,10,menit,,,,',
      'BIDAN,PKM-A,tugas pokok,T,,5,,,,10,menit,,,,',
      'PERAWAT,PKM-X,tugas pokok,S,,5,,,,10,menit,,,,',
      'PERAWAT,,tugas pokok,R,,5,,,,10,menit,,,,',
      'PENGADMIN,DINKES,tugas penunjang,Q,,,,,,,,60,,,',
      'PENGADMIN,DINKES,tugas penunjang,P,,,,,,,,40,,,',
    ].join('\n');
    const s = await importFile(e2e, 'standards', 'KAB-UJI', file, 'salah.csv');
    expect(s.status).toBe('INVALID');
    const got = s.errors
      .map((e) => [e.rowNo, e.column, e.rule])
      .sort((a, b) => Number(a[0]) - Number(b[0]) || String(a[2]).localeCompare(String(b[2])));
    expect(got).toEqual([
      [1, 'catatan_x', 'UNKNOWN_COLUMN'],
      [2, 'beban_kerja', 'NOT_A_NUMBER'],
      [3, 'jenis_tugas', 'UNKNOWN_KIND'],
      [4, 'satuan_waktu', 'UNKNOWN_TIME_UNIT'],
      [5, 'satuan_waktu', 'TIME_UNIT_REQUIRED'],
      [6, 'beban_kerja', 'FIELD_NOT_FOR_KIND'],
      [7, 'uraian_tugas', 'REQUIRED'],
      [8, 'norma_waktu', 'INVALID_ACTIVITY'],
      [9, 'beban_kerja', 'NEGATIVE_VOLUME'],
      [10, 'kode_jabatan', 'UNKNOWN_POSITION'],
      [11, 'kode_unit', 'UNKNOWN_UNIT'],
      [12, 'kode_unit', 'UNIT_REQUIRED'],
      [13, 'persen_waktu_kerja', 'SUPPORT_AT_OR_ABOVE_100'],
      [14, 'persen_waktu_kerja', 'SUPPORT_AT_OR_ABOVE_100'],
    ]);
    expect(s.errors.find((e) => e.rowNo === 2)).toMatchObject({ value: 'banyak', message: 'beban_kerja must be a number, got "banyak"' });
    expect(s.errors.find((e) => e.rowNo === 13)!.message).toBe(
      'supporting tasks of PENGADMIN in DINKES take 100 % of working time together; they must stay under 100 %',
    );
    // nothing staged, nothing changed; the whole list as CSV
    expect(await e2e.sql('SELECT count(*)::int AS n FROM workload_activity')).toEqual(before);
    expect(await e2e.sql(`SELECT count(*)::int AS n FROM pg_tables WHERE tablename LIKE '%' || replace($1, '-', '')`, [s.id])).toEqual([
      { n: 0 },
    ]);
    const csv = await e2e.http().get(`/standards/submissions/${s.id}/errors.csv`).expect(200);
    expect(csv.text.split('\n')[0]).toBe('sheet,row,column,rule,value,message');
    expect(csv.text.trim().split('\n')).toHaveLength(15);
    const refused = await e2e.gql(`mutation($id: ID!) { commitStandardsSubmission(id: $id) { id } }`, { id: s.id });
    expect(refused.errors![0]!.extensions!.code).toBe('CONFLICT');
  });

  it('imports the long layout with a dry run, commits it as version 1, and plans with it', async () => {
    const s = await importFile(e2e, 'standards', 'KAB-UJI', V1, 'abk-v1.csv');
    expect(s).toMatchObject({
      status: 'VALIDATED',
      rowCount: 4,
      errorCount: 0,
      // loadSmallRegency's two upsertWorkloadStandard calls made versions 1 and 2
      baseVersion: 2,
      sheets: [{ name: '', layout: 'STANDARDS_LONG', rows: 4 }],
    });
    // the output units are new; 0,5 jam is the 30 minutes already stored
    expect(s.diff).toEqual({
      added: 0,
      removed: 0,
      changed: 2,
      unchanged: 2,
      standardsAdded: 0,
      standardsRemoved: 0,
      sample: [
        {
          change: 'changed',
          positionCode: 'PENGADMIN',
          unitCode: 'DINKES',
          name: 'Mengagendakan surat',
          indicator: null,
          year: null,
          fields: ['outputUnit'],
        },
        {
          change: 'changed',
          positionCode: 'PERAWAT',
          unitCode: 'PKM-A',
          name: 'Asuhan keperawatan rawat jalan',
          indicator: null,
          year: null,
          fields: ['outputUnit'],
        },
      ],
    });
    expect(await commit(e2e, s.id)).toMatchObject({ status: 'COMMITTED', version: 3 });
    // again: nothing changes
    expect(await commit(e2e, s.id)).toMatchObject({ status: 'COMMITTED', version: 3 });
    const [audit] = await e2e.sql<{ summary: Record<string, number> }>(
      `SELECT summary FROM audit_log WHERE action = 'commitStandardsImport'`,
    );
    expect(audit!.summary).toMatchObject({
      version: 3,
      rows: 4,
      standardsDeleted: 0,
      standardsInserted: 0,
      activitiesDeleted: 4,
      activitiesInserted: 4,
    });
    // one record with counts, no row-by-row capture of the bulk change
    expect(
      await e2e.sql(
        `SELECT count(*)::int AS n FROM audit_change c JOIN audit_log l ON l.id = c.audit_id WHERE l.action = 'commitStandardsImport'`,
      ),
    ).toEqual([{ n: 0 }]);
    expect(
      await e2e.sql(`SELECT minutes_per_unit::text AS m, output_unit AS o FROM workload_activity WHERE name = 'Mengagendakan surat'`),
    ).toEqual([{ m: '30.0', o: 'surat' }]);
    const { fte } = await requiredFte(e2e, 'KAB-UJI', 2027);
    expect(fte).toMatchObject({ 'PKM-A/PERAWAT': 6.25, 'DINKES/PENGADMIN': 1.2 });
  });

  it('imports ABK worksheets (a sheet per position), with the diff of added, removed and changed activities', async () => {
    const s = await importFile(e2e, 'standards', 'KAB-UJI', await abkWorkbook(), 'abk-v2.xlsx');
    expect(s.errors).toEqual([]);
    expect(s).toMatchObject({ status: 'VALIDATED', rowCount: 5, baseVersion: 3 });
    expect(s.sheets).toEqual([
      { name: 'Perawat', layout: 'ABK_WORKSHEET', rows: 6 },
      { name: 'Pengadmin', layout: 'ABK_WORKSHEET', rows: 2 },
    ]);
    const d = s.diff!;
    expect([d.added, d.removed, d.changed, d.unchanged]).toEqual([2, 1, 2, 1]);
    expect(d.sample.map((e) => [e.change, e.name, e.fields])).toEqual([
      ['added', '@Arsip digital', []],
      ['added', 'Penyuluhan kesehatan', []],
      ['removed', 'Bendahara barang', []],
      ['changed', 'Asuhan keperawatan rawat jalan', ['minutesPerUnit']],
      ['changed', 'Rapat, pelaporan, pelatihan', ['ordinal']],
    ]);
    expect(await commit(e2e, s.id)).toMatchObject({ version: 4 });
    // PERAWAT: 37,500 × 12 / 60 = 7,500 h + 250 × 60 / 60 = 250 h → 7,750 / 1,250 = 6.2, × 1.25 = 7.75
    // PENGADMIN: 2,500 × 0.5 h = 1,250 h → 1; no additional task any more
    const { runId, fte } = await requiredFte(e2e, 'KAB-UJI', 2027);
    expect(fte).toMatchObject({ 'PKM-A/PERAWAT': 7.75, 'DINKES/PENGADMIN': 1 });
    const versions = await e2e.gql<{ planRunInputVersions: unknown[] }>(
      'query($r: ID!) { planRunInputVersions(runId: $r) { agencyCode standards nationalStandards targets } }',
      { r: runId },
    );
    expect(versions.data!.planRunInputVersions).toEqual([{ agencyCode: 'KAB-UJI', standards: 4, nationalStandards: 0, targets: 1 }]);
  });

  it('exports the standards in the import layout, guarded against formulas; export → import changes nothing', async () => {
    const csv = (await e2e.http().get('/standards/export.csv?agencyCode=KAB-UJI').expect(200)).text;
    expect(csv.split('\r\n')).toContain("PENGADMIN,DINKES,tugas pokok,'@Arsip digital,berkas,0,,,,15,menit,,,");
    const again = await importFile(e2e, 'standards', 'KAB-UJI', csv, 'export.csv');
    expect(again.diff).toMatchObject({ added: 0, removed: 0, changed: 0, unchanged: 5 });
    await commit(e2e, again.id);
    const [audit] = await e2e.sql<{ summary: Record<string, number> }>(
      `SELECT summary FROM audit_log WHERE action = 'commitStandardsImport' ORDER BY id DESC LIMIT 1`,
    );
    expect(audit!.summary).toMatchObject({
      version: 5,
      activitiesDeleted: 0,
      activitiesInserted: 0,
      standardsDeleted: 0,
      standardsInserted: 0,
    });
    const xlsx = await download(e2e, '/standards/export.xlsx?agencyCode=KAB-UJI');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx);
    const cell = wb.getWorksheet('standar')!.getCell('D3');
    expect(cell.value).toBe("'@Arsip digital");
    const fromXlsx = await importFile(e2e, 'standards', 'KAB-UJI', xlsx, 'export.xlsx');
    expect(fromXlsx.diff).toMatchObject({ added: 0, removed: 0, changed: 0, unchanged: 5 });
  });

  it('imports targets in the wide layout, exports them long and wide, and round-trips', async () => {
    const wide = [
      'indikator,kode_unit,satuan,sumber,dokumen,prioritas,2027,2028',
      'kunjungan_rawat_jalan,PKM-A,kunjungan,RENSTRA,Renstra Dinkes 2025–2029,1,40000,45000',
    ].join('\n');
    const s = await importFile(e2e, 'targets', 'KAB-UJI', wide, 'target.csv');
    expect(s).toMatchObject({ status: 'VALIDATED', rowCount: 2, sheets: [{ layout: 'TARGETS_WIDE' }] });
    expect(s.diff).toMatchObject({
      added: 0,
      removed: 0,
      changed: 1,
      unchanged: 1,
      sample: [{ change: 'changed', indicator: 'kunjungan_rawat_jalan', unitCode: 'PKM-A', year: 2027, fields: ['value'] }],
    });
    // loadSmallRegency's upsertDevelopmentTargets made version 1
    expect(await commit(e2e, s.id)).toMatchObject({ version: 2 });
    // PERAWAT 2027: (40,000 × 12 / 60 + 250) / 1,250 = 6.6, × 1.25 = 8.25
    const { fte } = await requiredFte(e2e, 'KAB-UJI', 2027);
    expect(fte['PKM-A/PERAWAT']).toBe(8.25);
    for (const layout of ['long', 'wide']) {
      const out = (await e2e.http().get(`/targets/KAB-UJI/export.csv?layout=${layout}`).expect(200)).text;
      const back = await importFile(e2e, 'targets', 'KAB-UJI', out, `target-${layout}.csv`);
      expect(back.diff).toMatchObject({ added: 0, removed: 0, changed: 0, unchanged: 2 });
      const xlsx = await download(e2e, `/targets/KAB-UJI/export.xlsx?layout=${layout}`);
      const fromXlsx = await importFile(e2e, 'targets', 'KAB-UJI', xlsx, `target-${layout}.xlsx`);
      expect(fromXlsx).toMatchObject({
        status: 'VALIDATED',
        sheets: [layout === 'long' ? { layout: 'TARGETS_LONG', rows: 2 } : { layout: 'TARGETS_WIDE', rows: 1 }],
      });
      expect(fromXlsx.diff).toMatchObject({ added: 0, removed: 0, changed: 0, unchanged: 2 });
    }
    // committing an export changes nothing: the same values, no row rewritten
    const again = await importFile(
      e2e,
      'targets',
      'KAB-UJI',
      (await e2e.http().get('/targets/KAB-UJI/export.csv?layout=wide').expect(200)).text,
      'target-again.csv',
    );
    const before = await e2e.sql(`SELECT id, value::text, document, priority::text FROM development_target ORDER BY id`);
    await commit(e2e, again.id);
    expect(await e2e.sql(`SELECT id, value::text, document, priority::text FROM development_target ORDER BY id`)).toEqual(before);
    const [audit] = await e2e.sql<{ summary: Record<string, number> }>(
      `SELECT summary FROM audit_log WHERE action = 'commitTargetsImport' ORDER BY id DESC LIMIT 1`,
    );
    expect(audit!.summary).toMatchObject({ targetsDeleted: 0, targetsUpserted: 0 });
    const errors = await importFile(
      e2e,
      'targets',
      'KAB-UJI',
      [
        'indikator,kode_unit,tahun,target,sumber,prioritas',
        'kunjungan_rawat_jalan,PKM-A,2027,-1,RENSTRA,1',
        'kunjungan_rawat_jalan,PKM-A,20x7,5,RENSTRA,1',
        'kunjungan_rawat_jalan,PKM-A,2028,5,PERDA,0',
        'kunjungan_rawat_jalan,PKM-Z,2029,5,RPJMD,1',
        'izin,,2027,5,RPJMD,1',
        'izin,,2027,6,RPJMD,1',
      ].join('\n'),
      'target-salah.csv',
    );
    expect(errors.errors.map((e) => [e.rowNo, e.column, e.rule])).toEqual(
      expect.arrayContaining([
        [2, 'target', 'NEGATIVE_VALUE'],
        [3, 'tahun', 'NOT_A_YEAR'],
        [4, 'sumber', 'UNKNOWN_SOURCE'],
        [4, 'prioritas', 'PRIORITY_NOT_POSITIVE'],
        [5, 'kode_unit', 'UNKNOWN_UNIT'],
        [7, 'target', 'DUPLICATE_TARGET'],
      ]),
    );
    expect(errors.errorCount).toBe(6);
  });

  it("keeps agency operators to their own agency's standards and targets", async () => {
    const other = await e2e.tokenFor('AGENCY_OPERATOR', ['KAB-LAIN']);
    const own = await e2e.tokenFor('AGENCY_OPERATOR', ['KAB-UJI']);
    const refused = await e2e.http(other).post('/standards/submissions?agencyCode=KAB-UJI').attach('file', Buffer.from(V1), 'abk.csv');
    expect(refused.status).toBe(403);
    expect((await e2e.http(other).post('/targets/KAB-UJI/submissions').attach('file', Buffer.from('x'), 't.csv')).status).toBe(403);
    // position-wide standards are national: not for an agency's operator
    expect((await e2e.http(own).post('/standards/submissions').attach('file', Buffer.from(V1), 'abk.csv')).status).toBe(403);
    const s = await importFile(e2e, 'standards', 'KAB-UJI', V1, 'abk-v1-again.csv', own);
    const read = await e2e.gql('query($id: ID!) { standardsSubmission(id: $id) { id } }', { id: s.id }, other);
    expect(read.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const commitOther = await e2e.gql('mutation($id: ID!) { commitStandardsSubmission(id: $id) { id } }', { id: s.id }, other);
    expect(commitOther.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    expect(await commit(e2e, s.id, own)).toMatchObject({ status: 'COMMITTED', version: 6 });
  });

  it('makes every GraphQL edit a version of its own: a version named by a run never changes', async () => {
    const db = e2e.app.get(DataSource);
    const [{ id: agencyId }] = await e2e.sql<{ id: string }>(`SELECT id FROM agency WHERE code = 'KAB-UJI'`);
    const activities = async (version: number): Promise<unknown[]> => {
      const v = await versionContent(db, 'STANDARDS', agencyId!, version);
      return e2e.sql(
        `SELECT position_code || '@' || unit_code || '#' || ordinal AS at, kind, name, trim_scale(annual_volume)::text AS volume,
                trim_scale(minutes_per_unit)::text AS minutes, trim_scale(hours_per_year)::text AS hours
           FROM ${v!.rowsTable} ORDER BY position_code, ordinal`,
      );
    };
    const targets = async (version: number): Promise<unknown[]> => {
      const v = await versionContent(db, 'TARGETS', agencyId!, version);
      return e2e.sql(`SELECT year, trim_scale(value)::text AS value FROM ${v!.rowsTable} ORDER BY year`);
    };
    const versions = (kind: string): Promise<unknown[]> =>
      e2e.sql(
        `SELECT version, status, format, file_name AS "fileName" FROM standards_submission
          WHERE kind = $1 AND agency_id = $2 AND version IS NOT NULL ORDER BY version DESC LIMIT 2`,
        [kind, agencyId],
      );
    // version 6 is V1 as the operator committed it
    const v6 = [
      { at: 'PENGADMIN@DINKES#0', kind: 'SERVICE', name: 'Mengagendakan surat', volume: '2500', minutes: '30', hours: null },
      { at: 'PENGADMIN@DINKES#1', kind: 'ADDITIONAL', name: 'Bendahara barang', volume: null, minutes: null, hours: '125' },
      { at: 'PERAWAT@PKM-A#0', kind: 'SERVICE', name: 'Asuhan keperawatan rawat jalan', volume: null, minutes: '10', hours: null },
      { at: 'PERAWAT@PKM-A#1', kind: 'SUPPORT', name: 'Rapat, pelaporan, pelatihan', volume: null, minutes: null, hours: null },
    ];
    expect(await activities(6)).toEqual(v6);
    // a dry run made against version 6, then a GraphQL edit of one standard
    const pending = await importFile(e2e, 'standards', 'KAB-UJI', V1.replace(',2500,', ',2600,'), 'abk-pending.csv');
    expect(pending).toMatchObject({ status: 'VALIDATED', baseVersion: 6 });
    const edit = {
      i: {
        positionCode: 'PENGADMIN',
        agencyCode: 'KAB-UJI',
        unitCode: 'DINKES',
        activities: [{ kind: 'SERVICE', name: 'Mengagendakan surat', annualVolume: 3000, minutesPerUnit: 30 }],
      },
    };
    await mutate(e2e, UPSERT_STANDARD, edit);
    expect(await versions('STANDARDS')).toEqual([
      { version: 7, status: 'COMMITTED', format: 'API', fileName: 'upsertWorkloadStandard PENGADMIN@DINKES' },
      { version: 6, status: 'SUPERSEDED', format: 'CSV', fileName: 'abk-v1-again.csv' },
    ]);
    expect(await activities(6)).toEqual(v6);
    expect(await activities(7)).toEqual([
      { at: 'PENGADMIN@DINKES#0', kind: 'SERVICE', name: 'Mengagendakan surat', volume: '3000', minutes: '30', hours: null },
      ...v6.slice(2),
    ]);
    // the same edit again (a retry) writes what is there: no version 8
    await mutate(e2e, UPSERT_STANDARD, edit);
    expect((await versions('STANDARDS'))[0]).toMatchObject({ version: 7 });
    // the dry run saw version 6: its diff no longer says what the commit would do
    const refused = await e2e.gql(COMMIT, { id: pending.id });
    expect(refused.errors![0]!.extensions!.code).toBe('CONFLICT');
    expect(refused.errors![0]!.message).toContain('version 7 was committed after this file was checked against version 6');

    // targets: version 3 is the wide file's export committed again (2027: 40,000, 2028: 45,000)
    const target = (value: number) => ({
      i: {
        agencyCode: 'KAB-UJI',
        targets: [
          {
            unitCode: 'PKM-A',
            indicator: 'kunjungan_rawat_jalan',
            year: 2027,
            value,
            source: 'RENSTRA',
            document: 'Renstra Dinkes 2025–2029',
          },
        ],
      },
    });
    await mutate(e2e, UPSERT_TARGETS, target(42000));
    await mutate(e2e, UPSERT_TARGETS, target(42000));
    expect(await versions('TARGETS')).toEqual([
      { version: 4, status: 'COMMITTED', format: 'API', fileName: 'upsertDevelopmentTargets KAB-UJI' },
      { version: 3, status: 'SUPERSEDED', format: 'CSV', fileName: 'target-again.csv' },
    ]);
    expect(await targets(3)).toEqual([
      { year: 2027, value: '40000' },
      { year: 2028, value: '45000' },
    ]);
    expect(await targets(4)).toEqual([
      { year: 2027, value: '42000' },
      { year: 2028, value: '45000' },
    ]);

    // PENGADMIN: 3,000 × 30 min = 1,500 h / 1,250 = 1.2; PERAWAT: 42,000 × 10 / 60 = 7,000 h / 1,250 = 5.6, × 1.25 = 7
    const { runId, fte } = await requiredFte(e2e, 'KAB-UJI', 2027);
    expect(fte).toMatchObject({ 'DINKES/PENGADMIN': 1.2, 'PKM-A/PERAWAT': 7 });
    const named = await e2e.gql<{ planRunInputVersions: unknown[] }>(
      'query($r: ID!) { planRunInputVersions(runId: $r) { agencyCode standards nationalStandards targets } }',
      { r: runId },
    );
    expect(named.data!.planRunInputVersions).toEqual([{ agencyCode: 'KAB-UJI', standards: 7, nationalStandards: 0, targets: 4 }]);
  });

  it('gives data written outside the service a baseline version before a run can name version 0', async () => {
    const db = e2e.app.get(DataSource);
    await db.transaction(async (tx) => {
      await openAudit(tx, systemActor('test:sql'), { action: 'sqlOutsideService' });
      const [std] = (await tx.query(
        `INSERT INTO workload_standard (position_id) SELECT id FROM position WHERE code = 'PERAWAT' RETURNING id`,
      )) as Array<{ id: string }>;
      await tx.query(
        `INSERT INTO workload_activity (standard_id, ordinal, kind, name, annual_volume, minutes_per_unit) VALUES ($1, 0, 'SERVICE', 'Triase', 1000, 15)`,
        [std!.id],
      );
    });
    expect(await recordBaselineVersions(db, 'test')).toBe(1);
    expect(await recordBaselineVersions(db, 'test')).toBe(0);
    const v1 = await versionContent(db, 'STANDARDS', null, 1);
    expect(await e2e.sql(`SELECT position_code, unit_code, name, trim_scale(minutes_per_unit)::text AS m FROM ${v1!.rowsTable}`)).toEqual([
      { position_code: 'PERAWAT', unit_code: null, name: 'Triase', m: '15' },
    ]);
    expect(await versionContent(db, 'STANDARDS', null, 2)).toBeNull();
  });
});
