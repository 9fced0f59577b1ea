import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { isUUID } from 'class-validator';
import { DataSource } from 'typeorm';
import { allocateQuota, QuotaCell } from '@formasi/planning';
import type { AuditActor } from '@formasi/database';
import { AuditService } from '../audit/audit.service';
import { FieldError, InputValidationError, NotFoundError } from '../common/domain-error';
import { AllocateQuotaInput, QuotaCellsArgs } from './allocate-quota.input';
import { requireFinishedRun } from '../plan-runs/finished-run';
import { QuotaAllocationCellModel, QuotaAllocationModel } from './quota-allocation.model';

interface ScopedCell extends QuotaCell {
  agencyCode: string;
  category: string;
}

// a cell's cursor is its ordinal, prefixed so that a cursor of another query is not taken for one
const CURSOR_PREFIX = 'qc:';
function decodeCursor(s: string): number {
  const m = /^qc:(\d{1,9})$/.exec(s);
  if (!m) throw new InputValidationError([{ field: 'after', message: 'after is not a cursor returned by quotaAllocation.cells' }]);
  return Number(m[1]);
}

const ALLOCATION_COLUMNS = `id, run_id AS "runId", year, agency_code AS "agencyCode", category, quota, requested, allocated, unallocated,
  budget::float8 AS budget, allocated_cost::float8 AS "allocatedCost", budget_left::float8 AS "budgetLeft", created_at AS "createdAt"`;

@Injectable()
export class QuotaAllocationService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Allocates and stores in one transaction; the same (run, year, scope) again replaces the earlier allocation. */
  async allocate(actor: AuditActor, given: AllocateQuotaInput): Promise<QuotaAllocationModel> {
    const input = given.proposalId ? await this.determinedQuota(given) : given;
    await requireFinishedRun(this.db, input.runId, input.year, 'input.year');
    const agencyCode = input.scope?.agencyCode ?? null;
    const category = input.scope?.category ?? null;
    if (agencyCode !== null) {
      const [hit] = await this.db.query('SELECT 1 FROM plan_result WHERE run_id = $1 AND agency_code = $2 LIMIT 1', [
        input.runId,
        agencyCode,
      ]);
      if (!hit) throw new NotFoundError('agency in plan run', agencyCode);
    }
    // only cells asking for formation take part (from a determination: what it determined for the cell);
    // the engine breaks ties by position, unit, agency
    const cells: ScopedCell[] = await this.db.query(
      `SELECT * FROM (
         SELECT r.agency_code AS "agencyCode", r.unit_code AS "unitCode", r.position_code AS "positionCode", r.category,
                r.required, r.supply_end::float8 AS "supplyEnd", priority::float8 AS priority, annual_cost::float8 AS "annualCost",
                CASE WHEN $5::uuid IS NULL THEN r.formation
                     ELSE (SELECT coalesce(sum(l.determined_count), 0)::int FROM proposal_line l
                            WHERE l.proposal_id = $5 AND l.position_code = r.position_code
                              AND l.unit_code IS NOT DISTINCT FROM r.unit_code) END AS requested
           FROM plan_result r
          WHERE r.run_id = $1 AND r.year = $2 AND ($3::text IS NULL OR r.agency_code = $3) AND ($4::text IS NULL OR r.category = $4)) c
        WHERE requested > 0
        ORDER BY "positionCode", "unitCode" NULLS FIRST, "agencyCode"`,
      [input.runId, input.year, agencyCode, category, input.proposalId ?? null],
    );
    const result = allocateQuota(cells, { quota: input.quota ?? null, budget: input.budget ?? null });
    const ranks = cells.map((): number[] => []);
    for (const slot of result.slots) ranks[slot.cell].push(slot.rank);
    // listed first-served first; cells without a slot after them, in the tie-break order they came in
    const ordinals = new Array<number>(cells.length);
    cells
      .map((_, i) => i)
      .sort((x, y) => (ranks[x]![0] ?? Infinity) - (ranks[y]![0] ?? Infinity) || x - y)
      .forEach((cell, n) => (ordinals[cell] = n));
    const rows = cells.map((c, i) => ({
      agency_code: c.agencyCode,
      unit_code: c.unitCode,
      position_code: c.positionCode,
      category: c.category,
      required: c.required,
      supply_end: c.supplyEnd,
      requested: c.requested,
      allocated: result.perCell[i],
      ranks: ranks[i],
      priority: c.priority,
      ordinal: ordinals[i],
      annual_cost: c.annualCost,
      allocated_cost: c.annualCost == null ? null : result.perCell[i]! * c.annualCost,
    }));

    const entry = {
      action: 'allocateQuota',
      agencyCode,
      entity: 'quotaAllocation',
      summary: {
        runId: input.runId,
        year: input.year,
        category,
        quota: input.quota,
        proposalId: input.proposalId ?? null,
        requested: result.requested,
        allocated: result.allocated,
      },
    };
    const id = await this.audit.transaction(actor, entry, async (tx, record) => {
      // the upsert locks the scope's row, so concurrent re-runs of one scope apply one after the other
      const [row] = (await tx.query(
        `INSERT INTO quota_allocation (run_id, year, agency_code, category, quota, requested, allocated, unallocated, budget, allocated_cost, budget_left)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT ON CONSTRAINT uq_quota_allocation_scope DO UPDATE
           SET quota = EXCLUDED.quota, requested = EXCLUDED.requested, allocated = EXCLUDED.allocated,
               unallocated = EXCLUDED.unallocated, budget = EXCLUDED.budget, allocated_cost = EXCLUDED.allocated_cost,
               budget_left = EXCLUDED.budget_left, created_at = now()
         RETURNING id`,
        [
          input.runId,
          input.year,
          agencyCode,
          category,
          result.quota,
          result.requested,
          result.allocated,
          result.unallocated,
          result.budget,
          result.allocatedCost,
          result.budgetLeft,
        ],
      )) as Array<{ id: string }>;
      await tx.query('DELETE FROM quota_allocation_cell WHERE allocation_id = $1', [row!.id]);
      await tx.query(
        `INSERT INTO quota_allocation_cell (allocation_id, agency_code, unit_code, position_code, category, required, supply_end, requested, allocated, ranks, priority, annual_cost, allocated_cost, ordinal)
         SELECT $1, r.agency_code, r.unit_code, r.position_code, r.category, r.required, r.supply_end, r.requested, r.allocated, r.ranks, r.priority,
                r.annual_cost, r.allocated_cost, r.ordinal
           FROM jsonb_to_recordset($2::jsonb) AS r(agency_code text, unit_code text, position_code text, category text,
                required int, supply_end numeric, requested int, allocated int, ranks int[], priority numeric, annual_cost numeric, allocated_cost numeric, ordinal int)`,
        [row!.id, JSON.stringify(rows)],
      );
      await record.amend({ entityKey: row!.id });
      return row!.id;
    });
    return this.get(id);
  }

  /**
   * Determined counts are the quota: a DETERMINED proposal gives the quota (its determined total), the agency
   * scope and the year, and each cell asks for what was determined for it. Lines without a cell in the run are left out.
   */
  private async determinedQuota(input: AllocateQuotaInput): Promise<AllocateQuotaInput> {
    const [p] = (await this.db.query(
      `SELECT p.agency_code AS "agencyCode", p.year, p.state, coalesce(sum(l.determined_count), 0)::int AS determined
         FROM proposal p LEFT JOIN proposal_line l ON l.proposal_id = p.id WHERE p.id = $1 GROUP BY p.id`,
      [input.proposalId],
    )) as Array<{ agencyCode: string; year: number; state: string; determined: number }>;
    if (!p) throw new NotFoundError('proposal', input.proposalId!);
    const errors: FieldError[] = [];
    if (p.state !== 'DETERMINED') {
      const message = `proposal ${input.proposalId} is ${p.state}; only a DETERMINED one gives a quota`;
      errors.push({ field: 'input.proposalId', message });
    }
    if (input.year !== p.year) errors.push({ field: 'input.year', message: `the proposal is for ${p.year}, not ${input.year}` });
    if (input.quota != null) {
      errors.push({ field: 'input.quota', message: 'give a quota or a proposalId, not both: the determination is the quota' });
    }
    if (input.scope?.agencyCode && input.scope.agencyCode !== p.agencyCode) {
      errors.push({ field: 'input.scope.agencyCode', message: `the proposal is of ${p.agencyCode}, not ${input.scope.agencyCode}` });
    }
    if (errors.length > 0) throw new InputValidationError(errors);
    return { ...input, quota: p.determined, scope: { ...input.scope, agencyCode: p.agencyCode } };
  }

  async get(id: string): Promise<QuotaAllocationModel> {
    if (!isUUID(id)) throw new NotFoundError('quota allocation', id);
    const [allocation] = (await this.db.query(`SELECT ${ALLOCATION_COLUMNS} FROM quota_allocation WHERE id = $1`, [
      id,
    ])) as QuotaAllocationModel[];
    if (!allocation) throw new NotFoundError('quota allocation', id);
    return allocation;
  }

  async listForRun(runId: string): Promise<QuotaAllocationModel[]> {
    if (!isUUID(runId)) throw new NotFoundError('plan run', runId);
    const [run] = await this.db.query('SELECT 1 FROM plan_run WHERE id = $1', [runId]);
    if (!run) throw new NotFoundError('plan run', runId);
    return this.db.query(
      `SELECT ${ALLOCATION_COLUMNS} FROM quota_allocation WHERE run_id = $1
        ORDER BY year, agency_code NULLS FIRST, category NULLS FIRST`,
      [runId],
    );
  }

  /** A keyset page of an allocation's cells in listing order (first-served first). */
  cells(allocationId: string, args: QuotaCellsArgs): Promise<QuotaAllocationCellModel[]> {
    const after = args.after ? decodeCursor(args.after) : -1;
    return this.db
      .query(
        `SELECT agency_code AS "agencyCode", unit_code AS "unitCode", position_code AS "positionCode", category, required,
              supply_end::float8 AS "supplyEnd", requested, allocated, ranks, priority::float8 AS priority, annual_cost::float8 AS "annualCost",
              allocated_cost::float8 AS "allocatedCost", ordinal, $4::text || ordinal AS cursor
         FROM quota_allocation_cell WHERE allocation_id = $1 AND ordinal > $2
        ORDER BY ordinal LIMIT $3`,
        [allocationId, after, args.first, CURSOR_PREFIX],
      )
      .then((rows: Array<QuotaAllocationCellModel & { ordinal?: number }>) => rows.map(({ ordinal: _, ...c }) => c));
  }

  async cellCount(allocationId: string): Promise<number> {
    const [{ n }] = (await this.db.query('SELECT count(*)::int AS n FROM quota_allocation_cell WHERE allocation_id = $1', [
      allocationId,
    ])) as [{ n: number }];
    return n;
  }
}
