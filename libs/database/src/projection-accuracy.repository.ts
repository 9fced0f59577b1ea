import type { EmploymentType, PlanOptions, PositionCategory, PositionLevel, ProjectedFigures, RosterMember } from '@formasi/planning';
import { runAgencyProblem } from './plan-run-input.repository';
import type { Queryable } from './roster-version.repository';

// The reads behind projection accuracy: a run's projection for a year (its stored results and
// its input snapshot) and the roster versions that bracket the year. Versions are immutable, so
// what is read here never changes under a report.

export interface RosterVersionRef {
  id: string;
  version: number;
  asOf: string;
  /** Its rows were dropped under ROSTER_VERSIONS_KEPT: the version cannot be compared. */
  purged: boolean;
}

export interface RosterBracket {
  /** The newest version taken on or before the start of the period (the latest correction of that snapshot). */
  before: RosterVersionRef | null;
  /** The earliest version taken on or after the period's end (the latest correction of that snapshot). */
  after: RosterVersionRef | null;
}

const VERSION_COLUMNS = `id, version, to_char(as_of, 'YYYY-MM-DD') AS "asOf", rows_purged_at IS NOT NULL AS purged`;

export async function rosterBracket(db: Queryable, agencyId: string, periodStart: string, periodEnd: string): Promise<RosterBracket> {
  const pick = async (where: string, order: string, date: string): Promise<RosterVersionRef | null> => {
    const [row] = (await db.query(
      `SELECT ${VERSION_COLUMNS} FROM staffing_submission
        WHERE agency_id = $1 AND status IN ('COMMITTED', 'SUPERSEDED') AND ${where} ORDER BY ${order}, version DESC LIMIT 1`,
      [agencyId, date],
    )) as RosterVersionRef[];
    return row ?? null;
  };
  const [before, after] = [
    await pick('as_of <= $2::date', 'as_of DESC', periodStart),
    await pick('as_of >= $2::date', 'as_of ASC', periodEnd),
  ];
  return { before, after };
}

/** Headcount of a version by category. */
export async function rosterHeadcountByCategory(
  db: Queryable,
  versionId: string,
): Promise<Array<{ category: PositionCategory; headcount: number }>> {
  return (await db.query(
    `SELECT category::text AS category, count(*)::int AS headcount FROM staffing_submission_row WHERE submission_id = $1 GROUP BY category ORDER BY category`,
    [versionId],
  )) as Array<{ category: PositionCategory; headcount: number }>;
}

const MEMBER_COLUMNS = `b.nip, to_char(b.birth_date, 'YYYY-MM-DD') AS "birthDate", b.position_code AS "positionCode", b.unit_code AS "unitCode",
  b.category::text AS category, b.level::text AS level, b.employment_type::text AS "employmentType", to_char(b.contract_end, 'YYYY-MM-DD') AS "contractEnd"`;

/** Rows of the earlier version whose NIP the later one does not have: the agency's leavers between them (moves inside the agency are not). */
export async function rosterLeavers(db: Queryable, beforeId: string, afterId: string): Promise<RosterMember[]> {
  return (await db.query(
    `SELECT ${MEMBER_COLUMNS} FROM staffing_submission_row b
      WHERE b.submission_id = $1
        AND NOT EXISTS (SELECT 1 FROM staffing_submission_row a WHERE a.submission_id = $2 AND a.nip = b.nip)
      ORDER BY b.nip`,
    [beforeId, afterId],
  )) as Array<RosterMember & { category: PositionCategory; level: PositionLevel | null; employmentType: EmploymentType }>;
}

/** Which of these NIPs a version has. */
export async function nipsInVersion(db: Queryable, versionId: string, nips: string[]): Promise<Set<string>> {
  if (nips.length === 0) return new Set();
  const rows = (await db.query('SELECT nip FROM staffing_submission_row WHERE submission_id = $1 AND nip = ANY($2::text[])', [
    versionId,
    nips,
  ])) as Array<{ nip: string }>;
  return new Set(rows.map((r) => r.nip));
}

export interface RunAgency {
  agencyId: string;
  agencyCode: string;
  agencyName: string;
}

/** The agencies of a run's snapshot (only `agencyIds` when given, and `agencyCode` when given), in code order. */
export async function runAgencies(
  db: Queryable,
  runId: string,
  agencyIds: string[] | null,
  agencyCode: string | null,
): Promise<RunAgency[]> {
  return (await db.query(
    `SELECT i.agency_id AS "agencyId", i.agency_code AS "agencyCode", a.name AS "agencyName"
       FROM plan_run_input i JOIN agency a ON a.id = i.agency_id
      WHERE i.run_id = $1 AND ($2::uuid[] IS NULL OR i.agency_id = ANY($2::uuid[])) AND ($3::text IS NULL OR i.agency_code = $3)
      ORDER BY i.agency_code COLLATE "C"`,
    [runId, agencyIds, agencyCode],
  )) as RunAgency[];
}

/** One agency's plan options as the run saw them: as-of date, years, rules and the employees by NIP (one agency at a time: a national snapshot is large). */
export async function runAgencyPlan(db: Queryable, runId: string, agencyId: string): Promise<PlanOptions | null> {
  return (await runAgencyProblem(db, runId, { agencyId }))?.plan ?? null;
}

/** The run's projection for the year in one agency: its stored results summed by category. */
export async function projectedByCategory(db: Queryable, runId: string, agencyId: string, year: number): Promise<ProjectedFigures[]> {
  return (await db.query(
    `SELECT category, sum(supply_start)::float8 AS "supplyStart", sum(retirements)::int AS retirements, sum(contract_ends)::int AS "contractEnds",
            sum(expected_attrition)::float8 AS "expectedAttrition", sum(attrition)::float8 AS attrition
       FROM plan_result WHERE run_id = $1 AND agency_id = $2 AND year = $3 GROUP BY category ORDER BY category`,
    [runId, agencyId, year],
  )) as ProjectedFigures[];
}
