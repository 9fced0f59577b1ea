import { DataSource } from 'typeorm';
import { versionContent } from '@formasi/database';
import { E2eApp, startE2eApp, waitForRun } from './support/e2e-app';
import { loadSmallRegency, mutate, START_RUN, UPSERT_STANDARD, UPSERT_TARGETS } from './support/reference-data';
import { commit, importFile } from './fixtures/standards/standards-helpers';

// With STANDARDS_VERSIONS_KEPT=2 each new version of a scope's standards or targets drops the
// content of its versions before the two newest, except a version a plan run read, and none while
// a run that may read the scope is still waiting or computing. The submission records stay.
describe('standards and targets version retention', () => {
  let e2e: E2eApp;
  let agencyId: string;
  let db: DataSource;

  const edit = (letters: number) =>
    mutate(e2e, UPSERT_STANDARD, {
      i: {
        positionCode: 'PENGADMIN',
        agencyCode: 'KAB-UJI',
        unitCode: 'DINKES',
        activities: [{ kind: 'SERVICE', name: 'Mengagendakan surat', annualVolume: letters, minutesPerUnit: 30 }],
      },
    });
  const editTargets = (value: number) =>
    mutate(e2e, UPSERT_TARGETS, {
      i: {
        agencyCode: 'KAB-UJI',
        targets: [{ unitCode: 'PKM-A', indicator: 'kunjungan_rawat_jalan', year: 2027, value, source: 'RENSTRA' }],
      },
    });
  /** Version → whether its content is still there, for the versions of one scope. */
  const kept = async (kind: 'STANDARDS' | 'TARGETS'): Promise<Record<number, boolean>> => {
    const rows = await e2e.sql<{ version: number; purged: boolean }>(
      `SELECT version, content_purged_at IS NOT NULL AS purged FROM standards_submission
        WHERE kind = $1 AND agency_id = $2 AND version IS NOT NULL ORDER BY version`,
      [kind, agencyId],
    );
    const out: Record<number, boolean> = {};
    for (const r of rows) out[r.version] = !r.purged && (await versionContent(db, kind, agencyId, r.version)) !== null;
    return out;
  };

  beforeAll(async () => {
    e2e = await startE2eApp({ env: { STANDARDS_VERSIONS_KEPT: '2' } });
    db = e2e.app.get(DataSource);
    // standards versions 1 and 2 (two upsertWorkloadStandard), targets version 1
    await loadSmallRegency(e2e);
    [{ id: agencyId }] = await e2e.sql<{ id: string }>(`SELECT id FROM agency WHERE code = 'KAB-UJI'`);
  });

  afterAll(async () => {
    await e2e?.close();
  });

  it('keeps the two newest versions and every version a run read, and drops the content of the others', async () => {
    const started = await mutate<{ startPlanRun: { id: string } }>(e2e, START_RUN, {
      i: { agencyCode: 'KAB-UJI', asOf: '2026-12-31', years: [2027] },
    });
    expect(await waitForRun(e2e, started.startPlanRun.id)).toMatchObject({ status: 'SUCCEEDED' });
    const [read] = await e2e.sql(`SELECT input_versions AS v FROM plan_run_input WHERE run_id = $1`, [started.startPlanRun.id]);
    expect(read).toEqual({ v: { standards: 2, nationalStandards: 0, targets: 1 } });

    await edit(2600); // 3
    await edit(2700); // 4: version 1 goes (2 was read by the run)
    await edit(2800); // 5: version 3 goes
    expect(await kept('STANDARDS')).toEqual({ 1: false, 2: true, 3: false, 4: true, 5: true });
    // the records stay: the history still lists every version
    expect(
      await e2e.sql(`SELECT count(*)::int AS n FROM standards_submission WHERE kind = 'STANDARDS' AND agency_id = $1`, [agencyId]),
    ).toEqual([{ n: 5 }]);

    // targets: edits and a committed file alike; version 1 was read by the run
    await editTargets(40000); // 2
    await editTargets(41000); // 3
    await editTargets(42000); // 4: version 2 goes
    const file = await importFile(
      e2e,
      'targets',
      'KAB-UJI',
      'indikator,kode_unit,tahun,target,sumber\nkunjungan_rawat_jalan,PKM-A,2027,43000,RENSTRA\n',
      't.csv',
    );
    expect(await commit(e2e, file.id)).toMatchObject({ status: 'COMMITTED', version: 5 }); // version 3 goes
    expect(await kept('TARGETS')).toEqual({ 1: true, 2: false, 3: false, 4: true, 5: true });
  });

  it('drops nothing while a run that may read the scope is still waiting, and catches up after', async () => {
    const [{ id: waiting }] = await e2e.sql<{ id: string }>(
      `INSERT INTO plan_run (status, agency_id, as_of, years) VALUES ('QUEUED', $1, '2026-12-31', '{2027}') RETURNING id`,
      [agencyId],
    );
    await edit(2900); // 6: version 4 would go
    expect(await kept('STANDARDS')).toEqual({ 1: false, 2: true, 3: false, 4: true, 5: true, 6: true });
    await e2e.sql(`UPDATE plan_run SET status = 'FAILED', finished_at = now() WHERE id = $1`, [waiting]);
    await edit(3000); // 7: versions 4 and 5 go
    expect(await kept('STANDARDS')).toEqual({ 1: false, 2: true, 3: false, 4: false, 5: false, 6: true, 7: true });
    // the audit record of the edit says which versions' content went
    const [audit] = await e2e.sql<{ summary: Record<string, unknown> }>(
      `SELECT summary FROM audit_log WHERE action = 'upsertWorkloadStandard' ORDER BY id DESC LIMIT 1`,
    );
    expect(audit!.summary).toMatchObject({ version: 7, changed: true, pruned: [4, 5] });
  });
});
