import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { RollUpGrouping } from '@formasi/database';
import { requireFinishedRun } from '../plan-runs/finished-run';
import { FormationRollUpArgs } from './formation-roll-up.args';
import { FormationRollUpModel } from './formation-roll-up.model';

const ORDER = `year, "regionCode" COLLATE "C" NULLS FIRST, "agencyCode" COLLATE "C" NULLS FIRST, "unitCode" COLLATE "C" NULLS FIRST,
  category COLLATE "C" NULLS FIRST, level COLLATE "C" NULLS FIRST`;

// a province is the first part of the agency's Kemendagri region code; an agency without one is a region of its own
const REGION = `coalesce(nullif(split_part(a.region_code, '.', 1), ''), r.agency_code)`;

/** The grouped-by columns of a unit roll-up; the grouped-away ones are NULL, as in plan_roll_up. */
const UNIT_GROUPS: Record<RollUpGrouping, { select: string; group: string }> = {
  NONE: { select: 'NULL::text AS category, NULL::text AS level', group: '' },
  CATEGORY: { select: 'r.category, NULL::text AS level', group: ', r.category' },
  CATEGORY_LEVEL: { select: 'r.category, r.level', group: ', r.category, r.level' },
};

/**
 * Reads the roll-ups the worker stored with the run's results (agency, province, nation). A
 * unit's are summed from its own result rows on request: a few dozen cells a unit, where a
 * stored row per unit and grade made a national run write as many roll-ups as results.
 */
@Injectable()
export class FormationRollUpService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async rollUp(args: FormationRollUpArgs): Promise<FormationRollUpModel[]> {
    await requireFinishedRun(this.db, args.runId, args.year, 'year');
    const params = [args.runId, args.year ?? null, args.regionCode ?? null, args.agencyCode ?? null];
    if (args.scope === 'UNIT') return this.db.query(unitRollUpSql(args.groupBy), params);
    return this.db.query(
      `SELECT * FROM (SELECT scope, group_by AS "groupBy", year, region_code AS "regionCode", agency_code AS "agencyCode", unit_code AS "unitCode",
              category, level, cells, required_fte::float8 AS "requiredFte", required, existing::float8 AS existing,
              supply_end::float8 AS "supplyEnd", retirements, formation, surplus::float8 AS surplus, formation_cost::float8 AS "formationCost",
              uncosted_formation AS "uncostedFormation", wisn_ratio::float8 AS "wisnRatio", efficiency::float8 AS efficiency
         FROM plan_roll_up
        WHERE run_id = $1 AND scope = $5 AND group_by = $6 AND ($2::int IS NULL OR year = $2)
          AND ($3::text IS NULL OR region_code = $3) AND ($4::text IS NULL OR agency_code = $4)) t
        ORDER BY ${ORDER}`,
      [...params, args.scope, args.groupBy],
    );
  }
}

/** DOMAIN.md "Aggregation": sums of the unit's cells, ratios of the sums — the figures plan_roll_up held. */
function unitRollUpSql(groupBy: RollUpGrouping): string {
  const g = UNIT_GROUPS[groupBy];
  return `SELECT * FROM (SELECT 'UNIT' AS scope, '${groupBy}' AS "groupBy", r.year, ${REGION} AS "regionCode", r.agency_code AS "agencyCode",
                 r.unit_code AS "unitCode", ${g.select}, count(*)::int AS cells, sum(r.required_fte)::float8 AS "requiredFte",
                 sum(r.required)::int AS required, sum(r.existing)::float8 AS existing, sum(r.supply_end)::float8 AS "supplyEnd",
                 sum(r.retirements)::int AS retirements, sum(r.formation)::int AS formation, sum(r.surplus)::float8 AS surplus,
                 sum(r.formation_cost)::float8 AS "formationCost",
                 coalesce(sum(r.formation) FILTER (WHERE r.annual_cost IS NULL), 0)::int AS "uncostedFormation",
                 (sum(r.existing) / nullif(sum(r.required_fte), 0))::float8 AS "wisnRatio",
                 (sum(r.required_fte) / nullif(sum(r.existing), 0))::float8 AS efficiency
            FROM plan_result r JOIN agency a ON a.id = r.agency_id
           WHERE r.run_id = $1 AND ($2::int IS NULL OR r.year = $2) AND ($3::text IS NULL OR ${REGION} = $3)
             AND ($4::text IS NULL OR r.agency_code = $4)
           GROUP BY r.year, ${REGION}, r.agency_code, r.unit_code${g.group}) t
           ORDER BY ${ORDER}`;
}
