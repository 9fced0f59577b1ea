import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CellYearFigures, compareCellYears, RollUp, rollUp, transferHints } from '@formasi/planning';
import { CompareRunsArgs, TransferHintsArgs, TransferScope } from './planner-tools.args';
import { requireFinishedRun } from '../plan-runs/finished-run';
import { AgencyYearChangeModel, RollUpFiguresModel, RunComparisonModel } from './run-comparison.model';
import { TransferHintModel } from './transfer-hint.model';

type Figures = CellYearFigures & { existing: number };

const FIGURE_COLUMNS = `agency_code AS "agencyCode", unit_code AS "unitCode", position_code AS "positionCode", year,
  required_fte::float8 AS "requiredFte", required, existing::float8 AS existing, supply_end::float8 AS "supplyEnd",
  formation, surplus::float8 AS surplus, wisn_ratio::float8 AS "wisnRatio"`;

const agencyYear = (c: { agencyCode: string; year: number }): string => `${c.agencyCode}\u0000${c.year}`;
const figuresOf = (r: RollUp): RollUpFiguresModel => ({
  cells: r.cells, requiredFte: r.requiredFte, required: r.required, existing: r.existing, formation: r.formation, wisnRatio: r.wisnRatio,
});

/** Scenario comparison and transfer hints: both read finished runs' cell-years and hand them to the engine. */
@Injectable()
export class RunComparisonService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async compare(args: CompareRunsArgs): Promise<RunComparisonModel> {
    await requireFinishedRun(this.db, args.a, args.year, 'year');
    await requireFinishedRun(this.db, args.b, args.year, 'year');
    // both runs in one scan of the (run_id, …) index
    const rows: Array<Figures & { runId: string }> = await this.db.query(
      `SELECT run_id::text AS "runId", ${FIGURE_COLUMNS} FROM plan_result
        WHERE run_id = ANY($1::uuid[]) AND ($2::int IS NULL OR year = $2)`,
      [[args.a, args.b], args.year ?? null],
    );
    const before = rows.filter((r) => r.runId === args.a);
    const after = args.a === args.b ? before : rows.filter((r) => r.runId === args.b);
    const changes = compareCellYears(before, after);
    return { a: args.a, b: args.b, changedCells: changes.length, cells: changes.slice(0, args.first), agencies: this.compareAgencies(before, after) };
  }

  // DOMAIN.md "Aggregation": sums per agency-year, ratios from the sums
  private compareAgencies(before: Figures[], after: Figures[]): AgencyYearChangeModel[] {
    const a = new Map(rollUp(before, agencyYear).map((r) => [r.key, r]));
    const b = new Map(rollUp(after, agencyYear).map((r) => [r.key, r]));
    const keys = [...new Set([...a.keys(), ...b.keys()])];
    return keys
      .map((key): AgencyYearChangeModel => {
        const x = a.get(key), y = b.get(key);
        const [agencyCode, year] = key.split('\u0000');
        return {
          agencyCode: agencyCode!,
          year: Number(year),
          before: x ? figuresOf(x) : null,
          after: y ? figuresOf(y) : null,
          deltaRequiredFte: (y?.requiredFte ?? 0) - (x?.requiredFte ?? 0),
          deltaRequired: (y?.required ?? 0) - (x?.required ?? 0),
          deltaFormation: (y?.formation ?? 0) - (x?.formation ?? 0),
          deltaWisnRatio: x?.wisnRatio != null && y?.wisnRatio != null ? y.wisnRatio - x.wisnRatio : null,
        };
      })
      .sort(
        (p, q) =>
          Math.abs(q.deltaFormation) - Math.abs(p.deltaFormation) ||
          Math.abs(q.deltaRequiredFte) - Math.abs(p.deltaRequiredFte) ||
          p.agencyCode.localeCompare(q.agencyCode) ||
          p.year - q.year,
      );
  }

  async transferHints(args: TransferHintsArgs): Promise<TransferHintModel[]> {
    await requireFinishedRun(this.db, args.runId, args.year, 'year');
    // only cells that can give or need someone take part; a province is the first part of the region code
    const cells: Array<Figures & { region: string }> = await this.db.query(
      `SELECT f.*, coalesce(nullif(split_part(a.region_code, '.', 1), ''), f."agencyCode") AS region
         FROM (SELECT agency_id, ${FIGURE_COLUMNS} FROM plan_result
                WHERE run_id = $1 AND year = $2 AND (surplus > 0 OR formation > 0)) f
         JOIN agency a ON a.id = f.agency_id`,
      [args.runId, args.year],
    );
    const scopeOf = args.scope === TransferScope.REGION ? (c: CellYearFigures) => (c as Figures & { region: string }).region : undefined;
    return transferHints(cells, scopeOf);
  }
}
