// The dry-run diff compares a submission's staged rows with the agency's current roster version.
// Both are roster-rows tables of the same shape, so codes compare with codes: no catalogue lookups.

const TYPED = 'nip, name, birth_date, sex, employment_type, position_code, unit_code, tmt, contract_end, category, level';

/**
 * Pass 1: every staged row (table `staged`) against the current version (table `current`) in one
 * hash join, comparing typed values (no text formatting of a million dates). $1 sample size per
 * kind. Answers the total of each kind and its first NIPs.
 */
export const stagedDiffSql = (staged: string, current: string): string => `
WITH cur AS (
  SELECT ${TYPED} FROM ${current}
), new AS (
  SELECT ${TYPED} FROM ${staged}
), d AS (
  SELECT coalesce(n.nip, c.nip) AS nip,
         CASE WHEN c.nip IS NULL THEN 'joiners' WHEN n.nip IS NULL THEN 'leavers'
              WHEN (n.position_code, n.unit_code) IS DISTINCT FROM (c.position_code, c.unit_code) THEN 'moves'
              WHEN (n.name, n.birth_date, n.sex, n.employment_type, n.tmt, n.contract_end, n.category, n.level)
                   IS DISTINCT FROM (c.name, c.birth_date, c.sex, c.employment_type, c.tmt, c.contract_end, c.category, c.level) THEN 'changed'
         END AS kind
    FROM new n FULL JOIN cur c ON c.nip = n.nip
), ranked AS (
  SELECT d.kind, d.nip, count(*) OVER (PARTITION BY d.kind) AS total, row_number() OVER (PARTITION BY d.kind ORDER BY d.nip) AS rn
    FROM d WHERE d.kind IS NOT NULL
)
SELECT kind, total::int AS total, nip FROM ranked WHERE rn <= $1 ORDER BY kind, nip`;

const AS_TEXT = `s.nip, s.name, to_char(s.birth_date, 'YYYY-MM-DD') AS birth_date, s.sex::text AS sex, s.employment_type::text AS employment_type,
       s.position_code, s.unit_code, to_char(s.tmt, 'YYYY-MM-DD') AS tmt, to_char(s.contract_end, 'YYYY-MM-DD') AS contract_end,
       s.category::text AS category, s.level::text AS level`;

/** Pass 2: the rows of the sampled NIPs ($1) in one side's table, as text. */
export const diffRowsSql = (table: string): string => `SELECT ${AS_TEXT} FROM ${table} s WHERE s.nip = ANY($1::text[])`;
