import { DataSource } from 'typeorm';
import { rosterRowsTable } from '@formasi/database';
import { MigrationDatabase } from './support/migration-database';
import { RosterPartitions1764400000000 } from '../migrations/1764400000000-roster-partitions';

// The migration that gives each submission's rows a table of their own moves existing rows:
// committed and superseded versions become partitions of the history, a staged submission keeps
// a table that is not attached, and going back restores the one shared table.
describe('roster partitions migration', () => {
  const scratch = new MigrationDatabase(RosterPartitions1764400000000);
  let before: DataSource;

  const partitions = async (db: DataSource): Promise<Array<{ t: string; attached: boolean }>> =>
    db.query(
      `SELECT c.relname AS t, c.relispartition AS attached FROM pg_class c
        WHERE c.relkind = 'r' AND c.relname ~ '^staffing_submission_row_[0-9a-f]{32}$' ORDER BY c.relname`,
    );

  beforeAll(async () => {
    await scratch.open();
    before = scratch.before;
  });

  afterAll(async () => {
    await scratch.close();
  });

  it('moves every submission’s rows into its own table and back', async () => {
    const ids = await before.transaction(async (tx) => {
      // the audit record as the schema of that time takes it (openAudit writes today's columns)
      const [{ id: audit }] = await tx.query(
        `INSERT INTO audit_log (actor_email, via, action, agency_code) VALUES ('migration test', 'SYSTEM', 'seed', 'KAB-M') RETURNING id::text AS id`,
      );
      await tx.query(`SELECT set_config('formasi.audit_id', $1, true)`, [audit]);
      const [{ id: agency }] = await tx.query(
        `INSERT INTO agency (code, name, kind) VALUES ('KAB-M', 'Kabupaten M', 'REGENCY') RETURNING id`,
      );
      await tx.query(`INSERT INTO position (code, name, category) VALUES ('PENGADMIN', 'Pengadministrasi Perkantoran', 'PELAKSANA')`);
      const submission = async (status: string, version: number | null): Promise<string> =>
        (
          await tx.query(
            `INSERT INTO staffing_submission (agency_id, version, status, uploaded_by, file_name, file_size, sha256, format, as_of)
           VALUES ($1, $2, $3, 'test', 'r.csv', 1, repeat('a', 64), 'CSV', '2026-06-30') RETURNING id`,
            [agency, version, status],
          )
        )[0].id;
      const old = await submission('SUPERSEDED', 1);
      const current = await submission('COMMITTED', 2);
      const staged = await submission('VALIDATED', null);
      const row = (id: string, no: number, nip: string): Promise<unknown> =>
        tx.query(
          `INSERT INTO staffing_submission_row (submission_id, row_no, nip, name, birth_date, sex, employment_type, position_code, unit_code, tmt)
           VALUES ($1, $2, $3, 'Pegawai', '1985-05-05', 'M', 'PNS', 'PENGADMIN', 'SETDA', '2010-01-01')`,
          [id, no, nip],
        );
      await row(old, 2, '198505052010011001');
      await row(current, 2, '198505052010011001');
      await row(current, 3, '198505052010011002');
      await row(staged, 2, '198505052010011003');
      return { old, current, staged };
    });
    await before.destroy();

    const after = await scratch.after();
    try {
      await after.runMigrations();
      expect(await partitions(after)).toEqual(
        [
          { t: rosterRowsTable(ids.old), attached: true },
          { t: rosterRowsTable(ids.current), attached: true },
          { t: rosterRowsTable(ids.staged), attached: false },
        ].sort((a, b) => a.t.localeCompare(b.t)),
      );
      expect(
        await after.query('SELECT submission_id, row_no, nip FROM staffing_submission_row ORDER BY submission_id = $1, row_no', [ids.old]),
      ).toEqual([
        { submission_id: ids.current, row_no: 2, nip: '198505052010011001' },
        { submission_id: ids.current, row_no: 3, nip: '198505052010011002' },
        { submission_id: ids.old, row_no: 2, nip: '198505052010011001' },
      ]);
      expect(await after.query(`SELECT nip FROM ${rosterRowsTable(ids.staged)}`)).toEqual([{ nip: '198505052010011003' }]);
      // the current roster through the view, as before
      expect(await after.query('SELECT nip FROM employee ORDER BY nip')).toEqual([
        { nip: '198505052010011001' },
        { nip: '198505052010011002' },
      ]);

      await after.undoLastMigration();
      expect(await partitions(after)).toEqual([]);
      expect(await after.query('SELECT count(*)::int AS n FROM staffing_submission_row')).toEqual([{ n: 4 }]);
      expect(await after.query('SELECT nip FROM employee ORDER BY nip')).toEqual([
        { nip: '198505052010011001' },
        { nip: '198505052010011002' },
      ]);
    } finally {
      await after.destroy();
    }
  });
});
