import { CopyBinaryWriter, uuidBytes } from '@formasi/database';
import { COLUMNS, PlanResultRow, RESULT_COPY_COLUMNS, resultRowEncoder } from './plan-results.writer';

/** COLUMNS' encoding of a row, field by field from the column table: what `resultRowEncoder` must write. */
function encodeResultRowByColumns(w: CopyBinaryWriter, runId: string, row: PlanResultRow): void {
  w.row(RESULT_COPY_COLUMNS.length);
  w.bytes(uuidBytes(runId));
  for (const [key, , type] of COLUMNS) {
    const v = row[key];
    if (type === 'uuid') w.bytes(uuidBytes(v as string));
    else if (type === 'text') w.text(v as string | null);
    else if (type === 'smallint') w.int2(v as number);
    else if (type === 'int') w.int4(v as number);
    else w.numeric(v as number | null);
  }
}

describe('result rows in binary COPY', () => {
  const runId = '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9';
  const row: PlanResultRow = {
    agencyId: '00000000-0000-4000-8000-000000000001',
    agencyCode: 'KAB-X',
    unitCode: 'U1',
    positionCode: 'ANALIS',
    category: 'FUNGSIONAL',
    level: 'AHLI_PERTAMA',
    year: 2027,
    requiredFte: 2.4,
    required: 2,
    existing: 1,
    supplyStart: 1,
    retirements: 0,
    contractEnds: 0,
    expectedAttrition: 0.05,
    attrition: 0,
    exits: 0,
    supplyEnd: 1,
    formation: 1,
    surplus: 0,
    caf: 1.25,
    iaf: 0,
    wisnRatio: 0.4166666666666667,
    pressure: 0.5833333333333333,
    efficiency: 2.4,
    efficiencyBand: 'KURANG',
    priority: 1.5,
    annualCost: 120000000,
    formationCost: 120000000,
    rulesVersion: 7,
  };
  // a second agency, and every nullable column null
  const bare: PlanResultRow = {
    ...row,
    agencyId: '00000000-0000-4000-8000-000000000002',
    agencyCode: 'KAB-Y',
    unitCode: null,
    level: null,
    wisnRatio: null,
    efficiency: null,
    efficiencyBand: null,
    annualCost: null,
    formationCost: null,
  };

  it('writes every column in the order of the COPY statement, as the column table encodes it', () => {
    const rows = [row, row, bare, row];
    const fast = new CopyBinaryWriter();
    const encode = resultRowEncoder(runId);
    for (const r of rows) encode(fast, r);
    const byColumns = new CopyBinaryWriter();
    for (const r of rows) encodeResultRowByColumns(byColumns, runId, r);
    const bytes = Buffer.concat(fast.take(true));
    expect(bytes.equals(Buffer.concat(byColumns.take(true)))).toBe(true);
    // 30 fields a row: the run, then 29 columns; the first field after the header is the run's 16 bytes
    expect(bytes.readInt16BE(19)).toBe(30);
    expect(bytes.subarray(25, 41).toString('hex')).toBe(runId.replace(/-/g, ''));
  });
});
