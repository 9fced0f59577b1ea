import { annualCostTable } from './cost';
import { planningError } from './planning-error.testing';

describe('annualCostTable', () => {
  const costOf = annualCostTable([
    { category: 'FUNGSIONAL', annualCost: 90_000_000 },
    { category: 'FUNGSIONAL', level: 'AHLI_MADYA', annualCost: 150_000_000 },
    { category: 'PELAKSANA', annualCost: 60_000_000 },
  ]);

  it('takes the level row, else the category row, else nothing', () => {
    expect(costOf('FUNGSIONAL', 'AHLI_MADYA')).toBe(150_000_000);
    expect(costOf('FUNGSIONAL', 'TERAMPIL')).toBe(90_000_000);
    expect(costOf('PELAKSANA', null)).toBe(60_000_000);
    expect(costOf('JPT', 'JPT_PRATAMA')).toBeNull();
  });

  it('refuses a negative cost and a row given twice', () => {
    expect(planningError(() => annualCostTable([{ category: 'JPT', annualCost: -1 }])).message).toContain(
      'annual cost of JPT must be a number of rupiah',
    );
    expect(
      planningError(() =>
        annualCostTable([
          { category: 'JPT', annualCost: 1 },
          { category: 'JPT', level: null, annualCost: 2 },
        ]),
      ).message,
    ).toContain('given twice');
  });
});
