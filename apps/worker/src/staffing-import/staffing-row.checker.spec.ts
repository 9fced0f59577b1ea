import { mapHeader } from '@formasi/staffing';
import { parseRosterDate, RowError, StaffingRowChecker } from './staffing-row.checker';
import { testRowContext } from './staffing-row.testing';

const HEADER = ['\uFEFFNIP', 'Nama', 'Tanggal Lahir', 'JK', 'status_kepegawaian', 'position_code', 'Kode Unit', 'TMT', 'akhir_kontrak'];

function checker(asOf = '2026-06-30'): StaffingRowChecker {
  return new StaffingRowChecker(testRowContext(HEADER, asOf));
}

function check(cells: string[], asOf?: string): { errors: string[]; row: ReturnType<StaffingRowChecker['check']> } {
  const errors: RowError[] = [];
  const row = checker(asOf).check(2, cells, errors);
  return { errors: errors.map((e) => `${e.column}:${e.rule}`), row };
}

describe('staffing row rules', () => {
  it('maps Indonesian and English headers, ignoring case, spaces and a BOM', () => {
    const m = mapHeader(HEADER);
    expect(m.missing).toEqual([]);
    expect(m.index).toMatchObject({
      nip: 0,
      name: 1,
      birthDate: 2,
      sex: 3,
      employmentType: 4,
      positionCode: 5,
      unitCode: 6,
      tmt: 7,
      contractEnd: 8,
      category: -1,
    });
    expect(m.label.birthDate).toBe('Tanggal Lahir');
    expect(mapHeader(['nama']).missing).toEqual(['nip', 'birthDate', 'sex', 'employmentType', 'positionCode', 'tmt']);
  });

  it('reads yyyy-mm-dd and dd/mm/yyyy, and refuses dates that do not exist', () => {
    expect(parseRosterDate('1985-05-05')).toBe(19850505);
    expect(parseRosterDate('05/05/1985')).toBe(19850505);
    expect(parseRosterDate('29-02-2024')).toBe(20240229);
    expect(parseRosterDate('29/02/2023')).toBe(-1);
    expect(parseRosterDate('5/5/1985')).toBe(-1);
  });

  it('normalises a good row: sex aliases, PNS/PPPK in any case, category and level from the catalogue', () => {
    const { errors, row } = check(['198505052010011001', 'Budi', '05/05/1985', 'Laki-laki', 'pns', 'PENGADMIN', 'SETDA', '2010-01-01', '']);
    expect(errors).toEqual([]);
    expect(row).toMatchObject({
      birthDate: '1985-05-05',
      sex: 'M',
      employmentType: 'PNS',
      category: 'PELAKSANA',
      level: null,
      tmt: '2010-01-01',
      contractEnd: null,
    });
    const pppk = check(['199001012022212006', 'Rina', '1990-01-01', '2', 'PPPK', 'PENGADMIN', '', '2022-07-01', '2027-06-30']);
    expect(pppk.errors).toEqual([]);
    expect(pppk.row).toMatchObject({ sex: 'F', employmentType: 'PPPK', unitCode: null, contractEnd: '2027-06-30' });
  });

  it('keeps an employee in post until the last day of the birthday month at BUP (PP 11/2017 art. 239)', () => {
    // PELAKSANA, BUP 58: born 1968-06-15 → last day in post 2026-06-30
    const row = ['196806151990031001', 'Hampir Pensiun', '1968-06-15', 'L', 'PNS', 'PENGADMIN', 'SETDA', '1990-03-01', ''];
    expect(check(row, '2026-06-30').errors).toEqual([]);
    expect(check(row, '2026-07-01').errors).toEqual(['Tanggal Lahir:PAST_RETIREMENT_AGE']);
    // the position's own law (60) wins over the category's 58
    const guru = ['196806151990031002', 'Guru', '1968-06-15', 'L', 'PNS', 'GURU', 'SETDA', '1990-03-01', ''];
    expect(check(guru, '2027-01-01').errors).toEqual([]);
  });

  it('flags a PPPK whose contract ended before the snapshot date; the last day itself is still in post', () => {
    const ended = ['199001012022212006', 'Rina', '1990-01-01', 'P', 'PPPK', 'PENGADMIN', '', '2022-07-01', '2026-06-29'];
    expect(check(ended).errors).toEqual(['akhir_kontrak:CONTRACT_ENDED']);
    expect(check([...ended.slice(0, 8), '2026-06-30']).errors).toEqual([]);
  });

  it('checks the NIP against the row: PPPK marker, appointment year and month', () => {
    expect(check(['198505052010011001', 'X', '1985-05-05', 'L', 'PPPK', 'PENGADMIN', '', '2010-01-01', '2030-01-01']).errors).toEqual([
      'NIP:NIP_PPPK_MARKER',
    ]);
    expect(check(['199001012022212006', 'X', '1990-01-01', 'P', 'PPPK', 'PENGADMIN', '', '2023-07-01', '2030-01-01']).errors).toEqual([
      'NIP:NIP_TMT_MISMATCH',
    ]);
    expect(check(['198505052010011001', 'X', '1985-05-05', 'L', 'PNS', 'PENGADMIN', '', '2010-02-01', '']).errors).toEqual([
      'NIP:NIP_TMT_MISMATCH',
    ]);
    expect(check(['1985050520100110O1', 'X', '1985-05-05', 'L', 'PNS', 'PENGADMIN', '', '2010-01-01', '']).errors).toEqual([
      'NIP:NIP_NOT_18_DIGITS',
    ]);
    expect(check(['198505052010013001', 'X', '1985-05-05', 'L', 'PNS', 'PENGADMIN', '', '2010-01-01', '']).errors).toEqual([
      'NIP:NIP_SEX_DIGIT_INVALID',
    ]);
  });
});
