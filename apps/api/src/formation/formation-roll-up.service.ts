import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { requireFinishedRun } from '../plan-runs/finished-run';
import { FormationRollUpArgs } from './formation-roll-up.args';
import { FormationRollUpModel } from './formation-roll-up.model';

/** Reads the roll-ups the worker stored with the run's results; nothing is aggregated here. */
@Injectable()
export class FormationRollUpService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async rollUp(args: FormationRollUpArgs): Promise<FormationRollUpModel[]> {
    await requireFinishedRun(this.db, args.runId, args.year, 'year');
    return this.db.query(
      `SELECT scope, group_by AS "groupBy", year, region_code AS "regionCode", agency_code AS "agencyCode", unit_code AS "unitCode",
              category, level, cells, required_fte::float8 AS "requiredFte", required, existing::float8 AS existing,
              supply_end::float8 AS "supplyEnd", retirements, formation, surplus::float8 AS surplus, formation_cost::float8 AS "formationCost",
              uncosted_formation AS "uncostedFormation", wisn_ratio::float8 AS "wisnRatio", efficiency::float8 AS efficiency
         FROM plan_roll_up
        WHERE run_id = $1 AND scope = $2 AND group_by = $3 AND ($4::int IS NULL OR year = $4)
          AND ($5::text IS NULL OR region_code = $5) AND ($6::text IS NULL OR agency_code = $6)
        ORDER BY year, region_code COLLATE "C" NULLS FIRST, agency_code COLLATE "C" NULLS FIRST, unit_code COLLATE "C" NULLS FIRST,
                 category COLLATE "C" NULLS FIRST, level COLLATE "C" NULLS FIRST`,
      [args.runId, args.scope, args.groupBy, args.year ?? null, args.regionCode ?? null, args.agencyCode ?? null],
    );
  }
}
