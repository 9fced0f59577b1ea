import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CellExplanation, explainCell, PLANNING_RULES_VERSION, PlanningProblem } from '@formasi/planning';
import { runAgencyProblem, RunInputUnavailable } from '@formasi/database';
import { DomainError, DomainErrorCode, InputValidationError, NotFoundError } from '../common/domain-error';
import { WeightedLru } from '../common/weighted-lru';
import { FinishedRun, requireFinishedRun } from '../plan-runs/finished-run';
import type { AgencyScope } from '../auth/actor';
import { CellExplanationArgs, FormationFilter, FormationNeedsArgs, FormationSummaryArgs } from './formation-needs.args';
import {
  FormationNeedConnection,
  FormationNeedModel,
  FormationSort,
  FormationSummaryRowModel,
  FormationTotalsModel,
  SummaryGroupBy,
} from './formation-need.model';

const NEED_COLUMNS = `id::text AS id, agency_code AS "agencyCode", unit_code AS "unitCode", position_code AS "positionCode", category, level, year,
  required_fte::float8 AS "requiredFte", required, existing::float8 AS existing, supply_start::float8 AS "supplyStart", retirements,
  contract_ends AS "contractEnds", expected_attrition::float8 AS "expectedAttrition", attrition::float8 AS attrition, rules_version AS "rulesVersion", exits::float8 AS exits, supply_end::float8 AS "supplyEnd", formation,
  surplus::float8 AS surplus, caf::float8 AS caf, iaf::float8 AS iaf, wisn_ratio::float8 AS "wisnRatio", pressure::float8 AS pressure,
  efficiency::float8 AS efficiency, efficiency_band AS "efficiencyBand", priority::float8 AS priority, annual_cost::float8 AS "annualCost",
  formation_cost::float8 AS "formationCost"`;

// Ratios come from the sums, never from averaging ratios (DOMAIN.md "Aggregation").
const TOTAL_COLUMNS = `count(*)::int AS cells, coalesce(sum(required_fte), 0)::float8 AS "requiredFte", coalesce(sum(required), 0)::int AS required,
  coalesce(sum(existing), 0)::float8 AS existing, coalesce(sum(supply_end), 0)::float8 AS "supplyEnd",
  coalesce(sum(formation), 0)::int AS formation, coalesce(sum(surplus), 0)::float8 AS surplus,
  (sum(existing) / nullif(sum(required_fte), 0))::float8 AS "wisnRatio", sum(formation_cost)::float8 AS "formationCost",
  coalesce(sum(formation) FILTER (WHERE annual_cost IS NULL), 0)::int AS "uncostedFormation"`;

// who leaves in a year, beside the totals of a summary row
const EXIT_COLUMNS = `coalesce(sum(retirements), 0)::int AS retirements, coalesce(sum(contract_ends), 0)::int AS "contractEnds", coalesce(sum(attrition), 0)::float8 AS attrition`;

// who leaves in a year, summed from stored roll-ups (contract_ends and attrition are NULL on older ones)
const ROLL_UP_TOTAL_COLUMNS = `coalesce(sum(cells), 0)::int AS cells, coalesce(sum(required_fte), 0)::float8 AS "requiredFte",
  coalesce(sum(required), 0)::int AS required, coalesce(sum(existing), 0)::float8 AS existing, coalesce(sum(supply_end), 0)::float8 AS "supplyEnd",
  coalesce(sum(formation), 0)::int AS formation, coalesce(sum(surplus), 0)::float8 AS surplus,
  (sum(existing) / nullif(sum(required_fte), 0))::float8 AS "wisnRatio", sum(formation_cost)::float8 AS "formationCost",
  coalesce(sum(uncosted_formation), 0)::int AS "uncostedFormation"`;
/** A stored roll-up row as a summary row: its sums, and its ratio of the sums. */
const STORED_SUMMARY_COLUMNS = `cells, required_fte::float8 AS "requiredFte", required, existing::float8 AS existing,
  supply_end::float8 AS "supplyEnd", formation, surplus::float8 AS surplus, wisn_ratio::float8 AS "wisnRatio",
  formation_cost::float8 AS "formationCost", uncosted_formation AS "uncostedFormation", retirements,
  contract_ends AS "contractEnds", attrition::float8 AS attrition`;

/**
 * A page is ordered by one ascending key, (−pressure as a double, id) or (−formation, id): the same order as
 * "pressure DESC, id ASC", and "after the cursor" becomes a row comparison that the indexes on
 * (run_id[, year], key, id) answer without reading the rows before it. The cursor keeps the sort
 * value itself, as before, so cursors issued earlier still work.
 */
const SORTS: Record<FormationSort, { column: string; key: string; cast: string; value: RegExp }> = {
  // a pressure is a double's exact shortest text, so as a double it orders the rows as the numeric does (an index on it builds faster)
  [FormationSort.PRESSURE]: {
    column: 'pressure',
    key: '(-(pressure::float8))',
    cast: 'float8',
    value: /^-?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i,
  },
  [FormationSort.FORMATION]: { column: 'formation', key: '(-formation)', cast: 'int', value: /^-?\d{1,9}$/ },
};

const GROUPS: Record<SummaryGroupBy, { select: string; group: string }> = {
  [SummaryGroupBy.UNIT]: {
    select: 'agency_code AS "agencyCode", unit_code AS "unitCode", NULL AS category',
    group: 'agency_code, unit_code',
  },
  [SummaryGroupBy.AGENCY]: { select: 'agency_code AS "agencyCode", NULL AS "unitCode", NULL AS category', group: 'agency_code' },
  [SummaryGroupBy.CATEGORY]: { select: 'NULL AS "agencyCode", NULL AS "unitCode", category', group: 'category' },
};

/** The stored roll-ups that hold a summary's groups: a unit has none (its rows are few). */
const SUMMARY_ROLL_UPS: Partial<Record<SummaryGroupBy, { scope: string; groupBy: string }>> = {
  [SummaryGroupBy.AGENCY]: { scope: 'AGENCY', groupBy: 'NONE' },
  [SummaryGroupBy.CATEGORY]: { scope: 'NATION', groupBy: 'CATEGORY' },
};

interface Cursor {
  value: string;
  id: string;
}
const encodeCursor = (c: Cursor): string => Buffer.from(JSON.stringify([c.value, c.id])).toString('base64url');
function decodeCursor(s: string, sort: FormationSort): Cursor {
  try {
    const [value, id] = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof value === 'string' && typeof id === 'string' && SORTS[sort].value.test(value) && /^\d{1,18}$/.test(id)) return { value, id };
  } catch {
    // fall through to the validation error
  }
  throw new InputValidationError([{ field: 'after', message: `after is not a cursor returned by this query (sort ${sort})` }]);
}

/** A statement and its parameters; exported so tests can EXPLAIN exactly what a page runs. */
export interface SqlStatement {
  text: string;
  params: unknown[];
}

/** What the run's stored roll-ups can answer: none before roll-ups existed, no exits before they were kept. */
interface StoredRollUps {
  totals: boolean;
  exits: boolean;
}

/**
 * What the API keeps of finished runs, in memory, per process. A finished run's results do not
 * change; if they are ever written again (a redelivered job) the run gets a new finishedAt, which
 * is part of every key, and the run row is read on every request. Bounded by weight: rows of
 * summaries, employees and cells of the agencies' problems (~30 MiB at most each), and totals (a few MiB).
 */
const SUMMARY_ROWS_KEPT = 60_000;
const PROBLEM_WEIGHT_KEPT = 120_000;
const TOTALS_KEPT = 10_000;

const runKey = (run: FinishedRun, ...parts: unknown[]): string => JSON.stringify([run.id, run.finishedAt, ...parts]);

@Injectable()
export class FormationService {
  private readonly summaries = new WeightedLru<FormationSummaryRowModel[]>(SUMMARY_ROWS_KEPT, (rows) => rows.length);
  private readonly totalsKept = new WeightedLru<FormationTotalsModel>(TOTALS_KEPT, () => 1);
  private readonly problems = new WeightedLru<PlanningProblem>(
    PROBLEM_WEIGHT_KEPT,
    (p) => (p.plan?.employees?.length ?? 0) + p.cells.length,
  );

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * `scope`: the caller's agencies (null = all); rows of other agencies are never read. By id and
   * by code: by id alone, a limited caller's national page walked all 40 batch tables' indexes
   * (0.44–0.5 s of SQL); by code too it reads the batch tables of its agencies only (1–3 ms).
   */
  private where(runId: string, filter: FormationFilter | null | undefined, params: unknown[], scope: AgencyScope | null): string {
    params.push(runId);
    const clauses = [`run_id = $${params.length}`];
    if (scope !== null) {
      params.push(scope.ids);
      clauses.push(`agency_id = ANY($${params.length}::uuid[])`);
      params.push(scope.codes);
      clauses.push(`agency_code = ANY($${params.length}::text[])`);
    }
    const add = (column: string, value: unknown): void => {
      if (value === null || value === undefined) return;
      params.push(value);
      clauses.push(`${column} = $${params.length}`);
    };
    add('agency_code', filter?.agencyCode);
    add('unit_code', filter?.unitCode);
    add('position_code', filter?.positionCode);
    add('category', filter?.category);
    add('year', filter?.year);
    return clauses.join(' AND ');
  }

  /**
   * One page of formationNeeds: `first` + 1 rows (the extra one says whether a next page exists).
   * `plan_result.id`, not `id`: in ORDER BY a bare `id` is the selected text `id::text`, which
   * ordered ties as text ('10' before '9') while the cursor compared numbers, so pages skipped
   * and repeated tied rows once ids differed in length.
   */
  pageStatement(args: FormationNeedsArgs, scope: AgencyScope | null = null): SqlStatement {
    const sort = SORTS[args.sort];
    const params: unknown[] = [];
    let where = this.where(args.runId, args.filter, params, scope);
    if (args.after) {
      const c = decodeCursor(args.after, args.sort);
      params.push(c.value, c.id);
      where += ` AND (${sort.key}, id) > (-($${params.length - 1}::${sort.cast}), $${params.length}::bigint)`;
    }
    params.push(args.first + 1);
    return {
      text: `SELECT ${NEED_COLUMNS}, ${sort.column}::text AS "sortValue" FROM plan_result WHERE ${where} ORDER BY ${sort.key}, plan_result.id LIMIT $${params.length}`,
      params,
    };
  }

  async needs(args: FormationNeedsArgs, scope: AgencyScope | null = null): Promise<FormationNeedConnection> {
    const page = this.pageStatement(args, scope); // a malformed cursor fails before any query
    const run = await requireFinishedRun(this.db, args.runId);
    const totalsPromise = this.totals(run, args.filter, scope);
    const rows: Array<FormationNeedModel & { sortValue?: string }> = await this.db.query(page.text, page.params);
    const totals = await totalsPromise;
    const hasNextPage = rows.length > args.first;
    const edges = rows.slice(0, args.first).map((n) => {
      const cursor = encodeCursor({ value: n.sortValue ?? '0', id: n.id });
      delete n.sortValue;
      return { cursor, node: n as FormationNeedModel };
    });
    return {
      edges,
      nodes: edges.map((e) => e.node),
      pageInfo: { endCursor: edges.at(-1)?.cursor ?? null, hasNextPage },
      totalCount: totals.cells,
      totals,
    };
  }

  /**
   * Sums over every row of the filter. At nation or agency scope, optionally by category and
   * year, the stored roll-ups hold them (a national run's totals were 1.5M rows summed on every
   * page); a unit or position filter, or a caller limited to some agencies, sums its own rows.
   */
  private async totals(
    run: FinishedRun,
    filter: FormationFilter | null | undefined,
    scope: AgencyScope | null,
  ): Promise<FormationTotalsModel> {
    const key = runKey(run, filter ?? null, scope?.ids ?? null);
    return this.totalsKept.getOrLoad(key, () => this.sumTotals(run.id, filter, scope));
  }

  private async sumTotals(
    runId: string,
    filter: FormationFilter | null | undefined,
    scope: AgencyScope | null,
  ): Promise<FormationTotalsModel> {
    if (scope === null && !filter?.unitCode && !filter?.positionCode && (await this.storedRollUps(runId)).totals) {
      const [row] = await this.db.query(
        `SELECT ${ROLL_UP_TOTAL_COLUMNS} FROM plan_roll_up
          WHERE run_id = $1 AND scope = $2 AND group_by = $3 AND ($4::text IS NULL OR agency_code = $4)
            AND ($5::text IS NULL OR category = $5) AND ($6::int IS NULL OR year = $6)`,
        [
          runId,
          filter?.agencyCode ? 'AGENCY' : 'NATION',
          filter?.category ? 'CATEGORY' : 'NONE',
          filter?.agencyCode ?? null,
          filter?.category ?? null,
          filter?.year ?? null,
        ],
      );
      return row as FormationTotalsModel;
    }
    const params: unknown[] = [];
    const [row] = await this.db.query(`SELECT ${TOTAL_COLUMNS} FROM plan_result WHERE ${this.where(runId, filter, params, scope)}`, params);
    return row as FormationTotalsModel;
  }

  private async storedRollUps(runId: string): Promise<StoredRollUps> {
    const [row] = await this.db.query(
      `SELECT count(*) > 0 AS totals, coalesce(bool_and(contract_ends IS NOT NULL AND attrition IS NOT NULL), false) AS exits
         FROM plan_roll_up WHERE run_id = $1 AND scope = 'NATION' AND group_by = 'NONE'`,
      [runId],
    );
    return row as StoredRollUps;
  }

  async summary(args: FormationSummaryArgs, scope: AgencyScope | null = null): Promise<FormationSummaryRowModel[]> {
    const run = await requireFinishedRun(this.db, args.runId);
    const key = runKey(run, args.groupBy, args.year ?? null, scope?.ids ?? null);
    return this.summaries.getOrLoad(key, () => this.sumSummary(args, scope));
  }

  private async sumSummary(args: FormationSummaryArgs, scope: AgencyScope | null): Promise<FormationSummaryRowModel[]> {
    const g = GROUPS[args.groupBy];
    const order = `year, ${g.group
      .split(', ')
      .map((c) => `${c} NULLS FIRST`)
      .join(', ')}`;
    const stored = SUMMARY_ROLL_UPS[args.groupBy];
    if (stored && scope === null && (await this.storedRollUps(args.runId)).exits) {
      // one stored row per group and year (uq_plan_roll_up): read as stored, not summed again
      // (re-aggregating 3,145 agency rows in numeric took 56 ms of the national summary's 69 ms of SQL)
      return this.db.query(
        `SELECT ${g.select}, year, ${STORED_SUMMARY_COLUMNS} FROM plan_roll_up
          WHERE run_id = $1 AND scope = $2 AND group_by = $3 AND ($4::int IS NULL OR year = $4)
          ORDER BY ${order}`,
        [args.runId, stored.scope, stored.groupBy, args.year ?? null],
      );
    }
    const params: unknown[] = [];
    const where = this.where(args.runId, { year: args.year }, params, scope);
    return this.db.query(
      `SELECT ${g.select}, year, ${TOTAL_COLUMNS}, ${EXIT_COLUMNS} FROM plan_result WHERE ${where} GROUP BY ${g.group}, year ORDER BY ${order}`,
      params,
    );
  }

  /**
   * Recomputed on demand from the run's input snapshot; nothing of it is stored. A run computed
   * under older planning rules is explained under the current ones, and says so.
   */
  async explain(args: CellExplanationArgs): Promise<CellExplanation> {
    const run = await requireFinishedRun(this.db, args.runId);
    const cache = { store: this.problems, key: runKey(run, args.agencyCode) };
    const problem = await runAgencyProblem(this.db, args.runId, { agencyCode: args.agencyCode }, cache).catch((e: unknown) => {
      if (e instanceof RunInputUnavailable) throw new DomainError(DomainErrorCode.RUN_INPUTS_PURGED, e.message);
      throw e;
    });
    if (!problem) throw new NotFoundError('agency in plan run', args.agencyCode);
    const explanation = explainCell(problem, { positionCode: args.positionCode, unitCode: args.unitCode ?? null, year: args.year });
    if (run.rulesVersion === PLANNING_RULES_VERSION) return explanation;
    return {
      ...explanation,
      notice:
        `Run ${run.id} was computed with planning rules version ${run.rulesVersion}; this explanation recomputes its inputs with version ` +
        `${PLANNING_RULES_VERSION}, so its figures may differ from the stored results. Start the run again to store results under the current rules.`,
    };
  }
}
