import type { InputVersions } from '@formasi/database';
import { Injectable } from '@nestjs/common';
import { Writable } from 'node:stream';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { PlanCellYear } from '@formasi/planning';
import {
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

// Every level of every roll-up in one GROUP BY: agency ⊂ region ⊂ nation, each alone, by category
// and by category and level. GROUPING() tells a grouped-away column from a NULL value. No unit
// rows: a row per unit and grade was 1.47M rows for 1.5M cells; a unit's figures are summed from
// its own result rows when asked (formationRollUp scope UNIT).
const SCOPES = [[], ['region'], ['region', 'agency_code']];
const GROUPINGS = [[], ['category'], ['category', 'level']];
const GROUPING_SETS = SCOPES.flatMap((s) => GROUPINGS.map((g) => `(${['year', ...s, ...g].join(', ')})`)).join(',\n      ');

/**
 * DOMAIN.md "Aggregation": sums of requiredFte, existing and integer formation, and ratios of
 * the sums, never averages of the cells' ratios. A province is the first part of the agency's
 * Kemendagri region code (33.71 → 33); an agency without one is a region of its own. The cells
 * are first summed per agency and grade, and the grouping sets run over those sums: a sum of
 * sums is the same sum, and the nine groupings then sort far fewer rows.
 */
const INSERT_ROLL_UPS = `
  INSERT INTO plan_roll_up (run_id, scope, group_by, year, region_code, agency_code, unit_code, category, level, cells, required_fte,
    required, existing, supply_end, retirements, formation, surplus, formation_cost, uncosted_formation, wisn_ratio, efficiency,
    contract_ends, attrition)
  WITH grades AS (
    SELECT year, region, agency_code, category, level, count(*) AS cells, sum(required_fte) AS required_fte,
           sum(required) AS required, sum(existing) AS existing, sum(supply_end) AS supply_end, sum(retirements) AS retirements,
           sum(contract_ends) AS contract_ends, sum(attrition) AS attrition, sum(formation) AS formation, sum(surplus) AS surplus, sum(formation_cost) AS formation_cost,
           coalesce(sum(formation) FILTER (WHERE annual_cost IS NULL), 0) AS uncosted_formation
      FROM (SELECT r.*, coalesce(nullif(split_part(a.region_code, '.', 1), ''), r.agency_code) AS region
              FROM plan_result r JOIN agency a ON a.id = r.agency_id WHERE r.run_id = $1) c
     GROUP BY year, region, agency_code, category, level)
  SELECT $1,
         CASE WHEN GROUPING(agency_code) = 0 THEN 'AGENCY' WHEN GROUPING(region) = 0 THEN 'REGION' ELSE 'NATION' END,
         CASE WHEN GROUPING(level) = 0 THEN 'CATEGORY_LEVEL' WHEN GROUPING(category) = 0 THEN 'CATEGORY' ELSE 'NONE' END,
         year, region, agency_code, NULL, category, level, sum(cells), sum(required_fte), sum(required), sum(existing), sum(supply_end),
         sum(retirements), sum(formation), sum(surplus), sum(formation_cost), sum(uncosted_formation),
         sum(existing) / nullif(sum(required_fte), 0), sum(required_fte) / nullif(sum(existing), 0), sum(contract_ends), sum(attrition)
    FROM grades
   GROUP BY GROUPING SETS (
      ${GROUPING_SETS})`;

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
    const copy = client.query(copyFrom(`COPY ${table} (run_id, ${names}) FROM STDIN WITH (FORMAT binary, FREEZE)`)) as Writable;
    const done = new Promise<void>((resolve, reject) => {
      copy.on('finish', resolve);
      copy.on('error', reject);
    });
    const w = new CopyBinaryWriter();
    const run = uuidBytes(runId);
    try {
      for (const row of rows) {
        w.row(COPY_FIELDS.length + 1);
        w.bytes(run);
        for (const f of COPY_FIELDS) f.write(w, row[f.key]);
        for (const chunk of w.take()) copy.write(chunk);
      }
      for (const chunk of w.take(true)) copy.write(chunk);
    } catch (e) {
      copy.destroy(e instanceof Error ? e : new Error(String(e)));
      await done.catch(() => undefined);
      throw e;
    }
    copy.end();
    await done;
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

  /** The run's roll-ups from its result rows, in the caller's (the results') transaction. */
  async insertRollUps(tx: EntityManager, runId: string): Promise<void> {
    await tx.query(INSERT_ROLL_UPS, [runId]);
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
