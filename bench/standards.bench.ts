// npm run bench:standards — a national-size workload-standards file through the import path, as
// the worker and the API run it: record the upload, validate (read, row rules, COPY into the
// submission's table, set-based rules, dry-run diff), commit (set-based, one transaction). Then
// the same file again with 1 % of the activities changed (the steady state of a yearly update).
// Prints each phase, the whole against the 30 s target, and a raw COPY of the same file.
// Uses DATABASE_URL (a scratch database is created beside it) or an embedded PostgreSQL.
// Size: BENCH_STANDARDS=300000 standards (5.5 activities each on average).
import { Queue } from 'bullmq';
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Client, PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DataSource } from 'typeorm';
import { loadConfig } from '../libs/config/src';
import { commitImport, dataSourceOptions, openAudit, runMigrations, startEmbeddedPostgres, systemActor } from '../libs/database/src';
import type { ValidateStandardsJobData } from '../libs/queue/src';
import { storeRoster } from '../libs/staffing/src';
import { AuditService } from '../apps/api/src/audit/audit.service';
import { StandardsSubmissionService } from '../apps/api/src/standards-import/standards-submission.service';
import { StandardsValidationService } from '../apps/worker/src/standards-import/standards-validation.service';

const STANDARDS = Number(process.env.BENCH_STANDARDS ?? 300_000);
const POSITIONS = 15;
const UNITS = Math.ceil(STANDARDS / POSITIONS);
const TARGET_SECONDS = 30;
const pad = (n: number, w: number): string => String(n).padStart(w, '0');

/** Standard s (unit s / 15, position s % 15) has 5 or 6 activities: fixed and target-driven tasks, support, additional. `change` alters 1 %. */
async function writeStandards(path: string, change: boolean): Promise<number> {
  const out = createWriteStream(path);
  out.write(
    'kode_jabatan,kode_unit,jenis_tugas,uraian_tugas,satuan_hasil,beban_kerja,indikator_target,faktor,basis,norma_waktu,satuan_waktu,persen_waktu_kerja,jam_per_tahun,jumlah_pegawai\n',
  );
  let chunk = '';
  let rows = 0;
  for (let s = 0; s < STANDARDS; s++) {
    const pos = `JAB-${pad(s % POSITIONS, 2)}`,
      unit = `U${pad(Math.floor(s / POSITIONS), 5)}`;
    const lines = [
      `${pos},${unit},tugas pokok,Menyusun laporan kegiatan,laporan,${120 + (s % 50)},,,,${change && s % 100 === 7 ? 75 : 60},menit,,,`,
      `${pos},${unit},tugas pokok,Melayani permohonan izin,izin,,izin_terbit,0.01,${s % 10},2.5,jam,,,`,
      `${pos},${unit},tugas pokok,Memverifikasi berkas,berkas,${900 + (s % 300)},,,,6,hasil per jam,,,`,
      `${pos},${unit},tugas penunjang,"Rapat, pelaporan, pelatihan",,,,,,,,${10 + (s % 5)},,`,
      `${pos},${unit},tugas tambahan,Pengelola barang,,,,,,,,,${100 + (s % 20)},1`,
    ];
    if (s % 2 === 1) lines.push(`${pos},${unit},tugas penunjang,Pengembangan kompetensi,,,,,,,,,40,`);
    rows += lines.length;
    chunk += `${lines.join('\n')}\n`;
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
  return rows;
}

async function seed(db: DataSource): Promise<void> {
  await db.transaction(async (tx) => {
    await openAudit(tx, systemActor('bench:standards'), { action: 'seedBench', agencyCode: 'BENCH' });
    const [agency] = (await tx.query(
      `INSERT INTO agency (code, name, kind) VALUES ('BENCH', 'Provinsi Bench', 'PROVINCE') RETURNING id`,
    )) as Array<{ id: string }>;
    await tx.query(
      `INSERT INTO org_unit (agency_id, code, name) SELECT $1, 'U' || lpad(g::text, 5, '0'), 'Unit ' || g FROM generate_series(0, $2 - 1) g`,
      [agency!.id, UNITS],
    );
    await tx.query(
      `INSERT INTO position (code, name, category) SELECT 'JAB-' || lpad(g::text, 2, '0'), 'Jabatan ' || g, 'PELAKSANA' FROM generate_series(0, $1 - 1) g`,
      [POSITIONS],
    );
  });
}

async function rawCopy(url: string, path: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      `CREATE TABLE bench_raw_copy (a text, b text, c text, d text, e text, f text, g text, h text, i text, j text, k text, l text, m text, n text)`,
    );
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
    : await startEmbeddedPostgres(resolve('.data/bench-postgres'), Number(process.env.BENCH_PG_PORT ?? 54392));
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
  const csv = join(dir, `standards-${STANDARDS}.csv`);
  const db = new DataSource(dataSourceOptions(url));
  try {
    await runMigrations(url);
    await db.initialize();
    await seed(db);
    process.stdout.write(`generating ${STANDARDS.toLocaleString('en')} standards… `);
    const rows = await writeStandards(csv, false);
    const bytes = statSync(csv).size;
    process.stdout.write(`${rows.toLocaleString('en')} activities, ${(bytes / 1048576).toFixed(0)} MiB\n`);
    const rawSeconds = await rawCopy(url, csv);

    const queue = { add: async () => undefined } as unknown as Queue<ValidateStandardsJobData>;
    const submissions = new StandardsSubmissionService(db, queue, new AuditService(db), loadConfig());
    const validation = new StandardsValidationService(db);
    const actor = systemActor('bench:standards');
    const run = async (label: string): Promise<string[]> => {
      const upload = await storeRoster(createReadStream(csv), dir);
      const t0 = performance.now();
      const receipt = await submissions.submit(actor, {
        kind: 'STANDARDS',
        agencyCode: 'BENCH',
        uploadedBy: 'bench',
        fileName: 'abk.csv',
        ...upload,
      });
      const t1 = performance.now();
      const outcome = await validation.validate(receipt.submission.id);
      const t2 = performance.now();
      if (outcome?.status !== 'VALIDATED') {
        const errors = await db.query(
          'SELECT row_no, column_name, rule, message FROM standards_submission_error WHERE submission_id = $1 LIMIT 5',
          [receipt.submission.id],
        );
        throw new Error(`bench file did not validate: ${JSON.stringify(outcome)} ${JSON.stringify(errors)}`);
      }
      const runner = db.createQueryRunner();
      const client = (await runner.connect()) as PoolClient;
      const committed = await commitImport(client, actor, receipt.submission.id).finally(() => runner.release());
      const t3 = performance.now();
      const [{ diff }] = (await db.query('SELECT diff FROM standards_submission WHERE id = $1', [receipt.submission.id])) as Array<{
        diff: { added: number; removed: number; changed: number };
      }>;
      const total = (t3 - t0) / 1000;
      const line = (l: string, s: number): string =>
        `  ${l.padEnd(36)} ${s.toFixed(2).padStart(7)} s  ${Math.round(rows / s)
          .toLocaleString('en')
          .padStart(11)} activities/s`;
      const t = outcome.timings;
      return [
        `${label}: diff +${diff.added} −${diff.removed} ~${diff.changed}; commit wrote ${committed.counts!.activitiesInserted.toLocaleString('en')} activities, ${committed.counts!.standardsInserted.toLocaleString('en')} standards`,
        line('upload record', (t1 - t0) / 1000),
        line('dry run', (t2 - t1) / 1000),
        `    read + row rules + COPY ${(t.stageMs / 1000).toFixed(2)} s, set-based rules ${(t.rulesMs / 1000).toFixed(2)} s, diff ${(t.diffMs / 1000).toFixed(2)} s`,
        line('commit (one transaction)', (t3 - t2) / 1000),
        `    ${Object.entries(committed.counts!.stepMs)
          .map(([k, ms]) => `${k} ${(ms / 1000).toFixed(2)} s`)
          .join(', ')}`,
        line('whole import', total),
        `  target ≤ ${TARGET_SECONDS} s: ${total <= TARGET_SECONDS ? 'MET' : 'MISSED'} (${(TARGET_SECONDS / total).toFixed(2)}×); raw COPY / whole import = ${(rawSeconds / total).toFixed(2)}`,
      ];
    };
    const first = await run('first import (empty scope)');
    await writeStandards(csv, true);
    const second = await run('second import (1 % of standards changed)');
    const [{ n }] = (await db.query('SELECT count(*)::int AS n FROM workload_activity')) as Array<{ n: number }>;
    if (n !== rows) throw new Error(`expected ${rows} activities, found ${n}`);
    process.stdout.write(
      [
        `standards import, ${STANDARDS.toLocaleString('en')} standards, ${rows.toLocaleString('en')} activities (${(bytes / 1048576).toFixed(0)} MiB CSV), PostgreSQL ${embedded ? 'embedded' : 'from DATABASE_URL'}`,
        `  raw COPY of the same file into a bare table ${rawSeconds.toFixed(2)} s`,
        ...first,
        ...second,
        `  peak RSS of this process ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`,
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
