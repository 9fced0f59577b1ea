import { CellYearFigures, compareCellYears, transferHints } from './planner-tools';

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

describe('comparing two runs', () => {
  const before = [
    cell('U1', 'P1', { requiredFte: 2, required: 2, formation: 1, wisnRatio: 0.5 }),
    cell('U2', 'P1', { requiredFte: 3, required: 3, formation: 0, wisnRatio: 1 }),
  ];
  const after = [
    cell('U1', 'P1', { requiredFte: 3.2, required: 3, formation: 2, wisnRatio: 0.3125 }),
    cell('U2', 'P1', { requiredFte: 3, required: 3, formation: 0, wisnRatio: 1 }),
    cell('U3', 'P2', { requiredFte: 1, required: 1, formation: 1, wisnRatio: 0 }),
  ];

  it('lists changed cells, largest formation change first, then largest requirement change', () => {
    // U1: Δformation 1, ΔrequiredFte 1.2, Δratio 0.3125 − 0.5; U3 (new): Δformation 1, ΔrequiredFte 1; U2 unchanged
    const changes = compareCellYears(before, after);
    expect(changes.map((c) => c.unitCode)).toEqual(['U1', 'U3']);
    expect(changes[0]).toMatchObject({ deltaFormation: 1, deltaRequired: 1, deltaWisnRatio: -0.1875 });
    expect(changes[0].deltaRequiredFte).toBeCloseTo(1.2, 12);
    expect(changes[1]).toMatchObject({ before: null, deltaFormation: 1, deltaRequiredFte: 1, deltaWisnRatio: null });
  });

  it('keeps unchanged cells on request and counts a vanished cell as a negative change', () => {
    expect(compareCellYears(before, after, true)).toHaveLength(3);
    const [gone] = compareCellYears(after, before).filter((c) => c.after === null);
    expect(gone).toMatchObject({ unitCode: 'U3', deltaFormation: -1, deltaRequiredFte: -1 });
  });
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
    expect(hints.map((h) => `${h.fromAgencyCode}/${h.fromUnitCode}→${h.toUnitCode}:${h.persons}`)).toEqual(['KAB-B/X1→U3:2', 'KAB-B/X1→U4:2']);
  });

  it('moves only whole people, tolerating binary noise', () => {
    expect(transferHints([cell('U1', 'P', { surplus: 0.9 }), cell('U2', 'P', { formation: 1 })])).toEqual([]);
    expect(transferHints([cell('U1', 'P', { surplus: 0.1 * 3 * 10 - 1e-15 }), cell('U2', 'P', { formation: 3 })])[0].persons).toBe(3);
  });
});
