import { nipBirthYmd, parseNip } from './nip';

describe('NIP', () => {
  it('reads birth date, TMT, sex and sequence of a PNS number', () => {
    expect(parseNip('196903122000031001')).toEqual({ birthYmd: 19690312, tmtYear: 2000, tmtMonth: 3, pppkMarker: false, sex: 'M', sequence: 1 });
  });

  it('accepts the PPPK marker 21 in place of the TMT month', () => {
    expect(parseNip('199507012022212001')).toMatchObject({ birthYmd: 19950701, tmtYear: 2022, tmtMonth: null, pppkMarker: true, sex: 'F' });
  });

  it.each([
    ['19690312200003100', 'NOT_18_DIGITS'],
    ['19690312200003100x', 'NOT_18_DIGITS'],
    ['196902302000031001', 'BIRTH_DATE_INVALID'],
    ['196903122000131001', 'TMT_INVALID'],
    ['196903122000033001', 'SEX_DIGIT_INVALID'],
    ['196903121960031001', 'TMT_BEFORE_BIRTH'],
  ])('rejects %s as %s', (nip, problem) => {
    expect(parseNip(nip)).toBe(problem);
  });

  it('gives the stated birth date quickly for bulk checks', () => {
    expect(nipBirthYmd('196903122000031001')).toBe(19690312);
    expect(nipBirthYmd('1969')).toBe(-1);
  });
});
