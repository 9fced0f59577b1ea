import { DataSource } from 'typeorm';
import { indexRosterRows, rosterRowsTable, runAgencyProblem } from '@formasi/database';
import { E2eApp, startE2eApp, waitForRun } from './support/e2e-app';
import { loadSmallRegency, mutate, START_RUN } from './support/reference-data';
import { COMMIT, loadImportAgency, nip, pns, toCsv, uploadAndValidate } from './fixtures/staffing/staffing-helpers';

const ROSTER = 'query($v: Int!) { rosterAtVersion(agencyCode: "KAB-IMPOR", version: $v) { totalCount employees { nip } } }';
const VERSIONS = 'query { staffingSubmissions(agencyCode: "KAB-IMPOR") { version status rowsPurgedAt } }';

// With ROSTER_VERSIONS_KEPT=2 a commit drops the rows of the versions before the two newest:
// their submissions stay, paging through them says why it cannot. A version a plan run read is
// kept, and so is every version while a run that may have read it is still computing.
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

  it('keeps a version a run read, and every version while a run of the agency is still computing', async () => {
    const commitVersion = async (v: number): Promise<string> => {
      const rows = Array.from({ length: v }, (_, i) => pns(i, `Pegawai ${i}`, '1985-05-05', 'M', 'PENGADMIN', 'SETDA', '2010-01-01'));
      const s = await uploadAndValidate(e2e, toCsv(rows), `v${v}.csv`);
      const committed = await e2e.gql<{ commitStaffingSubmission: { version: number } }>(COMMIT, { id: s.id });
      expect(committed.data!.commitStaffingSubmission.version).toBe(v);
      ids.push(s.id);
      return s.id;
    };
    const purged = async (): Promise<number[]> =>
      (
        await e2e.sql<{ version: number }>(
          `SELECT s.version FROM staffing_submission s JOIN agency a ON a.id = s.agency_id
            WHERE a.code = 'KAB-IMPOR' AND s.rows_purged_at IS NOT NULL ORDER BY s.version`,
        )
      ).map((r) => r.version);
    // a run on version 3 (the current one) names it
    const started = await mutate<{ startPlanRun: { id: string } }>(e2e, START_RUN, {
      i: { agencyCode: 'KAB-IMPOR', asOf: '2026-12-31', years: [2027] },
    });
    const runId = started.startPlanRun.id;
    expect(await waitForRun(e2e, runId)).toMatchObject({ status: 'SUCCEEDED' });
    await commitVersion(4);
    await commitVersion(5);
    // versions 4 and 5 are the two newest; 2 goes, 3 stays for the run
    expect(await purged()).toEqual([1, 2]);
    const problem = await runAgencyProblem(e2e.app.get(DataSource), runId, { agencyCode: 'KAB-IMPOR' });
    expect(problem!.plan!.employees!.map((e) => e.nip)).toEqual([0, 1, 2].map((i) => nip('1985-05-05', '2010-01-01', 'M', i)));

    // a run still waiting may read any version it can see (it names it only when it finishes): none goes meanwhile
    const [{ id: waiting }] = await e2e.sql<{ id: string }>(
      `INSERT INTO plan_run (status, agency_id, as_of, years) SELECT 'QUEUED', id, '2026-12-31', '{2027}' FROM agency WHERE code = 'KAB-IMPOR' RETURNING id`,
    );
    await commitVersion(6);
    expect(await purged()).toEqual([1, 2]);
    await e2e.sql(`UPDATE plan_run SET status = 'FAILED', finished_at = now() WHERE id = $1`, [waiting]);
    await commitVersion(7);
    expect(await purged()).toEqual([1, 2, 4, 5]);
    expect(await e2e.sql('SELECT to_regclass($1) IS NOT NULL AS kept', [rosterRowsTable(ids[2]!)])).toEqual([{ kept: true }]);
  });

  it('indexes each committed version for paging in the worker, and builds an interrupted index again', async () => {
    const current = ids[ids.length - 1]!;
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
