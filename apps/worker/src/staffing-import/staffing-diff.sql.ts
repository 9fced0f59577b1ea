/**
 * Dry run: the staged rows of a submission against the agency's active roster, in one pass.
 * $1 submission id, $2 agency id, $3 sample size per kind. One row per sampled employee with
 * the kind's total; row values are turned into JSON only for the sampled rows.
 */
export const STAFFING_DIFF_SQL = `
WITH cur AS (
  SELECT e.nip::text AS nip, e.name, to_char(e.birth_date, 'YYYY-MM-DD') AS birth_date, e.sex::text AS sex, e.employment_type::text AS employment_type,
         p.code::text AS position_code, u.code::text AS unit_code, to_char(e.tmt, 'YYYY-MM-DD') AS tmt,
         to_char(e.contract_end, 'YYYY-MM-DD') AS contract_end, e.category::text AS category, e.level::text AS level
    FROM employee e JOIN position p ON p.id = e.position_id LEFT JOIN org_unit u ON u.id = e.unit_id
   WHERE e.agency_id = $2 AND e.active
), new AS (
  SELECT s.nip, s.name, to_char(s.birth_date, 'YYYY-MM-DD') AS birth_date, s.sex::text AS sex, s.employment_type::text AS employment_type,
         s.position_code, s.unit_code, to_char(s.tmt, 'YYYY-MM-DD') AS tmt, to_char(s.contract_end, 'YYYY-MM-DD') AS contract_end,
         s.category::text AS category, s.level::text AS level
    FROM staffing_submission_row s WHERE s.submission_id = $1
), d AS (
  SELECT coalesce(n.nip, c.nip) AS nip,
         CASE WHEN c.nip IS NULL THEN 'joiners' WHEN n.nip IS NULL THEN 'leavers'
              WHEN (n.position_code, n.unit_code) IS DISTINCT FROM (c.position_code, c.unit_code) THEN 'moves'
              WHEN (n.name, n.birth_date, n.sex, n.employment_type, n.tmt, n.contract_end, n.category, n.level)
                   IS DISTINCT FROM (c.name, c.birth_date, c.sex, c.employment_type, c.tmt, c.contract_end, c.category, c.level) THEN 'changed'
         END AS kind,
         c AS cur_row, n AS new_row
    FROM new n FULL JOIN cur c ON c.nip = n.nip
), ranked AS (
  SELECT d.kind, d.nip, d.cur_row, d.new_row, count(*) OVER (PARTITION BY d.kind) AS total,
         row_number() OVER (PARTITION BY d.kind ORDER BY d.nip) AS rn
    FROM d WHERE d.kind IS NOT NULL
)
SELECT kind, total::int AS total, nip, CASE WHEN (cur_row).nip IS NULL THEN NULL ELSE to_jsonb(cur_row) END AS "curRow",
       CASE WHEN (new_row).nip IS NULL THEN NULL ELSE to_jsonb(new_row) END AS "newRow"
  FROM ranked WHERE rn <= $3 ORDER BY kind, nip`;
