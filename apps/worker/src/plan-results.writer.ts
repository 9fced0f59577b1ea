import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface PlanResultRow {
  agencyId: string;
  agencyCode: string;
  unitCode: string | null;
  positionCode: string;
  category: string;
  level: string | null;
  year: number;
  requiredFte: number;
  required: number;
  existing: number;
  supplyStart: number;
  retirements: number;
  contractEnds: number;
  attrition: number;
  exits: number;
  supplyEnd: number;
  formation: number;
  surplus: number;
  caf: number;
  iaf: number;
  wisnRatio: number | null;
  pressure: number;
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
];
const CHUNK = 20000;

/** Writes a run's results and marks it done in ONE transaction; a retry replaces, never adds. */
@Injectable()
export class PlanResultsWriter {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async replaceResults(runId: string, rows: PlanResultRow[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      // the row lock serialises two deliveries of the same run
      await tx.query('SELECT 1 FROM plan_run WHERE id = $1 FOR UPDATE', [runId]);
      await tx.query('DELETE FROM plan_result WHERE run_id = $1', [runId]);
      const names = COLUMNS.map(([, c]) => c).join(', ');
      const arrays = COLUMNS.map(([, , t], i) => `$${i + 2}::${t}[]`).join(', ');
      for (let i = 0; i < rows.length; i += CHUNK) {
        const chunk = rows.slice(i, i + CHUNK);
        await tx.query(
          `INSERT INTO plan_result (run_id, ${names}) SELECT $1, * FROM unnest(${arrays})`,
          [runId, ...COLUMNS.map(([k]) => chunk.map((r) => r[k]))],
        );
      }
      await tx.query(
        `UPDATE plan_run SET status = 'SUCCEEDED', progress = 100, finished_at = now(), error = NULL, error_code = NULL WHERE id = $1`,
        [runId],
      );
    });
  }
}
