import { CsvScanner } from '@formasi/staffing';
import { testRowContext } from './staffing-row.testing';
import { StaffingRowStager } from './staffing-row.stager';

const HEADER = 'nip,nama,tanggal_lahir,jenis_kelamin,status_kepegawaian,kode_jabatan,kode_unit,tmt,akhir_kontrak';

/** The rows through the stager as the worker feeds it (bytes where it can), or as text cells only. */
function stage(
  lines: string[],
  bytesFirst: boolean,
  header = HEADER,
): { out: Buffer; errors: string[]; byBytes: number; stager: StaffingRowStager } {
  const stager = new StaffingRowStager(testRowContext(header.split(',')));
  let byBytes = 0;
  const scanner = new CsvScanner(',', {
    fields: (buf, at, count, rowNo) => {
      if (rowNo === 1 || !bytesFirst) return false;
      const taken = stager.fields(buf, at, count, rowNo);
      if (taken) byBytes++;
      return taken;
    },
    cells: (cells, rowNo) => {
      if (rowNo > 1) stager.cells(cells, rowNo);
    },
  });
  scanner.push(Buffer.from([header, ...lines].join('\n') + '\n'));
  scanner.end();
  const errors = [...stager.errors, ...stager.duplicates()].map((e) => `${e.rowNo} ${e.column} ${e.rule} ${e.value}`);
  return { out: Buffer.concat(stager.out.take(true)), errors, byBytes, stager };
}

const GOOD = [
  '198505052010011001,Budi Santoso,1985-05-05,L,PNS,PENGADMIN,SETDA,2010-01-01,',
  '199001012022212006,Rina,01/01/1990,P,PPPK,GURU,,2022-07-01,2027-06-30',
  '196806151990031001,Hampir Pensiun,15-06-1968,1,PNS,PENGADMIN,PKM-A,1990-03-01,',
  "199202292015032001,Siti O'Neil Jr.,1992-02-29,F,PNS,GURU,SETDA,2015-03-01,",
];

describe('StaffingRowStager', () => {
  it('writes good rows from their bytes exactly as the text way writes them', () => {
    const fast = stage(GOOD, true);
    const slow = stage(GOOD, false);
    expect(fast.byBytes).toBe(GOOD.length);
    expect(slow.byBytes).toBe(0);
    expect(fast.errors).toEqual([]);
    expect(slow.errors).toEqual([]);
    expect(fast.out.equals(slow.out)).toBe(true);
  });

  it('hands every row it cannot take whole to the text way, which stores the same and names the rule', () => {
    const awkward = [
      '198505052010011001, Budi ,1985-05-05,L,PNS,PENGADMIN,SETDA,2010-01-01,', // spaces to trim
      '198505052010011002,Budi,1985-05-05,l,pns,PENGADMIN,SETDA,2010-01-01,', // lower case
      '198505052010011003,Bédi,1985-05-05,Laki-laki,PNS,PENGADMIN,SETDA,2010-01-01,', // beyond ASCII, long sex code
      '"198505052010011004","Budi, S.E.",1985-05-05,L,PNS,PENGADMIN,SETDA,2010-01-01,', // quoted
      '198505052010011005,Budi,1985-05-05,L,PNS,PENGADMIN,SETDA,2010-01-01', // no contract column at all
    ];
    const fast = stage(awkward, true);
    expect(fast.byBytes).toBe(0);
    expect(fast.errors).toEqual([]);
    expect(fast.out.equals(stage(awkward, false).out)).toBe(true);
  });

  it('takes no broken row from its bytes: each rule is reported by the text way', () => {
    const bad: Array<[string, string]> = [
      ['19850505201001100,Budi,1985-05-05,L,PNS,PENGADMIN,SETDA,2010-01-01,', 'nip NIP_NOT_18_DIGITS'],
      ['198505062010011001,Budi,1985-05-05,L,PNS,PENGADMIN,SETDA,2010-01-01,', 'nip NIP_BIRTH_DATE_MISMATCH'],
      ['198505052010012001,Budi,1985-05-05,L,PNS,PENGADMIN,SETDA,2010-01-01,', 'nip NIP_SEX_MISMATCH'],
      ['198505052010010001,Budi,1985-05-05,L,PNS,PENGADMIN,SETDA,2010-01-01,', 'nip NIP_SEX_DIGIT_INVALID'],
      ['198505052010011001,Budi,1985-05-05,L,PNS,PENGADMIN,SETDA,2010-02-01,', 'nip NIP_TMT_MISMATCH'],
      ['198505052010211001,Budi,1985-05-05,L,PNS,PENGADMIN,SETDA,2010-01-01,', 'nip NIP_PPPK_MARKER'],
      ['198505052010011001,,1985-05-05,L,PNS,PENGADMIN,SETDA,2010-01-01,', 'nama REQUIRED'],
      ['198502302010011001,Budi,1985-02-30,L,PNS,PENGADMIN,SETDA,2010-01-01,', 'tanggal_lahir DATE_INVALID'],
      ['198505052010011001,Budi,1985-05-05,X,PNS,PENGADMIN,SETDA,2010-01-01,', 'jenis_kelamin SEX_INVALID'],
      ['198505052010011001,Budi,1985-05-05,L,CPNS,PENGADMIN,SETDA,2010-01-01,', 'status_kepegawaian EMPLOYMENT_TYPE_INVALID'],
      ['198505052010011001,Budi,1985-05-05,L,PNS,DOKTER,SETDA,2010-01-01,', 'kode_jabatan UNKNOWN_POSITION'],
      ['198505052010011001,Budi,1985-05-05,L,PNS,PENGADMIN,DINKES,2010-01-01,', 'kode_unit UNKNOWN_UNIT'],
      ['198505052010011001,Budi,1985-05-05,L,PNS,PENGADMIN,SETDA,2010-01-01,2030-01-01', 'akhir_kontrak CONTRACT_END_NOT_ALLOWED'],
      ['199001012022212006,Rina,1990-01-01,P,PPPK,GURU,,2022-07-01,', 'akhir_kontrak CONTRACT_END_REQUIRED'],
      ['199001012022212006,Rina,1990-01-01,P,PPPK,GURU,,2022-07-01,2022-06-30', 'akhir_kontrak CONTRACT_END_BEFORE_TMT'],
      ['199001012022212006,Rina,1990-01-01,P,PPPK,GURU,,2022-07-01,2026-06-29', 'akhir_kontrak CONTRACT_ENDED'],
      // PELAKSANA, BUP 58: born 1968-05-15 → last day in post 2026-05-31, before the snapshot
      ['196805151990031001,Pensiun,1968-05-15,L,PNS,PENGADMIN,SETDA,1990-03-01,', 'tanggal_lahir PAST_RETIREMENT_AGE'],
    ];
    for (const [line, rule] of bad) {
      const fast = stage([line], true);
      expect({ line, byBytes: fast.byBytes }).toEqual({ line, byBytes: 0 });
      expect(fast.errors.map((e) => e.split(' ').slice(1, 3).join(' '))).toContain(rule);
      expect(fast.out.equals(stage([line], false).out)).toBe(true);
    }
  });

  it('reads the category and level from the file only when they are given, through the text way', () => {
    const header = `${HEADER},kategori,jenjang`;
    const line = '198505052010011001,Budi,1985-05-05,L,PNS,PENGADMIN,SETDA,2010-01-01,,PELAKSANA,';
    expect(stage([line], true, header).byBytes).toBe(0);
    expect(stage(['198505052010011001,Budi,1985-05-05,L,PNS,PENGADMIN,SETDA,2010-01-01,,,'], true, header).byBytes).toBe(1);
  });

  it('reports each later row of a NIP, from bytes or text, naming the first row', () => {
    const rows = [
      GOOD[0]!,
      GOOD[1]!,
      GOOD[0]!,
      GOOD[0]!.replace('Budi Santoso', ' Budi'),
      'X1,Ani,1985-05-05,P,PNS,PENGADMIN,,2010-01-01,',
      'X1,Ani,1985-05-05,P,PNS,PENGADMIN,,2010-01-01,',
    ];
    const { errors } = stage(rows, true);
    expect(errors.filter((e) => e.includes('DUPLICATE_NIP'))).toEqual([
      '7 nip DUPLICATE_NIP X1',
      '4 nip DUPLICATE_NIP 198505052010011001',
      '5 nip DUPLICATE_NIP 198505052010011001',
    ]);
  });

  it('names the smallest well-formed NIPs in order, each once, for the sample of a first roster', () => {
    const { stager } = stage([...GOOD, GOOD[2]!, 'X1,Ani,1985-05-05,P,PNS,PENGADMIN,,2010-01-01,'], true);
    expect(stager.smallestNips(3)).toEqual(['196806151990031001', '198505052010011001', '199001012022212006']);
    expect(stager.smallestNips(10)).toEqual(['196806151990031001', '198505052010011001', '199001012022212006', '199202292015032001']);
  });
});
