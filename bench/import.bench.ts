// npm run bench:import — a 1,000,000-row roster CSV through the staffing-submission path, as the
// worker and the API run it: record the upload (hashed while it was stored), validate (parse, per-row rules, COPY into
// staging, set-based rules, dry-run diff), then commit it as the agency's first roster version.
// The same run times a raw COPY of the same file into a bare table and prints rows/s, the ratio
// to raw COPY (target ≥ 0.5) and this process's peak RSS (target ≤ 512 MiB).
// Uses DATABASE_URL (a scratch database is created beside it) or an embedded PostgreSQL.
// Size: BENCH_ROWS=100000.
import { Queue } from 'bullmq';
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DataSource, EntityManager } from 'typeorm';
import {
  AgencyRepository,
  dataSourceOptions,
  StaffingSubmissionRepository,
  openAudit,
  runMigrations,
  startEmbeddedPostgres,
  systemActor,
} from '../libs/database/src';
import type { ValidateSubmissionJobData } from '../libs/queue/src';
import { storeRoster } from '../libs/staffing/src';
import { loadConfig } from '../libs/config/src';
import { REGULATION_RETIREMENT_AGES } from '../libs/planning/src';
import { AgencyService } from '../apps/api/src/agencies/agency.service';
import { AuditService } from '../apps/api/src/audit/audit.service';
import { RosterUpkeepService } from '../apps/api/src/staffing/roster-upkeep.service';
import { StaffingCommitService } from '../apps/api/src/staffing/staffing-commit.service';
import { StaffingSubmissionService } from '../apps/api/src/staffing/staffing-submission.service';
import { StaffingValidationService, ValidationOutcome } from '../apps/worker/src/staffing-import/staffing-validation.service';
import { SubmissionDiffBuilder } from '../apps/worker/src/staffing-import/submission-diff.builder';
import { SubmissionSetRules } from '../apps/worker/src/staffing-import/submission-set.rules';
import { SubmissionStager } from '../apps/worker/src/staffing-import/submission.stager';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const TARGET_RATIO = 0.5;
const TARGET_RSS_MIB = 512;
const UNITS = 300;
const POSITIONS = [
  { code: 'PENGADMIN', category: 'PELAKSANA', level: null },
  { code: 'ANALIS-SDM', category: 'FUNGSIONAL', level: 'AHLI_PERTAMA' },
  { code: 'PERAWAT', category: 'FUNGSIONAL', level: 'TERAMPIL' },
  { code: 'GURU', category: 'FUNGSIONAL', level: 'AHLI_MUDA' },
  { code: 'KASUBBAG', category: 'PENGAWAS', level: null },
  { code: 'KABAG', category: 'ADMINISTRATOR', level: null },
];

/** The validation's own phase timings, whatever phases it reports. */
const phases = (t: ValidationOutcome['timings']): string =>
  `    ${Object.entries(t)
    .map(([k, ms]) => `${k.replace(/Ms$/, '')} ${(ms / 1000).toFixed(2)} s`)
    .join(', ')}`;
const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
const mib = (kib: number): string => (kib / 1024).toFixed(0);

/**
 * Row i: unique NIP (birth day × sequence), born 1970–1997, TMT at 25–29, one in ten PPPK.
 * `next` writes the following version: 1 % move unit, 0.5 % leave, 0.5 % joiners.
 */
async function writeRoster(path: string, rows: number, next = false): Promise<void> {
  const out = createWriteStream(path);
  out.write('nip,nama,tanggal_lahir,jenis_kelamin,status_kepegawaian,kode_jabatan,kode_unit,tmt,akhir_kontrak\n');
  let chunk = '';
  for (let i = 0; i < rows + (next ? rows / 200 : 0); i++) {
    if (next && i % 200 === 1) continue;
    const day = i % 10000,
      seq = Math.floor(i / 10000) + 1;
    const y = 1970 + Math.floor(day / 360),
      m = 1 + (Math.floor(day / 28) % 12),
      d = 1 + (day % 28);
    const sex = i % 2 ? 2 : 1;
    const ty = y + 25 + (i % 5),
      tm = 1 + (i % 12);
    const pppk = i % 10 === 9;
    const nip = `${y}${pad(m)}${pad(d)}${ty}${pppk ? '21' : pad(tm)}${sex}${pad(seq, 3)}`;
    const pos = POSITIONS[i % POSITIONS.length]!.code;
    chunk += `${nip},Pegawai ${i},${y}-${pad(m)}-${pad(d)},${sex === 1 ? 'L' : 'P'},${pppk ? 'PPPK' : 'PNS'},${pos},U${pad((i + (next && i % 100 === 0 ? 1 : 0)) % UNITS, 3)},${ty}-${pad(tm)}-01,${pppk ? `${2030 + (i % 5)}-${pad(tm)}-01` : ''}\n`;
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}

async function seed(db: DataSource): Promise<void> {
  await db.transaction((tx) => seedReferenceData(tx));
}

async function seedReferenceData(db: EntityManager): Promise<void> {
  await openAudit(db, systemActor('bench:import'), { action: 'seedBench', agencyCode: 'BENCH' });
  const [agency] = (await db.query(
    `INSERT INTO agency (code, name, kind) VALUES ('BENCH', 'Kabupaten Bench', 'REGENCY') RETURNING id`,
  )) as Array<{ id: string }>;
  await db.query(
    `INSERT INTO org_unit (agency_id, code, name) SELECT $1, 'U' || lpad(g::text, 3, '0'), 'Unit ' || g FROM generate_series(0, $2 - 1) g`,
    [agency!.id, UNITS],
  );
  for (const p of POSITIONS)
    await db.query('INSERT INTO position (code, name, category, level) VALUES ($1, $2, $3, $4)', [p.code, p.code, p.category, p.level]);
  const [profile] = (await db.query(
    `INSERT INTO working_time_profile (code, name, hours_per_year) VALUES ('ABK', 'ABK', 1250) RETURNING id`,
  )) as Array<{ id: string }>;
  await db.query(
    `INSERT INTO planning_policy (agency_id, working_time_profile_id, rounding, attrition_rate, renew_contracts, retirement_ages, efficiency_bands)
     VALUES (NULL, $1, 'HALF_UP', 0, false, $2, '[]')`,
    [profile!.id, JSON.stringify(REGULATION_RETIREMENT_AGES)],
  );
}

async function rawCopy(url: string, path: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE TABLE bench_raw_copy (nip text, nama text, tanggal_lahir text, jenis_kelamin text, status_kepegawaian text,
      kode_jabatan text, kode_unit text, tmt text, akhir_kontrak text)`);
    const started = performance.now();
    await pipeline(
      createReadStream(path, { highWaterMark: 1 << 20 }),
      client.query(copyFrom('COPY bench_raw_copy FROM STDIN WITH (FORMAT csv, HEADER true)')),
    );
    const seconds = (performance.now() - started) / 1000;
    await client.query('DROP TABLE bench_raw_copy');
    return seconds;
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  const embedded = process.env.DATABASE_URL
    ? null
    : await startEmbeddedPostgres(resolve('.data/bench-postgres'), Number(process.env.BENCH_PG_PORT ?? 54391));
  const serverUrl = process.env.DATABASE_URL ?? embedded!.url;
  const name = `formasi_bench_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  const url = u.toString();
  const dir = join(tmpdir(), 'formasi-bench');
  mkdirSync(dir, { recursive: true });
  const csv = join(dir, `roster-${ROWS}.csv`);
  const db = new DataSource(dataSourceOptions(url));
  try {
    await runMigrations(url);
    await db.initialize();
    await seed(db);
    process.stdout.write(`generating ${ROWS.toLocaleString('en')} rows… `);
    await writeRoster(csv, ROWS);
    const bytes = statSync(csv).size;
    process.stdout.write(`${(bytes / 1048576).toFixed(0)} MiB\n`);

    const rawSeconds = await rawCopy(url, csv);

    // the API's upload step without HTTP: the file is already on disk; the job is run here, not queued
    const queue = { add: async () => undefined } as unknown as Queue<ValidateSubmissionJobData>;
    const audit = new AuditService(db);
    const actor = systemActor('bench:import');
    const rows = new StaffingSubmissionRepository(db);
    const submissions = new StaffingSubmissionService(db, queue, audit, new AgencyService(db, audit, new AgencyRepository(db)), rows);
    const validation = new StaffingValidationService(
      db,
      rows,
      new SubmissionStager(db, rows),
      new SubmissionSetRules(),
      new SubmissionDiffBuilder(),
    );
    const commits = new StaffingCommitService(db, audit, new RosterUpkeepService(db, loadConfig(process.env), queue));
    // the upload as the API stores it: written to the upload folder, hashed on the way
    const upload = await storeRoster(createReadStream(csv), dir);

    const t0 = performance.now();
    const receipt = await submissions.submit(actor, {
      agencyCode: 'BENCH',
      uploadedBy: 'bench',
      asOf: '2026-06-30',
      fileName: 'roster.csv',
      ...upload,
    });
    const t1 = performance.now();
    const outcome = await validation.validate(receipt.submission.id);
    const t2 = performance.now();
    if (outcome?.status !== 'VALIDATED') {
      const errors = await db.query(
        'SELECT row_no, column_name, rule, value FROM staffing_submission_error WHERE submission_id = $1 LIMIT 5',
        [receipt.submission.id],
      );
      throw new Error(`bench roster did not validate: ${JSON.stringify(outcome)} ${JSON.stringify(errors)}`);
    }
    const committed = await commits.commit(actor, receipt.submission.id);
    const t3 = performance.now();
    const [{ n }] = (await db.query(`SELECT count(*)::int AS n FROM employee`)) as Array<{ n: number }>;
    if (n !== ROWS || committed.joiners !== ROWS) throw new Error(`expected ${ROWS} employees, found ${n}`);

    // a second version of the same roster: the steady state of monthly submissions
    await writeRoster(csv, ROWS, true);
    const upload2 = await storeRoster(createReadStream(csv), dir);
    const t4 = performance.now();
    const receipt2 = await submissions.submit(actor, {
      agencyCode: 'BENCH',
      uploadedBy: 'bench',
      asOf: '2026-07-31',
      fileName: 'roster-2.csv',
      ...upload2,
    });
    const outcome2 = await validation.validate(receipt2.submission.id);
    const t5 = performance.now();
    const committed2 = await commits.commit(actor, receipt2.submission.id);
    const t6 = performance.now();
    const [diff2] = (await db.query('SELECT diff FROM staffing_submission WHERE id = $1', [receipt2.submission.id])) as Array<{
      diff: { joiners: number; leavers: number; moves: number };
    }>;

    const ours = (t3 - t0) / 1000;
    const ratio = rawSeconds / ours;
    const rss = process.resourceUsage().maxRSS;
    const line = (label: string, seconds: number): string =>
      `  ${label.padEnd(34)} ${seconds.toFixed(2).padStart(7)} s  ${Math.round(ROWS / seconds)
        .toLocaleString('en')
        .padStart(11)} rows/s`;
    process.stdout.write(
      [
        `staffing import, ${ROWS.toLocaleString('en')} rows (${(bytes / 1048576).toFixed(0)} MiB CSV), PostgreSQL ${embedded ? 'embedded' : 'from DATABASE_URL'}`,
        line('upload record', (t1 - t0) / 1000),
        line('dry run (COPY, rules, diff)', (t2 - t1) / 1000),
        line('commit (one transaction)', (t3 - t2) / 1000),
        phases(outcome.timings),
        line('dry run + commit', ours),
        line('raw COPY into a bare table', rawSeconds),
        `  ratio to raw COPY                  ${ratio.toFixed(2)}  (target ≥ ${TARGET_RATIO}) ${ratio >= TARGET_RATIO ? 'OK' : 'MISSED'}`,
        `second version: ${diff2!.diff.joiners} joiners, ${diff2!.diff.leavers} leavers, ${diff2!.diff.moves} moves (${committed2.updated} rows updated)`,
        line('dry run', (t5 - t4) / 1000),
        phases(outcome2!.timings),
        line('commit', (t6 - t5) / 1000),
        line('dry run + commit', (t6 - t4) / 1000),
        `  ratio to raw COPY                  ${(rawSeconds / ((t6 - t4) / 1000)).toFixed(2)}`,
        `  peak RSS of this process           ${mib(rss)} MiB  (target ≤ ${TARGET_RSS_MIB} MiB) ${rss / 1024 <= TARGET_RSS_MIB ? 'OK' : 'MISSED'}`,
        '',
      ].join('\n'),
    );
  } finally {
    if (db.isInitialized) await db.destroy();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
    await rm(csv, { force: true });
    await embedded?.stop();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
