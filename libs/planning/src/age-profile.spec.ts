import { AgeProfileGroup, ageOn, ageProfile } from './age-profile';
import { planningError } from './planning-error.testing';

const AGES = [
  { category: 'PELAKSANA' as const, age: 58 },
  { category: 'FUNGSIONAL' as const, age: 58 },
  { category: 'FUNGSIONAL' as const, level: 'AHLI_MADYA' as const, age: 60 },
  { category: 'FUNGSIONAL' as const, positionCode: 'GURU', age: 60 },
];

const group = (g: Partial<AgeProfileGroup> & Pick<AgeProfileGroup, 'birthYmd'>): AgeProfileGroup => ({
  sex: 'M',
  employmentType: 'PNS',
  category: 'PELAKSANA',
  level: null,
  positionCode: 'PENGADMIN',
  contractEndYmd: 0,
  count: 1,
  ...g,
});

describe('ageOn', () => {
  it('counts whole years, the birthday itself included', () => {
    expect(ageOn(19680315, 20251231)).toBe(57);
    expect(ageOn(19681231, 20251231)).toBe(57);
    expect(ageOn(19690101, 20251231)).toBe(56);
  });
});

describe('ageProfile', () => {
  const asOfYmd = 20251231;

  it('bands staff by five years of age, sex and employment type', () => {
    const p = ageProfile(
      [
        group({ birthYmd: 19680315, count: 2 }), // 57 → 55–59
        group({ birthYmd: 19700101, sex: 'F' }), // 55 → 55–59
        group({
          birthYmd: 19960601,
          employmentType: 'PPPK',
          contractEndYmd: 20290131,
          category: 'FUNGSIONAL',
          level: 'AHLI_PERTAMA',
          positionCode: 'ANALIS',
        }), // 29 → 25–29
      ],
      { asOfYmd, years: 10, retirementAges: AGES, renewContracts: false },
    );
    expect(p.total).toBe(4);
    expect(p.bands).toEqual([
      { ageFrom: 25, ageTo: 29, sex: 'M', employmentType: 'PPPK', count: 1 },
      { ageFrom: 55, ageTo: 59, sex: 'F', employmentType: 'PNS', count: 1 },
      { ageFrom: 55, ageTo: 59, sex: 'M', employmentType: 'PNS', count: 2 },
    ]);
  });

  it('puts each exit in its year: pension at BUP, else an unrenewed contract end, whichever is first', () => {
    const p = ageProfile(
      [
        // PELAKSANA 58: born March 1968 → last day 2026-03-31
        group({ birthYmd: 19680315, count: 2 }),
        // AHLI_MADYA 60 wins over FUNGSIONAL 58: born 1970-01-01 → 2030-01-31
        group({ birthYmd: 19700101, category: 'FUNGSIONAL', level: 'AHLI_MADYA', positionCode: 'ANALIS' }),
        // GURU's own law, 60: born 1972-07-20 → 2032-07-31
        group({ birthYmd: 19720720, category: 'FUNGSIONAL', level: 'AHLI_PERTAMA', positionCode: 'GURU' }),
        // PPPK contract to 2029-01-31, long before BUP
        group({
          birthYmd: 19960601,
          employmentType: 'PPPK',
          contractEndYmd: 20290131,
          category: 'FUNGSIONAL',
          level: 'AHLI_PERTAMA',
          positionCode: 'ANALIS',
          count: 3,
        }),
        // BUP 2045: beyond a ten-year wave
        group({ birthYmd: 19870101 }),
      ],
      { asOfYmd, years: 10, retirementAges: AGES, renewContracts: false },
    );
    expect(p.wave.map((w) => w.year)).toEqual([2026, 2027, 2028, 2029, 2030, 2031, 2032, 2033, 2034, 2035]);
    expect(p.wave.filter((w) => w.retirements + w.contractEnds > 0)).toEqual([
      { year: 2026, retirements: 2, contractEnds: 0 },
      { year: 2029, retirements: 0, contractEnds: 3 },
      { year: 2030, retirements: 1, contractEnds: 0 },
      { year: 2032, retirements: 1, contractEnds: 0 },
    ]);
    expect(p.retirementAges.map(({ age, staff, rule }) => [age, staff, rule.split(' (')[0]])).toEqual([
      [58, 3, 'retirement age 58 for FUNGSIONAL'],
      [58, 3, 'retirement age 58 for PELAKSANA'],
      [60, 1, 'retirement age 60 for FUNGSIONAL AHLI_MADYA'],
      [60, 1, 'retirement age 60 for FUNGSIONAL position GURU'],
    ]);
    expect(p.pastRetirement).toBe(0);
  });

  it('keeps renewed contracts to BUP, counts exits before the first year in it, and flags staff already past BUP', () => {
    const p = ageProfile(
      [
        group({
          birthYmd: 19960601,
          employmentType: 'PPPK',
          contractEndYmd: 20290131,
          category: 'FUNGSIONAL',
          level: 'AHLI_PERTAMA',
          positionCode: 'ANALIS',
        }),
        group({ birthYmd: 19670905 }), // PELAKSANA 58 → 2025-09-30, before asOf
      ],
      { asOfYmd: 20250630, years: 3, retirementAges: AGES, renewContracts: true },
    );
    // asOf mid-2025: the wave starts in 2026, and a pension in September 2025 (after asOf) counts in it
    expect(p.wave).toEqual([
      { year: 2026, retirements: 1, contractEnds: 0 },
      { year: 2027, retirements: 0, contractEnds: 0 },
      { year: 2028, retirements: 0, contractEnds: 0 },
    ]);
    expect(p.pastRetirement).toBe(0);
    const later = ageProfile([group({ birthYmd: 19670905 })], { asOfYmd: 20251231, years: 1, retirementAges: AGES, renewContracts: true });
    expect(later).toMatchObject({ pastRetirement: 1, wave: [{ year: 2026, retirements: 0, contractEnds: 0 }] });
  });

  it('names the grade that has no retirement age', () => {
    const err = planningError(() =>
      ageProfile([group({ birthYmd: 19800101, category: 'JPT', level: 'JPT_PRATAMA', positionCode: 'SEKDA' })], {
        asOfYmd,
        years: 10,
        retirementAges: AGES,
        renewContracts: false,
      }),
    );
    expect(err.code).toBe('NO_RETIREMENT_AGE');
    expect(err.message).toBe('no retirement age in the policy for JPT JPT_PRATAMA');
  });
});
