import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { EmployeeInput } from '@formasi/planning';
import {
  attachRosterRows,
  copyBinaryOut,
  createRosterRows,
  dataSourceOptions,
  rosterEmployees,
  rosterRowsTable,
  runMigrations,
} from '@formasi/database';

// Plan runs read rosters and workload activities through binary COPY instead of pg's row objects.
// The reader against a real PostgreSQL: every type as the server sends it, rows that arrive in
// pieces, and rosterEmployees giving exactly what the SQL it replaced gave.

const ROSTER = '0d8a5e1c-7b3f-4c2a-9e61-5f2b8c4d7a10';
const OTHER_ROSTER = '6b1f0c2e-3d4a-4e5b-8c7d-9e0f1a2b3c4d';

/** rosterEmployees as it was before the binary COPY: rows through pg, dates by to_char, nulls filtered out. */
async function rosterEmployeesByQuery(db: DataSource, submissionIds: string[]): Promise<Map<string, EmployeeInput[]>> {
  const defined = <T extends object>(o: T): T =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined)) as T;
  const rows = (await db.query(
    `SELECT r.submission_id AS "submissionId", r.nip, to_char(r.birth_date, 'YYYY-MM-DD') AS "birthDate", r.position_code AS "positionCode",
            r.unit_code AS "unitCode", r.category, r.level, r.employment_type AS "employmentType", to_char(r.contract_end, 'YYYY-MM-DD') AS "contractEnd"
       FROM staffing_submission_row r WHERE r.submission_id = ANY($1::uuid[]) ORDER BY r.submission_id, r.nip, r.row_no`,
    [submissionIds],
  )) as Array<EmployeeInput & { submissionId: string }>;
  const out = new Map<string, EmployeeInput[]>(submissionIds.map((id) => [id, []]));
  for (const { submissionId, ...e } of rows) out.get(submissionId)!.push(defined(e));
  return out;
}

describe('binary COPY out', () => {
  const name = `formasi_e2e_${randomBytes(5).toString('hex')}`;
  let db: DataSource;

  beforeAll(async () => {
    const admin = new Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(process.env.DATABASE_URL!);
    u.pathname = `/${name}`;
    const url = u.toString();
    await runMigrations(url);
    db = await new DataSource(dataSourceOptions(url)).initialize();
    // two roster versions: nulls in every column the engine may go without, a NIP twice, non-ASCII codes
    for (const id of [ROSTER, OTHER_ROSTER]) {
      await createRosterRows(db, id);
      await attachRosterRows(db, id);
    }
    await db.query(
      `INSERT INTO ${rosterRowsTable(ROSTER)} (row_no, nip, name, birth_date, sex, employment_type, position_code, unit_code, tmt, contract_end, category, level) VALUES
        (1, '199001012015031001', 'Agus', '1990-01-01', 'M', 'PNS', 'PERAWAT', 'PKM-A', '2015-03-01', NULL, 'FUNGSIONAL', 'AHLI_PERTAMA'),
        (2, '196903152000032001', 'Sri', '1969-03-15', 'F', 'PNS', 'PERAWAT', NULL, '2000-03-01', NULL, 'FUNGSIONAL', NULL),
        (3, '198512312020122001', 'Ñoman', '1985-12-31', 'F', 'PPPK', 'PENGADMINISTRASI', 'SEKRETARIAT-É', '2020-12-01', '2025-11-30', 'PELAKSANA', NULL),
        (4, '199001012015031001', 'Agus (dua kali)', '1990-01-01', 'M', 'PNS', 'PERAWAT', 'PKM-B', '2015-03-01', NULL, 'FUNGSIONAL', 'AHLI_MUDA'),
        (5, '200002292024021001', NULL, NULL, NULL, 'PPPK', NULL, NULL, NULL, '2028-02-29', NULL, NULL)`,
    );
    await db.query(
      `INSERT INTO ${rosterRowsTable(OTHER_ROSTER)} (row_no, nip, birth_date, employment_type, position_code, unit_code, category, level)
       SELECT i, lpad(i::text, 18, '0'), date '1960-01-01' + i, CASE WHEN i % 3 = 0 THEN 'PPPK' ELSE 'PNS' END,
              'POS-' || (i % 40), CASE WHEN i % 7 = 0 THEN NULL ELSE 'UNIT-' || (i % 300) END, 'PELAKSANA', CASE WHEN i % 2 = 0 THEN 'TERAMPIL' END
         FROM generate_series(1, 30000) i`,
    );
  });

  afterAll(async () => {
    await db?.destroy();
    const admin = new Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  });

  it('reads text, codes, dates, integers, doubles, uuids and NULLs as the server sends them', async () => {
    const rows: unknown[][] = [];
    const count = await copyBinaryOut(
      db,
      `SELECT a::uuid, b::text, c::varchar(16), d::date, e::int2, f::int4, g::float8 FROM (VALUES
         ('0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0'::uuid, 'Sé 𝔘 Ñusantara'::text, 'PERAWAT'::varchar(16), date '2024-02-29', 32767::int2, '-2147483648'::int4, 0.1::float8),
         (NULL, '', 'PERAWAT', date '1899-12-31', -1::int2, 7, -1.5e300),
         (NULL, NULL, NULL, NULL, NULL, NULL, NULL),
         ('ffffffff-ffff-ffff-ffff-ffffffffffff', 'kode', 'É', date '2156-01-01', 0, 0, 'NaN'::float8)) v(a, b, c, d, e, f, g)`,
      (r) => rows.push([r.uuid(), r.text(), r.code(), r.date(), r.int2(), r.int4(), r.float8()]),
    );
    expect(count).toBe(4);
    expect(rows).toEqual([
      ['0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0', 'Sé 𝔘 Ñusantara', 'PERAWAT', '2024-02-29', 32767, -2147483648, 0.1],
      [null, '', 'PERAWAT', '1899-12-31', -1, 7, -1.5e300],
      [null, null, null, null, null, null, null],
      ['ffffffff-ffff-ffff-ffff-ffffffffffff', 'kode', 'É', '2156-01-01', 0, 0, NaN],
    ]);
  });

  it("writes every date as to_char(d, 'YYYY-MM-DD') does, BC years and infinity (NULL) included, and as yyyymmdd", async () => {
    const dates: Array<[string | null, number | null, string | null]> = [];
    await copyBinaryOut(
      db,
      `SELECT d, d, to_char(d, 'YYYY-MM-DD') FROM (
         SELECT date '1850-01-01' + i AS d FROM generate_series(0, 150000, 7) i
         UNION ALL SELECT unnest(ARRAY[date '0044-03-15 BC', date '0001-01-01', date '9999-12-31', date 'infinity', date '-infinity'])) v`,
      (r) => dates.push([r.date(), r.dateNumber(), r.text()]),
    );
    expect(dates).toHaveLength(21429 + 5);
    for (const [text, , expected] of dates) expect(text).toBe(expected);
    expect(dates.slice(-5)).toEqual([
      ['0044-03-15', -429685, '0044-03-15'], // 44 BC is year -43 counted astronomically,
      ['0001-01-01', 10101, '0001-01-01'],
      ['9999-12-31', 99991231, '9999-12-31'],
      [null, null, null],
      [null, null, null],
    ]);
  });

  it('reads rows that arrive in pieces: a row of 300 kB among thousands of small ones', async () => {
    const lengths: number[] = [];
    let sum = 0;
    await copyBinaryOut(
      db,
      `SELECT i, CASE WHEN i = 2500 THEN repeat('ä', 150000) ELSE repeat('é', i % 37) END FROM generate_series(1, 5000) i`,
      (r) => {
        const i = r.int4()!;
        const text = r.text()!;
        sum += i;
        lengths.push(text.length);
        if (text !== (i === 2500 ? 'ä'.repeat(150000) : 'é'.repeat(i % 37))) throw new Error(`row ${i} read wrong`);
      },
    );
    expect(sum).toBe((5000 * 5001) / 2);
    expect(lengths[2499]).toBe(150000);
    expect(lengths[36]).toBe(0);
  });

  it('fails with the row error, and leaves the connection usable', async () => {
    const runner = db.createQueryRunner();
    try {
      await expect(copyBinaryOut(runner.manager, 'SELECT i, i FROM generate_series(1, 20000) i', (r) => void r.int4())).rejects.toThrow(
        'a row of 2 fields was read only in part',
      );
      await expect(copyBinaryOut(runner.manager, 'SELECT 1/0', (r) => void r.int4())).rejects.toThrow('division by zero');
      expect(await runner.query('SELECT 41 + 1 AS n')).toEqual([{ n: 42 }]);
    } finally {
      await runner.release();
    }
  });

  it('gives rosterEmployees exactly what the row query gave: same keys in the same order, nulls left out, NIP then row order', async () => {
    const ids = [OTHER_ROSTER, ROSTER, '00000000-0000-4000-8000-000000000000'];
    const byCopy = await rosterEmployees(db, ids);
    const byQuery = await rosterEmployeesByQuery(db, ids);
    expect(byCopy).toStrictEqual(byQuery);
    expect(JSON.stringify([...byCopy])).toBe(JSON.stringify([...byQuery]));
    expect(byCopy.get(OTHER_ROSTER)).toHaveLength(30000);
    expect(byCopy.get('00000000-0000-4000-8000-000000000000')).toEqual([]);
    expect(byCopy.get(ROSTER)).toStrictEqual([
      { nip: '196903152000032001', birthDate: '1969-03-15', positionCode: 'PERAWAT', category: 'FUNGSIONAL', employmentType: 'PNS' },
      {
        nip: '198512312020122001',
        birthDate: '1985-12-31',
        positionCode: 'PENGADMINISTRASI',
        unitCode: 'SEKRETARIAT-É',
        category: 'PELAKSANA',
        employmentType: 'PPPK',
        contractEnd: '2025-11-30',
      },
      {
        nip: '199001012015031001',
        birthDate: '1990-01-01',
        positionCode: 'PERAWAT',
        unitCode: 'PKM-A',
        category: 'FUNGSIONAL',
        level: 'AHLI_PERTAMA',
        employmentType: 'PNS',
      },
      {
        nip: '199001012015031001',
        birthDate: '1990-01-01',
        positionCode: 'PERAWAT',
        unitCode: 'PKM-B',
        category: 'FUNGSIONAL',
        level: 'AHLI_MUDA',
        employmentType: 'PNS',
      },
      { nip: '200002292024021001', employmentType: 'PPPK', contractEnd: '2028-02-29' },
    ]);
    expect(Object.keys(byCopy.get(ROSTER)![1]!)).toEqual([
      'nip',
      'birthDate',
      'positionCode',
      'unitCode',
      'category',
      'employmentType',
      'contractEnd',
    ]);
  });

  it("reads a roster in the caller's transaction, seeing its snapshot and not rows committed since", async () => {
    const reader = db.createQueryRunner();
    await reader.connect();
    try {
      await reader.query('START TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      const before = (await rosterEmployees(reader.manager, [ROSTER])).get(ROSTER)!;
      await db.query(
        `INSERT INTO ${rosterRowsTable(ROSTER)} (row_no, nip, birth_date, employment_type, position_code, category) VALUES (6, '197001012000011001', '1970-01-01', 'PNS', 'PERAWAT', 'FUNGSIONAL')`,
      );
      expect((await rosterEmployees(reader.manager, [ROSTER])).get(ROSTER)).toStrictEqual(before);
      expect(before).toHaveLength(5);
      await reader.query('COMMIT');
      expect((await rosterEmployees(reader.manager, [ROSTER])).get(ROSTER)).toHaveLength(6);
    } finally {
      await reader.query('ROLLBACK').catch(() => undefined);
      await reader.release();
      await db.query(`DELETE FROM ${rosterRowsTable(ROSTER)} WHERE row_no = 6`);
    }
  });
});
