import type { Queryable } from './roster-version.repository';

// The lifecycle of a formation proposal in SQL, one method per transition. Every transition is
// a compare-and-set on (state, version): it moves the proposal only if it is still in the state
// and at the version the caller decided on, and answers false otherwise, so of two people acting
// at once one wins and the other learns that the proposal changed. Callers decide (the rules of
// the API's proposals feature) and run these methods inside their audited transaction.

export interface ProposalRow {
  id: string;
  agencyId: string;
  agencyCode: string;
  year: number;
  runId: string;
  state: string;
  version: number;
  createdByEmail: string;
  createdAt: Date;
  updatedAt: Date;
  stateChangedAt: Date;
  signerName: string | null;
  signerNip: string | null;
  signedAt: Date | null;
  signedHash: string | null;
  verifierEmail: string | null;
  returnReason: string | null;
  decreeNumber: string | null;
  decreeDate: string | null;
}

export interface ProposalLineRow {
  id: string;
  proposalId: string;
  positionCode: string;
  positionName: string;
  unitCode: string | null;
  unitName: string | null;
  procurement: string;
  group: string;
  formationType: string;
  count: number;
  education: string[];
  payMin: number | null;
  payMax: number | null;
  justification: string | null;
  cellFound: boolean;
  cellCategory: string | null;
  cellRequiredFte: number | null;
  cellExisting: number | null;
  cellExits: number | null;
  cellFormation: number | null;
  cellAnnualCost: number | null;
  verifiedCount: number | null;
  verifyReason: string | null;
  determinedCount: number | null;
  returnComment: string | null;
}

/** A line as written: its key, what is asked, and the plan cell it came from (null: none). */
export interface ProposalLineWrite {
  positionCode: string;
  positionName: string;
  unitCode: string | null;
  unitName: string | null;
  procurement: string;
  group: string;
  formationType: string;
  count: number;
  education: string[];
  payMin: number | null;
  payMax: number | null;
  justification: string | null;
  cell: { category: string; requiredFte: number; existing: number; exits: number; formation: number; annualCost: number | null } | null;
}

export interface ProposalEventRow {
  id: string;
  proposalId: string;
  agencyCode: string;
  year: number;
  at: Date;
  action: string;
  fromState: string | null;
  toState: string;
  actorEmail: string;
  actorRole: string | null;
  reason: string | null;
  details: Record<string, unknown>;
}

/** What the caller saw and decided on. */
export interface Seen {
  state: string;
  version: number;
}

const PROPOSAL_COLUMNS = `p.id, p.agency_id AS "agencyId", p.agency_code AS "agencyCode", p.year, p.run_id AS "runId", p.state, p.version,
  p.created_by_email AS "createdByEmail", p.created_at AS "createdAt", p.updated_at AS "updatedAt", p.state_changed_at AS "stateChangedAt",
  p.signer_name AS "signerName", p.signer_nip AS "signerNip", p.signed_at AS "signedAt", p.signed_hash AS "signedHash",
  p.verifier_email AS "verifierEmail", p.return_reason AS "returnReason", p.decree_number AS "decreeNumber",
  to_char(p.decree_date, 'YYYY-MM-DD') AS "decreeDate"`;

const LINE_COLUMNS = `id, proposal_id AS "proposalId", position_code AS "positionCode", position_name AS "positionName",
  unit_code AS "unitCode", unit_name AS "unitName", procurement, job_group AS "group", formation_type AS "formationType", count, education,
  pay_min::float8 AS "payMin", pay_max::float8 AS "payMax", justification, cell_found AS "cellFound", cell_category AS "cellCategory",
  cell_required_fte::float8 AS "cellRequiredFte", cell_existing::float8 AS "cellExisting", cell_exits::float8 AS "cellExits",
  cell_formation AS "cellFormation", cell_annual_cost::float8 AS "cellAnnualCost", verified_count AS "verifiedCount",
  verify_reason AS "verifyReason", determined_count AS "determinedCount", return_comment AS "returnComment"`;

const EVENT_COLUMNS = `e.id::text AS id, e.proposal_id AS "proposalId", p.agency_code AS "agencyCode", p.year, e.at, e.action,
  e.from_state AS "fromState", e.to_state AS "toState", e.actor_email AS "actorEmail", e.actor_role AS "actorRole", e.reason, e.details`;

const rows = async <T>(db: Queryable, sql: string, params: unknown[]): Promise<T[]> => {
  const result = (await db.query(sql, params)) as T[] | { rows: T[] };
  return Array.isArray(result) ? result : result.rows;
};

/** Runs a compare-and-set UPDATE … RETURNING id and answers whether it moved the proposal. */
const moved = async (db: Queryable, sql: string, params: unknown[]): Promise<boolean> => {
  const result = (await db.query(sql, params)) as unknown;
  // TypeORM answers [rows, affected] for an UPDATE, a pg client a result with rows
  if (Array.isArray(result)) return Array.isArray(result[0]) ? (result[0] as unknown[]).length > 0 : result.length > 0;
  return ((result as { rows?: unknown[] }).rows ?? []).length > 0;
};

// every transition raises the version and, when the state changes, restarts the clock of the state
const CAS = `version = p.version + 1, updated_at = now(),
  state_changed_at = CASE WHEN p.state = $4 THEN p.state_changed_at ELSE now() END, state = $4`;
const WHERE_SEEN = 'WHERE p.id = $1 AND p.state = $2 AND p.version = $3 RETURNING p.id';

const LINE_JSON_COLUMNS = `position_code text, position_name text, unit_code text, unit_name text, procurement text, job_group text,
  formation_type text, count int, education text[], pay_min numeric, pay_max numeric, justification text, cell_found boolean,
  cell_category text, cell_required_fte numeric, cell_existing numeric, cell_exits numeric, cell_formation int, cell_annual_cost numeric`;

const lineJson = (lines: ProposalLineWrite[]): string =>
  JSON.stringify(
    lines.map((l) => ({
      position_code: l.positionCode,
      position_name: l.positionName,
      unit_code: l.unitCode,
      unit_name: l.unitName,
      procurement: l.procurement,
      job_group: l.group,
      formation_type: l.formationType,
      count: l.count,
      education: l.education,
      pay_min: l.payMin,
      pay_max: l.payMax,
      justification: l.justification,
      cell_found: l.cell !== null,
      cell_category: l.cell?.category ?? null,
      cell_required_fte: l.cell?.requiredFte ?? null,
      cell_existing: l.cell?.existing ?? null,
      cell_exits: l.cell?.exits ?? null,
      cell_formation: l.cell?.formation ?? null,
      cell_annual_cost: l.cell?.annualCost ?? null,
    })),
  );

export const proposalRepository = {
  async find(db: Queryable, id: string): Promise<ProposalRow | undefined> {
    const [row] = await rows<ProposalRow>(db, `SELECT ${PROPOSAL_COLUMNS} FROM proposal p WHERE p.id = $1`, [id]);
    return row;
  },

  /** Lines of the proposals, in a stable reading order (position, unit, procurement, group, type). */
  lines(db: Queryable, proposalIds: string[]): Promise<ProposalLineRow[]> {
    return rows<ProposalLineRow>(
      db,
      `SELECT ${LINE_COLUMNS} FROM proposal_line WHERE proposal_id = ANY($1::uuid[])
        ORDER BY proposal_id, position_code, unit_code NULLS FIRST, procurement, job_group, formation_type`,
      [proposalIds],
    );
  },

  /** A new DRAFT; the partial unique index refuses a second live proposal of the agency and year (23505). */
  async createDraft(
    tx: Queryable,
    p: { agencyId: string; agencyCode: string; year: number; runId: string; createdByEmail: string },
  ): Promise<string> {
    const [row] = await rows<{ id: string }>(
      tx,
      `INSERT INTO proposal (agency_id, agency_code, year, run_id, state, created_by_email)
       VALUES ($1, $2, $3, $4, 'DRAFT', $5) RETURNING id`,
      [p.agencyId, p.agencyCode, p.year, p.runId, p.createdByEmail],
    );
    return row!.id;
  },

  /** Adds lines or, for a key already there, replaces what it asks; the cell figures are written again too. */
  async upsertLines(tx: Queryable, proposalId: string, lines: ProposalLineWrite[]): Promise<void> {
    if (lines.length === 0) return;
    await tx.query(
      `INSERT INTO proposal_line (proposal_id, position_code, position_name, unit_code, unit_name, procurement, job_group, formation_type,
                                  count,
                                  education, pay_min, pay_max, justification, cell_found, cell_category, cell_required_fte, cell_existing,
                                  cell_exits, cell_formation, cell_annual_cost)
       SELECT $1, r.position_code, r.position_name, r.unit_code, r.unit_name, r.procurement, r.job_group, r.formation_type, r.count,
              coalesce(r.education, '{}'), r.pay_min, r.pay_max, r.justification, r.cell_found, r.cell_category, r.cell_required_fte,
              r.cell_existing, r.cell_exits, r.cell_formation, r.cell_annual_cost
         FROM jsonb_to_recordset($2::jsonb) AS r(${LINE_JSON_COLUMNS})
       ON CONFLICT ON CONSTRAINT uq_proposal_line DO UPDATE
         SET count = EXCLUDED.count, education = EXCLUDED.education, pay_min = EXCLUDED.pay_min, pay_max = EXCLUDED.pay_max,
             justification = EXCLUDED.justification, position_name = EXCLUDED.position_name, unit_name = EXCLUDED.unit_name`,
      [proposalId, lineJson(lines)],
    );
  },

  async removeLines(tx: Queryable, proposalId: string, lineIds: string[]): Promise<void> {
    if (lineIds.length > 0)
      await tx.query('DELETE FROM proposal_line WHERE proposal_id = $1 AND id = ANY($2::uuid[])', [proposalId, lineIds]);
  },

  /** After an edit: a signature no longer matches the content, so it goes, and the state is the one the rules name. */
  edited(tx: Queryable, id: string, seen: Seen, to: string): Promise<boolean> {
    return moved(
      tx,
      `UPDATE proposal p SET ${CAS}, signer_id = NULL, signer_name = NULL, signer_nip = NULL, signed_at = NULL, signed_hash = NULL
      ${WHERE_SEEN}`,
      [id, seen.state, seen.version, to],
    );
  },

  /** Resubmitting clears the verifier's comments of the previous round. */
  async submit(tx: Queryable, id: string, seen: Seen): Promise<boolean> {
    const ok = await moved(tx, `UPDATE proposal p SET ${CAS}, return_reason = NULL ${WHERE_SEEN}`, [
      id,
      seen.state,
      seen.version,
      'SUBMITTED',
    ]);
    if (ok) await tx.query('UPDATE proposal_line SET return_comment = NULL WHERE proposal_id = $1 AND return_comment IS NOT NULL', [id]);
    return ok;
  },

  sign(tx: Queryable, id: string, seen: Seen, s: { signerId: string | null; name: string; nip: string; hash: string }): Promise<boolean> {
    return moved(
      tx,
      `UPDATE proposal p SET ${CAS}, signer_id = $5, signer_name = $6, signer_nip = $7, signed_at = now(), signed_hash = $8
      ${WHERE_SEEN}`,
      [id, seen.state, seen.version, 'SIGNED', s.signerId, s.name, s.nip, s.hash],
    );
  },

  take(tx: Queryable, id: string, seen: Seen, verifierEmail: string): Promise<boolean> {
    return moved(tx, `UPDATE proposal p SET ${CAS}, verifier_email = $5 ${WHERE_SEEN}`, [
      id,
      seen.state,
      seen.version,
      'IN_VERIFICATION',
      verifierEmail,
    ]);
  },

  async returnToAgency(
    tx: Queryable,
    id: string,
    seen: Seen,
    reason: string,
    comments: Array<{ lineId: string; comment: string }>,
  ): Promise<boolean> {
    const ok = await moved(tx, `UPDATE proposal p SET ${CAS}, return_reason = $5 ${WHERE_SEEN}`, [
      id,
      seen.state,
      seen.version,
      'RETURNED',
      reason,
    ]);
    if (ok) {
      await tx.query(
        `UPDATE proposal_line l SET return_comment = c.comment FROM jsonb_to_recordset($2::jsonb) AS c(line_id uuid, comment text)
          WHERE l.proposal_id = $1 AND l.id = c.line_id`,
        [id, JSON.stringify(comments.map((c) => ({ line_id: c.lineId, comment: c.comment })))],
      );
    }
    return ok;
  },

  /** Every line's verified count is its proposed count unless the verifier lowered it. */
  async verify(
    tx: Queryable,
    id: string,
    seen: Seen,
    adjustments: Array<{ lineId: string; count: number; reason: string }>,
  ): Promise<boolean> {
    const ok = await moved(tx, `UPDATE proposal p SET ${CAS} ${WHERE_SEEN}`, [id, seen.state, seen.version, 'VERIFIED']);
    if (ok) {
      await tx.query(
        `UPDATE proposal_line l SET verified_count = coalesce(a.count, l.count), verify_reason = a.reason
           FROM proposal_line x LEFT JOIN jsonb_to_recordset($2::jsonb) AS a(line_id uuid, count int, reason text) ON a.line_id = x.id
          WHERE l.id = x.id AND x.proposal_id = $1`,
        [id, JSON.stringify(adjustments.map((a) => ({ line_id: a.lineId, count: a.count, reason: a.reason })))],
      );
    }
    return ok;
  },

  /** The decree and the final count of every line (the caller passes one per line). */
  async determine(
    tx: Queryable,
    id: string,
    seen: Seen,
    decree: { number: string; date: string },
    counts: Map<string, number>,
  ): Promise<boolean> {
    const ok = await moved(tx, `UPDATE proposal p SET ${CAS}, decree_number = $5, decree_date = $6 ${WHERE_SEEN}`, [
      id,
      seen.state,
      seen.version,
      'DETERMINED',
      decree.number,
      decree.date,
    ]);
    if (ok) {
      await tx.query(
        `UPDATE proposal_line l SET determined_count = c.count FROM jsonb_to_recordset($2::jsonb) AS c(line_id uuid, count int)
          WHERE l.proposal_id = $1 AND l.id = c.line_id`,
        [id, JSON.stringify([...counts].map(([lineId, count]) => ({ line_id: lineId, count })))],
      );
    }
    return ok;
  },

  withdraw(tx: Queryable, id: string, seen: Seen): Promise<boolean> {
    return moved(tx, `UPDATE proposal p SET ${CAS} ${WHERE_SEEN}`, [id, seen.state, seen.version, 'WITHDRAWN']);
  },

  /** A change of content without a change of state (attachments): raises the version only. */
  touched(tx: Queryable, id: string, seen: Seen): Promise<boolean> {
    return moved(tx, `UPDATE proposal p SET ${CAS} ${WHERE_SEEN}`, [id, seen.state, seen.version, seen.state]);
  },

  async appendEvent(
    tx: Queryable,
    e: {
      proposalId: string;
      action: string;
      fromState: string | null;
      toState: string;
      actor: { id: string | null; email: string; role: string | null };
      reason?: string | null;
      details?: Record<string, unknown>;
      auditId: string;
    },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO proposal_event (proposal_id, action, from_state, to_state, actor_id, actor_email, actor_role, reason, details, audit_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        e.proposalId,
        e.action,
        e.fromState,
        e.toState,
        e.actor.id,
        e.actor.email,
        e.actor.role,
        e.reason ?? null,
        JSON.stringify(e.details ?? {}),
        e.auditId,
      ],
    );
  },

  history(db: Queryable, proposalId: string): Promise<ProposalEventRow[]> {
    return rows<ProposalEventRow>(
      db,
      `SELECT ${EVENT_COLUMNS} FROM proposal_event e JOIN proposal p ON p.id = e.proposal_id
      WHERE e.proposal_id = $1 ORDER BY e.id`,
      [proposalId],
    );
  },

  /** Events after `afterId`, for subscribers; `agencyIds` null = every agency. */
  eventsAfter(
    db: Queryable,
    afterId: string,
    f: { year: number | null; agencyCode: string | null; agencyIds: string[] | null },
  ): Promise<ProposalEventRow[]> {
    return rows<ProposalEventRow>(
      db,
      `SELECT ${EVENT_COLUMNS} FROM proposal_event e JOIN proposal p ON p.id = e.proposal_id
      WHERE e.id > $1 AND ($2::int IS NULL OR p.year = $2) AND ($3::text IS NULL OR p.agency_code = $3)
        AND ($4::uuid[] IS NULL OR p.agency_id = ANY($4)) ORDER BY e.id LIMIT 500`,
      [afterId, f.year, f.agencyCode, f.agencyIds],
    );
  },

  async lastEventId(db: Queryable): Promise<string> {
    const [row] = await rows<{ id: string }>(db, 'SELECT coalesce(max(id), 0)::text AS id FROM proposal_event', []);
    return row!.id;
  },
};
