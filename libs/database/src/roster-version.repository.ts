import type { DataSource } from 'typeorm';
import { idHex } from './table-names';

// Rosters are immutable versions: the rows of a committed staffing submission are the agency's
// roster at that version, and an agency's one COMMITTED submission is its current roster. Each
// submission's rows have a table of their own (`rosterRowsTable`): created and loaded while the
// submission is validated, attached as a partition of `staffing_submission_row` (the history,
// partitioned by submission id) when committed, dropped when it can never be. Everything that
// reads or writes "the roster" goes through here or the `employee` view.

/** A TypeORM EntityManager or DataSource, or anything else that answers rows. */
export interface Queryable {
  query(text: string, params?: unknown[]): Promise<unknown>;
}

/** The stored columns of a roster row, in the order `writeRosterVersion` expects them. */
export const ROSTER_ROW_COLUMNS =
  'nip, name, birth_date, sex, employment_type, position_code, unit_code, tmt, contract_end, category, level';

/** The table of one submission's rows; a partition of `staffing_submission_row` once committed. */
export function rosterRowsTable(submissionId: string): string {
  return `staffing_submission_row_${idHex(submissionId, 'submission id')}`;
}

/**
 * An empty rows table for the submission (any earlier one is dropped), with the submission id
 * as the default of its partition key, so a COPY names only the row's own columns. A COPY in the
 * transaction that ran this can use FREEZE.
 */
export async function createRosterRows(db: Queryable, submissionId: string): Promise<string> {
  const table = rosterRowsTable(submissionId);
  await db.query(`DROP TABLE IF EXISTS ${table}`);
  await db.query(`CREATE TABLE ${table} (LIKE staffing_submission_row, CHECK (submission_id = '${submissionId}'))`);
  await db.query(`ALTER TABLE ${table} ALTER submission_id SET DEFAULT '${submissionId}'`);
  return table;
}

/** Makes the rows part of the roster history; the CHECK constraint spares PostgreSQL the scan. */
export async function attachRosterRows(db: Queryable, submissionId: string): Promise<void> {
  await db.query(`ALTER TABLE staffing_submission_row ATTACH PARTITION ${rosterRowsTable(submissionId)} FOR VALUES IN ('${submissionId}')`);
}

/**
 * The index `rosterAtVersion` pages with (row numbers), built CONCURRENTLY so readers of the
 * version never wait; outside a transaction. One left invalid by an interrupted build is built
 * again. Answers false when the version's rows are gone (dropped or purged).
 */
export async function indexRosterRows(db: Queryable, submissionId: string): Promise<boolean> {
  const table = rosterRowsTable(submissionId);
  const index = `${table}_rn`;
  const [state] = (await db.query(
    `SELECT to_regclass($1) IS NOT NULL AS "hasTable", (SELECT i.indisvalid FROM pg_index i WHERE i.indexrelid = to_regclass($2)) AS valid`,
    [table, index],
  )) as Array<{ hasTable: boolean; valid: boolean | null }>;
  if (!state!.hasTable) return false;
  if (state!.valid === true) return true;
  if (state!.valid === false) await db.query(`DROP INDEX CONCURRENTLY IF EXISTS ${index}`);
  await db.query(`CREATE INDEX CONCURRENTLY ${index} ON ${table} (row_no)`);
  return true;
}

/** Drops the rows of a submission that will never be committed (never those of a committed version). */
export async function dropRosterRows(db: Queryable, submissionId: string): Promise<void> {
  await db.query(`DROP TABLE IF EXISTS ${rosterRowsTable(submissionId)}`);
}

/**
 * The agency's versions whose rows may go: outside its `kept` newest (none when `kept` is 0),
 * still there, and read by no plan run, oldest first. A version a run read stays as long as the
 * run (the run explains itself and is compared from it); while a run of the agency (or a national
 * one) is still waiting or computing, none goes, since it may have read any of them and names
 * what it read only when it finishes (in the transaction that marks it finished).
 */
export async function rosterVersionsBeyond(db: Queryable, agencyId: string, kept: number): Promise<Array<{ id: string; version: number }>> {
  if (kept <= 0) return [];
  return (await db.query(
    `SELECT s.id, s.version FROM staffing_submission s
      WHERE s.agency_id = $1 AND s.status = 'SUPERSEDED' AND s.rows_purged_at IS NULL
        AND s.version <= (SELECT max(version) FROM staffing_submission WHERE agency_id = $1) - $2
        AND NOT EXISTS (SELECT 1 FROM plan_run_input i WHERE i.roster_submission_id = s.id)
        AND NOT EXISTS (SELECT 1 FROM plan_run r WHERE r.status IN ('QUEUED', 'RUNNING') AND (r.agency_id = $1 OR r.agency_id IS NULL))
      ORDER BY s.version`,
    [agencyId, kept],
  )) as Array<{ id: string; version: number }>;
}

/**
 * Drops a superseded version's rows; its submission stays and records when. Run it in a
 * transaction of its own: it holds the history's lock (which every roster read takes) for the
 * moment the partition goes, and gives up after `lockTimeoutMs` rather than queue readers behind it.
 */
export async function purgeRosterRows(tx: Queryable, submissionId: string, lockTimeoutMs = 2000): Promise<void> {
  await tx.query(`SET LOCAL lock_timeout = ${Math.max(1, Math.floor(lockTimeoutMs))}`);
  await tx.query(`ALTER TABLE staffing_submission_row DETACH PARTITION ${rosterRowsTable(submissionId)}`);
  await dropRosterRows(tx, submissionId);
  await tx.query(`UPDATE staffing_submission SET rows_purged_at = now() WHERE id = $1 AND status = 'SUPERSEDED'`, [submissionId]);
}

export interface PruneOutcome {
  purged: number[];
  /** Why the rest waits for the next commit (the history was busy, the database failed), or null. */
  deferred: string | null;
}

/**
 * Retention after a commit: drops the rows of the agency's versions beyond its `kept` newest,
 * each in its own transaction. Never throws: the commit has happened, and what could not be
 * dropped now is dropped after the next one.
 */
export async function pruneRosterVersions(db: DataSource, agencyId: string, kept: number): Promise<PruneOutcome> {
  const purged: number[] = [];
  try {
    for (const v of await rosterVersionsBeyond(db, agencyId, kept)) {
      await db.transaction((tx) => purgeRosterRows(tx, v.id));
      purged.push(v.version);
    }
    return { purged, deferred: null };
  } catch (e) {
    return { purged, deferred: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * The submission ids of every agency's current roster, but `exceptAgencyId`'s. Queries read
 * them as `r.submission_id = ANY($n::uuid[])`, so PostgreSQL opens only those partitions.
 */
export async function currentRosterIds(db: Queryable, exceptAgencyId: string): Promise<string[]> {
  const rows = (await db.query(`SELECT id FROM staffing_submission WHERE status = 'COMMITTED' AND agency_id <> $1`, [
    exceptAgencyId,
  ])) as Array<{ id: string }>;
  return rows.map((r) => r.id);
}

/** Rows `r` of the current rosters whose ids are the parameter `ids` (see currentRosterIds), with their submission `cur`. */
export const currentRostersFrom = (ids: string): string =>
  `staffing_submission_row r JOIN staffing_submission cur ON cur.id = r.submission_id AND r.submission_id = ANY(${ids}::uuid[])`;

/**
 * Serialises roster changes: one per agency, and across agencies too, because a change checks
 * that no NIP is in post in two agencies (the unique index the employee table had). Commits
 * are pointer moves, so waiting is short. Take it first in the transaction.
 */
export async function lockRosters(db: Queryable, agencyId: string): Promise<void> {
  await db.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`staffing-commit:${agencyId}`]);
  await db.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['staffing-roster-nips']);
}

export interface CurrentVersion {
  id: string;
  version: number;
  asOf: string;
  sha256: string;
}

export async function currentRosterVersion(db: Queryable, agencyId: string): Promise<CurrentVersion | null> {
  const [row] = (await db.query(
    `SELECT id, version, to_char(as_of, 'YYYY-MM-DD') AS "asOf", sha256 FROM staffing_submission WHERE agency_id = $1 AND status = 'COMMITTED'`,
    [agencyId],
  )) as CurrentVersion[];
  return row ?? null;
}

/** Makes the submission the agency's current roster: the previous one is SUPERSEDED. Caller holds `lockRosters`. */
export async function promoteRosterVersion(
  db: Queryable,
  agencyId: string,
  submissionId: string,
  version: number,
  commitMs = 0,
): Promise<void> {
  await attachRosterRows(db, submissionId);
  await db.query(
    `UPDATE staffing_submission SET status = 'SUPERSEDED', superseded_at = now() WHERE agency_id = $1 AND status = 'COMMITTED'`,
    [agencyId],
  );
  await db.query(`UPDATE staffing_submission SET status = 'COMMITTED', version = $2, committed_at = now(), commit_ms = $3 WHERE id = $1`, [
    submissionId,
    version,
    commitMs,
  ]);
}

export interface DerivedRoster {
  agencyId: string;
  uploadedBy: string;
  fileName: string;
  /** Identifies the content, like a file's hash (re-uploading a file with this hash is a no-op). */
  sha256: string;
  /** Snapshot date; the previous version's when omitted. */
  asOf?: string;
  /**
   * A SELECT of `ord` plus ROSTER_ROW_COLUMNS: the new version's rows in `ord` order. `$2` is the
   * previous version's submission id (NULL when there is none), `$3`… are `params`.
   */
  rowsSql: string;
  params?: unknown[];
}

/**
 * Writes a roster version that no file brought (format API): its rows, then the pointer move.
 * Caller holds `lockRosters`. Answers the new submission's id and version.
 */
export async function writeRosterVersion(db: Queryable, v: DerivedRoster): Promise<{ id: string; version: number; rowCount: number }> {
  const prev = await currentRosterVersion(db, v.agencyId);
  const [{ max }] = (await db.query('SELECT coalesce(max(version), 0)::int AS max FROM staffing_submission WHERE agency_id = $1', [
    v.agencyId,
  ])) as Array<{ max: number }>;
  const [{ id }] = (await db.query(
    `INSERT INTO staffing_submission (agency_id, status, uploaded_by, file_name, file_size, sha256, format, as_of, base_version, progress,
                                      error_count, transfer_count, validation_started_at, validated_at)
     VALUES ($1, 'VALIDATED', $2, $3, 0, $4, 'API', coalesce($5::date, $6::date, current_date), $7, 100, 0, 0, now(), now()) RETURNING id`,
    [v.agencyId, v.uploadedBy, v.fileName, v.sha256, v.asOf ?? null, prev?.asOf ?? null, max],
  )) as Array<{ id: string }>;
  const table = await createRosterRows(db, id);
  const [{ n }] = (await db.query(
    `WITH ins AS (
       INSERT INTO ${table} (submission_id, row_no, ${ROSTER_ROW_COLUMNS})
       SELECT $1, 1 + row_number() OVER (ORDER BY x.ord), ${ROSTER_ROW_COLUMNS.split(', ')
         .map((c) => `x.${c}`)
         .join(', ')} FROM (${v.rowsSql}) x
       RETURNING 1)
     SELECT count(*)::int AS n FROM ins`,
    [id, prev?.id ?? null, ...(v.params ?? [])],
  )) as Array<{ n: number }>;
  await db.query('UPDATE staffing_submission SET row_count = $2 WHERE id = $1', [id, n]);
  await promoteRosterVersion(db, v.agencyId, id, max + 1);
  return { id, version: max + 1, rowCount: n };
}
