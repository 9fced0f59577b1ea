import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CellYearFigures, transferHints } from '@formasi/planning';
import { InputValidationError } from '../common/domain-error';
import { CompareRunsArgs, TransferHintsArgs, TransferScope } from './run-comparison.args';
import { requireFinishedRun } from '../plan-runs/finished-run';
import {
  AgencyYearChangeModel,
  CellYearChangeModel,
  CellYearFiguresModel,
  RollUpFiguresModel,
  RunComparisonModel,
} from './run-comparison.model';
import { TransferHintModel } from './transfer-hint.model';

type Figures = CellYearFigures & { existing: number };

const FIGURE_COLUMNS = `agency_code AS "agencyCode", unit_code AS "unitCode", position_code AS "positionCode", year,
  required_fte::float8 AS "requiredFte", required, existing::float8 AS existing, supply_end::float8 AS "supplyEnd",
  formation, surplus::float8 AS surplus, wisn_ratio::float8 AS "wisnRatio"`;

/**
 * The cell-years of runs $1 (before) and $2 (after) side by side: a FULL JOIN on the cell, so a
 * cell only in one run has the other side NULL, with the deltas and the sort key of "largest
 * change first" (k1 … k6, ascending). Unchanged cell-years are left out.
 */
const CHANGED_CELLS = `
  WITH a AS (SELECT * FROM plan_result WHERE run_id = $1 AND ($3::int IS NULL OR year = $3)),
       b AS (SELECT * FROM plan_result WHERE run_id = $2 AND ($3::int IS NULL OR year = $3)),
       d AS (
         SELECT coalesce(a.agency_code, b.agency_code) AS agency_code, coalesce(a.unit_code, b.unit_code) AS unit_code,
                coalesce(a.position_code, b.position_code) AS position_code, coalesce(a.year, b.year) AS year,
                a.id IS NOT NULL AS in_a, a.required_fte AS a_required_fte, a.required AS a_required, a.supply_end AS a_supply_end,
                a.formation AS a_formation, a.surplus AS a_surplus, a.wisn_ratio AS a_wisn_ratio,
                b.id IS NOT NULL AS in_b, b.required_fte AS b_required_fte, b.required AS b_required, b.supply_end AS b_supply_end,
                b.formation AS b_formation, b.surplus AS b_surplus, b.wisn_ratio AS b_wisn_ratio,
                coalesce(b.required_fte, 0) - coalesce(a.required_fte, 0) AS d_required_fte,
                coalesce(b.required, 0) - coalesce(a.required, 0) AS d_required,
                coalesce(b.formation, 0) - coalesce(a.formation, 0) AS d_formation,
                b.wisn_ratio - a.wisn_ratio AS d_wisn_ratio
           FROM a FULL JOIN b
             ON b.agency_code = a.agency_code AND coalesce(b.unit_code, '') = coalesce(a.unit_code, '')
            AND b.position_code = a.position_code AND b.year = a.year
       )
  SELECT d.*, -abs(d_formation) AS k1, -abs(d_required_fte) AS k2, agency_code COLLATE "C" AS k3,
         coalesce(unit_code, '') COLLATE "C" AS k4, position_code COLLATE "C" AS k5, year AS k6
    FROM d
   WHERE NOT (in_a AND in_b AND d_formation = 0 AND d_required_fte = 0 AND d_required = 0 AND coalesce(d_wisn_ratio, 0) = 0)`;

interface ChangedRow {
  agency_code: string;
  unit_code: string | null;
  position_code: string;
  year: number;
  in_a: boolean;
  a_required_fte: number;
  a_required: number;
  a_supply_end: number;
  a_formation: number;
  a_surplus: number;
  a_wisn_ratio: number | null;
  in_b: boolean;
  b_required_fte: number;
  b_required: number;
  b_supply_end: number;
  b_formation: number;
  b_surplus: number;
  b_wisn_ratio: number | null;
  d_required_fte: number;
  d_required: number;
  d_formation: number;
  d_wisn_ratio: number | null;
  k1: number;
  k2: string;
  k3: string;
  k4: string;
  k5: string;
  k6: number;
}

type SortKey = [number, string, string, string, string, number];
const encodeCursor = (r: ChangedRow): string => Buffer.from(JSON.stringify([r.k1, r.k2, r.k3, r.k4, r.k5, r.k6])).toString('base64url');
function decodeCursor(s: string): SortKey {
  try {
    const k = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as unknown[];
    if (
      Array.isArray(k) &&
      k.length === 6 &&
      Number.isInteger(k[0]) &&
      typeof k[1] === 'string' &&
      /^-?\d+(\.\d+)?$/.test(k[1]) &&
      k.slice(2, 5).every((x) => typeof x === 'string') &&
      Number.isInteger(k[5])
    )
      return k as SortKey;
  } catch {
    // fall through to the validation error
  }
  throw new InputValidationError([{ field: 'after', message: 'after is not a cursor returned by compareRuns' }]);
}

const side = (r: ChangedRow, s: 'a' | 'b'): CellYearFiguresModel | null =>
  r[`in_${s}`]
    ? {
        requiredFte: Number(r[`${s}_required_fte`]),
        required: r[`${s}_required`],
        supplyEnd: Number(r[`${s}_supply_end`]),
        formation: r[`${s}_formation`],
        surplus: Number(r[`${s}_surplus`]),
        wisnRatio: r[`${s}_wisn_ratio`] === null ? null : Number(r[`${s}_wisn_ratio`]),
      }
    : null;

// DOMAIN.md "Aggregation": sums per agency-year of each run, ratios from the sums
const AGENCY_TOTALS = (
  run: string,
) => `SELECT agency_code, year, count(*)::int AS cells, sum(required_fte) AS required_fte, sum(required)::int AS required,
    sum(existing) AS existing, sum(formation)::int AS formation, sum(existing) / nullif(sum(required_fte), 0) AS wisn_ratio
   FROM plan_result WHERE run_id = ${run} AND ($3::int IS NULL OR year = $3) GROUP BY agency_code, year`;
const CHANGED_AGENCIES = `
  WITH a AS (${AGENCY_TOTALS('$1')}), b AS (${AGENCY_TOTALS('$2')})
  SELECT coalesce(a.agency_code, b.agency_code) AS "agencyCode", coalesce(a.year, b.year)::int AS year,
         a.cells AS a_cells, a.required_fte::float8 AS a_required_fte, a.required AS a_required, a.existing::float8 AS a_existing,
         a.formation AS a_formation, a.wisn_ratio::float8 AS a_wisn_ratio,
         b.cells AS b_cells, b.required_fte::float8 AS b_required_fte, b.required AS b_required, b.existing::float8 AS b_existing,
         b.formation AS b_formation, b.wisn_ratio::float8 AS b_wisn_ratio,
         (coalesce(b.required_fte, 0) - coalesce(a.required_fte, 0))::float8 AS "deltaRequiredFte",
         coalesce(b.required, 0) - coalesce(a.required, 0) AS "deltaRequired",
         coalesce(b.formation, 0) - coalesce(a.formation, 0) AS "deltaFormation",
         (b.wisn_ratio - a.wisn_ratio)::float8 AS "deltaWisnRatio"
    FROM a FULL JOIN b ON b.agency_code = a.agency_code AND b.year = a.year
   ORDER BY abs(coalesce(b.formation, 0) - coalesce(a.formation, 0)) DESC, abs(coalesce(b.required_fte, 0) - coalesce(a.required_fte, 0)) DESC,
            coalesce(a.agency_code, b.agency_code) COLLATE "C", coalesce(a.year, b.year)`;

type AgencyRow = Omit<AgencyYearChangeModel, 'before' | 'after'> &
  Record<`${'a' | 'b'}_${'cells' | 'required' | 'formation'}`, number | null> &
  Record<`${'a' | 'b'}_${'required_fte' | 'existing' | 'wisn_ratio'}`, number | null>;
const totals = (r: AgencyRow, s: 'a' | 'b'): RollUpFiguresModel | null =>
  r[`${s}_cells`] === null
    ? null
    : {
        cells: r[`${s}_cells`]!,
        requiredFte: r[`${s}_required_fte`]!,
        required: r[`${s}_required`]!,
        existing: r[`${s}_existing`]!,
        formation: r[`${s}_formation`]!,
        wisnRatio: r[`${s}_wisn_ratio`],
      };

/**
 * Scenario comparison and transfer hints. The comparison is set-based: PostgreSQL joins the two
 * runs' cell-years and sorts the changes, and only one page of them reaches the service, so two
 * national runs are never held in memory.
 */
@Injectable()
export class RunComparisonService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async compare(args: CompareRunsArgs): Promise<RunComparisonModel> {
    await requireFinishedRun(this.db, args.a, args.year, 'year');
    await requireFinishedRun(this.db, args.b, args.year, 'year');
    const after = args.after ? decodeCursor(args.after) : null;
    const base = [args.a, args.b, args.year ?? null];
    // the count of all changed cells comes with the page (a window over the join, before the
    // keyset filter), so the join runs once; only a page past the end needs a count of its own
    const [rows, agencies] = await Promise.all([
      this.db.query(
        `SELECT * FROM (SELECT c.*, count(*) OVER ()::int AS total FROM (${CHANGED_CELLS}) c) w
          WHERE $4::int IS NULL OR (k1, k2, k3, k4, k5, k6) > ($4::int, $5::numeric, $6::text COLLATE "C", $7::text COLLATE "C", $8::text COLLATE "C", $9::int)
          ORDER BY k1, k2, k3, k4, k5, k6 LIMIT $10`,
        [...base, ...(after ?? [null, null, null, null, null, null]), args.first + 1],
      ) as Promise<Array<ChangedRow & { total: number }>>,
      this.db.query(CHANGED_AGENCIES, base) as Promise<AgencyRow[]>,
    ]);
    const changedCells =
      rows[0]?.total ??
      (after ? ((await this.db.query(`SELECT count(*)::int AS n FROM (${CHANGED_CELLS}) c`, base)) as Array<{ n: number }>)[0]!.n : 0);
    const page = rows.slice(0, args.first);
    const cells = page.map((r): CellYearChangeModel => ({
      agencyCode: r.agency_code,
      unitCode: r.unit_code,
      positionCode: r.position_code,
      year: r.year,
      before: side(r, 'a'),
      after: side(r, 'b'),
      deltaRequiredFte: Number(r.d_required_fte),
      deltaRequired: r.d_required,
      deltaFormation: r.d_formation,
      deltaWisnRatio: r.d_wisn_ratio === null ? null : Number(r.d_wisn_ratio),
    }));
    return {
      a: args.a,
      b: args.b,
      changedCells,
      cells,
      endCursor: rows.length > args.first ? encodeCursor(page.at(-1)!) : null,
      agencies: agencies.map((r) => ({
        agencyCode: r.agencyCode,
        year: r.year,
        before: totals(r, 'a'),
        after: totals(r, 'b'),
        deltaRequiredFte: r.deltaRequiredFte,
        deltaRequired: r.deltaRequired,
        deltaFormation: r.deltaFormation,
        deltaWisnRatio: r.deltaWisnRatio,
      })),
    };
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
