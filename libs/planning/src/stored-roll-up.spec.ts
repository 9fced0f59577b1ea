import { decimalText } from './decimal';
import { provinceOf, RollUpCell, rollUpAgency, rollUpRegionsAndNation, StoredGradeRow, StoredRollUp } from './stored-roll-up';

const cell = (c: Partial<RollUpCell> & Pick<RollUpCell, 'category' | 'level' | 'requiredFte' | 'existing'>): RollUpCell => ({
  year: 2027,
  required: Math.round(c.requiredFte),
  supplyEnd: c.existing,
  retirements: 0,
  contractEnds: 0,
  attrition: 0,
  formation: 0,
  surplus: 0,
  formationCost: null,
  annualCost: null,
  ...c,
});

/** A row's figures as PostgreSQL would print them. */
const printed = (r: StoredRollUp) => ({
  scope: r.scope,
  groupBy: r.groupBy,
  regionCode: r.regionCode,
  agencyCode: r.agencyCode,
  category: r.category,
  level: r.level,
  cells: r.cells,
  requiredFte: decimalText(r.requiredFte),
  existing: decimalText(r.existing),
  formation: r.formation,
  formationCost: r.formationCost && decimalText(r.formationCost),
  uncostedFormation: r.uncostedFormation,
  wisnRatio: r.wisnRatio && decimalText(r.wisnRatio),
  efficiency: r.efficiency && decimalText(r.efficiency),
});

/** What the worker reads back of an agency's rows by grade. */
const stored = (rows: StoredRollUp[]): StoredGradeRow[] =>
  rows
    .filter((r) => r.groupBy === 'CATEGORY_LEVEL')
    .map((r) => ({
      ...r,
      regionCode: r.regionCode!,
      agencyCode: r.agencyCode!,
      category: r.category!,
      requiredFte: decimalText(r.requiredFte),
      existing: decimalText(r.existing),
      supplyEnd: decimalText(r.supplyEnd),
      attrition: decimalText(r.attrition),
      surplus: decimalText(r.surplus),
      formationCost: r.formationCost && decimalText(r.formationCost),
    }));

// Agency A (33.71, province 33): FUNGSIONAL AHLI_PERTAMA 0.1 FTE, 1 in post, formation 2 costed at
// 1,000,000.5; the same grade 0.2 FTE, nobody; PELAKSANA 1.25 FTE, 2 in post, formation 1 uncosted.
// Agency B (no region code, its own region): PELAKSANA 0.7 FTE, 1 in post.
// Ratios are what PostgreSQL 15 printed for the same numeric divisions.
const A = rollUpAgency('A', '33.71', [
  cell({
    category: 'FUNGSIONAL',
    level: 'AHLI_PERTAMA',
    requiredFte: 0.1,
    existing: 1,
    formation: 2,
    formationCost: 2000001,
    annualCost: 1000000.5,
  }),
  cell({ category: 'FUNGSIONAL', level: 'AHLI_PERTAMA', requiredFte: 0.2, existing: 0 }),
  cell({ category: 'PELAKSANA', level: null, requiredFte: 1.25, existing: 2, formation: 1 }),
]);
const B = rollUpAgency('B', null, [cell({ category: 'PELAKSANA', level: null, requiredFte: 0.7, existing: 1 })]);

describe('stored roll-ups by the engine', () => {
  it("sums an agency's cells exactly by grade, category and year, with ratios of the sums", () => {
    expect(A.map(printed)).toEqual([
      {
        scope: 'AGENCY',
        groupBy: 'NONE',
        regionCode: '33',
        agencyCode: 'A',
        category: null,
        level: null,
        cells: 3,
        // 0.1 + 0.2 + 1.25 as decimals; as doubles the sum is 1.55 only by luck of rounding, 0.1 + 0.2 alone is not 0.3
        requiredFte: '1.55',
        existing: '3',
        formation: 3,
        formationCost: '2000001',
        uncostedFormation: 1,
        wisnRatio: '1.9354838709677419',
        efficiency: '0.51666666666666666667',
      },
      expect.objectContaining({ groupBy: 'CATEGORY', category: 'FUNGSIONAL', level: null, cells: 2, requiredFte: '0.3' }),
      expect.objectContaining({ groupBy: 'CATEGORY', category: 'PELAKSANA', level: null, cells: 1, requiredFte: '1.25' }),
      {
        scope: 'AGENCY',
        groupBy: 'CATEGORY_LEVEL',
        regionCode: '33',
        agencyCode: 'A',
        category: 'FUNGSIONAL',
        level: 'AHLI_PERTAMA',
        cells: 2,
        requiredFte: '0.3',
        existing: '1',
        formation: 2,
        formationCost: '2000001',
        uncostedFormation: 0,
        wisnRatio: '3.3333333333333333',
        efficiency: '0.30000000000000000000',
      },
      expect.objectContaining({ groupBy: 'CATEGORY_LEVEL', category: 'PELAKSANA', level: null, formationCost: null, uncostedFormation: 1 }),
    ]);
    expect(B.map(printed)[0]).toMatchObject({ regionCode: 'B', requiredFte: '0.7', wisnRatio: '1.4285714285714286' });
  });

  it('sums provinces and the nation from the agencies as stored', () => {
    const rows = rollUpRegionsAndNation(stored([...A, ...B])).map(printed);
    const none = rows.filter((r) => r.groupBy === 'NONE');
    expect(none).toEqual([
      expect.objectContaining({ scope: 'REGION', regionCode: '33', agencyCode: null, cells: 3, requiredFte: '1.55' }),
      expect.objectContaining({ scope: 'REGION', regionCode: 'B', agencyCode: null, cells: 1, requiredFte: '0.7' }),
      {
        scope: 'NATION',
        groupBy: 'NONE',
        regionCode: null,
        agencyCode: null,
        category: null,
        level: null,
        cells: 4,
        requiredFte: '2.25',
        existing: '4',
        formation: 3,
        formationCost: '2000001',
        uncostedFormation: 1,
        wisnRatio: '1.7777777777777778',
        efficiency: '0.56250000000000000000',
      },
    ]);
    // the nation's PELAKSANA: A's 1.25 and B's 0.7, the ratio of the sums 3 / 1.95, not an average of 1.6 and 1.43
    expect(rows.find((r) => r.scope === 'NATION' && r.groupBy === 'CATEGORY' && r.category === 'PELAKSANA')).toMatchObject({
      cells: 2,
      requiredFte: '1.95',
      existing: '3',
      formationCost: null,
    });
    // provinces 33 (2 categories, 2 grades) and B (1, 1): 8 rows; the nation 1 + 2 + 2
    expect(rows).toHaveLength(13);
  });

  it('names the province by the first part of the region code, or the agency when it has none', () => {
    expect(provinceOf('KOTA-UJI', '33.71')).toBe('33');
    expect(provinceOf('PROV', '33')).toBe('33');
    expect(provinceOf('KEMENKES', null)).toBe('KEMENKES');
    expect(provinceOf('KEMENKES', '')).toBe('KEMENKES');
  });
});
