import { E2eApp, startE2eApp } from './support/e2e-app';
import { mutate, UPSERT_AGENCY, UPSERT_STANDARD, UPSERT_TARGETS, UPSERT_UNIT } from './support/reference-data';
import { loadPlannerRegency, runPlan } from './planner-tools.fixture';

// Run A is the fixture; run B raises the 2028 outpatient target of PKM-A from 45,000 to 60,000 visits:
//   PERAWAT PKM-A 2028  60,000 × 10 / 60 = 10,000 h → 8.0 → × CAF 1.25 = 10 FTE → required 10
//                       supplyStart 6 (as in A) → formation 4 (A: 7.5 FTE, required 8, formation 2)
//                       ratio 6 / 10 = 0.6 (A: 6 / 7.5 = 0.8)
//   KAB-UJI 2028 roll-up  A: requiredFte 7.5 + 1.2 + 1.0 + 0 + 0 = 9.7, required 10, formation 2
//                         B: 12.2, required 12, formation 4; existing 6 + 1 + 1 + 1 + 2 = 11 in both
//                         ratio of sums 11 / 9.7 → 11 / 12.2
// Nothing else changes.

const COMPARE = `query($a: ID!, $b: ID!, $first: Int, $year: Int) { compareRuns(a: $a, b: $b, first: $first, year: $year) {
  a b changedCells
  cells { agencyCode unitCode positionCode year deltaRequiredFte deltaRequired deltaFormation deltaWisnRatio
    before { requiredFte required supplyEnd formation wisnRatio } after { requiredFte required supplyEnd formation wisnRatio } }
  agencies { agencyCode year deltaRequiredFte deltaRequired deltaFormation deltaWisnRatio
    before { cells requiredFte required existing formation wisnRatio } after { cells requiredFte required existing formation wisnRatio } } } }`;

type Row = Record<string, unknown> & { before: Record<string, number> | null; after: Record<string, number> | null };
interface Comparison {
  compareRuns: { a: string; b: string; changedCells: number; cells: Row[]; agencies: Row[] };
}

const HINTS = `query($runId: ID!, $year: Int!, $scope: TransferScope) { transferHints(runId: $runId, year: $year, scope: $scope) {
  scope positionCode year fromAgencyCode fromUnitCode toAgencyCode toUnitCode persons } }`;

describe('planner tools: run comparison and transfer hints', () => {
  let e2e: E2eApp;
  let runA: string;
  let runB: string;

  beforeAll(async () => {
    e2e = await startE2eApp();
    await loadPlannerRegency(e2e);
    runA = await runPlan(e2e);
    await mutate(e2e, UPSERT_TARGETS, {
      i: {
        agencyCode: 'KAB-UJI',
        targets: [{ unitCode: 'PKM-A', indicator: 'kunjungan_rawat_jalan', year: 2028, value: 60000, source: 'RENSTRA' }],
      },
    });
    runB = await runPlan(e2e);
  });

  afterAll(async () => {
    await e2e?.close();
  });

  it('lists the one changed cell-year and every agency-year, largest change first', async () => {
    const res = await e2e.gql<Comparison>(COMPARE, { a: runA, b: runB });
    expect(res.errors).toBeUndefined();
    const cmp = res.data!.compareRuns;
    expect(cmp).toMatchObject({ a: runA, b: runB, changedCells: 1 });
    const [cell] = cmp.cells;
    expect(cell).toMatchObject({
      agencyCode: 'KAB-UJI',
      unitCode: 'PKM-A',
      positionCode: 'PERAWAT',
      year: 2028,
      deltaRequired: 2,
      deltaFormation: 2,
    });
    expect(cell!.deltaRequiredFte).toBeCloseTo(2.5, 9);
    expect(cell!.deltaWisnRatio).toBeCloseTo(-0.2, 9);
    expect(cell!.before).toMatchObject({ required: 8, supplyEnd: 6, formation: 2 });
    expect(cell!.after).toMatchObject({ required: 10, supplyEnd: 6, formation: 4 });
    expect(cell!.after!.wisnRatio).toBeCloseTo(0.6, 9);

    expect(cmp.agencies.map((a) => [a.agencyCode, a.year, a.deltaFormation, a.deltaRequired])).toEqual([
      ['KAB-UJI', 2028, 2, 2],
      ['KAB-UJI', 2027, 0, 0],
    ]);
    const [y2028, y2027] = cmp.agencies;
    expect(y2028!.before).toMatchObject({ cells: 5, required: 10, existing: 11, formation: 2 });
    expect(y2028!.after).toMatchObject({ cells: 5, required: 12, existing: 11, formation: 4 });
    expect(y2028!.before!.requiredFte).toBeCloseTo(9.7, 9);
    expect(y2028!.after!.requiredFte).toBeCloseTo(12.2, 9);
    expect(y2028!.before!.wisnRatio).toBeCloseTo(11 / 9.7, 9);
    expect(y2028!.after!.wisnRatio).toBeCloseTo(11 / 12.2, 9);
    expect(y2028!.deltaRequiredFte).toBeCloseTo(2.5, 9);
    expect(y2028!.deltaWisnRatio).toBeCloseTo(11 / 12.2 - 11 / 9.7, 9);
    expect(y2027!.deltaRequiredFte).toBeCloseTo(0, 9);
    expect(y2027!.deltaWisnRatio).toBeCloseTo(0, 9);
  });

  it('limits the comparison to a year and answers mistakes with domain codes', async () => {
    const res = await e2e.gql<Comparison>(COMPARE, { a: runA, b: runB, year: 2027 });
    expect(res.data!.compareRuns).toMatchObject({ changedCells: 0, cells: [] });
    expect(res.data!.compareRuns.agencies.map((a) => [a.year, a.deltaFormation])).toEqual([[2027, 0]]);

    const swapped = await e2e.gql<Comparison>(COMPARE, { a: runB, b: runA, first: 1 });
    expect(swapped.data!.compareRuns.cells[0]).toMatchObject({ deltaFormation: -2, deltaRequired: -2 });

    expect((await e2e.gql(COMPARE, { a: runA, b: '00000000-0000-4000-8000-000000000000' })).errors?.[0]?.extensions?.code).toBe(
      'NOT_FOUND',
    );
    expect((await e2e.gql(COMPARE, { a: runA, b: runB, year: 2031 })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await e2e.gql(COMPARE, { a: runA, b: runB, first: 0 })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  // Hints, 2027, PENGADMIN: PKM-C (KAB-UJI) has 2 to spare; DINKES and PKM-B need 1 each;
  // KOTA-UJI (same province 33) needs 2 at SETDA (5,000 × 30 min = 2,500 h → 2 FTE, nobody in post).
  //   AGENCY: within KAB-UJI, PKM-C → DINKES 1 and PKM-C → PKM-B 1 (equal needs: by unit code)
  //   REGION: the largest need first, so both go to KOTA-UJI SETDA
  it('pairs surplus with shortage of the same position within an agency or a province', async () => {
    await mutate(e2e, UPSERT_AGENCY, { i: { code: 'KOTA-UJI', name: 'Kota Uji', kind: 'CITY', regionCode: '33.71' } });
    await mutate(e2e, UPSERT_UNIT, { i: { agencyCode: 'KOTA-UJI', code: 'SETDA', name: 'Sekretariat Daerah' } });
    await mutate(e2e, UPSERT_STANDARD, {
      i: {
        positionCode: 'PENGADMIN',
        agencyCode: 'KOTA-UJI',
        unitCode: 'SETDA',
        activities: [{ kind: 'SERVICE', name: 'Mengagendakan surat', annualVolume: 5000, minutesPerUnit: 30 }],
      },
    });
    const runAll = await runPlan(e2e, null);

    const agency = await e2e.gql<{ transferHints: Array<Record<string, unknown>> }>(HINTS, { runId: runAll, year: 2027 });
    expect(agency.errors).toBeUndefined();
    expect(agency.data!.transferHints).toEqual([
      {
        scope: 'KAB-UJI',
        positionCode: 'PENGADMIN',
        year: 2027,
        fromAgencyCode: 'KAB-UJI',
        fromUnitCode: 'PKM-C',
        toAgencyCode: 'KAB-UJI',
        toUnitCode: 'DINKES',
        persons: 1,
      },
      {
        scope: 'KAB-UJI',
        positionCode: 'PENGADMIN',
        year: 2027,
        fromAgencyCode: 'KAB-UJI',
        fromUnitCode: 'PKM-C',
        toAgencyCode: 'KAB-UJI',
        toUnitCode: 'PKM-B',
        persons: 1,
      },
    ]);
    const region = await e2e.gql<{ transferHints: Array<Record<string, unknown>> }>(HINTS, { runId: runAll, year: 2027, scope: 'REGION' });
    expect(region.data!.transferHints).toEqual([
      {
        scope: '33',
        positionCode: 'PENGADMIN',
        year: 2027,
        fromAgencyCode: 'KAB-UJI',
        fromUnitCode: 'PKM-C',
        toAgencyCode: 'KOTA-UJI',
        toUnitCode: 'SETDA',
        persons: 2,
      },
    ]);
    // 2028: every 2027 shortage is assumed filled, so nobody is needed
    expect((await e2e.gql<{ transferHints: unknown[] }>(HINTS, { runId: runAll, year: 2028 })).data!.transferHints).toEqual([]);
    expect((await e2e.gql(HINTS, { runId: runAll, year: 2031 })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
