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
  uuidBytes,
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

/** Each result column: the row's field, the table's column, and its type in the COPY. */
export const COLUMNS: Array<[keyof PlanResultRow, string, string]> = [
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

/** The COPY statement's column list: the run, then COLUMNS in order. */
export const RESULT_COPY_COLUMNS = ['run_id', ...COLUMNS.map(([, c]) => c)];

/**
 * Encodes result rows in COLUMNS' order, one field after the other in straight-line code: a
 * national run writes 1.5 million rows of 30 fields, and a loop over COLUMNS read each field by
 * a computed key. `plan-results.writer.spec.ts` holds its bytes equal to COLUMNS' own encoding.
 */
export function resultRowEncoder(runId: string): (w: CopyBinaryWriter, r: PlanResultRow) => void {
  const run = uuidBytes(runId);
  // the rows of an agency come together: its id is converted once
  let agencyId = '';
  let agency = run;
  return (w, r) => {
    if (r.agencyId !== agencyId) {
      agencyId = r.agencyId;
      agency = uuidBytes(agencyId);
    }
    w.row(RESULT_COPY_COLUMNS.length);
    w.bytes(run);
    w.bytes(agency);
    w.text(r.agencyCode);
    w.text(r.unitCode);
    w.text(r.positionCode);
    w.text(r.category);
    w.text(r.level);
    w.int2(r.year);
    w.numeric(r.requiredFte);
    w.int4(r.required);
    w.numeric(r.existing);
    w.numeric(r.supplyStart);
    w.int4(r.retirements);
    w.int4(r.contractEnds);
    w.numeric(r.expectedAttrition);
    w.numeric(r.attrition);
    w.numeric(r.exits);
    w.numeric(r.supplyEnd);
    w.int4(r.formation);
    w.numeric(r.surplus);
    w.numeric(r.caf);
    w.numeric(r.iaf);
    w.numeric(r.wisnRatio);
    w.numeric(r.pressure);
    w.numeric(r.efficiency);
    w.text(r.efficiencyBand);
    w.numeric(r.priority);
    w.numeric(r.annualCost);
    w.numeric(r.formationCost);
    w.int2(r.rulesVersion);
  };
}

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
  async insertResults(
    tx: EntityManager,
    runId: string,
    rows: PlanResultRow[] | AsyncIterable<PlanResultRow[]>,
    table: string,
  ): Promise<void> {
    if (Array.isArray(rows) && rows.length === 0) return;
    const client = (await tx.queryRunner!.connect()) as PoolClient;
    const sql = `COPY ${table} (${RESULT_COPY_COLUMNS.join(', ')}) FROM STDIN WITH (FORMAT binary, FREEZE)`;
    await copyBinaryRows(client, sql, rows, resultRowEncoder(runId));
  }

  /** Every row of the batch written: the batch's table gets plan_result's indexes (built once over the loaded rows) and statistics. */
  async finishBatchTable(tx: EntityManager, table: string): Promise<void> {
    await indexPlanResultTable(tx, table);
  }

  /** The run's batches become its results, seen by readers when the caller's transaction commits. */
  async publishResults(tx: EntityManager, runId: string, batches: PlanResultBatch[]): Promise<void> {
    await publishPlanResultTables(tx, runId, batches);
  }

  /**
   * Fresh statistics for the roll-ups before readers see the run (ANALYZE counts this
   * transaction's own rows) while the run's rows are a tenth of the table or more: its first runs.
   * Past that, rows like these are already in the statistics (a sample of 30,000 of the table,
   * 0.25 s at the end of every run, for nothing new), and autovacuum analyzes as the table grows.
   */
  async analyze(tx: EntityManager, runId: string): Promise<boolean> {
    const [{ table, run }] = (await tx.query(
      `SELECT (SELECT reltuples FROM pg_class WHERE oid = 'plan_roll_up'::regclass)::float8 AS table,
              (SELECT count(*) FROM plan_roll_up WHERE run_id = $1)::float8 AS run`,
      [runId],
    )) as Array<{ table: number; run: number }>;
    if (table >= 0 && run * 10 < table) return false;
    await tx.query('ANALYZE plan_roll_up');
    return true;
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
        await Promise.all(inputs.map((i) => packReference(i.problem))),
        inputs.map((i) => JSON.stringify(i.overrides)),
        inputs.map((i) => JSON.stringify(versions.get(i.agencyId) ?? {})),
      ],
    );
  }
}
