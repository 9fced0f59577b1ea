import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { currentRosterVersion } from '@formasi/database';
import { AgeProfileGroup, RetirementAgeRule, ageProfile, formatYmd, parseIsoDate } from '@formasi/planning';
import { InputValidationError } from '../common/domain-error';
import { AgePyramidArgs } from './age-pyramid.args';
import { AgePyramidModel } from './age-pyramid.model';

@Injectable()
export class AgePyramidService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** One GROUP BY over the agency's current roster version, then the engine's retirement rules. */
  async pyramid(args: AgePyramidArgs): Promise<AgePyramidModel> {
    const [agency] = (await this.db.query('SELECT id, code FROM agency WHERE code = $1', [args.agencyCode])) as Array<{
      id: string;
      code: string;
    }>;
    if (!agency) throw new InputValidationError([{ field: 'agencyCode', message: `agency ${args.agencyCode} does not exist` }]);
    const version = await currentRosterVersion(this.db, agency.id);
    const asOf = args.asOf ?? version?.asOf ?? new Date().toISOString().slice(0, 10);
    const asOfYmd = parseIsoDate(asOf);
    if (asOfYmd < 0) throw new InputValidationError([{ field: 'asOf', message: `asOf must be a calendar date yyyy-mm-dd, got ${asOf}` }]);
    const [policy] = (await this.db.query(
      `SELECT retirement_ages AS "retirementAges", renew_contracts AS "renewContracts" FROM planning_policy
        WHERE agency_id = $1 OR agency_id IS NULL ORDER BY agency_id NULLS LAST LIMIT 1`,
      [agency.id],
    )) as Array<{ retirementAges: RetirementAgeRule[]; renewContracts: boolean }>;
    const groups: AgeProfileGroup[] = version
      ? await this.db.query(
          `SELECT to_char(r.birth_date, 'YYYYMMDD')::int AS "birthYmd", r.sex, r.employment_type AS "employmentType", r.category, r.level,
                  r.position_code AS "positionCode", coalesce(to_char(r.contract_end, 'YYYYMMDD')::int, 0) AS "contractEndYmd", count(*)::int AS count
             FROM staffing_submission_row r WHERE r.submission_id = $1
            GROUP BY 1, 2, 3, 4, 5, 6, 7`,
          [version.id],
        )
      : [];
    // a position's own law may set its retirement age (teachers, lecturers …), as in the plan
    const positionAges: RetirementAgeRule[] = await this.db.query(
      `SELECT category, level, code AS "positionCode", retirement_age_override AS age FROM position
        WHERE retirement_age_override IS NOT NULL AND code = ANY($1::text[])`,
      [[...new Set(groups.map((g) => g.positionCode))]],
    );
    const profile = ageProfile(groups, {
      asOfYmd,
      years: args.years,
      retirementAges: [...(policy?.retirementAges ?? []), ...positionAges],
      renewContracts: policy?.renewContracts ?? false,
    });
    return { agencyCode: agency.code, rosterVersion: version?.version ?? null, asOf: formatYmd(asOfYmd), ...profile };
  }
}
