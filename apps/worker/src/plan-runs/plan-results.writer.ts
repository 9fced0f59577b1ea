import type { InputVersions } from '@formasi/database';
import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { PlanCellYear } from '@formasi/planning';
import {
  copyBinaryRows,
  CopyBinaryWriter,
  createPlanResultBatchTable,
  indexPlanResultTable,
  packReference,
  PlanResultBatch,
  publishPlanResultTables,
} from '@formasi/database';
import { EntityManager } from 'typeorm';
import type { AgencyPlanInput } from './plan-inputs.loader';

/** One plan_result row: the engine's cell-year plus where it sits and its WISN indicators. */
export interface PlanResultRow extends PlanCellYear {
  agencyId: string;
  agencyCode: string;
  category: string;
  level: string | null;
  existing: number;
  caf: number;
  iaf: number;
  wisnRatio: number | null;
  pressure: number;
  efficiency: number | null;
  efficiencyBand: string | null;
  priority: number;
  annualCost: number | null;
  formationCost: number | null;
  /** PLANNING_RULES_VERSION of the engine that computed the row. */
  rulesVersion: number;
}

const COLUMNS: Array<[keyof PlanResultRow, string, string]> = [
  ['agencyId', 'agency_id', 'uuid'],
  ['agencyCode', 'agency_code', 'text'],
  ['unitCode', 'unit_code', 'text'],
  ['positionCode', 'position_code', 'text'],
  ['category', 'category', 'text'],
  ['level', 'level', 'text'],
  ['year', 'year', 'smallint'],
  ['requiredFte', 'required_fte', 'numeric'],
  ['required', 'required', 'int'],
  ['existing', 'existing', 'numeric'],
  ['supplyStart', 'supply_start', 'numeric'],
  ['retirements', 'retirements', 'int'],
  ['contractEnds', 'contract_ends', 'int'],
  ['expectedAttrition', 'expected_attrition', 'numeric'],
  ['attrition', 'attrition', 'numeric'],
  ['exits', 'exits', 'numeric'],
  ['supplyEnd', 'supply_end', 'numeric'],
  ['formation', 'formation', 'int'],
  ['surplus', 'surplus', 'numeric'],
  ['caf', 'caf', 'numeric'],
  ['iaf', 'iaf', 'numeric'],
  ['wisnRatio', 'wisn_ratio', 'numeric'],
  ['pressure', 'pressure', 'numeric'],
  ['efficiency', 'efficiency', 'numeric'],
  ['efficiencyBand', 'efficiency_band', 'text'],
  ['priority', 'priority', 'numeric'],
  ['annualCost', 'annual_cost', 'numeric'],
  ['formationCost', 'formation_cost', 'numeric'],
  ['rulesVersion', 'rules_version', 'smallint'],
];

type FieldWriter = (w: CopyBinaryWriter, value: unknown) => void;
const uuidBytes = (id: string): Buffer => Buffer.from(id.replace(/-/g, ''), 'hex');
const FIELD: Record<string, FieldWriter> = {
  uuid: (w, v) => w.bytes(uuidBytes(v as string)),
  text: (w, v) => w.text(v as string | null),
  smallint: (w, v) => w.int2(v as number),
  int: (w, v) => w.int4(v as number),
  numeric: (w, v) => w.numeric(v as number | null),
};
const COPY_FIELDS = COLUMNS.map(([key, , type]) => ({ key, write: FIELD[type]! }));

/** Bulk writes of a run's snapshot and results, inside the caller's transaction. */
@Injectable()
export class PlanResultsWriter {
  /** A batch's own results table, empty, in the caller's transaction (one an earlier attempt left is dropped). */
  createBatchTable(tx: EntityManager, runId: string, delivery: string, batch: number, agencyCodes: string[]): Promise<string> {
    return createPlanResultBatchTable(tx, runId, delivery, batch, agencyCodes);
  }

  /**
   * The rows through one binary COPY into a batch's own table (`createBatchTable`, same
   * transaction): PostgreSQL stores the values as sent, without parsing a statement's arrays,
   * with no index to maintain, and frozen (the table is new in this transaction, so no later
   * pass has to mark the rows visible). Numerics carry exactly the value of the number's shortest
   * text, as before.
   */
  async insertResults(tx: EntityManager, runId: string, rows: PlanResultRow[], table: string): Promise<void> {
    if (rows.length === 0) return;
    const client = (await tx.queryRunner!.connect()) as PoolClient;
    const names = COLUMNS.map(([, c]) => c).join(', ');
    const run = uuidBytes(runId);
    await copyBinaryRows(client, `COPY ${table} (run_id, ${names}) FROM STDIN WITH (FORMAT binary, FREEZE)`, rows, (w, row) => {
      w.row(COPY_FIELDS.length + 1);
      w.bytes(run);
      for (const f of COPY_FIELDS) f.write(w, row[f.key]);
    });
  }

  /** Every row of the batch written: the batch's table gets plan_result's indexes (built once over the loaded rows) and statistics. */
  async finishBatchTable(tx: EntityManager, table: string): Promise<void> {
    await indexPlanResultTable(tx, table);
  }

  /** The run's batches become its results, seen by readers when the caller's transaction commits. */
  async publishResults(tx: EntityManager, runId: string, batches: PlanResultBatch[]): Promise<void> {
    await publishPlanResultTables(tx, runId, batches);
  }

  /** Fresh statistics for the roll-ups before readers see the run (ANALYZE counts this transaction's own rows). */
  async analyze(tx: EntityManager): Promise<void> {
    await tx.query('ANALYZE plan_roll_up');
  }

  /**
   * What each agency of a batch read, in one statement: the roster version by reference, the
   * reference data compressed (`packReference`), and the standards and targets versions.
   */
  async insertInputs(tx: EntityManager, runId: string, inputs: AgencyPlanInput[], versions: Map<string, InputVersions>): Promise<void> {
    if (inputs.length === 0) return;
    await tx.query(
      `INSERT INTO plan_run_input (run_id, agency_id, agency_code, roster_submission_id, reference, overrides, input_versions)
       SELECT $1, * FROM unnest($2::uuid[], $3::text[], $4::uuid[], $5::bytea[], $6::jsonb[], $7::jsonb[])`,
      [
        runId,
        inputs.map((i) => i.agencyId),
        inputs.map((i) => i.agencyCode),
        inputs.map((i) => i.rosterId),
        inputs.map((i) => packReference(i.problem)),
        inputs.map((i) => JSON.stringify(i.overrides)),
        inputs.map((i) => JSON.stringify(versions.get(i.agencyId) ?? {})),
      ],
    );
  }
}
