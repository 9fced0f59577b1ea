import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { isUUID } from 'class-validator';
import { DataSource, EntityManager } from 'typeorm';
import { proposalRepository as repo } from '@formasi/database';
import type { AuditActor, ProposalLineRow, ProposalLineWrite, ProposalRow, Queryable } from '@formasi/database';
import { AuditService } from '../audit/audit.service';
import { DomainError, DomainErrorCode, FieldError, InputValidationError, NotFoundError } from '../common/domain-error';
import { requireFinishedRun } from '../plan-runs/finished-run';
import { ProposalPolicyService } from './proposal-policy.service';
import {
  CreateProposalFromRunInput,
  DetermineProposalInput,
  ProposalActionInput,
  ProposalLineInput,
  ProposalsArgs,
  ReturnProposalInput,
  SignProposalInput,
  UpdateProposalLinesInput,
  VerifyProposalInput,
  WithdrawProposalInput,
} from './proposal.input';
import {
  ProposalBoardModel,
  ProposalEventModel,
  ProposalLineModel,
  ProposalModel,
  ProposalPageModel,
  ProposalTotalsModel,
} from './proposal.model';
import {
  PlanCell,
  PROPOSAL_STATES,
  ProposalAction,
  ProposalState,
  cellKey,
  contentHash,
  determinationProblems,
  determinedCounts,
  draftLines,
  overNeedLineIds,
  proposalTotals,
  requireState,
  stateAfterEdit,
  submissionProblems,
  verificationProblems,
} from './proposal.rules';
import type { JobGroup } from './proposal.rules';

/** A move as the audit log and the proposal's history record it. */
interface Move {
  action: ProposalAction | 'CREATE';
  mutation: string;
  to: ProposalState;
  reason?: string | null;
  details?: Record<string, unknown>;
}

const CURSOR_PREFIX = 'pp:';
/** Events a subscriber reads per poll (the repository's page). */
const EVENT_PAGE = 500;

/**
 * The proposal cycle: drafting from a run's need, edits, and each move from state to state.
 * Decisions come from proposal.rules.ts, the SQL of every transition from the lifecycle
 * repository; each move is one audited transaction and a compare-and-set on the version.
 */
@Injectable()
export class ProposalService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly policies: ProposalPolicyService,
  ) {}

  async createFromRun(actor: AuditActor, input: CreateProposalFromRunInput): Promise<ProposalModel> {
    await requireFinishedRun(this.db, input.runId, input.year, 'input.year');
    const [agency] = (await this.db.query('SELECT id, code FROM agency WHERE code = $1', [input.agencyCode])) as Array<{
      id: string;
      code: string;
    }>;
    if (!agency) throw new NotFoundError('agency', input.agencyCode);
    const cells = await this.cells(this.db, input.runId, agency.code, input.year);
    if (cells.length === 0) throw new NotFoundError(`agency in plan run ${input.runId}`, agency.code);
    const drafts = draftLines(cells, await this.policies.forAgency(agency.id));
    const byCell = new Map(cells.map((c) => [cellKey(c.positionCode, c.unitCode), c]));
    const lines = drafts.map((d): ProposalLineWrite => {
      const cell = byCell.get(cellKey(d.positionCode, d.unitCode))!;
      return {
        ...d,
        positionName: cell.positionName,
        unitName: cell.unitName,
        education: [],
        payMin: null,
        payMax: null,
        justification: null,
        cell: cellFigures(cell),
      };
    });
    const entry = {
      action: 'createProposalFromRun',
      agencyCode: agency.code,
      entity: 'proposal',
      summary: { runId: input.runId, year: input.year, lines: lines.length, proposed: lines.reduce((s, l) => s + l.count, 0) },
    };
    try {
      const id = await this.audit.transaction(actor, entry, async (tx, record) => {
        const proposalId = await repo.createDraft(tx, {
          agencyId: agency.id,
          agencyCode: agency.code,
          year: input.year,
          runId: input.runId,
          createdByEmail: actor.email,
        });
        await repo.upsertLines(tx, proposalId, lines);
        await repo.appendEvent(tx, {
          proposalId,
          action: 'CREATE',
          fromState: null,
          toState: 'DRAFT',
          actor,
          auditId: record.id,
          details: { runId: input.runId },
        });
        await record.amend({ entityKey: proposalId });
        return proposalId;
      });
      return this.get(id);
    } catch (e) {
      if ((e as { constraint?: string }).constraint === 'uq_proposal_agency_year') {
        const [live] = (await this.db.query(`SELECT id, state FROM proposal WHERE agency_id = $1 AND year = $2 AND state <> 'WITHDRAWN'`, [
          agency.id,
          input.year,
        ])) as Array<{ id: string; state: string }>;
        throw new DomainError(
          DomainErrorCode.CONFLICT,
          `${agency.code} already has a proposal for ${input.year} (${live?.id}, ${live?.state}); ` +
            'edit it, or withdraw it before drafting another',
        );
      }
      throw e;
    }
  }

  /** Adds, replaces or removes lines; a submitted or signed proposal goes back to DRAFT and loses its signature. */
  async updateLines(actor: AuditActor, input: UpdateProposalLinesInput): Promise<ProposalModel> {
    const p = await this.prepare(input, 'EDIT');
    const current = await repo.lines(this.db, [p.id]);
    const writes = await this.lineWrites(p, input.upsert);
    const known = new Set(current.map((l) => l.id));
    const unknown = input.remove.map((id, i) => ({ id, i })).filter((r) => !known.has(r.id));
    if (unknown.length > 0) {
      throw new InputValidationError(
        unknown.map((r) => ({ field: `input.remove.${r.i}`, row: r.i, message: `line ${r.id} is not a line of this proposal` })),
      );
    }
    const to = stateAfterEdit(p.state as ProposalState);
    const voided = p.signedHash !== null;
    return this.move(
      actor,
      p,
      {
        action: 'EDIT',
        mutation: 'updateProposalLines',
        to,
        details: { upserted: writes.length, removed: input.remove.length, signatureVoided: voided },
      },
      async (tx) => {
        if (!(await repo.edited(tx, p.id, p, to))) return false;
        await repo.removeLines(tx, p.id, input.remove);
        await repo.upsertLines(tx, p.id, writes);
        return true;
      },
    );
  }

  async submit(actor: AuditActor, input: ProposalActionInput): Promise<ProposalModel> {
    const p = await this.prepare(input, 'SUBMIT');
    const problems = submissionProblems(await repo.lines(this.db, [p.id]));
    if (problems.length > 0) throw new InputValidationError(problems);
    return this.move(actor, p, { action: 'SUBMIT', mutation: 'submitProposal', to: 'SUBMITTED' }, (tx) => repo.submit(tx, p.id, p));
  }

  /** The agency head's SPTJM: name, NIP, time and a SHA-256 of the content signed. */
  async sign(actor: AuditActor, input: SignProposalInput): Promise<ProposalModel> {
    const p = await this.prepare(input, 'SIGN');
    const hash = contentHash(p, await repo.lines(this.db, [p.id]));
    return this.move(
      actor,
      p,
      { action: 'SIGN', mutation: 'signProposal', to: 'SIGNED', details: { signerNip: input.signerNip, contentHash: hash } },
      (tx) => repo.sign(tx, p.id, p, { signerId: actor.id, name: input.signerName, nip: input.signerNip, hash }),
    );
  }

  async take(actor: AuditActor, input: ProposalActionInput): Promise<ProposalModel> {
    const p = await this.prepare(input, 'TAKE');
    return this.move(actor, p, { action: 'TAKE', mutation: 'takeProposalForVerification', to: 'IN_VERIFICATION' }, (tx) =>
      repo.take(tx, p.id, p, actor.email),
    );
  }

  async returnToAgency(actor: AuditActor, input: ReturnProposalInput): Promise<ProposalModel> {
    const p = await this.prepare(input, 'RETURN');
    const ids = new Set((await repo.lines(this.db, [p.id])).map((l) => l.id));
    const errors = input.comments.flatMap((c, i): FieldError[] =>
      ids.has(c.lineId)
        ? []
        : [{ field: `input.comments.${i}.lineId`, row: i, message: `line ${c.lineId} is not a line of this proposal` }],
    );
    if (errors.length > 0) throw new InputValidationError(errors);
    return this.move(
      actor,
      p,
      { action: 'RETURN', mutation: 'returnProposal', to: 'RETURNED', reason: input.reason, details: { comments: input.comments.length } },
      (tx) => repo.returnToAgency(tx, p.id, p, input.reason, input.comments),
    );
  }

  async verify(actor: AuditActor, input: VerifyProposalInput): Promise<ProposalModel> {
    const p = await this.prepare(input, 'VERIFY');
    const errors = verificationProblems(await repo.lines(this.db, [p.id]), input.adjustments);
    if (errors.length > 0) throw new InputValidationError(errors);
    return this.move(
      actor,
      p,
      { action: 'VERIFY', mutation: 'verifyProposal', to: 'VERIFIED', details: { lowered: input.adjustments.length } },
      (tx) => repo.verify(tx, p.id, p, input.adjustments),
    );
  }

  async determine(actor: AuditActor, input: DetermineProposalInput): Promise<ProposalModel> {
    const p = await this.prepare(input, 'DETERMINE');
    if (Number.isNaN(Date.parse(`${input.decreeDate}T00:00:00Z`))) {
      throw new InputValidationError([{ field: 'input.decreeDate', message: `${input.decreeDate} is not a date` }]);
    }
    const lines = await repo.lines(this.db, [p.id]);
    const errors = determinationProblems(lines, input.lines);
    if (errors.length > 0) throw new InputValidationError(errors);
    const counts = determinedCounts(lines, input.lines);
    const determined = [...counts.values()].reduce((s, n) => s + n, 0);
    return this.move(
      actor,
      p,
      {
        action: 'DETERMINE',
        mutation: 'determineProposal',
        to: 'DETERMINED',
        reason: input.decreeNumber,
        details: { decreeNumber: input.decreeNumber, decreeDate: input.decreeDate, determined },
      },
      (tx) => repo.determine(tx, p.id, p, { number: input.decreeNumber, date: input.decreeDate }, counts),
    );
  }

  async withdraw(actor: AuditActor, input: WithdrawProposalInput): Promise<ProposalModel> {
    const p = await this.prepare(input, 'WITHDRAW');
    return this.move(actor, p, { action: 'WITHDRAW', mutation: 'withdrawProposal', to: 'WITHDRAWN', reason: input.reason }, (tx) =>
      repo.withdraw(tx, p.id, p),
    );
  }

  async get(id: string): Promise<ProposalModel> {
    return toModel(await this.require(id));
  }

  async require(id: string, db: Queryable = this.db): Promise<ProposalRow> {
    const p = isUUID(id) ? await repo.find(db, id) : undefined;
    if (!p) throw new NotFoundError('proposal', id);
    return p;
  }

  async lines(proposalId: string): Promise<ProposalLineModel[]> {
    const rows = await repo.lines(this.db, [proposalId]);
    const over = overNeedLineIds(rows);
    return rows.map((l) => toLineModel(l, over.has(l.id)));
  }

  async totals(p: ProposalModel): Promise<ProposalTotalsModel> {
    const [agencyId] = (await this.db.query('SELECT agency_id AS id FROM proposal WHERE id = $1', [p.id])) as Array<{ id: string }>;
    const [figures] = (await this.db.query(
      `SELECT coalesce(sum(formation), 0)::int AS "computedNeed", coalesce(sum(exits), 0)::float8 AS exits,
              CASE WHEN count(annual_cost) = 0 THEN NULL ELSE sum(existing * annual_cost)::float8 END AS "currentStaffCost"
         FROM plan_result WHERE run_id = $1 AND agency_code = $2 AND year = $3`,
      [p.runId, p.agencyCode, p.year],
    )) as Array<{ computedNeed: number; exits: number; currentStaffCost: number | null }>;
    const policy = await this.policies.forAgency(agencyId!.id);
    const stage = { verified: ['VERIFIED', 'DETERMINED'].includes(p.state), determined: p.state === 'DETERMINED' };
    const lines = (await repo.lines(this.db, [p.id])).map((l) => ({ ...l, group: l.group as JobGroup }));
    return proposalTotals(lines, figures!, policy, stage);
  }

  async contentHash(p: ProposalModel): Promise<string> {
    return contentHash(p, await repo.lines(this.db, [p.id]));
  }

  async history(proposalId: string): Promise<ProposalEventModel[]> {
    return (await repo.history(this.db, proposalId)) as ProposalEventModel[];
  }

  /** Proposals in (year, agency) order, keyset-paged; `agencyIds` null = every agency. */
  async list(args: ProposalsArgs, agencyIds: string[] | null): Promise<ProposalPageModel> {
    const after = args.after ? decodeCursor(args.after) : null;
    const where = `($1::int IS NULL OR p.year = $1) AND ($2::text IS NULL OR p.state = $2) AND ($3::text IS NULL OR p.agency_code = $3)
      AND ($4::uuid[] IS NULL OR p.agency_id = ANY($4))`;
    const params = [args.year ?? null, args.state ?? null, args.agencyCode ?? null, agencyIds];
    const [{ n }] = (await this.db.query(`SELECT count(*)::int AS n FROM proposal p WHERE ${where}`, params)) as [{ n: number }];
    const ids = (await this.db.query(
      `SELECT p.id FROM proposal p WHERE ${where} AND ($5::int IS NULL OR (p.year, p.agency_code, p.id) > ($5, $6, $7::uuid))
        ORDER BY p.year, p.agency_code, p.id LIMIT $8`,
      [...params, after?.year ?? null, after?.agencyCode ?? null, after?.id ?? null, args.first + 1],
    )) as Array<{ id: string }>;
    const page = await Promise.all(ids.slice(0, args.first).map((r) => this.get(r.id)));
    const last = page[page.length - 1];
    return { totalCount: n, nodes: page, endCursor: ids.length > args.first && last ? encodeCursor(last) : null };
  }

  /** Counts per state, time spent in each state, and the agencies that have not started. */
  async board(year: number): Promise<ProposalBoardModel> {
    const counts = (await this.db.query('SELECT state, count(*)::int AS n FROM proposal WHERE year = $1 GROUP BY state', [year])) as Array<{
      state: ProposalState;
      n: number;
    }>;
    // a visit of a state lasts from the move into it until the next move out of it (or now)
    const times = (await this.db.query(
      `SELECT state, count(*)::int AS visits, coalesce(sum(hours), 0)::float8 AS hours FROM (
         SELECT e.to_state AS state,
                extract(epoch FROM coalesce(lead(e.at) OVER (PARTITION BY e.proposal_id ORDER BY e.id), now()) - e.at) / 3600 AS hours
           FROM proposal_event e JOIN proposal p ON p.id = e.proposal_id
          WHERE p.year = $1 AND e.from_state IS DISTINCT FROM e.to_state) v
        GROUP BY state`,
      [year],
    )) as Array<{ state: ProposalState; visits: number; hours: number }>;
    const notStarted = (await this.db.query(
      `SELECT a.code FROM agency a
        WHERE NOT EXISTS (SELECT 1 FROM proposal p WHERE p.agency_id = a.id AND p.year = $1 AND p.state <> 'WITHDRAWN')
        ORDER BY a.code`,
      [year],
    )) as Array<{ code: string }>;
    const [{ n: agencies }] = (await this.db.query('SELECT count(*)::int AS n FROM agency')) as [{ n: number }];
    return {
      year,
      agencies,
      notStarted: notStarted.length,
      notStartedAgencyCodes: notStarted.map((r) => r.code),
      states: PROPOSAL_STATES.map((state) => {
        const t = times.find((x) => x.state === state);
        return {
          state,
          count: counts.find((c) => c.state === state)?.n ?? 0,
          totalHours: t?.hours ?? 0,
          averageHours: t && t.visits > 0 ? t.hours / t.visits : 0,
        };
      }),
    };
  }

  /**
   * Moves of proposals from now on, as they commit; with a proposalId the stream ends once that
   * proposal is decided (DETERMINED or WITHDRAWN). Polls the history, which every API instance shares.
   */
  async *watch(
    f: {
      year: number | null;
      agencyCode: string | null;
      proposalId: string | null;
      agencyIds: string[] | null;
      afterEventId: string | null;
    },
    intervalMs = 300,
  ): AsyncGenerator<ProposalEventModel> {
    const final = (state: string): boolean => state === 'DETERMINED' || state === 'WITHDRAWN';
    let after = f.afterEventId ?? (await repo.lastEventId(this.db));
    // a proposal decided before the stream starts: replay what follows afterEventId, then end
    const decided = f.proposalId !== null && final((await this.require(f.proposalId)).state);
    for (;;) {
      const batch = await repo.eventsAfter(this.db, after, f);
      for (const e of batch) {
        after = e.id;
        if (f.proposalId && e.proposalId !== f.proposalId) continue;
        yield e as ProposalEventModel;
        if (f.proposalId && final(e.toState)) return;
      }
      if (decided && batch.length < EVENT_PAGE) return;
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  }

  /** The proposal as the caller decides on it: found, in a state the action starts from, at the version they saw. */
  private async prepare(input: ProposalActionInput, action: ProposalAction): Promise<ProposalRow> {
    const p = await this.require(input.id);
    if (input.expectedVersion != null && input.expectedVersion !== p.version) throw conflict(p);
    requireState(action, p.id, p.state as ProposalState);
    return p;
  }

  private async move(actor: AuditActor, p: ProposalRow, m: Move, work: (tx: EntityManager) => Promise<boolean>): Promise<ProposalModel> {
    const entry = {
      action: m.mutation,
      agencyCode: p.agencyCode,
      entity: 'proposal',
      entityKey: p.id,
      summary: { year: p.year, from: p.state, to: m.to, ...(m.reason ? { reason: m.reason } : {}), ...(m.details ?? {}) },
    };
    await this.audit.transaction(actor, entry, async (tx, record) => {
      if (!(await work(tx))) throw conflict((await repo.find(tx, p.id)) ?? p);
      await repo.appendEvent(tx, {
        proposalId: p.id,
        action: m.action,
        fromState: p.state,
        toState: m.to,
        actor,
        reason: m.reason ?? null,
        details: m.details,
        auditId: record.id,
      });
    });
    return this.get(p.id);
  }

  /** Validated lines with their position and unit names and the plan cell each belongs to. */
  private async lineWrites(p: ProposalRow, inputs: ProposalLineInput[]): Promise<ProposalLineWrite[]> {
    if (inputs.length === 0) return [];
    const positions = new Map(
      (
        (await this.db.query('SELECT code, name FROM position WHERE code = ANY($1)', [inputs.map((l) => l.positionCode)])) as Array<{
          code: string;
          name: string;
        }>
      ).map((r) => [r.code, r.name]),
    );
    const units = new Map(
      (
        (await this.db.query('SELECT code, name FROM org_unit WHERE agency_id = $1 AND code = ANY($2)', [
          p.agencyId,
          inputs.map((l) => l.unitCode).filter((u): u is string => !!u),
        ])) as Array<{ code: string; name: string }>
      ).map((r) => [r.code, r.name]),
    );
    const cells = new Map((await this.cells(this.db, p.runId, p.agencyCode, p.year)).map((c) => [cellKey(c.positionCode, c.unitCode), c]));
    const errors: FieldError[] = [];
    const keys = new Set<string>();
    const writes = inputs.map((l, i): ProposalLineWrite => {
      const at = `input.upsert.${i}`;
      const unitCode = l.unitCode ?? null;
      if (!positions.has(l.positionCode))
        errors.push({ field: `${at}.positionCode`, row: i, message: `unknown position ${l.positionCode}` });
      if (unitCode && !units.has(unitCode))
        errors.push({ field: `${at}.unitCode`, row: i, message: `${p.agencyCode} has no unit ${unitCode}` });
      if (l.payMin != null && l.payMax != null && l.payMin > l.payMax)
        errors.push({ field: `${at}.payMax`, row: i, message: 'payMax is below payMin' });
      const key = [l.positionCode, unitCode, l.procurement, l.group, l.formationType].join('|');
      if (keys.has(key))
        errors.push({ field: at, row: i, message: 'the same position, unit, procurement, group and formation type twice' });
      keys.add(key);
      const cell = cells.get(cellKey(l.positionCode, unitCode));
      return {
        positionCode: l.positionCode,
        positionName: positions.get(l.positionCode) ?? l.positionCode,
        unitCode,
        unitName: unitCode ? (units.get(unitCode) ?? null) : null,
        procurement: l.procurement,
        group: l.group,
        formationType: l.formationType,
        count: l.count,
        education: [...new Set((l.education ?? []).map((e) => e.trim()).filter((e) => e.length > 0))],
        payMin: l.payMin ?? null,
        payMax: l.payMax ?? null,
        justification: l.justification?.trim() || null,
        cell: cell ? cellFigures(cell) : null,
      };
    });
    if (errors.length > 0) throw new InputValidationError(errors);
    return writes;
  }

  /** The run's cells of one agency and year, with the position's and unit's names. */
  private cells(db: Queryable, runId: string, agencyCode: string, year: number): Promise<PlanCell[]> {
    return db.query(
      `SELECT r.position_code AS "positionCode", coalesce(pos.name, r.position_code) AS "positionName", r.unit_code AS "unitCode",
              u.name AS "unitName",
              r.category, r.required_fte::float8 AS "requiredFte", r.existing::float8 AS existing, r.exits::float8 AS exits, r.formation,
              r.annual_cost::float8 AS "annualCost"
         FROM plan_result r LEFT JOIN position pos ON pos.code = r.position_code
         LEFT JOIN org_unit u ON u.agency_id = r.agency_id AND u.code = r.unit_code
        WHERE r.run_id = $1 AND r.agency_code = $2 AND r.year = $3
        ORDER BY r.position_code, r.unit_code NULLS FIRST`,
      [runId, agencyCode, year],
    ) as Promise<PlanCell[]>;
  }
}

/** The figures of the plan cell a line keeps beside it. */
const cellFigures = (c: PlanCell): NonNullable<ProposalLineWrite['cell']> => ({
  category: c.category,
  requiredFte: c.requiredFte,
  existing: c.existing,
  exits: c.exits,
  formation: c.formation,
  annualCost: c.annualCost,
});

function conflict(p: ProposalRow): DomainError {
  return new DomainError(
    DomainErrorCode.CONFLICT,
    `proposal ${p.id} changed while you acted: it is now ${p.state} at version ${p.version}; reload it and decide again`,
  );
}

export function toModel(p: ProposalRow): ProposalModel {
  return {
    id: p.id,
    agencyCode: p.agencyCode,
    year: p.year,
    runId: p.runId,
    state: p.state as ProposalState,
    version: p.version,
    createdByEmail: p.createdByEmail,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
    stateChangedAt: p.stateChangedAt,
    signature:
      p.signedAt && p.signedHash
        ? { signerName: p.signerName ?? '', signerNip: p.signerNip ?? '', signedAt: p.signedAt, contentHash: p.signedHash }
        : null,
    verifierEmail: p.verifierEmail,
    returnReason: p.returnReason,
    decreeNumber: p.decreeNumber,
    decreeDate: p.decreeDate,
  };
}

function toLineModel(l: ProposalLineRow, overNeed: boolean): ProposalLineModel {
  const flags = [...(overNeed ? ['OVER_NEED'] : []), ...(l.cellFound ? [] : ['NO_PLAN_CELL'])];
  return {
    id: l.id,
    positionCode: l.positionCode,
    positionName: l.positionName,
    unitCode: l.unitCode,
    unitName: l.unitName,
    procurement: l.procurement as ProposalLineModel['procurement'],
    group: l.group as JobGroup,
    formationType: l.formationType as ProposalLineModel['formationType'],
    count: l.count,
    education: l.education,
    payMin: l.payMin,
    payMax: l.payMax,
    justification: l.justification,
    overNeed,
    flags,
    cell: l.cellFound
      ? {
          category: l.cellCategory ?? '',
          requiredFte: l.cellRequiredFte ?? 0,
          existing: l.cellExisting ?? 0,
          exits: l.cellExits ?? 0,
          formation: l.cellFormation ?? 0,
          annualCost: l.cellAnnualCost,
        }
      : null,
    verifiedCount: l.verifiedCount,
    verifyReason: l.verifyReason,
    determinedCount: l.determinedCount,
    returnComment: l.returnComment,
  };
}

function encodeCursor(p: ProposalModel): string {
  return CURSOR_PREFIX + Buffer.from(JSON.stringify([p.year, p.agencyCode, p.id])).toString('base64url');
}

function decodeCursor(s: string): { year: number; agencyCode: string; id: string } {
  const bad = new InputValidationError([{ field: 'after', message: 'after is not an endCursor returned by proposals' }]);
  if (!s.startsWith(CURSOR_PREFIX)) throw bad;
  try {
    const [year, agencyCode, id] = JSON.parse(Buffer.from(s.slice(CURSOR_PREFIX.length), 'base64url').toString()) as [
      number,
      string,
      string,
    ];
    if (!Number.isInteger(year) || typeof agencyCode !== 'string' || !isUUID(id)) throw bad;
    return { year, agencyCode, id };
  } catch {
    throw bad;
  }
}
