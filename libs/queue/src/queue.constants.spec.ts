import { PLAN_RUN_JOB_ATTEMPTS, PLAN_RUN_QUEUE, planRunFlow, PlanRunJobName } from './queue.constants';

describe('planRunFlow', () => {
  const ids = ['a1', 'a2', 'a3', 'a4', 'a5'];

  it('makes one child per batch of agencies, in order, the last batch holding the rest', () => {
    const flow = planRunFlow('run-1', 'run-1', ids, 2);
    expect(flow).toMatchObject({ name: PlanRunJobName.COMPUTE, queueName: PLAN_RUN_QUEUE, data: { planRunId: 'run-1', batches: 3 } });
    expect(flow.opts).toMatchObject({ jobId: 'run-1', attempts: PLAN_RUN_JOB_ATTEMPTS });
    expect(flow.children!.map((c) => [c.opts!.jobId, c.data])).toEqual([
      ['run-1-b0', { planRunId: 'run-1', batch: 0, batches: 3, agencyIds: ['a1', 'a2'] }],
      ['run-1-b1', { planRunId: 'run-1', batch: 1, batches: 3, agencyIds: ['a3', 'a4'] }],
      ['run-1-b2', { planRunId: 'run-1', batch: 2, batches: 3, agencyIds: ['a5'] }],
    ]);
    // a batch that fails for good fails the run's parent, so the sweep finds the run lost
    expect(flow.children!.every((c) => c.name === PlanRunJobName.BATCH && c.opts!.failParentOnFailure === true)).toBe(true);
  });

  it('names a second delivery’s jobs after its own job id', () => {
    const flow = planRunFlow('run-1', 'run-1-redelivery', ids, 16);
    expect(flow.opts!.jobId).toBe('run-1-redelivery');
    expect(flow.children!.map((c) => c.opts!.jobId)).toEqual(['run-1-redelivery-b0']);
    expect(flow.children![0]!.data.agencyIds).toEqual(ids);
  });

  it('has no child for a run without agencies: the parent publishes an empty run at once', () => {
    expect(planRunFlow('run-1', 'run-1', [], 16)).toMatchObject({ data: { batches: 0 }, children: [] });
  });
});
