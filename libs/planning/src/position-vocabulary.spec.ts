import { parsePositionCategory, parsePositionLevel } from './position-vocabulary';

describe('position vocabulary', () => {
  it.each([
    ['Fungsional', 'FUNGSIONAL'],
    ['jabatan fungsional', 'FUNGSIONAL'],
    ['JF', 'FUNGSIONAL'],
    ['FUNGSIONAL', 'FUNGSIONAL'],
    ['JPT', 'JPT'],
    ['Jabatan Pimpinan Tinggi', 'JPT'],
    [' pelaksana ', 'PELAKSANA'],
    ['Administrator', 'ADMINISTRATOR'],
    ['pengawas', 'PENGAWAS'],
  ])('reads the category %j as %s', (text, code) => expect(parsePositionCategory(text)).toEqual({ code }));

  it.each([
    ['Ahli Madya', null, 'AHLI_MADYA'],
    ['ahli madya', null, 'AHLI_MADYA'],
    ['AHLI-MADYA', null, 'AHLI_MADYA'],
    ['AHLI_MADYA', null, 'AHLI_MADYA'],
    ['JPT Pratama', null, 'JPT_PRATAMA'],
    ['Pratama', 'JPT', 'JPT_PRATAMA'],
    ['pratama', null, 'JPT_PRATAMA'],
    ['Pimpinan Tinggi Madya', null, 'JPT_MADYA'],
    ['Utama', 'JPT', 'JPT_UTAMA'],
    ['Utama', 'FUNGSIONAL', 'AHLI_UTAMA'],
    ['Madya', 'FUNGSIONAL', 'AHLI_MADYA'],
    ['Muda', null, 'AHLI_MUDA'],
    ['Pertama', 'FUNGSIONAL', 'AHLI_PERTAMA'],
    ['jenjang penyelia', null, 'PENYELIA'],
    ['Terampil', 'FUNGSIONAL', 'TERAMPIL'],
  ] as const)('reads the level %j under %s as %s', (text, category, code) => expect(parsePositionLevel(text, category)).toEqual({ code }));

  it('refuses "Madya" without a category that decides it, saying how to write it', () => {
    expect(parsePositionLevel('Madya', null)).toEqual({
      problem: '"Madya" is a level of both JPT and Fungsional positions; write "JPT Madya" or "Ahli Madya"',
    });
    expect(parsePositionLevel('Madya', 'PELAKSANA')).toEqual({
      problem: '"Madya" is a level of both JPT and Fungsional positions, not of PELAKSANA; write "JPT Madya" or "Ahli Madya"',
    });
  });

  it('refuses anything else with the accepted list', () => {
    expect(parsePositionLevel('ahli sekali', 'FUNGSIONAL')).toEqual({
      problem:
        '"ahli sekali" is not a position level; accepted: JPT Utama, JPT Madya, JPT Pratama, Ahli Pertama, Ahli Muda, Ahli Madya, ' +
        'Ahli Utama, Pemula, Terampil, Mahir, Penyelia; "Utama"/"Madya" alone under JPT or Fungsional (or the codes JPT_UTAMA, JPT_MADYA, ' +
        'JPT_PRATAMA, AHLI_PERTAMA, AHLI_MUDA, AHLI_MADYA, AHLI_UTAMA, PEMULA, TERAMPIL, MAHIR, PENYELIA)',
    });
    expect(parsePositionCategory('Menteri')).toEqual({
      problem:
        '"Menteri" is not a position category; accepted: JPT, Administrator, Pengawas, Pelaksana, Fungsional ' +
        '(or the codes JPT, ADMINISTRATOR, PENGAWAS, PELAKSANA, FUNGSIONAL)',
    });
  });
});
