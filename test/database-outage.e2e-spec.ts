import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { isDatabaseOutage, rosterRowsTable, StaffingSubmissionRepository } from '@formasi/database';
import { StaffingValidationService } from '../apps/worker/src/staffing-import/staffing-validation.service';
import { SubmissionDiffBuilder } from '../apps/worker/src/staffing-import/submission-diff.builder';
import { SubmissionSetRules } from '../apps/worker/src/staffing-import/submission-set.rules';
import { SubmissionStager } from '../apps/worker/src/staffing-import/submission.stager';
import { E2eApp, startE2eApp } from './support/e2e-app';
import { loadSmallRegency } from './support/reference-data';
import { HEADER, loadImportAgency, upload } from './fixtures/staffing/staffing-helpers';

const ROWS = 120_000;
const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** A valid roster of KAB-IMPOR: unique NIPs that agree with birth date, sex and TMT; a tenth PPPK. */
function bigRoster(): string {
  const lines = [HEADER];
  for (let i = 0; i < ROWS; i++) {
    const day = i % 10000,
      seq = Math.floor(i / 10000) + 1;
    const y = 1970 + Math.floor(day / 360),
      m = 1 + (Math.floor(day / 28) % 12),
      d = 1 + (day % 28);
    const sex = i % 2 ? 2 : 1,
      ty = y + 25 + (i % 5),
      tm = 1 + (i % 12),
      pppk = i % 10 === 9;
    lines.push(
      `${y}${pad(m)}${pad(d)}${ty}${pppk ? '21' : pad(tm)}${sex}${pad(seq, 3)},Pegawai ${i},${y}-${pad(m)}-${pad(d)},${sex === 1 ? 'L' : 'P'},` +
        `${pppk ? 'PPPK' : 'PNS'},${i % 3 ? 'PENGADMIN' : 'PERAWAT'},${i % 2 ? 'SETDA' : 'PUSKESMAS'},${ty}-${pad(tm)}-01,${pppk ? `${2030 + (i % 5)}-${pad(tm)}-01` : ''}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

describe('work that loses its database connection', () => {
  let e2e: E2eApp;

  beforeAll(async () => {
    // no worker in this process: the test runs the validation itself, to cut its connection at a known point
    e2e = await startE2eApp({ env: { WORKER_IN_PROCESS: 'false' } });
    await loadSmallRegency(e2e);
    await loadImportAgency(e2e);
  });

  afterAll(async () => {
    await e2e?.close();
  });

  it('tells a refused or cut connection from an error of the work itself, on real errors', async () => {
    const [{ db }] = await e2e.sql<{ db: string }>('SELECT current_database() AS db');
    const base = new URL(process.env.DATABASE_URL!);
    base.pathname = `/${db}`;
    // nothing listens on port 1
    const refused = await new Client({ host: '127.0.0.1', port: 1, user: 'postgres' }).connect().catch((e: unknown) => e);
    expect((refused as { code?: string }).code).toBe('ECONNREFUSED');
    expect(isDatabaseOutage(refused)).toBe(true);

    // a session the server ends, as it does to every session when it shuts down
    const victim = new Client({ connectionString: base.toString() });
    victim.on('error', () => undefined);
    await victim.connect();
    const [{ pid }] = (await victim.query('SELECT pg_backend_pid() AS pid')).rows as Array<{ pid: number }>;
    const waiting = victim.query('SELECT pg_sleep(30)').catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 200));
    await e2e.sql('SELECT pg_terminate_backend($1)', [pid]);
    const terminated = await waiting;
    expect((terminated as { code?: string }).code).toBe('57P01');
    expect(isDatabaseOutage(terminated)).toBe(true);
    const afterwards = await victim.query('SELECT 1').catch((e: unknown) => e);
    expect(isDatabaseOutage(afterwards)).toBe(true);
    await victim.end().catch(() => undefined);

    // errors of the work are not outages: they must fail it, not wait for the server
    const violation = await e2e.sql(`INSERT INTO agency (code, name, kind) VALUES ('X', 'X', 'NOT-A-KIND')`).catch((e: unknown) => e);
    expect((violation as { code?: string }).code).toBe('23514');
    expect(isDatabaseOutage(violation)).toBe(false);
    expect(isDatabaseOutage(new Error('the NIP appears twice'))).toBe(false);
    expect(isDatabaseOutage('ECONNREFUSED')).toBe(false);
  });

  it('a roster COPY whose connection is cut fails without ending the process, keeps no rows, and validates on the next try', async () => {
    const receipt = await upload(e2e, bigRoster(), 'big.csv');
    const id = receipt.submission.id;
    const db = e2e.app.get(DataSource);
    const rows = new StaffingSubmissionRepository(db);
    const validation = new StaffingValidationService(
      db,
      rows,
      new SubmissionStager(db, rows),
      new SubmissionSetRules(),
      new SubmissionDiffBuilder(),
    );
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown): void => void unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    let cut = 0;
    try {
      const failed = await validation
        .validate(id, async () => {
          if (cut > 0) return;
          // the session streaming the COPY is ended, as a PostgreSQL restart ends it
          const ended = await e2e.sql<{ ok: boolean }>(
            `SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'COPY staffing_submission_row_%'`,
          );
          cut = ended.length;
        })
        .catch((e: unknown) => e);
      expect(cut).toBe(1);
      expect(isDatabaseOutage(failed)).toBe(true);
      // let any stray rejection surface before looking
      await new Promise((r) => setTimeout(r, 200));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    const [after] = await e2e.sql<{ status: string; table: string | null; errors: number }>(
      `SELECT status, to_regclass($2)::text AS table, (SELECT count(*)::int FROM staffing_submission_error WHERE submission_id = $1) AS errors
         FROM staffing_submission WHERE id = $1`,
      [id, rosterRowsTable(id)],
    );
    // nothing half-written: the COPY's transaction took its table with it; the job will run again
    expect(after).toEqual({ status: 'VALIDATING', table: null, errors: 0 });

    const outcome = await validation.validate(id);
    expect(outcome?.status).toBe('VALIDATED');
    const [done] = await e2e.sql<{ status: string; row_count: number; stored: number }>(
      `SELECT status, row_count, (SELECT count(*)::int FROM ${rosterRowsTable(id)}) AS stored FROM staffing_submission WHERE id = $1`,
      [id],
    );
    expect(done).toEqual({ status: 'VALIDATED', row_count: ROWS, stored: ROWS });
  });
});
