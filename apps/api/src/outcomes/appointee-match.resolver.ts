import { Args, Field, ID, Int, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { appointeeKey, AppointeeLine, matchAppointees } from '@formasi/planning';
import { Allow, READERS, proposalAt } from '../auth/access-rule';
import { DomainError, DomainErrorCode } from '../common/domain-error';
import { ProposalService } from '../proposals/proposal.service';

@ObjectType('AppointeeLine', {
  description: 'A determined line: the people it appointed and how many of them a later roster version shows.',
})
export class AppointeeLineModel {
  @Field(() => ID) lineId: string;
  @Field() positionCode: string;
  @Field(() => String, { nullable: true }) unitCode: string | null;
  @Field() procurement: string;
  @Field() formationType: string;
  @Field(() => Int) appointed: number;
  @Field(() => Int, { description: 'Joiners of later roster versions in the same position, unit and employment type given to this line.' })
  matched: number;
  @Field(() => Int, { description: 'appointed − matched: appointees never seen in a roster.' }) missing: number;
}

@ObjectType('AppointeeReport', { description: "A DETERMINED proposal's appointees against the roster versions after its decree." })
export class AppointeeReportModel {
  @Field(() => ID) proposalId: string;
  @Field(() => String, { nullable: true }) decreeDate: string | null;
  @Field(() => Int, { nullable: true, description: 'The roster version the joiners are counted from: the newest on or before the decree.' })
  baselineVersion: number | null;
  @Field(() => Int, { description: 'Roster versions after the decree that were compared.' }) laterVersions: number;
  @Field(() => Int) appointed: number;
  @Field(() => Int) matched: number;
  @Field(() => Int) missing: number;
  @Field(() => [AppointeeLineModel], {
    description: 'Lines with appointees; with onlyMissing, those some of whose appointees never appeared.',
  })
  lines: AppointeeLineModel[];
}

/**
 * Closes the loop: joiners (NIPs absent from the roster version current at the decree, present in
 * a later one; each counted once, where first seen) are given to the determined lines by position,
 * unit and employment type (CPNS → PNS, PPPK → PPPK), up to what each line appointed.
 */
@Resolver()
export class AppointeeMatchResolver {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly proposals: ProposalService,
  ) {}

  @Allow({ roles: READERS, agency: proposalAt('proposalId') })
  @Query(() => AppointeeReportModel, { description: "A DETERMINED proposal's appointees matched to joiners of later roster versions." })
  async appointeeMatches(
    @Args('proposalId', { type: () => ID }) proposalId: string,
    @Args('onlyMissing', { defaultValue: false }) onlyMissing: boolean,
  ): Promise<AppointeeReportModel> {
    const p = await this.proposals.require(proposalId);
    if (p.state !== 'DETERMINED')
      throw new DomainError(
        DomainErrorCode.WRONG_STATE,
        `proposal ${p.id} is ${p.state}; appointees are matched only for a DETERMINED proposal`,
      );
    const [head] = (await this.db.query(
      `SELECT p.agency_id AS "agencyId", to_char(p.decree_date, 'YYYY-MM-DD') AS "decreeDate",
              (SELECT s.id FROM staffing_submission s WHERE s.agency_id = p.agency_id AND s.status IN ('COMMITTED', 'SUPERSEDED')
                  AND s.rows_purged_at IS NULL AND s.as_of <= p.decree_date ORDER BY s.as_of DESC, s.version DESC LIMIT 1) AS "baselineId"
         FROM proposal p WHERE p.id = $1`,
      [p.id],
    )) as Array<{ agencyId: string; decreeDate: string; baselineId: string | null }>;
    const [baseline] = head!.baselineId
      ? ((await this.db.query('SELECT version FROM staffing_submission WHERE id = $1', [head!.baselineId])) as Array<{ version: number }>)
      : [];
    const later = (await this.db.query(
      `SELECT count(*)::int AS n FROM staffing_submission WHERE agency_id = $1 AND status IN ('COMMITTED', 'SUPERSEDED')
          AND rows_purged_at IS NULL AND as_of > $2::date`,
      [head!.agencyId, head!.decreeDate],
    )) as Array<{ n: number }>;
    const joiners = (await this.db.query(
      `SELECT position_code AS "positionCode", unit_code AS "unitCode", employment_type AS "employmentType", count(*)::int AS n
         FROM (SELECT DISTINCT ON (r.nip) r.nip, r.position_code, r.unit_code, r.employment_type
                 FROM staffing_submission s JOIN staffing_submission_row r ON r.submission_id = s.id
                WHERE s.agency_id = $1 AND s.status IN ('COMMITTED', 'SUPERSEDED') AND s.rows_purged_at IS NULL AND s.as_of > $2::date
                  AND NOT EXISTS (SELECT 1 FROM staffing_submission_row b WHERE b.submission_id = $3::uuid AND b.nip = r.nip)
                ORDER BY r.nip, s.as_of, s.version) j
        GROUP BY 1, 2, 3`,
      [head!.agencyId, head!.decreeDate, head!.baselineId],
    )) as Array<{ positionCode: string; unitCode: string | null; employmentType: string; n: number }>;
    const lines = (await this.db.query(
      `SELECT l.id AS "lineId", l.position_code AS "positionCode", l.unit_code AS "unitCode", l.procurement, l.formation_type AS "formationType",
              o.appointed
         FROM proposal_line l JOIN recruitment_outcome o ON o.line_id = l.id
        WHERE l.proposal_id = $1 AND o.appointed > 0
        ORDER BY l.formation_type, l.position_code, l.unit_code NULLS FIRST, l.procurement`,
      [p.id],
    )) as Array<Omit<AppointeeLineModel, 'matched' | 'missing'>>;
    const asLines: AppointeeLine[] = lines.map((l) => ({ ...l, employmentType: l.procurement === 'PPPK' ? 'PPPK' : 'PNS' }));
    const matched = matchAppointees(
      asLines,
      new Map(joiners.map((j) => [appointeeKey(j.positionCode, j.unitCode, j.employmentType), j.n])),
    );
    const out = lines.map((l) => ({ ...l, matched: matched.get(l.lineId)!, missing: l.appointed - matched.get(l.lineId)! }));
    const sum = (f: (l: AppointeeLineModel) => number): number => out.reduce((s, l) => s + f(l), 0);
    return {
      proposalId: p.id,
      decreeDate: head!.decreeDate,
      baselineVersion: baseline?.version ?? null,
      laterVersions: later[0]!.n,
      appointed: sum((l) => l.appointed),
      matched: sum((l) => l.matched),
      missing: sum((l) => l.missing),
      lines: onlyMissing ? out.filter((l) => l.missing > 0) : out,
    };
  }
}
