import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CellExplanation, explainCell, PLANNING_RULES_VERSION } from '@formasi/planning';
import { runAgencyProblem, RunInputUnavailable } from '@formasi/database';
import { DomainError, DomainErrorCode, InputValidationError, NotFoundError } from '../common/domain-error';
import { requireFinishedRun } from '../plan-runs/finished-run';
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

const SORTS: Record<FormationSort, { column: string; order: string }> = {
  [FormationSort.PRESSURE]: { column: 'pressure', order: 'pressure DESC, id ASC' },
  [FormationSort.FORMATION]: { column: 'formation', order: 'formation DESC, id ASC' },
};

const GROUPS: Record<SummaryGroupBy, { select: string; group: string }> = {
  [SummaryGroupBy.UNIT]: {
    select: 'agency_code AS "agencyCode", unit_code AS "unitCode", NULL AS category',
    group: 'agency_code, unit_code',
  },
  [SummaryGroupBy.AGENCY]: { select: 'agency_code AS "agencyCode", NULL AS "unitCode", NULL AS category', group: 'agency_code' },
  [SummaryGroupBy.CATEGORY]: { select: 'NULL AS "agencyCode", NULL AS "unitCode", category', group: 'category' },
};

interface Cursor {
  value: string;
  id: string;
}
const encodeCursor = (c: Cursor): string => Buffer.from(JSON.stringify([c.value, c.id])).toString('base64url');
function decodeCursor(s: string): Cursor {
  try {
    const [value, id] = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof value === 'string' && typeof id === 'string' && /^-?[\d.e+-]+$/i.test(value) && /^\d+$/.test(id)) return { value, id };
  } catch {
    // fall through to the validation error
  }
  throw new InputValidationError([{ field: 'after', message: 'after is not a cursor returned by this query' }]);
}

@Injectable()
export class FormationService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** `agencyIds`: the caller's agencies (null = all); rows of other agencies are never read. */
  private where(runId: string, filter: FormationFilter | null | undefined, params: unknown[], agencyIds: string[] | null): string {
    params.push(runId);
    const clauses = [`run_id = $${params.length}`];
    if (agencyIds !== null) {
      params.push(agencyIds);
      clauses.push(`agency_id = ANY($${params.length}::uuid[])`);
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

  async needs(args: FormationNeedsArgs, agencyIds: string[] | null = null): Promise<FormationNeedConnection> {
    await requireFinishedRun(this.db, args.runId);
    const sort = SORTS[args.sort];
    const params: unknown[] = [];
    const where = this.where(args.runId, args.filter, params, agencyIds);
    const totalsPromise: Promise<FormationTotalsModel[]> = this.db.query(`SELECT ${TOTAL_COLUMNS} FROM plan_result WHERE ${where}`, [
      ...params,
    ]);

    let page = where;
    if (args.after) {
      const c = decodeCursor(args.after);
      params.push(c.value, c.id);
      // keyset pagination: strictly after (value, id) in "value DESC, id ASC" order
      page += ` AND (${sort.column} < $${params.length - 1}::numeric OR (${sort.column} = $${params.length - 1}::numeric AND id > $${params.length}::bigint))`;
    }
    params.push(args.first + 1);
    const rows: FormationNeedModel[] = await this.db.query(
      `SELECT ${NEED_COLUMNS}, ${sort.column}::text AS "sortValue" FROM plan_result WHERE ${page} ORDER BY ${sort.order} LIMIT $${params.length}`,
      params,
    );
    const [totals] = await totalsPromise;
    const hasNextPage = rows.length > args.first;
    const nodes = rows.slice(0, args.first).map((r) => r as FormationNeedModel & { sortValue?: string });
    const edges = nodes.map((n) => {
      const cursor = encodeCursor({ value: n.sortValue ?? '0', id: n.id });
      delete n.sortValue;
      return { cursor, node: n as FormationNeedModel };
    });
    return {
      edges,
      nodes: edges.map((e) => e.node),
      pageInfo: { endCursor: edges.at(-1)?.cursor ?? null, hasNextPage },
      totalCount: totals?.cells ?? 0,
      totals: totals!,
    };
  }

  async summary(args: FormationSummaryArgs, agencyIds: string[] | null = null): Promise<FormationSummaryRowModel[]> {
    await requireFinishedRun(this.db, args.runId);
    const g = GROUPS[args.groupBy];
    const params: unknown[] = [];
    const where = this.where(args.runId, { year: args.year }, params, agencyIds);
    return this.db.query(
      `SELECT ${g.select}, year, ${TOTAL_COLUMNS}, ${EXIT_COLUMNS} FROM plan_result WHERE ${where}
        GROUP BY ${g.group}, year ORDER BY year, ${g.group
          .split(', ')
          .map((c) => `${c} NULLS FIRST`)
          .join(', ')}`,
      params,
    );
  }

  /**
   * Recomputed on demand from the run's input snapshot; nothing of it is stored. A run computed
   * under older planning rules is explained under the current ones, and says so.
   */
  async explain(args: CellExplanationArgs): Promise<CellExplanation> {
    const run = await requireFinishedRun(this.db, args.runId);
    const problem = await runAgencyProblem(this.db, args.runId, { agencyCode: args.agencyCode }).catch((e: unknown) => {
      if (e instanceof RunInputUnavailable) throw new DomainError(DomainErrorCode.WRONG_STATE, e.message);
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
