import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  nipsInVersion,
  projectedByCategory,
  rosterBracket,
  rosterHeadcountByCategory,
  rosterLeavers,
  runAgencies,
  runAgencyPlan,
  RunAgency,
  RunInputUnavailable,
} from '@formasi/database';
import {
  AccuracyFigures,
  compareProjection,
  POSITION_CATEGORIES,
  projectedExits,
  ProjectionAccuracyResult,
  sumAccuracy,
} from '@formasi/planning';
import { DomainError, DomainErrorCode, InputValidationError, NotFoundError } from '../common/domain-error';
import { requireFinishedRun } from '../plan-runs/finished-run';
import { ProjectionAccuracyArgs, StaffExitAccuracyArgs } from './projection-accuracy.args';
import {
  AgencyProjectionAccuracyModel,
  ProjectionAccuracyReportModel,
  StaffExitAccuracyConnection,
  UnobservedReason,
} from './projection-accuracy.model';

interface AgencyComparison {
  model: AgencyProjectionAccuracyModel;
  result: ProjectionAccuracyResult | null;
  /** Why the run's own inputs are gone (RUN_INPUTS_PURGED), for the readers of one agency. */
  inputsPurged?: string;
}

const encodeCursor = (offset: number): string => Buffer.from(`staff:${offset}`).toString('base64url');
function decodeCursor(cursor: string): number {
  const m = /^staff:(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw new InputValidationError([{ field: 'after', message: 'after is not a cursor returned by this query' }]);
  return Number(m[1]);
}

/**
 * A run's projected exits for a year against the leavers between the roster versions that
 * bracket it (docs/projection-accuracy.md). Computed on request, agency by agency, by the
 * engine; the versions and the run's snapshot are immutable, so the answer never changes
 * once both versions exist.
 */
@Injectable()
export class ProjectionAccuracyService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async report(args: ProjectionAccuracyArgs, agencyIds: string[] | null): Promise<ProjectionAccuracyReportModel> {
    const periodStart = await this.periodStart(args.runId, args.year);
    const agencies = await runAgencies(this.db, args.runId, agencyIds, args.agencyCode ?? null);
    if (args.agencyCode && agencies.length === 0) throw new NotFoundError('agency in plan run', args.agencyCode);
    const rows: AgencyProjectionAccuracyModel[] = [];
    const observed: AccuracyFigures[][] = [];
    for (const agency of agencies) {
      const { model, result } = await this.compare(args.runId, args.year, periodStart, agency);
      rows.push(model);
      if (result) observed.push(result.categories);
    }
    const all = observed.flat();
    return {
      runId: args.runId,
      year: args.year,
      agencies: rows,
      total: observed.length > 0 ? sumAccuracy(observed.map((c) => sumAccuracy(c))) : null,
      categories: POSITION_CATEGORIES.filter((c) => all.some((f) => f.category === c)).map((c) =>
        sumAccuracy(
          all.filter((f) => f.category === c),
          c,
        ),
      ),
    };
  }

  async staff(args: StaffExitAccuracyArgs): Promise<StaffExitAccuracyConnection> {
    const periodStart = await this.periodStart(args.runId, args.year);
    const [agency] = await runAgencies(this.db, args.runId, null, args.agencyCode);
    if (!agency) throw new NotFoundError('agency in plan run', args.agencyCode);
    const { model, result, inputsPurged } = await this.compare(args.runId, args.year, periodStart, agency);
    if (inputsPurged) throw new DomainError(DomainErrorCode.RUN_INPUTS_PURGED, inputsPurged);
    if (!result) {
      throw new InputValidationError([
        { field: 'year', message: `${args.agencyCode} ${args.year} cannot be compared yet: ${model.unobservedReason}` },
      ]);
    }
    const all = args.status ? result.staff.filter((s) => s.status === args.status) : result.staff;
    const start = args.after ? decodeCursor(args.after) + 1 : 0;
    const page = all.slice(start, start + args.first);
    return {
      totalCount: all.length,
      edges: page.map((node, i) => ({ cursor: encodeCursor(start + i), node })),
      pageInfo: {
        endCursor: page.length > 0 ? encodeCursor(start + page.length - 1) : null,
        hasNextPage: start + page.length < all.length,
      },
    };
  }

  /** The first day after which the run's projection for the year counts exits: its asOf, or 31 December of the previous plan year. */
  private async periodStart(runId: string, year: number): Promise<string> {
    const run = await requireFinishedRun(this.db, runId, year, 'year');
    const [{ asOf }] = (await this.db.query(`SELECT to_char(as_of, 'YYYY-MM-DD') AS "asOf" FROM plan_run WHERE id = $1`, [
      runId,
    ])) as Array<{ asOf: string }>;
    if (asOf >= `${year}-01-01`) {
      throw new InputValidationError([
        { field: 'year', message: `run ${runId} was made on a roster of ${asOf}, not before ${year}: it projected no whole year ${year}` },
      ]);
    }
    const earlier = run.years.filter((y) => y < year);
    return earlier.length === 0 ? asOf : `${Math.max(...earlier)}-12-31`;
  }

  private async compare(runId: string, year: number, periodStart: string, agency: RunAgency): Promise<AgencyComparison> {
    const { before, after } = await rosterBracket(this.db, agency.agencyId, periodStart, `${year}-12-31`);
    const model: AgencyProjectionAccuracyModel = {
      agencyCode: agency.agencyCode,
      agencyName: agency.agencyName,
      observed: false,
      unobservedReason: null,
      periodStart,
      fromVersion: before?.version ?? null,
      fromAsOf: before?.asOf ?? null,
      toVersion: after?.version ?? null,
      toAsOf: after?.asOf ?? null,
      windowMonths: null,
      total: null,
      categories: [],
    };
    model.unobservedReason = !before
      ? UnobservedReason.NO_ROSTER_BEFORE
      : !after
        ? UnobservedReason.NO_ROSTER_AFTER
        : before.purged || after.purged
          ? UnobservedReason.ROWS_PURGED
          : null;
    if (model.unobservedReason || !before || !after) return { model, result: null };
    let plan: Awaited<ReturnType<typeof runAgencyPlan>>;
    try {
      plan = await runAgencyPlan(this.db, runId, agency.agencyId);
    } catch (e) {
      // a run kept from before retention kept what runs read: this agency cannot be compared, the others still can
      if (!(e instanceof RunInputUnavailable)) throw e;
      model.unobservedReason = UnobservedReason.RUN_INPUTS_PURGED;
      return { model, result: null, inputsPurged: e.message };
    }
    if (!plan) throw new NotFoundError('agency in plan run', agency.agencyCode);
    const exits = projectedExits(plan);
    const [projected, inPost, leavers, stillInPost] = [
      await projectedByCategory(this.db, runId, agency.agencyId, year),
      await rosterHeadcountByCategory(this.db, before.id),
      await rosterLeavers(this.db, before.id, after.id),
      await nipsInVersion(
        this.db,
        after.id,
        exits.filter((e) => e.year === year).map((e) => e.nip),
      ),
    ];
    const result = compareProjection({
      year,
      fromAsOf: before.asOf,
      toAsOf: after.asOf,
      retirementAges: plan.retirementAges,
      projected,
      exits,
      stillInPost,
      inPost,
      leavers,
    });
    Object.assign(model, { observed: true, windowMonths: result.windowMonths, total: result.total, categories: result.categories });
    return { model, result };
  }
}
