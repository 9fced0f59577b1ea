import { InjectFlowProducer, InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { FlowProducer, Queue } from 'bullmq';
import { AppConfig } from '@formasi/config';
import { DataSource } from 'typeorm';
import { AuditActor, PlanRunPolicyOverrides, PlanRunRepository, PlanRunStatus } from '@formasi/database';
import { AuditService } from '../audit/audit.service';
import { ComputePlanJobData, PLAN_RUN_FLOW, PLAN_RUN_QUEUE, planRunFlow } from '@formasi/queue';
import { DomainError, DomainErrorCode, FieldError, InputValidationError, NotFoundError } from '../common/domain-error';
import { AgencyService } from '../agencies/agency.service';
import { isRealDate } from '../common/validators';
import { PlanRunModel } from './plan-run.model';
import { StartPlanRunInput } from './start-plan-run.input';

const RUN_COLUMNS = `r.id, r.status, r.progress, a.code AS "agencyCode", to_char(r.as_of, 'YYYY-MM-DD') AS "asOf",
  r.years::int[] AS years, r.policy->>'rounding' AS rounding, (r.policy->>'attritionRate')::float8 AS "attritionRate",
  (r.policy->>'renewContracts')::boolean AS "renewContracts", r.scenario_id AS "scenarioId", r.created_at AS "createdAt", r.started_at AS "startedAt",
  r.finished_at AS "finishedAt", (extract(epoch FROM r.finished_at - r.started_at) * 1000)::int AS "durationMs",
  r.error, r.error_code AS "errorCode", r.attempts, r.rules_version AS "rulesVersion"`;

@Injectable()
export class PlanRunService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectQueue(PLAN_RUN_QUEUE) private readonly queue: Queue<ComputePlanJobData>,
    @InjectFlowProducer(PLAN_RUN_FLOW) private readonly flows: FlowProducer,
    private readonly config: AppConfig,
    private readonly agencies: AgencyService,
    private readonly audit: AuditService,
    private readonly runs: PlanRunRepository,
  ) {}

  /** Records the run and enqueues it; the flow's job id is the run id, so a duplicate enqueue collapses. */
  async start(actor: AuditActor, input: StartPlanRunInput): Promise<PlanRunModel> {
    const errors: FieldError[] = [];
    if (!isRealDate(input.asOf)) errors.push({ field: 'asOf', message: 'asOf is not a real date' });
    const asOfYear = Number(input.asOf.slice(0, 4));
    const years = input.years ?? [1, 2, 3, 4, 5].map((k) => asOfYear + k);
    if (years.some((y, i) => i > 0 && y !== years[i - 1]! + 1))
      errors.push({ field: 'years', message: 'years must be consecutive and ascending' });
    if (years[0]! < asOfYear) errors.push({ field: 'years', message: 'plan years must not precede the asOf year' });
    if (errors.length > 0) throw new InputValidationError(errors);
    const agency = input.agencyCode ? await this.agencies.requireAgency(input.agencyCode) : null;
    if (input.scenarioId) await this.requireScenarioFor(input.scenarioId, agency);
    const policy: PlanRunPolicyOverrides = {};
    if (input.rounding != null) policy.rounding = input.rounding;
    if (input.attritionRate != null) policy.attritionRate = input.attritionRate;
    if (input.renewContracts != null) policy.renewContracts = input.renewContracts;
    const entry = {
      action: 'startPlanRun',
      agencyCode: agency?.code ?? null,
      entity: 'planRun',
      summary: { asOf: input.asOf, years, policy, scenarioId: input.scenarioId ?? null },
    };
    // committed before it is queued, so the worker always finds the run it is given
    const id = await this.audit.transaction(actor, entry, async (tx, record) => {
      const runId = await this.runs.insertQueued(tx, {
        agencyId: agency?.id ?? null,
        asOf: input.asOf,
        years,
        policy,
        scenarioId: input.scenarioId ?? null,
      });
      await record.amend({ entityKey: runId });
      return runId;
    });
    try {
      await this.enqueue(id);
    } catch (e) {
      // a run that never reached the queue must not wait as QUEUED forever
      await this.runs.failUnqueued(id, `the run could not be queued: ${e instanceof Error ? e.message : String(e)}`);
      throw new DomainError(
        DomainErrorCode.QUEUE_UNAVAILABLE,
        `plan run ${id} could not be queued; it is recorded as FAILED, start it again later`,
      );
    }
    return this.get(id);
  }

  /** A national scenario fits any run; an agency's scenario only a run of that agency. */
  private async requireScenarioFor(scenarioId: string, agency: { id: string; code: string } | null): Promise<void> {
    const [scenario] = (await this.db.query(
      'SELECT s.agency_id AS "agencyId", a.code AS "agencyCode" FROM scenario s LEFT JOIN agency a ON a.id = s.agency_id WHERE s.id = $1',
      [scenarioId],
    )) as Array<{ agencyId: string | null; agencyCode: string | null }>;
    if (!scenario) throw new InputValidationError([{ field: 'scenarioId', message: `scenario ${scenarioId} does not exist` }]);
    if (scenario.agencyId && scenario.agencyId !== agency?.id) {
      throw new InputValidationError([
        { field: 'scenarioId', message: `scenario ${scenarioId} belongs to agency ${scenario.agencyCode}; start the run for that agency` },
      ]);
    }
  }

  /**
   * Queues the run as a flow (`planRunFlow`): one job per batch of its agencies, which any worker
   * takes, and the parent that publishes the run once all are written. A job id already queued
   * collapses, as BullMQ collapses a duplicate job; another id is a second delivery.
   */
  async enqueue(planRunId: string, jobId: string = planRunId): Promise<void> {
    if (await this.queue.getJob(jobId)) return;
    const agencyIds = await this.runs.agencyIdsOf(planRunId);
    await this.flows.add(planRunFlow(planRunId, jobId, agencyIds, this.config.planRunBatchAgencies));
  }

  async get(id: string): Promise<PlanRunModel> {
    const run = await this.find(id);
    if (!run) throw new NotFoundError('plan run', id);
    return run;
  }

  async find(id: string): Promise<PlanRunModel | null> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
    const [row] = await this.db.query(`SELECT ${RUN_COLUMNS} FROM plan_run r LEFT JOIN agency a ON a.id = r.agency_id WHERE r.id = $1`, [
      id,
    ]);
    return (row as PlanRunModel | undefined) ?? null;
  }

  /** `agencyIds`: the caller's agencies (null = all); runs over every agency are listed for everyone. */
  list(
    first: number,
    agencyCode: string | null = null,
    status: PlanRunStatus | null = null,
    agencyIds: string[] | null = null,
  ): Promise<PlanRunModel[]> {
    return this.db.query(
      `SELECT ${RUN_COLUMNS} FROM plan_run r LEFT JOIN agency a ON a.id = r.agency_id
        WHERE ($2::text IS NULL OR a.code = $2) AND ($3::text IS NULL OR r.status = $3)
          AND ($4::uuid[] IS NULL OR r.agency_id IS NULL OR r.agency_id = ANY($4))
        ORDER BY r.created_at DESC, r.id LIMIT $1`,
      [Math.min(Math.max(first, 1), 200), agencyCode, status, agencyIds],
    );
  }

  /**
   * Progress for subscribers, read from the plan_run row the worker updates. Polling the
   * row works the same on Redis and on BullMQ's PostgreSQL backend, and across processes.
   */
  async *watch(id: string, intervalMs = 250): AsyncGenerator<PlanRunModel> {
    let last = '';
    for (;;) {
      const run = await this.get(id);
      const key = `${run.status}|${run.progress}`;
      if (key !== last) {
        last = key;
        yield run;
      }
      if (run.status === 'SUCCEEDED' || run.status === 'FAILED') return;
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  }
}
