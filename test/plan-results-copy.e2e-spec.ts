import { DataSource } from 'typeorm';
import { PlanResultRow, PlanResultsWriter } from '../apps/worker/src/plan-runs/plan-results.writer';
import { planResultBatchTable, planResultTable } from '@formasi/database';
import { E2eApp, startE2eApp } from './support/e2e-app';

// Result rows once went in as multi-row inserts through unnest (values sent as text and parsed
// by PostgreSQL); they now go through binary COPY. The stored values must be the same, digit
// for digit, scale included.
const COLUMNS = `agency_id, agency_code, unit_code, position_code, category, level, year, required_fte, required, existing, supply_start,
  retirements, contract_ends, expected_attrition, attrition, exits, supply_end, formation, surplus, caf, iaf, wisn_ratio, pressure,
  efficiency, efficiency_band, priority, annual_cost, formation_cost, rules_version`;
const TYPES = [
  'uuid',
  'text',
  'text',
  'text',
  'text',
  'text',
  'smallint',
  'numeric',
  'int',
  'numeric',
  'numeric',
  'int',
  'int',
  'numeric',
  'numeric',
  'numeric',
  'numeric',
  'int',
  'numeric',
  'numeric',
  'numeric',
  'numeric',
  'numeric',
  'numeric',
  'text',
  'numeric',
  'numeric',
  'numeric',
  'smallint',
];
const KEYS: Array<keyof PlanResultRow> = [
  'agencyId',
  'agencyCode',
  'unitCode',
  'positionCode',
  'category',
  'level',
  'year',
  'requiredFte',
  'required',
  'existing',
  'supplyStart',
  'retirements',
  'contractEnds',
  'expectedAttrition',
  'attrition',
  'exits',
  'supplyEnd',
  'formation',
  'surplus',
  'caf',
  'iaf',
  'wisnRatio',
  'pressure',
  'efficiency',
  'efficiencyBand',
  'priority',
  'annualCost',
  'formationCost',
  'rulesVersion',
];

const base: PlanResultRow = {
  agencyId: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b',
  agencyCode: 'KAB-UJI',
  unitCode: 'PKM-A',
  positionCode: 'PERAWAT',
  category: 'FUNGSIONAL',
  level: 'TERAMPIL',
  year: 2027,
  requiredFte: 2.1333333333333333,
  required: 2,
  existing: 3,
  supplyStart: 3,
  retirements: 1,
  contractEnds: 0,
  expectedAttrition: 0.06,
  attrition: 0,
  exits: 1,
  supplyEnd: 2,
  formation: 0,
  surplus: 0,
  caf: 1.1111111111111112,
  iaf: 0.2,
  wisnRatio: 1.40625,
  pressure: 0,
  efficiency: 0.7111111111111111,
  efficiencyBand: 'C',
  priority: 1,
  annualCost: 98_500_000,
  formationCost: 0,
  rulesVersion: 2,
} as PlanResultRow;

/** Values that stress the encoding: tiny and huge magnitudes, long fractions, nulls, negatives, non-ASCII text. */
const ROWS: PlanResultRow[] = [
  base,
  {
    ...base,
    unitCode: null,
    year: 2028,
    requiredFte: 1e-7,
    wisnRatio: null,
    efficiency: null,
    efficiencyBand: null,
    level: null,
    annualCost: null,
    formationCost: null,
  },
  {
    ...base,
    unitCode: 'DINAS-PENDIDIKAN-KEBUDAYAAN',
    year: 2029,
    requiredFte: 300_000.4998,
    required: 300_000,
    existing: 0,
    pressure: -0.25,
    surplus: 12.5,
  },
  {
    ...base,
    positionCode: 'PRANATA-KOMPUTER',
    year: 2030,
    requiredFte: 123_456_789.0001,
    caf: 1,
    iaf: 0,
    priority: 2.5,
    formationCost: 1.5e21,
    expectedAttrition: 0.1 + 0.2,
  },
  {
    ...base,
    unitCode: 'Puskesmas Čibodas–Ñ',
    year: 2031,
    requiredFte: 0,
    required: 0,
    wisnRatio: null,
    pressure: 0,
    attrition: 0.000001,
    existing: 1e-4,
  },
];

describe('result rows written by binary COPY', () => {
  let e2e: E2eApp;

  beforeAll(async () => {
    e2e = await startE2eApp();
  });

  afterAll(async () => {
    await e2e?.close();
  });

  it('stores exactly what the former unnest insert stored, column by column', async () => {
    const [former, copied] = await e2e.sql<{ id: string }>(
      `INSERT INTO plan_run (status, as_of, years) VALUES ('SUCCEEDED', '2026-12-31', '{2027}'), ('SUCCEEDED', '2026-12-31', '{2027}') RETURNING id`,
    );
    const db = e2e.app.get(DataSource);
    const writer = e2e.app.get(PlanResultsWriter);
    // the former statement, into a run table of its own
    const arrays = TYPES.map((t, i) => `$${i + 2}::${t}[]`).join(', ');
    await db.transaction(async (tx) => {
      const table = await writer.createBatchTable(tx, former!.id, former!.id, 0, ['KAB-UJI']);
      await tx.query(`INSERT INTO ${table} (run_id, ${COLUMNS}) SELECT $1, * FROM unnest(${arrays})`, [
        former!.id,
        ...KEYS.map((k) => ROWS.map((r) => r[k])),
      ]);
      await writer.finishBatchTable(tx, table);
      await writer.publishResults(tx, former!.id, [{ table, agencyCodes: ['KAB-UJI'] }]);
    });
    await db.transaction(async (tx) => {
      const table = await writer.createBatchTable(tx, copied!.id, copied!.id, 0, ['KAB-UJI']);
      await writer.insertResults(tx, copied!.id, ROWS, table);
      await writer.finishBatchTable(tx, table);
      await writer.publishResults(tx, copied!.id, [{ table, agencyCodes: ['KAB-UJI'] }]);
    });

    const read = (runId: string): Promise<Array<Record<string, string | null>>> =>
      e2e.sql(
        `SELECT ${COLUMNS.split(',')
          .map((c) => `${c.trim()}::text`)
          .join(', ')} FROM plan_result WHERE run_id = $1 ORDER BY year`,
        [runId],
      );
    const expected = await read(former!.id);
    expect(await read(copied!.id)).toEqual(expected);
    // and the former insert stored the numbers' shortest texts
    expect(expected.map((r) => r.required_fte)).toEqual(['2.1333333333333333', '0.0000001', '300000.4998', '123456789.0001', '0']);
    expect(expected[3]!.formation_cost).toBe('1500000000000000000000');
    expect(expected[3]!.expected_attrition).toBe('0.30000000000000004');
    expect(expected[2]!.pressure).toBe('-0.25');
    expect(expected[4]!.unit_code).toBe('Puskesmas Čibodas–Ñ');
    expect(expected[1]).toMatchObject({ unit_code: null, wisn_ratio: null, level: null, annual_cost: null });
  });

  it('keeps a batch table out of sight until published, and nothing of it after a rollback; deleting the run drops its tables', async () => {
    const [run] = await e2e.sql<{ id: string }>(
      `INSERT INTO plan_run (status, as_of, years) VALUES ('RUNNING', '2026-12-31', '{2027}') RETURNING id`,
    );
    const runId = run!.id;
    const batch = planResultBatchTable(runId, runId, 0);
    const db = e2e.app.get(DataSource);
    const writer = e2e.app.get(PlanResultsWriter);
    const visible = async (): Promise<number> =>
      (await e2e.sql<{ n: number }>('SELECT count(*)::int AS n FROM plan_result WHERE run_id = $1', [runId]))[0]!.n;
    const tables = async (): Promise<string[]> =>
      (
        await e2e.sql<{ t: string }>(`SELECT relname AS t FROM pg_class WHERE relname LIKE $1 AND relkind IN ('r', 'p') ORDER BY 1`, [
          `${planResultTable(runId)}%`,
        ])
      ).map((r) => r.t);

    // an attempt that dies after writing: its transaction goes, and the table with it
    await expect(
      db.transaction(async (tx) => {
        const table = await writer.createBatchTable(tx, runId, runId, 0, ['KAB-UJI']);
        await writer.insertResults(tx, runId, ROWS, table);
        throw new Error('worker lost');
      }),
    ).rejects.toThrow('worker lost');
    expect(await tables()).toEqual([]);

    // a batch written and committed, as its job leaves it: stored, not visible
    await db.transaction(async (tx) => {
      const table = await writer.createBatchTable(tx, runId, runId, 0, ['KAB-UJI']);
      await writer.insertResults(tx, runId, ROWS, table);
      await writer.finishBatchTable(tx, table);
    });
    expect(await tables()).toEqual([batch]);
    expect(await visible()).toBe(0);

    // published in a transaction not yet committed: another session still sees none of it
    const tx = db.createQueryRunner();
    await tx.connect();
    await tx.startTransaction();
    try {
      await writer.publishResults(tx.manager, runId, [{ table: batch, agencyCodes: ['KAB-UJI'] }]);
      expect(await tx.manager.query('SELECT count(*)::int AS n FROM plan_result WHERE run_id = $1', [runId])).toEqual([{ n: 5 }]);
      expect(await visible()).toBe(0);
      await tx.commitTransaction();
    } finally {
      await tx.release();
    }
    expect(await visible()).toBe(5);
    expect(await tables()).toEqual([planResultTable(runId), batch]);
    // the partition adopted the indexes built on the batch's table, one per index of plan_result
    const [indexes] = await e2e.sql<{ parent: number; own: number; adopted: number }>(
      `SELECT (SELECT count(*)::int FROM pg_index WHERE indrelid = 'plan_result'::regclass) AS parent,
              (SELECT count(*)::int FROM pg_index WHERE indrelid = $1::regclass) AS own,
              (SELECT count(*)::int FROM pg_inherits i JOIN pg_index x ON x.indexrelid = i.inhrelid WHERE x.indrelid = $1::regclass) AS adopted`,
      [batch],
    );
    // the primary key, the cell key and the two page orders (pressure, formation)
    expect(indexes).toEqual({ parent: 4, own: 4, adopted: 4 });
    // statistics of the columns reads filter by, the run's id first (without it the planner took a run for 0.5 % of its rows)
    const stats = await e2e.sql<{ column: string }>(`SELECT attname AS column FROM pg_stats WHERE tablename = $1 ORDER BY attname`, [
      batch,
    ]);
    expect(stats.map((r) => r.column)).toEqual([
      'agency_code',
      'agency_id',
      'category',
      'efficiency_band',
      'level',
      'position_code',
      'run_id',
      'unit_code',
      'year',
    ]);

    await e2e.sql('DELETE FROM plan_run WHERE id = $1', [runId]);
    expect(await tables()).toEqual([]);
    expect(await visible()).toBe(0);
  });
});
