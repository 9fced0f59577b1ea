/**
 * Dry run, pass 1: every staged row against the agency's active roster in one hash join,
 * comparing typed values (no text formatting of a million dates). $1 submission id, $2 agency
 * id, $3 sample size per kind. Answers the total of each kind and its first NIPs.
 */
export const STAFFING_DIFF_SQL = `
WITH cur AS (
  SELECT e.nip::text AS nip, e.name, e.birth_date, e.sex, e.employment_type, e.position_id, e.unit_id, e.tmt, e.contract_end,
         e.category, e.level
    FROM employee e WHERE e.agency_id = $2 AND e.active
), new AS (
  SELECT s.nip, s.name, s.birth_date, s.sex, s.employment_type, p.id AS position_id, u.id AS unit_id, s.tmt, s.contract_end,
         s.category, s.level
    FROM staffing_submission_row s LEFT JOIN position p ON p.code = s.position_code
         LEFT JOIN org_unit u ON u.agency_id = $2 AND u.code = s.unit_code
   WHERE s.submission_id = $1
), d AS (
  SELECT coalesce(n.nip, c.nip) AS nip,
         CASE WHEN c.nip IS NULL THEN 'joiners' WHEN n.nip IS NULL THEN 'leavers'
              WHEN (n.position_id, n.unit_id) IS DISTINCT FROM (c.position_id, c.unit_id) THEN 'moves'
              WHEN (n.name, n.birth_date, n.sex, n.employment_type, n.tmt, n.contract_end, n.category, n.level)
                   IS DISTINCT FROM (c.name, c.birth_date, c.sex, c.employment_type, c.tmt, c.contract_end, c.category, c.level) THEN 'changed'
         END AS kind
    FROM new n FULL JOIN cur c ON c.nip = n.nip
), ranked AS (
  SELECT d.kind, d.nip, count(*) OVER (PARTITION BY d.kind) AS total, row_number() OVER (PARTITION BY d.kind ORDER BY d.nip) AS rn
    FROM d WHERE d.kind IS NOT NULL
)
SELECT kind, total::int AS total, nip FROM ranked WHERE rn <= $3 ORDER BY kind, nip`;

/** Dry run, pass 2: the roster side of the sampled NIPs, as text. $1 agency, $2 NIPs (index on nip). */
export const STAFFING_DIFF_CURRENT_SQL = `
SELECT e.nip::text AS nip, e.name, to_char(e.birth_date, 'YYYY-MM-DD') AS birth_date, e.sex::text AS sex,
       e.employment_type::text AS employment_type, p.code::text AS position_code, u.code::text AS unit_code,
       to_char(e.tmt, 'YYYY-MM-DD') AS tmt, to_char(e.contract_end, 'YYYY-MM-DD') AS contract_end, e.category::text AS category, e.level::text AS level
  FROM employee e JOIN position p ON p.id = e.position_id LEFT JOIN org_unit u ON u.id = e.unit_id
 WHERE e.nip = ANY($2::bpchar[]) AND e.agency_id = $1 AND e.active`;

/** Dry run, pass 2: the file side of the sampled NIPs, as text; one scan of the submission's rows. */
export const STAFFING_DIFF_STAGED_SQL = `
SELECT s.nip, s.name, to_char(s.birth_date, 'YYYY-MM-DD') AS birth_date, s.sex::text AS sex, s.employment_type::text AS employment_type,
       s.position_code, s.unit_code, to_char(s.tmt, 'YYYY-MM-DD') AS tmt, to_char(s.contract_end, 'YYYY-MM-DD') AS contract_end,
       s.category::text AS category, s.level::text AS level
  FROM staffing_submission_row s WHERE s.submission_id = $1 AND s.nip = ANY($2::text[])`;
