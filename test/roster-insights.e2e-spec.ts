import { E2eApp, startE2eApp } from './support/e2e-app';
import { loadSmallRegency } from './support/reference-data';

const PYRAMID = `query($c: String!, $asOf: String, $years: Int) { agePyramid(agencyCode: $c, asOf: $asOf, years: $years) {
  agencyCode rosterVersion asOf total pastRetirement
  bands { ageFrom ageTo sex employmentType count }
  retirementAges { age rule staff }
  wave { year retirements contractEnds } } }`;

describe('roster insights: age pyramid and retirement wave', () => {
  let e2e: E2eApp;

  beforeAll(async () => {
    e2e = await startE2eApp();
    await loadSmallRegency(e2e);
  });

  afterAll(async () => {
    await e2e?.close();
  });

  it('counts the current roster by age band, sex and PNS/PPPK, and who leaves in each of ten years', async () => {
    const res = await e2e.gql<{ agePyramid: Record<string, unknown> }>(PYRAMID, { c: 'KAB-UJI', asOf: '2026-12-31' });
    expect(res.errors).toBeUndefined();
    // six staff (test/support/reference-data.ts): ages on 2026-12-31 are 57, 36, 35, 34, 31 (PPPK) and 38
    expect(res.data!.agePyramid).toEqual({
      agencyCode: 'KAB-UJI',
      rosterVersion: 1,
      asOf: '2026-12-31',
      total: 6,
      pastRetirement: 0,
      bands: [
        { ageFrom: 30, ageTo: 34, sex: 'F', employmentType: 'PPPK', count: 1 },
        { ageFrom: 30, ageTo: 34, sex: 'M', employmentType: 'PNS', count: 1 },
        { ageFrom: 35, ageTo: 39, sex: 'F', employmentType: 'PNS', count: 1 },
        { ageFrom: 35, ageTo: 39, sex: 'M', employmentType: 'PNS', count: 2 },
        { ageFrom: 55, ageTo: 59, sex: 'F', employmentType: 'PNS', count: 1 },
      ],
      retirementAges: [
        { age: 58, rule: 'retirement age 58 for FUNGSIONAL (PP 11/2017 art. 239, UU 20/2023 art. 55)', staff: 5 },
        { age: 58, rule: 'retirement age 58 for PELAKSANA (PP 11/2017 art. 239, UU 20/2023 art. 55)', staff: 1 },
      ],
      // the nurse born 1969-03-15 retires on 2027-03-31; the PPPK contract ends 2027-06-30, not renewed
      wave: [2027, 2028, 2029, 2030, 2031, 2032, 2033, 2034, 2035, 2036].map((year) => ({
        year,
        retirements: year === 2027 ? 1 : 0,
        contractEnds: year === 2027 ? 1 : 0,
      })),
    });
  });

  it("takes ages on another date: staff past their pension are flagged, exits later in asOf's year count in the first year", async () => {
    const res = await e2e.gql<{ agePyramid: { asOf: string; pastRetirement: number; wave: unknown[] } }>(PYRAMID, {
      c: 'KAB-UJI',
      asOf: '2027-04-01',
      years: 1,
    });
    expect(res.data!.agePyramid).toMatchObject({
      asOf: '2027-04-01',
      pastRetirement: 1,
      wave: [{ year: 2028, retirements: 0, contractEnds: 1 }],
    });
  });

  it('answers an agency without a roster with zeros, and refuses bad arguments by name', async () => {
    await e2e.gql(
      'mutation { upsertAgency(input: { code: "KAB-KOSONG", name: "Kabupaten Kosong", kind: REGENCY, regionCode: "33.98" }) { id } }',
    );
    const empty = await e2e.gql<{ agePyramid: { rosterVersion: number | null; total: number; bands: unknown[] } }>(PYRAMID, {
      c: 'KAB-KOSONG',
      asOf: '2026-12-31',
      years: 2,
    });
    expect(empty.data!.agePyramid).toMatchObject({ rosterVersion: null, total: 0, bands: [] });
    const bad = await e2e.gql(PYRAMID, { c: 'KAB-UJI', asOf: '2026-02-30' });
    expect(bad.errors![0]!.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fieldErrors: [{ field: 'asOf', message: 'asOf must be a calendar date yyyy-mm-dd, got 2026-02-30' }],
    });
    const years = await e2e.gql(PYRAMID, { c: 'KAB-UJI', years: 41 });
    expect(years.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    const missing = await e2e.gql(PYRAMID, { c: 'KAB-TIDAK-ADA' });
    expect(missing.errors![0]!.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fieldErrors: [{ field: 'agencyCode', message: 'agency KAB-TIDAK-ADA does not exist' }],
    });
  });

  it('shows a limited account its own agency only', async () => {
    const other = await e2e.tokenFor('VIEWER', ['KAB-KOSONG']);
    const res = await e2e.gql(PYRAMID, { c: 'KAB-UJI' }, other);
    expect(res.errors![0]!.extensions!.code).toBe('FORBIDDEN');
  });
});
