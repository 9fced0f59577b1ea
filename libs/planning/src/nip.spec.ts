import { nipBirthYmd, nipFromKey, nipKey, nipRowProblems, ParsedNip, parseNip, repeatedKeys } from './nip';

describe('NIP', () => {
  it('reads birth date, TMT, sex and sequence of a PNS number', () => {
    expect(parseNip('196903122000031001')).toEqual({
      birthYmd: 19690312,
      tmtYear: 2000,
      tmtMonth: 3,
      pppkMarker: false,
      sex: 'M',
      sequence: 1,
    });
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

describe('NIP against its row', () => {
  const say = { birthDate: 'birthDate b', sex: 'sex s', employmentTypeColumn: 'employmentType', tmt: 'tmt t' };
  const rules = (nipText: string, row: Parameters<typeof nipRowProblems>[2]) =>
    nipRowProblems(nipText, parseNip(nipText) as ParsedNip, row, say).map((p) => p.rule);

  it('agrees with a matching PNS and PPPK row', () => {
    expect(rules('196903122000031001', { birthYmd: 19690312, sex: 'M', employmentType: 'PNS', tmtYmd: 20000301 })).toEqual([]);
    expect(rules('199507012022212001', { birthYmd: 19950701, sex: 'F', employmentType: 'PPPK', tmtYmd: 20220915 })).toEqual([]);
  });

  it('names each disagreement and skips facts the row lacks', () => {
    expect(rules('196903122000031001', { birthYmd: 19690313, sex: 'F', employmentType: 'PNS', tmtYmd: 20000401 })).toEqual([
      'BIRTH_DATE_MISMATCH',
      'SEX_MISMATCH',
      'TMT_MISMATCH',
    ]);
    expect(rules('196903122000031001', { birthYmd: -1, sex: null, employmentType: 'PPPK', tmtYmd: 0 })).toEqual(['PPPK_MARKER']);
    expect(rules('199507012022212001', { birthYmd: 0, sex: null, employmentType: 'PNS', tmtYmd: 20220101 })).toEqual(['PPPK_MARKER']);
    expect(rules('199507012022212001', { birthYmd: 0, sex: null, employmentType: 'PPPK', tmtYmd: 20230101 })).toEqual(['TMT_MISMATCH']);
  });

  it('keys a NIP exactly and gives it back, the last ten digits up to 9999999999', () => {
    for (const nip of ['196903122000031001', '199912319999999999', '190001010000000000', '202002292020212999']) {
      const key = nipKey(nip, nipBirthYmd(nip));
      expect(Number.isSafeInteger(key)).toBe(true);
      expect(nipFromKey(key)).toBe(nip);
    }
    expect(nipKey('196903122000031001', 19690312)).not.toBe(nipKey('196903132000031001', 19690313));
  });

  it('finds the keys that repeat among the first n', () => {
    expect([...repeatedKeys(new Float64Array([5, 3, 5, 9, 3, 7, 7]), 6)].sort()).toEqual([3, 5]);
    expect(repeatedKeys(new Float64Array([1, 2, 3])).size).toBe(0);
    expect([...repeatedKeys(new Float64Array([0, -0, Number.NaN, Number.NaN, 2 ** 52 + 1, 2 ** 52, 2 ** 52 + 1]))].sort()).toEqual([
      0,
      2 ** 52 + 1,
    ]);
  });

  it('finds repeats among a million keys, wherever they are', () => {
    const keys = new Float64Array(1_000_000);
    for (let i = 0; i < keys.length; i++) keys[i] = nipKey('197001012000011001', 19700101) + ((i * 7919) % 1_000_003) * 1e9;
    keys[999_999] = keys[3]!;
    keys[500_000] = keys[400_000]!;
    keys[500_001] = keys[400_000]!;
    expect([...repeatedKeys(keys)].sort((a, b) => a - b)).toEqual([keys[3], keys[400_000]].sort((a, b) => a - b));
  });
});
