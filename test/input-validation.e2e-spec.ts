import { E2eApp, startE2eApp, waitForRun } from './support/e2e-app';
import {
  loadSmallRegency,
  mutate,
  START_RUN,
  UPSERT_AGENCY,
  UPSERT_EMPLOYEES,
  UPSERT_STANDARD,
  UPSERT_TARGETS,
} from './support/reference-data';

describe('bad inputs are refused field by field, and nothing is written', () => {
  let e2e: E2eApp;
  const count = async (table: string): Promise<number> => (await e2e.sql<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]!.n;

  beforeAll(async () => {
    e2e = await startE2eApp();
    await loadSmallRegency(e2e);
  });

  afterAll(async () => {
    await e2e?.close();
  });

  it('rejects a staffing batch with any bad row and keeps the roster as it was', async () => {
    const before = await e2e.sql('SELECT nip, name, unit_id FROM employee ORDER BY nip');
    const good = {
      nip: '199303032018032001',
      name: 'Valid Row',
      birthDate: '1993-03-03',
      sex: 'F',
      employmentType: 'PNS',
      positionCode: 'PERAWAT',
      unitCode: 'PKM-A',
      tmt: '2018-03-01',
    };
    const res = await e2e.gql(UPSERT_EMPLOYEES, {
      i: {
        agencyCode: 'KAB-UJI',
        rows: [
          good,
          { ...good, nip: '199303042018032002', name: 'Birth date disagrees' }, // NIP says 1993-03-04
          { ...good, nip: '199303032018031003', name: 'Sex digit disagrees' }, // digit 1 = male
          { ...good, nip: '199303032018032004', employmentType: 'PPPK', name: 'PPPK without contract' },
          { ...good, nip: '199303032018032005', positionCode: 'ASTRONAUT', name: 'Unknown position' },
          { ...good, nip: '199303032018032001', name: 'Same NIP twice' },
        ],
      },
    });
    expect(res.data).toBeNull();
    const error = res.errors![0]!;
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    const fields = error.extensions!.fieldErrors!;
    const at = (row: number): string[] => fields.filter((f) => f.row === row).map((f) => `${f.field}: ${f.message}`);
    expect(at(0)).toEqual([]);
    expect(at(1).join()).toMatch(/rows\.1\.nip: NIP birth date 19930304 does not match birthDate 1993-03-03/);
    expect(at(2).join()).toMatch(/rows\.2\.nip: NIP sex digit 1 does not match sex F/);
    expect(at(3).join()).toMatch(/rows\.3\.contractEnd: a PPPK employee needs a contract end/);
    expect(at(4).join()).toMatch(/rows\.4\.positionCode: position ASTRONAUT does not exist/);
    expect(at(5).join()).toMatch(/rows\.5\.nip: NIP 199303032018032001 already appears in row 0/);
    expect(await e2e.sql('SELECT nip, name, unit_id FROM employee ORDER BY nip')).toEqual(before);

    // shape errors (class-validator) are reported before the rows are checked against each other
    const shape = await e2e.gql(UPSERT_EMPLOYEES, {
      i: { agencyCode: 'KAB-UJI', rows: [good, { ...good, nip: '12345', birthDate: '3 March 1993' }] },
    });
    expect(shape.errors![0]!.extensions!.fieldErrors).toEqual([
      { field: 'rows.1.nip', row: 1, message: 'nip must be 18 digits' },
      { field: 'rows.1.birthDate', row: 1, message: 'birthDate must be a date yyyy-mm-dd' },
    ]);
    expect(await e2e.sql('SELECT nip, name, unit_id FROM employee ORDER BY nip')).toEqual(before);
  });

  it('refuses a NIP that is in post in another agency', async () => {
    await mutate(e2e, UPSERT_AGENCY, { i: { code: 'KAB-LAIN', name: 'Kabupaten Lain', kind: 'REGENCY' } });
    const res = await e2e.gql(UPSERT_EMPLOYEES, {
      i: {
        agencyCode: 'KAB-LAIN',
        rows: [
          {
            nip: '199001012015031001',
            name: 'Agus Santoso',
            birthDate: '1990-01-01',
            sex: 'M',
            employmentType: 'PNS',
            positionCode: 'PERAWAT',
            tmt: '2015-03-01',
          },
        ],
      },
    });
    expect(res.errors![0]!.extensions!.fieldErrors).toEqual([
      { field: 'rows.0.nip', row: 0, message: 'NIP 199001012015031001 is active in agency KAB-UJI; record the transfer there first' },
    ]);
    expect(
      (
        await e2e.sql<{ n: number }>(
          `SELECT count(*)::int AS n FROM employee e JOIN agency a ON a.id = e.agency_id WHERE a.code = 'KAB-LAIN'`,
        )
      )[0]!.n,
    ).toBe(0);
  });

  it('rejects malformed reference data with the offending field named', async () => {
    const agencies = await count('agency');
    const bad = await e2e.gql(UPSERT_AGENCY, { i: { code: 'has space', name: '', kind: 'REGENCY', regionCode: 'x' } });
    expect(bad.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(bad.errors![0]!.extensions!.fieldErrors!.map((f) => f.field).sort()).toEqual(['code', 'name', 'regionCode']);
    expect(await count('agency')).toBe(agencies);

    const activities = await count('workload_activity');
    const std = await e2e.gql(UPSERT_STANDARD, {
      i: {
        positionCode: 'PERAWAT',
        agencyCode: 'KAB-UJI',
        unitCode: 'PKM-A',
        activities: [
          { kind: 'SERVICE', name: 'No time standard', annualVolume: 100 },
          { kind: 'SUPPORT', name: 'Too much', percentOfWorkingTime: 120 },
        ],
      },
    });
    const fields = std.errors![0]!.extensions!.fieldErrors!.map((f) => f.field);
    expect(fields).toEqual(expect.arrayContaining(['activities.1.percentOfWorkingTime']));
    expect(await count('workload_activity')).toBe(activities);

    const targets = await count('development_target');
    const tgt = await e2e.gql(UPSERT_TARGETS, {
      i: { agencyCode: 'KAB-UJI', targets: [{ unitCode: 'NOWHERE', indicator: 'x', year: 2027, value: -1, source: 'RPJMD' }] },
    });
    expect(tgt.errors![0]!.extensions!.fieldErrors!.map((f) => f.field)).toEqual(['targets.0.value']);
    const tgt2 = await e2e.gql(UPSERT_TARGETS, {
      i: { agencyCode: 'KAB-UJI', targets: [{ unitCode: 'NOWHERE', indicator: 'x', year: 2027, value: 1, source: 'RPJMD' }] },
    });
    expect(tgt2.errors![0]!.extensions!.fieldErrors).toEqual([
      { field: 'targets.0.unitCode', row: 0, message: 'unit NOWHERE does not exist in agency KAB-UJI' },
    ]);
    expect(await count('development_target')).toBe(targets);
  });

  it('refuses a plan run with bad dates or an unknown agency and queues nothing', async () => {
    const runs = await count('plan_run');
    const res = await e2e.gql(START_RUN, { i: { agencyCode: 'KAB-UJI', asOf: '2026-02-30', years: [2027, 2029] } });
    expect(res.errors![0]!.extensions!.fieldErrors!.map((f) => f.field).sort()).toEqual(['asOf', 'years']);
    const unknown = await e2e.gql(START_RUN, { i: { agencyCode: 'KAB-NONE', asOf: '2026-12-31' } });
    expect(unknown.errors![0]!.extensions!.fieldErrors).toEqual([{ field: 'agencyCode', message: 'agency KAB-NONE does not exist' }]);
    expect(await count('plan_run')).toBe(runs);
  });

  it('fails a run with a readable engine error when a target is missing', async () => {
    // 2029 has no kunjungan_rawat_jalan target for PKM-A or the agency
    const started = await mutate<{ startPlanRun: { id: string } }>(e2e, START_RUN, {
      i: { agencyCode: 'KAB-UJI', asOf: '2026-12-31', years: [2027, 2028, 2029] },
    });
    const run = await waitForRun(e2e, started.startPlanRun.id);
    expect(run.status).toBe('FAILED');
    expect(run.errorCode).toBe('MISSING_TARGET');
    expect(run.error).toMatch(/kunjungan_rawat_jalan/);
    expect(run.error).toMatch(/2029/);
    // a bad input is not retried
    expect(run.attempts).toBe(1);
    expect(
      (await e2e.sql<{ n: number }>('SELECT count(*)::int AS n FROM plan_result WHERE run_id = $1', [started.startPlanRun.id]))[0]!.n,
    ).toBe(0);
    const needs = await e2e.gql(`query($id: ID!) { formationNeeds(runId: $id) { totalCount } }`, { id: started.startPlanRun.id });
    expect(needs.errors![0]!.extensions!.code).toBe('FAILED_PRECONDITION');
  });

  it('answers a malformed query with a GraphQL validation code, never an internal error', async () => {
    const res = await e2e.gql('{ planRuns { nonsense } }');
    expect(res.errors![0]!.extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const badId = await e2e.gql('{ formationNeeds(runId: "nope") { totalCount } }');
    expect(badId.errors![0]!.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fieldErrors: [{ field: 'runId', message: 'runId must be a plan run id' }],
    });
  });

  it('accepts a large staffing batch in one request and one transaction', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => {
      const birth = new Date(Date.UTC(1975, 0, 1 + i));
      const ymd = birth.toISOString().slice(0, 10);
      const sex = i % 2 === 0 ? 'M' : 'F';
      return {
        nip: `${ymd.replace(/-/g, '')}200501${sex === 'M' ? 1 : 2}${String(i % 1000).padStart(3, '0')}`,
        name: `Pegawai ${i}`,
        birthDate: ymd,
        sex,
        employmentType: 'PNS',
        positionCode: 'PENGADMIN',
        unitCode: 'DINKES',
        tmt: '2005-01-01',
      };
    });
    const started = Date.now();
    const res = await mutate<{ upsertEmployees: { inserted: number; updated: number } }>(e2e, UPSERT_EMPLOYEES, {
      i: { agencyCode: 'KAB-UJI', rows },
    });
    expect(res.upsertEmployees).toEqual({ inserted: 3000, updated: 0, deactivated: 0 });
    const again = await mutate<{ upsertEmployees: { inserted: number; updated: number } }>(e2e, UPSERT_EMPLOYEES, {
      i: { agencyCode: 'KAB-UJI', rows },
    });
    expect(again.upsertEmployees).toEqual({ inserted: 0, updated: 3000, deactivated: 0 });
    expect(Date.now() - started).toBeLessThan(20000);
  });

  it('writes each batch as a roster version; replaceRoster leaves the others out of the new version only', async () => {
    const UPSERT = 'mutation($i: UpsertEmployeesInput!) { upsertEmployees(input: $i) { inserted updated deactivated version } }';
    const ROSTER = 'query($v: Int!) { rosterAtVersion(agencyCode: "KAB-UJI", version: $v) { totalCount employees { nip name } } }';
    const before = await e2e.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM employee e JOIN agency a ON a.id = e.agency_id WHERE a.code = 'KAB-UJI'`,
    );
    const only = {
      nip: '199303032018032001',
      name: 'Satu-satunya',
      birthDate: '1993-03-03',
      sex: 'F',
      employmentType: 'PNS',
      positionCode: 'PERAWAT',
      unitCode: 'PKM-A',
      tmt: '2018-03-01',
    };
    const res = await mutate<{ upsertEmployees: { inserted: number; updated: number; deactivated: number; version: number } }>(
      e2e,
      UPSERT,
      { i: { agencyCode: 'KAB-UJI', rows: [only], replaceRoster: true } },
    );
    expect(res.upsertEmployees).toMatchObject({ inserted: 1, updated: 0, deactivated: before[0]!.n });
    expect(await e2e.sql(`SELECT e.nip, e.name FROM employee e JOIN agency a ON a.id = e.agency_id WHERE a.code = 'KAB-UJI'`)).toEqual([
      { nip: only.nip, name: only.name },
    ]);
    const v = res.upsertEmployees.version;
    const now = await e2e.gql<{ rosterAtVersion: { totalCount: number } }>(ROSTER, { v });
    const earlier = await e2e.gql<{ rosterAtVersion: { totalCount: number } }>(ROSTER, { v: v - 1 });
    expect([now.data!.rosterAtVersion.totalCount, earlier.data!.rosterAtVersion.totalCount]).toEqual([1, before[0]!.n]);
  });
});
