import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { amendAudit, AuditActor, openAudit } from './audit';
import type { Queryable } from './roster-version.repository';
import { idHex } from './table-names';

// Workload standards and development targets arrive as files and become versions. A
// submission's checked rows are COPYed into a table of its own (`importRowsTable`), which the
// set-based rules, the dry-run diff and the commit read; the rows of a committed submission
// stay, as that version's content. The current standards and targets are the ordinary tables
// (`workload_standard`, `workload_activity`, `development_target`), which the plan worker and
// the API read; a commit changes them with one statement per table, under one audit record.
// Every transition of a submission is one function here.

export type ImportKind = 'STANDARDS' | 'TARGETS';
export type ImportStatus = 'UPLOADED' | 'VALIDATING' | 'VALIDATED' | 'INVALID' | 'FAILED' | 'COMMITTED' | 'SUPERSEDED';

/** The table of one submission's staged rows. */
export function importRowsTable(kind: ImportKind, submissionId: string): string {
  return `${kind === 'STANDARDS' ? 'standards' : 'targets'}_import_row_${idHex(submissionId, 'submission id')}`;
}

/** Columns a COPY fills, in order (the time standard's minutes and outputs per hour are computed by PostgreSQL, in numeric). */
export const STAGED_STANDARD_COLUMNS = [
  'sheet_no',
  'sheet',
  'row_no',
  'position_code',
  'unit_code',
  'ordinal',
  'kind',
  'name',
  'output_unit',
  'annual_volume',
  'driver_indicator',
  'driver_factor',
  'driver_base',
  'time_value',
  'time_unit',
  'percent_of_working_time',
  'hours_per_year',
  'staff_count',
] as const;
export const STAGED_TARGET_COLUMNS = [
  'sheet_no',
  'sheet',
  'row_no',
  'column_name',
  'unit_code',
  'indicator',
  'year',
  'value',
  'source',
  'document',
  'priority',
] as const;

/**
 * An empty staged-rows table (an earlier attempt's is dropped, unless the caller knows there is
 * none: a new submission's); a COPY in this transaction may use FREEZE.
 */
export async function createImportRows(db: Queryable, kind: ImportKind, submissionId: string, replace = true): Promise<string> {
  const table = importRowsTable(kind, submissionId);
  if (replace) await db.query(`DROP TABLE IF EXISTS ${table}`);
  await db.query(
    kind === 'STANDARDS'
      ? `CREATE TABLE ${table} (
         sheet_no smallint NOT NULL, sheet text NOT NULL, row_no integer NOT NULL, position_code text NOT NULL, unit_code text,
         ordinal integer NOT NULL, kind varchar(16) NOT NULL, name text NOT NULL, output_unit text, annual_volume numeric, driver_indicator text,
         driver_factor numeric, driver_base numeric, time_value numeric, time_unit char(1), percent_of_working_time numeric,
         hours_per_year numeric, staff_count numeric,
         minutes_per_unit numeric GENERATED ALWAYS AS (CASE time_unit WHEN 'M' THEN time_value WHEN 'H' THEN time_value * 60 END) STORED,
         units_per_hour numeric GENERATED ALWAYS AS (CASE WHEN time_unit = 'U' THEN time_value END) STORED)`
      : `CREATE TABLE ${table} (
         sheet_no smallint NOT NULL, sheet text NOT NULL, row_no integer NOT NULL, column_name text NOT NULL, unit_code text,
         indicator text NOT NULL, year smallint NOT NULL, value numeric NOT NULL, source varchar(16) NOT NULL, document text,
         priority numeric NOT NULL)`,
  );
  return table;
}

/** Per standard of a standards file: its activity count and hash, written by the dry run, read by the commit. */
export function importStandardsTable(submissionId: string): string {
  return importRowsTable('STANDARDS', submissionId).replace('_import_row_', '_import_std_');
}

export async function dropImportRows(db: Queryable, kind: ImportKind, submissionId: string): Promise<void> {
  await db.query(`DROP TABLE IF EXISTS ${importRowsTable(kind, submissionId)}`);
  if (kind === 'STANDARDS') await db.query(`DROP TABLE IF EXISTS ${importStandardsTable(submissionId)}`);
}

/** A TypeORM manager answers rows, a pg client a result with rows. */
function rowsOf<T>(r: unknown): T[] {
  return Array.isArray(r) ? r : (r as { rows: T[] }).rows;
}

const ZERO = `'00000000-0000-0000-0000-000000000000'::uuid`;

/**
 * Standards of a scope: an agency's unit standards ($1 its id), or the position-wide ones ($1
 * NULL). Two texts, not one CASE on $1: inside a CASE the `IN (SELECT …)` stays a filter, so
 * PostgreSQL read every standard and hashed every activity of the country for one agency's
 * (38 ms at a tenth of the nation, 1.8 ms on the indexes as a semi-join).
 */
const IN_SCOPE = (s: string, agencyId: string | null): string =>
  agencyId === null
    ? `(${s}.unit_id IS NULL AND $1::uuid IS NULL)`
    : `${s}.unit_id IN (SELECT id FROM org_unit WHERE agency_id = $1::uuid)`;

const ACTIVITY_VALUES = [
  'kind',
  'name',
  'output_unit',
  'annual_volume',
  'driver_indicator',
  'driver_factor',
  'driver_base',
  'minutes_per_unit',
  'units_per_hour',
  'percent_of_working_time',
  'hours_per_year',
  'staff_count',
];
const FIELD_NAME: Record<string, string> = {
  ordinal: 'ordinal',
  kind: 'kind',
  output_unit: 'outputUnit',
  annual_volume: 'annualVolume',
  driver_indicator: 'driverIndicator',
  driver_factor: 'driverFactor',
  driver_base: 'driverBase',
  minutes_per_unit: 'minutesPerUnit',
  units_per_hour: 'unitsPerHour',
  percent_of_working_time: 'percentOfWorkingTime',
  hours_per_year: 'hoursPerYear',
  staff_count: 'staffCount',
};

/**
 * Rules only the database can check, set-based over the staged rows: the position exists, the
 * unit is the agency's, a unit standard in an agency's file and position-wide ones in a
 * national file, support time under 100 % per standard (DOMAIN.md: CAF), a target once per
 * unit, indicator and year. Errors are written to `standards_submission_error`.
 */
export async function stagedRuleErrors(db: Queryable, kind: ImportKind, submissionId: string, agencyId: string | null): Promise<void> {
  const t = importRowsTable(kind, submissionId);
  // $1 is the submission, $2 the agency where a rule needs it
  const insert = `INSERT INTO standards_submission_error (submission_id, sheet, row_no, column_name, rule, value, message)`;
  const agencyCode = `(SELECT code FROM agency WHERE id = $2::uuid)`;
  if (kind === 'STANDARDS') {
    await db.query(
      `${insert}
      SELECT $1, x.sheet, x.row_no, 'kode_jabatan', 'UNKNOWN_POSITION', x.position_code, 'position ' || x.position_code || ' is not in the position catalogue'
        FROM ${t} x WHERE NOT EXISTS (SELECT 1 FROM position p WHERE p.code = x.position_code)`,
      [submissionId],
    );
    if (agencyId) {
      await db.query(
        `${insert}
        SELECT $1, x.sheet, x.row_no, 'kode_unit', CASE WHEN x.unit_code IS NULL THEN 'UNIT_REQUIRED' ELSE 'UNKNOWN_UNIT' END, x.unit_code,
               CASE WHEN x.unit_code IS NULL THEN 'a unit code is required: an agency''s file holds the standards of its units (position-wide standards are national)'
                    ELSE 'unit ' || x.unit_code || ' is not a unit of agency ' || ${agencyCode} END
          FROM ${t} x WHERE x.unit_code IS NULL OR NOT EXISTS (SELECT 1 FROM org_unit u WHERE u.agency_id = $2::uuid AND u.code = x.unit_code)`,
        [submissionId, agencyId],
      );
    } else {
      await db.query(
        `${insert}
        SELECT $1, x.sheet, x.row_no, 'kode_unit', 'UNIT_IN_NATIONAL_FILE', x.unit_code,
               'a national file holds position-wide standards only; import a unit''s standard with its agency'
          FROM ${t} x WHERE x.unit_code IS NOT NULL`,
        [submissionId],
      );
    }
    await db.query(
      `${insert}
      SELECT $1, x.sheet, x.row_no, 'persen_waktu_kerja', 'SUPPORT_AT_OR_ABOVE_100', trim_scale(x.percent_of_working_time)::text,
             'supporting tasks of ' || x.position_code || coalesce(' in ' || x.unit_code, '') || ' take ' || trim_scale(s.total) || ' % of working time together; they must stay under 100 %'
        FROM ${t} x JOIN (SELECT position_code, unit_code, sum(percent_of_working_time) AS total FROM ${t} WHERE kind = 'SUPPORT'
                            GROUP BY position_code, unit_code HAVING sum(percent_of_working_time) >= 100) s
          ON s.position_code = x.position_code AND s.unit_code IS NOT DISTINCT FROM x.unit_code
       WHERE x.kind = 'SUPPORT' AND x.percent_of_working_time IS NOT NULL`,
      [submissionId],
    );
    await db.query(
      `${insert}
      SELECT $1, x.sheet, x.row_no, 'uraian_tugas', 'TOO_MANY_ACTIVITIES', NULL, 'a standard holds at most 32767 activities'
        FROM (SELECT sheet, row_no, row_number() OVER (PARTITION BY position_code, unit_code ORDER BY sheet_no, row_no) AS n FROM ${t}) x
       WHERE x.n > 32767`,
      [submissionId],
    );
  } else {
    await db.query(
      `${insert}
      SELECT $1, x.sheet, x.row_no, 'kode_unit', 'UNKNOWN_UNIT', x.unit_code, 'unit ' || x.unit_code || ' is not a unit of agency ' || ${agencyCode}
        FROM ${t} x WHERE x.unit_code IS NOT NULL AND NOT EXISTS (SELECT 1 FROM org_unit u WHERE u.agency_id = $2::uuid AND u.code = x.unit_code)`,
      [submissionId, agencyId],
    );
    await db.query(
      `${insert}
      SELECT $1, x.sheet, x.row_no, x.column_name, 'DUPLICATE_TARGET', trim_scale(x.value)::text,
             'target ' || x.indicator || ' ' || x.year || coalesce(' of unit ' || x.unit_code, '') || ' appears more than once (first at row ' || x.first_row || ')'
        FROM (SELECT *, row_number() OVER w AS n, first_value(row_no) OVER w AS first_row FROM ${t}
              WINDOW w AS (PARTITION BY unit_code, indicator, year ORDER BY sheet_no, row_no)) x
       WHERE x.n > 1`,
      [submissionId],
    );
  }
}

export interface ImportDiffEntry {
  change: 'added' | 'removed' | 'changed';
  positionCode?: string;
  unitCode: string | null;
  name?: string;
  indicator?: string;
  year?: number;
  fields: string[];
}

/** Dry run against the scope's current standards or targets: counts and the first entries of each change. */
export interface ImportDiff {
  added: number;
  removed: number;
  changed: number;
  unchanged: number;
  /** Standards (position × unit) the file adds or removes whole. */
  standardsAdded?: number;
  standardsRemoved?: number;
  sample: ImportDiffEntry[];
}

const SAMPLE = 20;

const NUMERIC_VALUES = [
  'annual_volume',
  'driver_factor',
  'driver_base',
  'minutes_per_unit',
  'units_per_hour',
  'percent_of_working_time',
  'hours_per_year',
  'staff_count',
];

/**
 * A hash of one activity with its place in the standard; a standard's activities compare as the
 * count and the sum of these (an aggregate without a sort). Numbers are hashed as their value
 * (trim_scale: 30.0 and 30 are one value).
 */
const ROW_HASH = (
  a: string,
): string => `hashtextextended(concat_ws('|', ${a}.ordinal, ${a}.kind, ${a}.name, coalesce(${a}.output_unit, '~'),
  coalesce(${a}.driver_indicator, '~'), ${NUMERIC_VALUES.map((c) => `coalesce(trim_scale(${a}.${c})::text, '~')`).join(', ')}), 0)`;

/** Per standard of the file and of the scope: activity count and hash; `same` when they agree. */
async function compareStandards(db: Queryable, t: string, std: string, agencyId: string | null): Promise<void> {
  await db.query(`DROP TABLE IF EXISTS ${std}`);
  await db.query(`CREATE TABLE ${std} AS
    SELECT position_code, coalesce(unit_code, '') AS unit_code, count(*) AS c, sum(${ROW_HASH('x')}) AS h, min(sheet_no::bigint << 32 | row_no) AS first_row
      FROM ${t} x GROUP BY 1, 2`);
  await db.query(
    `CREATE TEMP TABLE import_standard_diff ON COMMIT DROP AS
    WITH n AS (SELECT position_code, unit_code, c, h FROM ${std}),
    a AS (SELECT a.standard_id, count(*) AS c, sum(${ROW_HASH('a')}) AS h FROM workload_activity a
           WHERE a.standard_id IN (SELECT s.id FROM workload_standard s WHERE ${IN_SCOPE('s', agencyId)}) GROUP BY 1),
    c AS (SELECT p.code AS position_code, coalesce(u.code, '') AS unit_code, coalesce(a.c, 0) AS c, coalesce(a.h, 0) AS h
            FROM workload_standard s JOIN position p ON p.id = s.position_id LEFT JOIN org_unit u ON u.id = s.unit_id
            LEFT JOIN a ON a.standard_id = s.id WHERE ${IN_SCOPE('s', agencyId)})
    SELECT position_code, unit_code, n.c AS new_count, c.c AS cur_count, coalesce(n.c = c.c AND n.h = c.h, false) AS same
      FROM n FULL JOIN c USING (position_code, unit_code)`,
    [agencyId],
  );
}

/**
 * The dry run: standards are compared whole first (count and hash of their activities); only
 * the standards that differ are matched activity by activity, by name and its occurrence in
 * the standard. Targets are matched by unit, indicator and year.
 */
export async function diffImport(db: Queryable, kind: ImportKind, submissionId: string, agencyId: string | null): Promise<ImportDiff> {
  const t = importRowsTable(kind, submissionId);
  type Row = {
    what: string;
    change: string;
    n: number | null;
    position_code: string | null;
    unit_code: string | null;
    name: string | null;
    indicator: string | null;
    year: number | null;
    fields: string[] | null;
  };
  const summarize = (rows: Row[], base: { added: number; removed: number; unchanged: number }): ImportDiff => {
    const count = (c: string): number => rows.filter((r) => r.what === 'count' && r.change === c).reduce((sum, r) => sum + (r.n ?? 0), 0);
    const order = { added: 0, removed: 1, changed: 2 } as Record<string, number>;
    const key = (r: Row): string => [r.position_code, r.unit_code ?? '', r.name, r.indicator, r.year].join('\u0000');
    const sample = rows
      .filter((r) => r.what === 'sample')
      .sort((x, y) => order[x.change]! - order[y.change]! || (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0));
    const kept = Object.keys(order).flatMap((c) => sample.filter((r) => r.change === c).slice(0, SAMPLE));
    return {
      added: count('added') + base.added,
      removed: count('removed') + base.removed,
      changed: count('changed'),
      unchanged: count('unchanged') + base.unchanged,
      sample: kept.map((r) => ({
        change: r.change as ImportDiffEntry['change'],
        unitCode: r.unit_code || null,
        fields: r.fields ?? [],
        ...(kind === 'STANDARDS' ? { positionCode: r.position_code!, name: r.name! } : { indicator: r.indicator!, year: r.year! }),
      })),
    };
  };
  const tail = (joined: string): string => `
    WITH d AS MATERIALIZED (${joined}),
    counts AS (SELECT change, count(*)::int AS n FROM d GROUP BY change),
    sample AS (SELECT * FROM (SELECT d.*, row_number() OVER (PARTITION BY change ORDER BY position_code, unit_code, name, indicator, year) AS k
                                FROM d WHERE change <> 'unchanged') s WHERE k <= ${SAMPLE})
    SELECT 'count' AS what, change, n, NULL AS position_code, NULL AS unit_code, NULL AS name, NULL AS indicator, NULL::int AS year, NULL::text[] AS fields FROM counts
    UNION ALL
    SELECT 'sample', change, NULL, position_code, unit_code, name, indicator, year, fields FROM sample`;

  if (kind === 'TARGETS') {
    const values = ['value', 'source', 'document', 'priority'];
    const rows = rowsOf<Row>(
      await db.query(
        tail(`
      WITH n AS (SELECT coalesce(unit_code, '') AS unit_code, indicator, year, ${values.join(', ')} FROM ${t}),
      c AS (SELECT coalesce(u.code, '') AS unit_code, t.indicator, t.year::int AS year, ${values.map((v) => `t.${v}`).join(', ')}
              FROM development_target t LEFT JOIN org_unit u ON u.id = t.unit_id WHERE t.agency_id = $1)
      SELECT CASE WHEN c.indicator IS NULL THEN 'added' WHEN n.indicator IS NULL THEN 'removed'
                  WHEN (${values.map((v) => `n.${v}`).join(', ')}) IS DISTINCT FROM (${values.map((v) => `c.${v}`).join(', ')}) THEN 'changed' ELSE 'unchanged' END AS change,
             NULL::text AS position_code, unit_code, NULL::text AS name, indicator, year,
             array_remove(ARRAY[${values.map((v) => `CASE WHEN c.indicator IS NOT NULL AND n.indicator IS NOT NULL AND n.${v} IS DISTINCT FROM c.${v} THEN '${v}' END`).join(', ')}], NULL) AS fields
        FROM n FULL JOIN c USING (unit_code, indicator, year)`),
        [agencyId],
      ),
    );
    return summarize(rows, { added: 0, removed: 0, unchanged: 0 });
  }

  await compareStandards(db, t, importStandardsTable(submissionId), agencyId);
  const [whole] = rowsOf<{ added: number; removed: number; unchanged: number; standards_added: number; standards_removed: number }>(
    await db.query(`
    SELECT coalesce(sum(new_count) FILTER (WHERE cur_count IS NULL), 0)::int AS added, coalesce(sum(cur_count) FILTER (WHERE new_count IS NULL), 0)::int AS removed,
           coalesce(sum(new_count) FILTER (WHERE same), 0)::int AS unchanged,
           count(*) FILTER (WHERE cur_count IS NULL)::int AS standards_added, count(*) FILTER (WHERE new_count IS NULL)::int AS standards_removed
      FROM import_standard_diff`),
  );
  const values = ['ordinal', ...ACTIVITY_VALUES.filter((c) => c !== 'name')];
  const cols = ACTIVITY_VALUES.filter((c) => c !== 'name');
  // activity by activity, only where a standard is on both sides and differs
  const rows = rowsOf<Row>(
    await db.query(
      tail(`
    WITH changed AS (SELECT position_code, unit_code FROM import_standard_diff WHERE new_count IS NOT NULL AND cur_count IS NOT NULL AND NOT same),
    n AS (SELECT x.position_code, coalesce(x.unit_code, '') AS unit_code, x.name, ${cols.map((c) => `x.${c}`).join(', ')}, x.ordinal,
                 row_number() OVER (PARTITION BY x.position_code, x.unit_code, x.name ORDER BY x.ordinal) AS nth
            FROM ${t} x JOIN changed d ON d.position_code = x.position_code AND d.unit_code = coalesce(x.unit_code, '')),
    c AS (SELECT p.code AS position_code, coalesce(u.code, '') AS unit_code, a.name, ${cols.map((c) => `a.${c}`).join(', ')}, a.ordinal,
                 row_number() OVER (PARTITION BY a.standard_id, a.name ORDER BY a.ordinal) AS nth
            FROM workload_standard s JOIN position p ON p.id = s.position_id LEFT JOIN org_unit u ON u.id = s.unit_id
            JOIN changed d ON d.position_code = p.code AND d.unit_code = coalesce(u.code, '')
            JOIN workload_activity a ON a.standard_id = s.id
           WHERE ${IN_SCOPE('s', agencyId)})
    SELECT CASE WHEN c.name IS NULL THEN 'added' WHEN n.name IS NULL THEN 'removed'
                WHEN (${values.map((v) => `n.${v}`).join(', ')}) IS DISTINCT FROM (${values.map((v) => `c.${v}`).join(', ')}) THEN 'changed' ELSE 'unchanged' END AS change,
           position_code, unit_code, name, NULL::text AS indicator, NULL::int AS year,
           array_remove(ARRAY[${values.map((v) => `CASE WHEN c.name IS NOT NULL AND n.name IS NOT NULL AND n.${v} IS DISTINCT FROM c.${v} THEN '${FIELD_NAME[v]}' END`).join(', ')}], NULL) AS fields
      FROM n FULL JOIN c USING (position_code, unit_code, name, nth)`),
      [agencyId],
    ),
  );
  // the first activities of standards added or removed whole
  const whole_sample = rowsOf<Row>(
    await db.query(
      `
    (SELECT 'sample' AS what, 'added' AS change, NULL::int AS n, x.position_code, coalesce(x.unit_code, '') AS unit_code, x.name, NULL::text AS indicator, NULL::int AS year, '{}'::text[] AS fields
       FROM ${t} x JOIN import_standard_diff d ON d.position_code = x.position_code AND d.unit_code = coalesce(x.unit_code, '') AND d.cur_count IS NULL
      ORDER BY x.position_code, x.unit_code, x.name LIMIT ${SAMPLE})
    UNION ALL
    (SELECT 'sample', 'removed', NULL, p.code, coalesce(u.code, ''), a.name, NULL, NULL, '{}'
       FROM workload_standard s JOIN position p ON p.id = s.position_id LEFT JOIN org_unit u ON u.id = s.unit_id
       JOIN import_standard_diff d ON d.position_code = p.code AND d.unit_code = coalesce(u.code, '') AND d.new_count IS NULL
       JOIN workload_activity a ON a.standard_id = s.id
      WHERE ${IN_SCOPE('s', agencyId)} ORDER BY p.code, u.code, a.name LIMIT ${SAMPLE})`,
      [agencyId],
    ),
  );
  const diff = summarize([...rows, ...whole_sample], whole!);
  diff.standardsAdded = whole!.standards_added;
  diff.standardsRemoved = whole!.standards_removed;
  await db.query('DROP TABLE import_standard_diff');
  return diff;
}

/** The scope's committed version (0 before the first). */
export async function currentImportVersion(db: Queryable, kind: ImportKind, agencyId: string | null): Promise<number> {
  const [row] = rowsOf<{ v: number }>(
    await db.query(
      `SELECT coalesce(max(version), 0)::int AS v FROM standards_submission WHERE kind = $1 AND agency_id IS NOT DISTINCT FROM $2::uuid AND version IS NOT NULL`,
      [kind, agencyId],
    ),
  );
  return row!.v;
}

/** Two commits of one scope take turns. */
export async function lockImportScope(db: Queryable, kind: ImportKind, agencyId: string | null): Promise<void> {
  await db.query(`SELECT pg_advisory_xact_lock(hashtext('standards-import:' || $1 || ':' || coalesce($2::text, 'national')))`, [
    kind,
    agencyId,
  ]);
}

export interface CommitCounts {
  standardsDeleted: number;
  standardsInserted: number;
  activitiesDeleted: number;
  activitiesInserted: number;
  targetsDeleted: number;
  targetsUpserted: number;
  /** Milliseconds per step, for the benchmark and the log. */
  stepMs: Record<string, number>;
}

/**
 * Makes a validated submission's rows the scope's current standards or targets, set-based: the
 * standards the file no longer has are deleted, new ones inserted, and only the standards whose
 * activities differ get their activities replaced (one DELETE and one INSERT … SELECT); targets
 * are deleted or upserted where they differ. Runs inside the caller's transaction, after
 * `lockImportScope` and an audit record opened as bulk (`markBulkAudit`).
 */
export async function applyImport(db: Queryable, kind: ImportKind, submissionId: string, agencyId: string | null): Promise<CommitCounts> {
  const t = importRowsTable(kind, submissionId);
  const counts: CommitCounts = {
    standardsDeleted: 0,
    standardsInserted: 0,
    activitiesDeleted: 0,
    activitiesInserted: 0,
    targetsDeleted: 0,
    targetsUpserted: 0,
    stepMs: {},
  };
  let last = Date.now();
  const step = (name: string): void => {
    counts.stepMs[name] = Date.now() - last;
    last = Date.now();
  };
  const n = (r: unknown): number =>
    Array.isArray(r) && typeof r[1] === 'number' ? r[1] : Array.isArray(r) ? r.length : ((r as { rowCount?: number }).rowCount ?? 0);
  if (kind === 'TARGETS') {
    counts.targetsDeleted = n(
      await db.query(
        `
      DELETE FROM development_target d WHERE d.agency_id = $1 AND NOT EXISTS (
        SELECT 1 FROM ${t} x LEFT JOIN org_unit u ON u.agency_id = $1 AND u.code = x.unit_code
         WHERE x.indicator = d.indicator AND x.year = d.year AND coalesce(u.id, ${ZERO}) = coalesce(d.unit_id, ${ZERO}))`,
        [agencyId],
      ),
    );
    counts.targetsUpserted = n(
      await db.query(
        `
      INSERT INTO development_target AS d (agency_id, unit_id, indicator, year, value, source, document, priority)
      SELECT $1, u.id, x.indicator, x.year, x.value, x.source, x.document, x.priority
        FROM ${t} x LEFT JOIN org_unit u ON u.agency_id = $1 AND u.code = x.unit_code
      ON CONFLICT ON CONSTRAINT uq_development_target DO UPDATE
        SET value = EXCLUDED.value, source = EXCLUDED.source, document = EXCLUDED.document, priority = EXCLUDED.priority
        WHERE (d.value, d.source, d.document, d.priority) IS DISTINCT FROM (EXCLUDED.value, EXCLUDED.source, EXCLUDED.document, EXCLUDED.priority)`,
        [agencyId],
      ),
    );
    return counts;
  }
  // ids of new rows: a random prefix per commit and a counter in file order (standards numbered
  // by their first row, activities as the staged rows are read), so one import's rows reach the
  // indexes nearly in order; a random uuid per row costs a random index page each, and a sort
  // of the activities would cost more than it saves
  const prefix = randomBytes(8).toString('hex');
  const newId = (n: string): string => `('${prefix}' || lpad(to_hex(${n}), 16, '0'))::uuid`;
  // the file's standards with their activity count and hash, resolved to ids (existing, or new ones)
  await db.query(
    `CREATE TEMP TABLE import_standard ON COMMIT DROP AS
    SELECT k.position_code, k.unit_code, k.c, k.h, p.id AS position_id, u.id AS unit_id, s.id IS NULL AS is_new,
           coalesce(s.id, ${newId('row_number() OVER (ORDER BY k.first_row)')}) AS standard_id
      FROM ${importStandardsTable(submissionId)} k
      LEFT JOIN position p ON p.code = k.position_code
      LEFT JOIN org_unit u ON u.agency_id = $1::uuid AND u.code = k.unit_code
      LEFT JOIN workload_standard s ON s.position_id = p.id AND coalesce(s.unit_id, ${ZERO}) = coalesce(u.id, ${ZERO})`,
    [agencyId],
  );
  step('resolve');
  const [stale] = rowsOf<{ n: number }>(
    await db.query(`SELECT count(*)::int AS n FROM import_standard WHERE position_id IS NULL OR (unit_code <> '' AND unit_id IS NULL)`),
  );
  // a position or unit removed since validation: the rows no longer resolve; nothing is written
  if (stale!.n > 0)
    throw new StaleImportError(`${stale!.n} standards name a position or unit that no longer exists; upload the file again`);
  counts.standardsDeleted = n(
    await db.query(
      `
    DELETE FROM workload_standard s WHERE ${IN_SCOPE('s', agencyId)} AND s.id NOT IN (SELECT standard_id FROM import_standard WHERE NOT is_new)`,
      [agencyId],
    ),
  );
  step('deleteStandards');
  counts.standardsInserted = n(
    await db.query(`
    INSERT INTO workload_standard (id, position_id, unit_id) SELECT standard_id, position_id, unit_id FROM import_standard WHERE is_new ORDER BY standard_id`),
  );
  step('insertStandards');
  // standards whose activities differ in any value or order: replaced whole, the rest untouched
  await db.query(`CREATE TEMP TABLE import_changed ON COMMIT DROP AS
    SELECT i.standard_id, i.position_code, i.unit_code, i.is_new FROM import_standard i
      LEFT JOIN (SELECT a.standard_id, count(*) AS c, sum(${ROW_HASH('a')}) AS h FROM workload_activity a
                  WHERE a.standard_id IN (SELECT standard_id FROM import_standard WHERE NOT is_new) GROUP BY 1) a USING (standard_id)
     WHERE i.is_new OR a.c IS DISTINCT FROM i.c OR a.h IS DISTINCT FROM i.h`);
  step('compare');
  counts.activitiesDeleted = n(
    await db.query(`DELETE FROM workload_activity a USING import_changed c WHERE a.standard_id = c.standard_id AND NOT c.is_new`),
  );
  step('deleteActivities');
  counts.activitiesInserted = n(
    await db.query(`
    INSERT INTO workload_activity (id, standard_id, ordinal, ${ACTIVITY_VALUES.join(', ')})
    SELECT ${newId('row_number() OVER () + 4294967296')}, c.standard_id, x.ordinal, ${ACTIVITY_VALUES.map((v) => `x.${v}`).join(', ')}
      FROM ${t} x JOIN import_changed c ON c.position_code = x.position_code AND c.unit_code = coalesce(x.unit_code, '')`),
  );
  step('insertActivities');
  return counts;
}

/** The validated rows no longer match the catalogue, or the scope moved on since the dry run. */
export class StaleImportError extends Error {
  override readonly name = 'StaleImportError';
}

/**
 * Names this transaction's audit record as a bulk change: the row triggers of standards and
 * targets then leave it to that record's counts (the 1.65 M activities of a national import
 * are not logged one by one). The record must already be open (`openAudit`).
 */
export async function markBulkAudit(db: Queryable): Promise<void> {
  await db.query(`SELECT set_config('formasi.audit_bulk', current_setting('formasi.audit_id'), true)`);
}

/** The versions a plan run's snapshot of an agency reads: its standards, the national ones, its targets. */
export async function currentInputVersions(
  db: Queryable,
  agencyIds: string[],
): Promise<Map<string, { standards: number; nationalStandards: number; targets: number }>> {
  const rows = rowsOf<{ id: string; standards: number; nationalStandards: number; targets: number }>(
    await db.query(
      `SELECT a.id, coalesce((SELECT max(version) FROM standards_submission s WHERE s.kind = 'STANDARDS' AND s.agency_id = a.id), 0)::int AS standards,
            coalesce((SELECT max(version) FROM standards_submission s WHERE s.kind = 'STANDARDS' AND s.agency_id IS NULL), 0)::int AS "nationalStandards",
            coalesce((SELECT max(version) FROM standards_submission s WHERE s.kind = 'TARGETS' AND s.agency_id = a.id), 0)::int AS targets
       FROM unnest($1::uuid[]) AS a(id)`,
      [agencyIds],
    ),
  );
  return new Map(rows.map(({ id, ...v }) => [id, v]));
}

export interface ImportCommitOutcome {
  /** False when the submission was already committed (a repeated commit changes nothing). */
  applied: boolean;
  version: number;
  counts: CommitCounts | null;
  ms: number;
}

/** Why a commit was refused: the submission is not VALIDATED, or the scope moved on since its dry run. */
export class ImportCommitRefused extends Error {
  override readonly name = 'ImportCommitRefused';
}

/**
 * Commits a VALIDATED submission in ONE transaction on `client` (a pg client of its own): the
 * scope's lock, the audit record (one, with counts), the set-based change of the current
 * standards or targets, the version (base + 1) and the previous version SUPERSEDED, and the
 * content of versions beyond the `versionsKept` newest dropped (`pruneImportVersions`). A broken
 * step rolls everything back; committing a committed submission again changes nothing.
 */
export async function commitImport(
  client: Queryable,
  actor: AuditActor,
  submissionId: string,
  versionsKept = 0,
): Promise<ImportCommitOutcome> {
  const started = Date.now();
  await client.query('BEGIN');
  try {
    const [head] = rowsOf<{ kind: ImportKind; agencyId: string | null; agencyCode: string | null }>(
      await client.query(
        `SELECT s.kind, s.agency_id AS "agencyId", a.code AS "agencyCode" FROM standards_submission s LEFT JOIN agency a ON a.id = s.agency_id WHERE s.id = $1`,
        [submissionId],
      ),
    );
    if (!head) throw new ImportCommitRefused(`submission ${submissionId} not found`);
    await lockImportScope(client, head.kind, head.agencyId);
    const [sub] = rowsOf<{ status: ImportStatus; version: number | null; baseVersion: number | null; rowCount: number }>(
      await client.query(
        `SELECT status, version, base_version AS "baseVersion", row_count AS "rowCount" FROM standards_submission WHERE id = $1 FOR UPDATE`,
        [submissionId],
      ),
    );
    if (sub!.status === 'COMMITTED' || sub!.status === 'SUPERSEDED') {
      await client.query('ROLLBACK');
      return { applied: false, version: sub!.version!, counts: null, ms: Date.now() - started };
    }
    if (sub!.status !== 'VALIDATED')
      throw new ImportCommitRefused(`submission ${submissionId} is ${sub!.status}; only a VALIDATED submission can be committed`);
    const current = await currentImportVersion(client, head.kind, head.agencyId);
    if (current !== sub!.baseVersion) {
      throw new ImportCommitRefused(
        `version ${current} was committed after this file was checked against version ${sub!.baseVersion}; upload it again for a fresh dry run`,
      );
    }
    const action = head.kind === 'STANDARDS' ? 'commitStandardsImport' : 'commitTargetsImport';
    const auditId = await openAudit(client, actor, {
      action,
      agencyCode: head.agencyCode,
      entity: 'standardsSubmission',
      entityKey: submissionId,
    });
    await markBulkAudit(client);
    await client.query(`SET LOCAL work_mem = '256MB'`);
    // the staged rows have no statistics (none are gathered: an ANALYZE costs more than it
    // saves); unsure of their size the planner would sort both sides for merge joins
    await client.query('SET LOCAL enable_mergejoin = off');
    const counts = await applyImport(client, head.kind, submissionId, head.agencyId);
    const version = current + 1;
    await client.query(
      `UPDATE standards_submission SET status = 'SUPERSEDED', superseded_at = now()
        WHERE kind = $1 AND agency_id IS NOT DISTINCT FROM $2::uuid AND status = 'COMMITTED'`,
      [head.kind, head.agencyId],
    );
    const ms = Date.now() - started;
    await client.query(
      `UPDATE standards_submission SET status = 'COMMITTED', version = $2, committed_at = now(), commit_ms = $3 WHERE id = $1`,
      [submissionId, version, ms],
    );
    const pruned = await pruneImportVersions(client, head.kind, head.agencyId, versionsKept);
    const { stepMs, ...written } = counts;
    await amendAudit(client, auditId, {
      summary: { kind: head.kind, version, rows: sub!.rowCount, ...written, ...(pruned.length ? { pruned } : {}) },
    });
    void stepMs;
    await client.query('COMMIT');
    return { applied: true, version, counts, ms: Date.now() - started };
  } catch (e) {
    await client.query('ROLLBACK');
    throw e;
  }
}

/** The version a change outside a file (a GraphQL mutation) made: `created` is false when the content did not change. */
export interface EditVersion {
  created: boolean;
  version: number;
  /** Versions whose content retention dropped with this one (`pruneImportVersions`). */
  pruned: number[];
}

/**
 * Records the scope's current standards or targets as a new version after a change that did not
 * come from a file (a GraphQL upsert), so that every change of a scope's content is a version
 * and a version's content never changes. Runs in the edit's transaction, after
 * `lockImportScope` and the change: the scope's whole current content is written to a
 * submission of format `API` (its rows table, and for standards its per-standard table, which
 * also keeps standards without activities), that submission becomes COMMITTED at version n + 1
 * and the previous version SUPERSEDED. `changed` false (the upsert wrote what was already there,
 * a retried mutation) records nothing and answers the current version.
 */
export async function recordEditVersion(
  db: Queryable,
  kind: ImportKind,
  agencyId: string | null,
  edit: { by: string; what: string; changed: boolean; versionsKept?: number },
): Promise<EditVersion> {
  const current = await currentImportVersion(db, kind, agencyId);
  if (!edit.changed) return { created: false, version: current, pruned: [] };
  const id = randomUUID();
  const rows = await writeScopeContent(db, kind, agencyId, id);
  await db.query(
    `UPDATE standards_submission SET status = 'SUPERSEDED', superseded_at = now()
      WHERE kind = $1 AND agency_id IS NOT DISTINCT FROM $2::uuid AND status = 'COMMITTED'`,
    [kind, agencyId],
  );
  const version = current + 1;
  await insertApiVersions(db, [{ id, kind, agencyId, version, rows }], edit);
  const pruned = await pruneImportVersions(db, kind, agencyId, edit.versionsKept ?? 0);
  return { created: true, version, pruned };
}

/**
 * Writes the scope's current standards or targets as the content of submission `id`: its rows
 * table, and for standards its per-standard table (which also keeps standards without
 * activities). Answers the number of rows.
 */
async function writeScopeContent(db: Queryable, kind: ImportKind, agencyId: string | null, id: string): Promise<number> {
  const t = await createImportRows(db, kind, id, false);
  // the scope's standards with their unit's code, joined from the agency's units only (a join
  // with org_unit as a whole hashed the country's 20,503 units for each agency)
  const standards =
    agencyId === null
      ? `(SELECT s.id, s.position_id, NULL::text AS unit_code FROM workload_standard s WHERE s.unit_id IS NULL AND $1::uuid IS NULL)`
      : `(SELECT s.id, s.position_id, u.code AS unit_code FROM org_unit u JOIN workload_standard s ON s.unit_id = u.id WHERE u.agency_id = $1::uuid)`;
  let written: unknown;
  if (kind === 'STANDARDS') {
    const time = `CASE WHEN a.minutes_per_unit IS NOT NULL THEN 'M' WHEN a.units_per_hour IS NOT NULL THEN 'U' END`;
    written = await db.query(
      `WITH w AS (
       INSERT INTO ${t} (${STAGED_STANDARD_COLUMNS.join(', ')})
       SELECT 0, '', row_number() OVER (ORDER BY p.code, s.unit_code NULLS FIRST, a.ordinal) + 1, p.code, s.unit_code, a.ordinal, a.kind, a.name, a.output_unit,
              a.annual_volume, a.driver_indicator, a.driver_factor, a.driver_base, coalesce(a.minutes_per_unit, a.units_per_hour), ${time},
              a.percent_of_working_time, a.hours_per_year, a.staff_count
         FROM ${standards} s JOIN position p ON p.id = s.position_id JOIN workload_activity a ON a.standard_id = s.id RETURNING 1)
       SELECT count(*)::int AS n FROM w`,
      [agencyId],
    );
    const std = importStandardsTable(id);
    await db.query(
      `CREATE TABLE ${std} AS
       SELECT position_code, coalesce(unit_code, '') AS unit_code, count(*) AS c, sum(${ROW_HASH('x')}) AS h, min(sheet_no::bigint << 32 | row_no) AS first_row
         FROM ${t} x GROUP BY 1, 2
       UNION ALL
       SELECT p.code, coalesce(s.unit_code, ''), 0, 0, NULL
         FROM ${standards} s JOIN position p ON p.id = s.position_id
        WHERE NOT EXISTS (SELECT 1 FROM workload_activity a WHERE a.standard_id = s.id)`,
      [agencyId],
    );
  } else {
    written = await db.query(
      `WITH w AS (
       INSERT INTO ${t} (${STAGED_TARGET_COLUMNS.join(', ')})
       SELECT 0, '', row_number() OVER (ORDER BY t.indicator, t.year, u.code NULLS FIRST) + 1, 'target', u.code, t.indicator, t.year, t.value,
              t.source, t.document, t.priority
         FROM development_target t LEFT JOIN org_unit u ON u.id = t.unit_id AND u.agency_id = $1 WHERE t.agency_id = $1 RETURNING 1)
       SELECT count(*)::int AS n FROM w`,
      [agencyId],
    );
  }
  return rowsOf<{ n: number }>(written)[0]!.n;
}

/** Committed versions of format `API` for content written by `writeScopeContent`, one statement for all. */
async function insertApiVersions(
  db: Queryable,
  versions: Array<{ id: string; kind: ImportKind; agencyId: string | null; version: number; rows: number }>,
  edit: { by: string; what: string },
): Promise<void> {
  await db.query(
    `INSERT INTO standards_submission (id, kind, agency_id, version, status, uploaded_by, file_name, file_size, sha256, format, base_version,
                                       progress, row_count, error_count, validated_at, committed_at, commit_ms)
     SELECT v.id, v.kind, v.agency_id, v.version, 'COMMITTED', $5, $6, 0, v.sha256, 'API', v.version - 1, 100, v.row_count, 0, now(), now(), 0
       FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::int[], $7::int[], $8::text[]) AS v(id, kind, agency_id, version, row_count, sha256)`,
    [
      versions.map((v) => v.id),
      versions.map((v) => v.kind),
      versions.map((v) => v.agencyId),
      versions.map((v) => v.version),
      edit.by,
      edit.what,
      versions.map((v) => v.rows),
      versions.map((v) => createHash('sha256').update(`${v.id} ${edit.what}`).digest('hex')),
    ],
  );
}

/** A plan run's input version of the scope (`plan_run_input.input_versions`), as the indexes on it read it. */
function runReadVersion(kind: ImportKind, national: boolean, v: string): string {
  if (national) return `(i.input_versions->>'nationalStandards')::int = ${v}`;
  return `i.agency_id = $2::uuid AND (i.input_versions->>'${kind === 'STANDARDS' ? 'standards' : 'targets'}')::int = ${v}`;
}

/**
 * Retention of a scope's versions, in the transaction of the change that made a new one (under the
 * scope's lock): the content tables of versions beyond the `kept` newest (0: keep every version)
 * are dropped and the submission records when (`content_purged_at`). Never dropped: a version a plan
 * run read (the run names it in `input_versions`; national standards are read by every agency's
 * snapshot), nor any while a run that may read the scope is waiting or computing (it names what it
 * read only when it finishes). Answers the versions dropped.
 */
export async function pruneImportVersions(db: Queryable, kind: ImportKind, agencyId: string | null, kept: number): Promise<number[]> {
  if (kept <= 0) return [];
  const national = agencyId === null;
  const beyond = rowsOf<{ id: string; version: number }>(
    await db.query(
      `SELECT s.id, s.version FROM standards_submission s
        WHERE s.kind = $1 AND s.agency_id IS NOT DISTINCT FROM $2::uuid AND s.status = 'SUPERSEDED' AND s.content_purged_at IS NULL
          AND s.version <= (SELECT max(version) FROM standards_submission WHERE kind = $1 AND agency_id IS NOT DISTINCT FROM $2::uuid) - $3
          AND NOT EXISTS (SELECT 1 FROM plan_run_input i WHERE ${runReadVersion(kind, national, 's.version')})
          AND NOT EXISTS (SELECT 1 FROM plan_run r WHERE r.status IN ('QUEUED', 'RUNNING')
                            AND ($2::uuid IS NULL OR r.agency_id IS NULL OR r.agency_id = $2::uuid))
        ORDER BY s.version`,
      [kind, agencyId, kept],
    ),
  );
  for (const v of beyond) {
    await dropImportRows(db, kind, v.id);
    await db.query('UPDATE standards_submission SET content_purged_at = now() WHERE id = $1', [v.id]);
  }
  return beyond.map((v) => v.version);
}

/** Where a version's content is: its submission's rows table and, for standards, its per-standard table. */
export interface VersionContent {
  submissionId: string;
  /** Activities (standards) or targets, one row each: the columns of `STAGED_*_COLUMNS`, plus `minutes_per_unit` and `units_per_hour`. */
  rowsTable: string;
  /** Standards only: one row per standard (`position_code`, `unit_code` '' when position-wide, `c` its activity count). */
  standardsTable: string | null;
}

/**
 * The content of version `version` of a scope (null: no such version, or its content was dropped
 * by retention, which never drops a version a run read; version 0 is "nothing imported or edited
 * yet"). A committed version's tables are never written again, so a plan run that names the
 * version reads what it read then, whatever was imported or edited since.
 */
export async function versionContent(
  db: Queryable,
  kind: ImportKind,
  agencyId: string | null,
  version: number,
): Promise<VersionContent | null> {
  const [row] = rowsOf<{ id: string }>(
    await db.query(
      `SELECT id FROM standards_submission WHERE kind = $1 AND agency_id IS NOT DISTINCT FROM $2::uuid AND version = $3
          AND status IN ('COMMITTED', 'SUPERSEDED') AND content_purged_at IS NULL`,
      [kind, agencyId, version],
    ),
  );
  if (!row) return null;
  return {
    submissionId: row.id,
    rowsTable: importRowsTable(kind, row.id),
    standardsTable: kind === 'STANDARDS' ? importStandardsTable(row.id) : null,
  };
}

/** A standard's content as its activity count and hash (null: no such standard), to tell whether an edit changed it. */
export async function standardFingerprint(db: Queryable, positionId: string, unitId: string | null): Promise<string | null> {
  const [row] = rowsOf<{ f: string }>(
    await db.query(
      `SELECT count(a.standard_id) || ':' || coalesce(sum(${ROW_HASH('a')}), 0) AS f
         FROM workload_standard s LEFT JOIN workload_activity a ON a.standard_id = s.id
        WHERE s.position_id = $1 AND s.unit_id IS NOT DISTINCT FROM $2::uuid GROUP BY s.id`,
      [positionId, unitId],
    ),
  );
  return row?.f ?? null;
}

/** Scopes given baseline versions in one transaction: each new version's two tables take a few locks until the commit, and the shared lock table holds 64 per connection. */
const BASELINE_BATCH = 32;

/**
 * Gives a version to every scope that holds standards or targets but has none (rows written
 * before versions existed, or by SQL outside the service), so a plan run never names version 0
 * for data that is there. Scopes are taken 32 at a time, each batch in a transaction of its own
 * on `db` (a pg client or a TypeORM DataSource) under the scopes' import locks (taken in one
 * order, so two workers recording at once wait rather than deadlock): the scopes that gained a
 * version meanwhile are skipped, each other one's content is written by index (a few
 * milliseconds per agency at national size) and the batch's versions are inserted together.
 * Answers how many it recorded.
 */
export async function recordBaselineVersions(
  db: { transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> },
  by: string,
): Promise<number> {
  const missing = (tx: Queryable): Promise<unknown> =>
    tx.query(`
    SELECT 'STANDARDS' AS kind, NULL::uuid AS "agencyId" WHERE EXISTS (SELECT 1 FROM workload_standard WHERE unit_id IS NULL)
    UNION ALL
    SELECT 'STANDARDS', a.id FROM agency a WHERE EXISTS (SELECT 1 FROM org_unit u JOIN workload_standard s ON s.unit_id = u.id WHERE u.agency_id = a.id)
    UNION ALL
    SELECT 'TARGETS', a.id FROM agency a WHERE EXISTS (SELECT 1 FROM development_target t WHERE t.agency_id = a.id)
    EXCEPT
    SELECT kind, agency_id FROM standards_submission WHERE version IS NOT NULL`);
  const scopes = rowsOf<{ kind: ImportKind; agencyId: string | null }>(await db.transaction(missing));
  const what = 'baseline: the data held before its first version';
  const key = (kind: string, agencyId: string | null): string => `${kind}:${agencyId ?? 'national'}`;
  let recorded = 0;
  for (let i = 0; i < scopes.length; i += BASELINE_BATCH) {
    const batch = scopes.slice(i, i + BASELINE_BATCH);
    recorded += await db.transaction(async (tx) => {
      // the keys of lockImportScope, in one order
      await tx.query(
        `SELECT pg_advisory_xact_lock(k) FROM (SELECT hashtext('standards-import:' || kind || ':' || coalesce(agency_id::text, 'national')) AS k
           FROM unnest($1::text[], $2::uuid[]) AS s(kind, agency_id) ORDER BY 1) l`,
        [batch.map((s) => s.kind), batch.map((s) => s.agencyId)],
      );
      const versioned = new Set(
        rowsOf<{ kind: string; agencyId: string | null }>(
          await tx.query(
            `SELECT DISTINCT kind, agency_id AS "agencyId" FROM standards_submission
              WHERE version IS NOT NULL AND (agency_id IS NULL OR agency_id = ANY($1::uuid[]))`,
            [batch.map((s) => s.agencyId).filter((a) => a !== null)],
          ),
        ).map((v) => key(v.kind, v.agencyId)),
      );
      const versions = [];
      for (const scope of batch.filter((s) => !versioned.has(key(s.kind, s.agencyId)))) {
        const id = randomUUID();
        versions.push({ id, ...scope, version: 1, rows: await writeScopeContent(tx, scope.kind, scope.agencyId, id) });
      }
      if (versions.length > 0) await insertApiVersions(tx, versions, { by, what });
      return versions.length;
    });
  }
  return recorded;
}
