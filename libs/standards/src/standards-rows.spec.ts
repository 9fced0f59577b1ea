import { guardCell } from './standards-export';
import { parseDecimal, StagedActivity, targetProblems } from './standards-rows';
import { fromSpreadsheetText } from '@formasi/staffing';
import { StandardSetRules } from './standards-set.rules';

describe('parseDecimal', () => {
  it.each([
    ['1250', '1250'],
    ['0,5', '0.5'],
    ['1.250.000,5', '1250000.5'],
    ['1.250,75', '1250.75'],
    ['2.5', '2.5'],
    ['1,250,000', '1250000'],
    ['.5', '0.5'],
    ['-3', '-3'],
    ['1e-7', '0.0000001'],
    [' 12 ', '12'],
  ])('%s → %s', (text, want) => expect(parseDecimal(text)).toBe(want));
  it.each(['banyak', '1..2', '', '1,2,3', '12 jam'])('refuses %p', (text) => expect(parseDecimal(text)).toBeNull());
});

describe('formula guard', () => {
  it.each(['=SUM(A1)', '+62 811', '-Rapat', '@Arsip', '\tx', '\rx'])('writes %p as text and reads it back unchanged', (text) => {
    expect(guardCell(text)).toBe(`'${text}`);
    expect(fromSpreadsheetText(guardCell(text))).toBe(text);
  });
  it('leaves other text alone, also an apostrophe of its own', () => {
    expect(guardCell('Rapat')).toBe('Rapat');
    expect(fromSpreadsheetText("'Rapat")).toBe("'Rapat");
  });
});

describe('targetProblems', () => {
  it('names each broken rule by field', () => {
    expect(
      targetProblems({ indicator: 'izin', year: '20x7', value: '-1', source: 'PERDA', priority: '0' }).map((p) => [p.field, p.rule]),
    ).toEqual([
      ['year', 'NOT_A_YEAR'],
      ['value', 'NEGATIVE_VALUE'],
      ['source', 'UNKNOWN_SOURCE'],
      ['priority', 'PRIORITY_NOT_POSITIVE'],
    ]);
    expect(targetProblems({ indicator: 'izin', year: '2027', value: '8000', source: 'rpjmd', priority: null })).toEqual([]);
  });
});

describe('StandardSetRules', () => {
  const row = (rowNo: number, over: Partial<StagedActivity>): StagedActivity => ({
    sheetNo: 0,
    sheet: '',
    rowNo,
    positionCode: 'PERAWAT',
    unitCode: 'PKM-A',
    ordinal: 0,
    kind: 'SUPPORT',
    name: `t${rowNo}`,
    outputUnit: null,
    annualVolume: null,
    driverIndicator: null,
    driverFactor: null,
    driverBase: null,
    timeValue: null,
    timeUnit: null,
    percentOfWorkingTime: null,
    hoursPerYear: null,
    staffCount: null,
    ...over,
  });

  it('numbers activities per standard in file order and checks positions and units', () => {
    const rules = new StandardSetRules({ positions: new Set(['PERAWAT']), units: new Set(['PKM-A']), agencyCode: 'KAB-UJI' });
    expect(rules.row(row(2, {})).ordinal).toBe(0);
    expect(rules.row(row(3, { unitCode: 'PKM-B' })).problems!.map((p) => p.rule)).toEqual(['UNKNOWN_UNIT']);
    expect(rules.row(row(4, {})).ordinal).toBe(1);
    expect(rules.row(row(5, { positionCode: 'BIDAN', unitCode: null })).problems!.map((p) => p.rule)).toEqual([
      'UNKNOWN_POSITION',
      'UNIT_REQUIRED',
    ]);
    expect(rules.standardCount).toBe(3);
  });

  it('refuses support time of exactly 100 % (28.4 + 35.8 + 35.8), not 99.999999', () => {
    const rules = new StandardSetRules({ positions: new Set(['PERAWAT']), units: new Set(['PKM-A', 'PKM-B']), agencyCode: 'KAB-UJI' });
    for (const [i, p] of ['28.4', '35.8', '35.8'].entries()) rules.row(row(2 + i, { percentOfWorkingTime: p }));
    for (const [i, p] of ['28.4', '35.8', '35.799999'].entries()) rules.row(row(10 + i, { unitCode: 'PKM-B', percentOfWorkingTime: p }));
    expect(rules.finish().map((p) => [p.rowNo, p.rule])).toEqual([
      [2, 'SUPPORT_AT_OR_ABOVE_100'],
      [3, 'SUPPORT_AT_OR_ABOVE_100'],
      [4, 'SUPPORT_AT_OR_ABOVE_100'],
    ]);
  });

  it('keeps unit standards out of a national file', () => {
    const rules = new StandardSetRules({ positions: new Set(['PERAWAT']), units: null, agencyCode: null });
    expect(rules.row(row(2, { unitCode: null })).problems).toBeNull();
    expect(rules.row(row(3, {})).problems!.map((p) => p.rule)).toEqual(['UNIT_IN_NATIONAL_FILE']);
  });
});
