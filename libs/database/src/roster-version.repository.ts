// Rosters are immutable versions: the rows of a committed staffing submission
// (`staffing_submission_row`, keyed by submission id) are the agency's roster at that version,
// and an agency's one COMMITTED submission is its current roster. Everything that reads or
// writes "the roster" goes through here or the `employee` view.

/** A TypeORM EntityManager or DataSource, or anything else that answers rows. */
export interface Queryable {
  query(text: string, params?: unknown[]): Promise<unknown>;
}

/** The stored columns of a roster row, in the order `writeRosterVersion` expects them. */
export const ROSTER_ROW_COLUMNS = 'nip, name, birth_date, sex, employment_type, position_code, unit_code, tmt, contract_end, category, level';

/** Rows of the current roster of agency `$1`, aliased `r` (index: one COMMITTED submission per agency, then its rows). */
export const CURRENT_ROSTER_FROM = `staffing_submission cur JOIN staffing_submission_row r ON r.submission_id = cur.id AND cur.status = 'COMMITTED'`;

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
export async function promoteRosterVersion(db: Queryable, agencyId: string, submissionId: string, version: number, commitMs = 0): Promise<void> {
  await db.query(`UPDATE staffing_submission SET status = 'SUPERSEDED', superseded_at = now() WHERE agency_id = $1 AND status = 'COMMITTED'`, [agencyId]);
  await db.query(
    `UPDATE staffing_submission SET status = 'COMMITTED', version = $2, committed_at = now(), commit_ms = $3 WHERE id = $1`,
    [submissionId, version, commitMs],
  );
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
  const [{ max }] = (await db.query('SELECT coalesce(max(version), 0)::int AS max FROM staffing_submission WHERE agency_id = $1', [v.agencyId])) as Array<{ max: number }>;
  const [{ id }] = (await db.query(
    `INSERT INTO staffing_submission (agency_id, status, uploaded_by, file_name, file_size, sha256, format, as_of, base_version, progress,
                                      error_count, transfer_count, validation_started_at, validated_at)
     VALUES ($1, 'VALIDATED', $2, $3, 0, $4, 'API', coalesce($5::date, $6::date, current_date), $7, 100, 0, 0, now(), now()) RETURNING id`,
    [v.agencyId, v.uploadedBy, v.fileName, v.sha256, v.asOf ?? null, prev?.asOf ?? null, max],
  )) as Array<{ id: string }>;
  const [{ n }] = (await db.query(
    `WITH ins AS (
       INSERT INTO staffing_submission_row (submission_id, row_no, ${ROSTER_ROW_COLUMNS})
       SELECT $1, 1 + row_number() OVER (ORDER BY x.ord), ${ROSTER_ROW_COLUMNS.split(', ').map((c) => `x.${c}`).join(', ')} FROM (${v.rowsSql}) x
       RETURNING 1)
     SELECT count(*)::int AS n FROM ins`,
    [id, prev?.id ?? null, ...(v.params ?? [])],
  )) as Array<{ n: number }>;
  await db.query('UPDATE staffing_submission SET row_count = $2 WHERE id = $1', [id, n]);
  await promoteRosterVersion(db, v.agencyId, id, max + 1);
  return { id, version: max + 1, rowCount: n };
}
