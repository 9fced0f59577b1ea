import { CellYearFigures, transferHints } from './planner-tools';

const cell = (unitCode: string, positionCode: string, figures: Partial<CellYearFigures>, agencyCode = 'KAB-A'): CellYearFigures => ({
  agencyCode,
  unitCode,
  positionCode,
  year: 2027,
  requiredFte: 0,
  required: 0,
  supplyEnd: 0,
  formation: 0,
  surplus: 0,
  wisnRatio: null,
  ...figures,
});

describe('transfer hints', () => {
  // U1 can give floor(2.6) = 2, U2 floor(1.0) = 1; U3 and U4 need 2 each
  const cells = [
    cell('U1', 'P', { surplus: 2.6 }),
    cell('U2', 'P', { surplus: 1.0 }),
    cell('U3', 'P', { formation: 2 }),
    cell('U4', 'P', { formation: 2 }),
    cell('U9', 'OTHER', { surplus: 4 }),
    cell('X1', 'P', { surplus: 5 }, 'KAB-B'),
  ];

  it('matches the largest surplus to the largest need of the same position within an agency', () => {
    expect(transferHints(cells).map((h) => `${h.fromUnitCode}→${h.toUnitCode}:${h.persons}`)).toEqual(['U1→U3:2', 'U2→U4:1']);
  });

  it('reaches across agencies of one region when the scope is the region', () => {
    const hints = transferHints(cells, () => 'JAWA-BARAT');
    expect(hints.map((h) => `${h.fromAgencyCode}/${h.fromUnitCode}→${h.toUnitCode}:${h.persons}`)).toEqual([
      'KAB-B/X1→U3:2',
      'KAB-B/X1→U4:2',
    ]);
  });

  it('moves only whole people, tolerating binary noise', () => {
    expect(transferHints([cell('U1', 'P', { surplus: 0.9 }), cell('U2', 'P', { formation: 1 })])).toEqual([]);
    expect(transferHints([cell('U1', 'P', { surplus: 0.1 * 3 * 10 - 1e-15 }), cell('U2', 'P', { formation: 3 })])[0].persons).toBe(3);
  });
});
