import { rosterRowsTable } from '@formasi/database';
import { E2eApp, startE2eApp } from './support/e2e-app';
import { loadSmallRegency, mutate, UPSERT_POSITION } from './support/reference-data';
import { HEADER, loadImportAgency, SubmissionView, uploadAndValidate } from './fixtures/staffing/staffing-helpers';

// What the row rules accept and refuse, through the real upload → validation path, whatever
// parses the file: the cases pin behaviour, not an implementation.
describe('staffing row rules through an upload', () => {
  let e2e: E2eApp;
  const rules = (s: SubmissionView, rowNo: number): string[] =>
    s.errors
      .filter((e) => e.rowNo === rowNo)
      .map((e) => `${e.column}:${e.rule}`)
      .sort();
  const staged = (id: string): Promise<Array<Record<string, unknown>>> =>
    e2e.sql(
      `SELECT row_no, nip, name, to_char(birth_date, 'YYYY-MM-DD') AS birth, sex, employment_type AS type, position_code, unit_code,
              to_char(tmt, 'YYYY-MM-DD') AS tmt, to_char(contract_end, 'YYYY-MM-DD') AS contract_end, category, level
         FROM ${rosterRowsTable(id)} ORDER BY row_no`,
    );

  beforeAll(async () => {
    e2e = await startE2eApp();
    await loadSmallRegency(e2e);
    await loadImportAgency(e2e);
    // a position whose own law sets the retirement age (teachers: 60)
    await mutate(e2e, UPSERT_POSITION, {
      i: { code: 'GURU', name: 'Guru', category: 'FUNGSIONAL', level: 'AHLI_MUDA', retirementAgeOverride: 60 },
    });
  });

  afterAll(async () => {
    await e2e?.close();
  });

  it('reads yyyy-mm-dd, dd/mm/yyyy and dd-mm-yyyy, and refuses dates that do not exist', async () => {
    const s = await uploadAndValidate(
      e2e,
      [
        HEADER,
        '198505052010011001,Iso,1985-05-05,L,PNS,PENGADMIN,SETDA,2010-01-01,',
        '198505052010011002,Slash,05/05/1985,L,PNS,PENGADMIN,SETDA,01/01/2010,',
        '200002292024021003,Dash Leap,29-02-2000,L,PNS,PENGADMIN,SETDA,01-02-2024,',
        '198505052010011004,No Feb 29,1985-05-05,L,PNS,PENGADMIN,SETDA,29/02/2023,',
        '198505052010011005,Short,5/5/1985,L,PNS,PENGADMIN,SETDA,2010-01-01,',
        '198505052010011006,Month 13,1985-05-05,L,PNS,PENGADMIN,SETDA,2010-13-01,',
        '198505052010011007,Text,1985-05-05,L,PNS,PENGADMIN,SETDA,kemarin,',
        '',
      ].join('\n'),
      'dates.csv',
    );
    expect(s.status).toBe('INVALID');
    expect([2, 3, 4].map((r) => rules(s, r))).toEqual([[], [], []]);
    expect(rules(s, 5)).toEqual(['tmt:DATE_INVALID']);
    expect(rules(s, 6)).toEqual(['tanggal_lahir:DATE_INVALID']);
    expect(rules(s, 7)).toEqual(['tmt:DATE_INVALID']);
    expect(rules(s, 8)).toEqual(['tmt:DATE_INVALID']);
    expect(s.errors.find((e) => e.rowNo === 5)).toMatchObject({
      value: '29/02/2023',
      message: 'tmt is not a calendar date (yyyy-mm-dd or dd/mm/yyyy)',
    });
  });

  it('types a good row: sex aliases, PNS/PPPK in any case, category and level from the catalogue, blanks as NULL', async () => {
    const s = await uploadAndValidate(
      e2e,
      [
        `${HEADER},kategori,jenjang`,
        '198505052010011001, Budi ,05/05/1985,Laki-laki,pns,PENGADMIN,SETDA,2010-01-01,,,',
        '199001012022212006,Rina,1990-01-01,2,PPPK,PENGADMIN,,2022-07-01,2027-06-30,,',
        '199202022015032007,Sari,1992-02-02,perempuan,Pns,PERAWAT,PUSKESMAS,2015-03-01,,JPT,ahli madya',
      ].join('\n'),
      'good.csv',
    );
    expect(s).toMatchObject({ status: 'VALIDATED', rowCount: 3, errorCount: 0 });
    expect(await staged(s.id)).toEqual([
      {
        row_no: 2,
        nip: '198505052010011001',
        name: 'Budi',
        birth: '1985-05-05',
        sex: 'M',
        type: 'PNS',
        position_code: 'PENGADMIN',
        unit_code: 'SETDA',
        tmt: '2010-01-01',
        contract_end: null,
        category: 'PELAKSANA',
        level: null,
      },
      {
        row_no: 3,
        nip: '199001012022212006',
        name: 'Rina',
        birth: '1990-01-01',
        sex: 'F',
        type: 'PPPK',
        position_code: 'PENGADMIN',
        unit_code: null,
        tmt: '2022-07-01',
        contract_end: '2027-06-30',
        category: 'PELAKSANA',
        level: null,
      },
      // the catalogue wins over the file's category and level
      {
        row_no: 4,
        nip: '199202022015032007',
        name: 'Sari',
        birth: '1992-02-02',
        sex: 'F',
        type: 'PNS',
        position_code: 'PERAWAT',
        unit_code: 'PUSKESMAS',
        tmt: '2015-03-01',
        contract_end: null,
        category: 'FUNGSIONAL',
        level: 'TERAMPIL',
      },
    ]);
  });

  it('refuses an unknown category or level the file writes', async () => {
    const s = await uploadAndValidate(
      e2e,
      [
        `${HEADER},kategori,jenjang`,
        '198505052010011001,Budi,1985-05-05,L,PNS,PENGADMIN,SETDA,2010-01-01,,MENTERI,',
        '198505052010011002,Bayu,1985-05-05,L,PNS,PENGADMIN,SETDA,2010-01-01,,,ahli-sekali',
      ].join('\n'),
      'categories.csv',
    );
    expect(rules(s, 2)).toEqual(['kategori:CATEGORY_INVALID']);
    expect(rules(s, 3)).toEqual(['jenjang:LEVEL_INVALID']);
  });

  it('reads categories and levels as people write them, and refuses the rest with the accepted list', async () => {
    // PENGADMIN's catalogue entry has no level, so the file's level is what gets stored
    const s = await uploadAndValidate(
      e2e,
      [
        `${HEADER},kategori,jenjang`,
        '198505052010011001,Budi,1985-05-05,L,PNS,PENGADMIN,SETDA,2010-01-01,,Pelaksana,Ahli Madya',
        '198505052010011002,Bayu,1985-05-05,L,PNS,PENGADMIN,SETDA,2010-01-01,,jabatan pelaksana,ahli-pertama',
        '198505052010011003,Beni,1985-05-05,L,PNS,PENGADMIN,SETDA,2010-01-01,,,Penyelia',
      ].join('\n'),
      'vocabulary.csv',
    );
    expect(s).toMatchObject({ status: 'VALIDATED', errorCount: 0 });
    expect((await staged(s.id)).map((r) => r.level)).toEqual(['AHLI_MADYA', 'AHLI_PERTAMA', 'PENYELIA']);

    const bad = await uploadAndValidate(
      e2e,
      [
        `${HEADER},kategori,jenjang`,
        // "Madya" alone is a JPT level and an expert level: PELAKSANA (the catalogue's) cannot say which
        '198505052010011001,Budi,1985-05-05,L,PNS,PENGADMIN,SETDA,2010-01-01,,,Madya',
        '198505052010011002,Bayu,1985-05-05,L,PNS,PENGADMIN,SETDA,2010-01-01,,Struktural,',
      ].join('\n'),
      'vocabulary-bad.csv',
    );
    expect(bad.errors.map((e) => [e.rowNo, e.column, e.rule, e.message])).toEqual([
      [
        2,
        'jenjang',
        'LEVEL_INVALID',
        'jenjang: "Madya" is a level of both JPT and Fungsional positions, not of PELAKSANA; write "JPT Madya" or "Ahli Madya"',
      ],
      [
        3,
        'kategori',
        'CATEGORY_INVALID',
        'kategori: "Struktural" is not a position category; accepted: JPT, Administrator, Pengawas, Pelaksana, Fungsional (or the codes JPT, ADMINISTRATOR, PENGAWAS, PELAKSANA, FUNGSIONAL)',
      ],
    ]);
  });

  it('keeps an employee in post until the last day of the birthday month at BUP (PP 11/2017 art. 239)', async () => {
    // PELAKSANA, BUP 58: born 1968-06-15 → last day in post 2026-06-30; GURU's own law says 60
    const csv = [
      HEADER,
      '196806151990031001,Hampir Pensiun,1968-06-15,L,PNS,PENGADMIN,SETDA,1990-03-01,',
      '196806151990031002,Guru,1968-06-15,L,PNS,GURU,SETDA,1990-03-01,',
    ].join('\n');
    expect((await uploadAndValidate(e2e, csv, 'bup-1.csv', { asOf: '2026-06-30' })).errors).toEqual([]);
    const after = await uploadAndValidate(e2e, csv, 'bup-2.csv', { asOf: '2026-07-01' });
    expect(after.errors).toEqual([
      {
        rowNo: 2,
        column: 'tanggal_lahir',
        rule: 'PAST_RETIREMENT_AGE',
        value: '1968-06-15',
        message: 'retirement age 58 reached: last day in post was 2026-06-30, before the snapshot date 2026-07-01',
      },
    ]);
    expect((await uploadAndValidate(e2e, csv, 'bup-3.csv', { asOf: '2027-01-01' })).errors.map((e) => e.rowNo)).toEqual([2]);
    expect((await uploadAndValidate(e2e, csv, 'bup-4.csv', { asOf: '2028-07-01' })).errors.map((e) => e.rowNo)).toEqual([2, 3]);
  });

  it('checks the NIP against the row: PPPK marker, appointment year, sex digit', async () => {
    const s = await uploadAndValidate(
      e2e,
      [
        HEADER,
        '198505052010011001,PPPK tanpa 21,1985-05-05,L,PPPK,PENGADMIN,,2010-01-01,2030-01-01',
        '199001012022212006,PPPK tahun beda,1990-01-01,P,PPPK,PENGADMIN,,2023-07-01,2030-01-01',
        '198505052010013001,Digit kelamin 3,1985-05-05,L,PNS,PENGADMIN,,2010-01-01,',
        '1985050520100110O1,Huruf O,1985-05-05,L,PNS,PENGADMIN,,2010-01-01,',
        '198505051985011001,TMT tahun lahir,1985-05-05,L,PNS,PENGADMIN,,2010-01-01,',
      ].join('\n'),
      'nip.csv',
    );
    expect(rules(s, 2)).toEqual(['nip:NIP_PPPK_MARKER']);
    expect(s.errors.find((e) => e.rowNo === 2)!.message).toBe('a PPPK NIP carries 21 in place of the TMT month');
    expect(s.errors.find((e) => e.rowNo === 3)).toMatchObject({
      rule: 'NIP_TMT_MISMATCH',
      message: 'NIP appointment year 2022 does not match tmt 2023-07-01',
    });
    expect(rules(s, 4)).toEqual(['nip:NIP_SEX_DIGIT_INVALID']);
    expect(rules(s, 5)).toEqual(['nip:NIP_NOT_18_DIGITS']);
    expect(rules(s, 6)).toEqual(['nip:NIP_TMT_BEFORE_BIRTH']);
  });

  it('flags a PPPK whose contract ended before the snapshot date', async () => {
    const s = await uploadAndValidate(
      e2e,
      [
        HEADER,
        '199001012022212006,Kontrak habis,1990-01-01,P,PPPK,PENGADMIN,,2022-07-01,2026-06-29',
        '199001012022212007,Hari terakhir,1990-01-01,P,PPPK,PENGADMIN,,2022-07-01,2026-06-30',
      ].join('\n'),
      'contracts.csv',
      { asOf: '2026-06-30' },
    );
    expect(s.errors).toEqual([
      {
        rowNo: 2,
        column: 'akhir_kontrak',
        rule: 'CONTRACT_ENDED',
        value: '2026-06-29',
        message: 'the contract ended on 2026-06-29, before the snapshot date 2026-06-30',
      },
    ]);
  });

  it('keeps spreadsheet row numbers across ragged rows and a blank line', async () => {
    const s = await uploadAndValidate(
      e2e,
      [
        HEADER,
        '198505052010011001,Budi,1985-05-05,L,PNS,PENGADMIN,SETDA,2010-01-01',
        '',
        '198505052010011002,Bayu,1985-05-05,X,PNS,PENGADMIN,SETDA,2010-01-01,,extra',
      ].join('\n'),
      'ragged.csv',
    );
    expect(s.rowCount).toBe(2);
    expect(s.errors).toEqual([expect.objectContaining({ rowNo: 3, rule: 'SEX_INVALID', value: 'X' })]);
  });
});
