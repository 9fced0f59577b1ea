import { Injectable } from '@nestjs/common';
import { PlanCellYear } from '@formasi/planning';
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
];
const CHUNK = 20000;

/** Bulk writes of a run's snapshot and results, inside the caller's transaction. */
@Injectable()
export class PlanResultsWriter {
  /** Multi-row insert through unnest: one statement per 20,000 rows, never one per row. */
  async insertResults(tx: EntityManager, runId: string, rows: PlanResultRow[]): Promise<void> {
    const names = COLUMNS.map(([, c]) => c).join(', ');
    const arrays = COLUMNS.map(([, , t], i) => `$${i + 2}::${t}[]`).join(', ');
    for (let i = 0; i < rows.length; i += CHUNK) {
      const chunk = rows.slice(i, i + CHUNK);
      await tx.query(`INSERT INTO plan_result (run_id, ${names}) SELECT $1, * FROM unnest(${arrays})`, [runId, ...COLUMNS.map(([k]) => chunk.map((r) => r[k]))]);
    }
  }

  async insertInput(tx: EntityManager, runId: string, input: AgencyPlanInput): Promise<void> {
    await tx.query('INSERT INTO plan_run_input (run_id, agency_id, agency_code, problem, overrides) VALUES ($1, $2, $3, $4, $5)', [
      runId, input.agencyId, input.agencyCode, JSON.stringify(input.problem), JSON.stringify(input.overrides),
    ]);
  }
}
