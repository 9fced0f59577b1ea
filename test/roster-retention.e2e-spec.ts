import { indexRosterRows, rosterRowsTable } from '@formasi/database';
import { E2eApp, startE2eApp } from './support/e2e-app';
import { loadSmallRegency } from './support/reference-data';
import { COMMIT, loadImportAgency, nip, pns, toCsv, uploadAndValidate } from './fixtures/staffing/staffing-helpers';

const ROSTER = 'query($v: Int!) { rosterAtVersion(agencyCode: "KAB-IMPOR", version: $v) { totalCount employees { nip } } }';
const VERSIONS = 'query { staffingSubmissions(agencyCode: "KAB-IMPOR") { version status rowsPurgedAt } }';

// With ROSTER_VERSIONS_KEPT=2 a commit drops the rows of the versions before the two newest:
// their submissions stay, paging through them says why it cannot.
describe('roster version history', () => {
  let e2e: E2eApp;
  const ids: string[] = [];
  const index = (id: string): Promise<Array<{ oid: number; valid: boolean }>> =>
    e2e.sql('SELECT i.indexrelid::int AS oid, i.indisvalid AS valid FROM pg_index i WHERE i.indexrelid = to_regclass($1)', [
      `${rosterRowsTable(id)}_rn`,
    ]);

  beforeAll(async () => {
    e2e = await startE2eApp({ env: { ROSTER_VERSIONS_KEPT: '2' } });
    await loadSmallRegency(e2e);
    await loadImportAgency(e2e);
  });

  afterAll(async () => {
    await e2e?.close();
  });

  it('keeps the rows of the two newest versions and the records of all', async () => {
    for (let v = 1; v <= 3; v++) {
      const rows = Array.from({ length: v }, (_, i) => pns(i, `Pegawai ${i}`, '1985-05-05', 'M', 'PENGADMIN', 'SETDA', '2010-01-01'));
      const s = await uploadAndValidate(e2e, toCsv(rows), `v${v}.csv`);
      const committed = await e2e.gql<{ commitStaffingSubmission: { version: number } }>(COMMIT, { id: s.id });
      expect(committed.data!.commitStaffingSubmission.version).toBe(v);
      ids.push(s.id);
    }
    const versions = await e2e.gql<{ staffingSubmissions: Array<{ version: number; status: string; rowsPurgedAt: string | null }> }>(
      VERSIONS,
    );
    const byVersion = new Map(versions.data!.staffingSubmissions.map((s) => [s.version, s]));
    expect(byVersion.get(1)).toMatchObject({ status: 'SUPERSEDED', rowsPurgedAt: expect.any(String) });
    expect(byVersion.get(2)).toMatchObject({ status: 'SUPERSEDED', rowsPurgedAt: null });
    expect(byVersion.get(3)).toMatchObject({ status: 'COMMITTED', rowsPurgedAt: null });
    expect(await e2e.sql('SELECT to_regclass($1) AS t', [rosterRowsTable(ids[0]!)])).toEqual([{ t: null }]);

    const gone = await e2e.gql(ROSTER, { v: 1 });
    expect(gone.errors![0]!.extensions!.code).toBe('NOT_FOUND');
    expect(gone.errors![0]!.message).toMatch(
      /the rows of roster version KAB-IMPOR v1 were removed on \d{4}-\d{2}-\d{2}: .*ROSTER_VERSIONS_KEPT/,
    );
    const kept = await e2e.gql<{ rosterAtVersion: { totalCount: number; employees: Array<{ nip: string }> } }>(ROSTER, { v: 2 });
    expect(kept.data!.rosterAtVersion.totalCount).toBe(2);
    expect(kept.data!.rosterAtVersion.employees.map((e) => e.nip)).toEqual([
      nip('1985-05-05', '2010-01-01', 'M', 0),
      nip('1985-05-05', '2010-01-01', 'M', 1),
    ]);
    // the current roster is whole
    expect((await e2e.gql<{ rosterAtVersion: { totalCount: number } }>(ROSTER, { v: 3 })).data!.rosterAtVersion.totalCount).toBe(3);
  });

  it('indexes each committed version for paging in the worker, and builds an interrupted index again', async () => {
    const current = ids[2]!;
    for (let waited = 0; (await index(current)).length === 0; waited += 50) {
      if (waited > 10000) throw new Error('the version was not indexed within 10 s');
      await new Promise((r) => setTimeout(r, 50));
    }
    const [built] = await index(current);
    expect(built!.valid).toBe(true);
    // what a build cut short leaves behind: the index exists but is not valid
    await e2e.sql('UPDATE pg_index SET indisvalid = false WHERE indexrelid = $1', [built!.oid]);
    const db = { query: (text: string, params?: unknown[]) => e2e.sql(text, params) };
    expect(await indexRosterRows(db, current)).toBe(true);
    const [rebuilt] = await index(current);
    expect(rebuilt).toEqual({ oid: expect.any(Number), valid: true });
    expect(rebuilt!.oid).not.toBe(built!.oid);
    // a purged version has nothing to index
    expect(await indexRosterRows(db, ids[0]!)).toBe(false);
  });
});
