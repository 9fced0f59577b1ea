import { readFileSync } from 'node:fs';
import {
  Activity,
  CellExplanation,
  computePlan,
  EfficiencyBand,
  explainCell,
  PlanningError,
  PlanningErrorCode,
  PlanningProblem,
  PlanOptions,
  RoundingRule,
  TargetValue,
  WorkingTimeProfile,
} from '@formasi/planning';

// `formasi evaluate <case.json>`: reads a conformance case (../shared/conformance/README.md),
// runs the engine the service uses and prints the result as JSON.

export interface EvaluationCase {
  name?: string;
  year?: number;
  workingTime: WorkingTimeProfile;
  rounding?: RoundingRule;
  efficiencyBands?: EfficiencyBand[];
  targets?: TargetValue[];
  positions: { code: string; unitCode?: string | null; existing?: number; activities: Activity[] }[];
  /** The plan as the engine takes it, staff as rows (a case never carries a columnar roster). */
  plan?: Omit<PlanOptions, 'roster'>;
}

export function caseToProblem(kase: EvaluationCase): PlanningProblem {
  if (!kase || typeof kase !== 'object') throw new PlanningError(PlanningErrorCode.INVALID_INPUT, 'the case must be a JSON object');
  if (!Array.isArray(kase.positions)) throw new PlanningError(PlanningErrorCode.INVALID_INPUT, 'positions must be a list');
  return {
    workingTime: kase.workingTime,
    rounding: kase.rounding,
    efficiencyBands: kase.efficiencyBands,
    targets: kase.targets ?? [],
    year: kase.year,
    cells: kase.positions.map((p) => ({
      positionCode: p?.code,
      unitCode: p?.unitCode ?? null,
      existing: p?.existing,
      activities: p?.activities,
    })),
    plan: kase.plan,
  };
}

export function evaluateCase(kase: EvaluationCase, explain = false): Record<string, unknown> {
  const problem = caseToProblem(kase);
  const result = computePlan(problem);
  const output: Record<string, unknown> = {
    workingHoursPerYear: result.workingHoursPerYear,
    positions: result.cells.map((c) => ({
      code: c.positionCode,
      ...(c.unitCode ? { unitCode: c.unitCode } : {}),
      year: c.year,
      existing: c.existing,
      serviceHours: c.serviceHours,
      casPercent: c.casPercent,
      caf: c.caf,
      iaf: c.iaf,
      requiredFte: c.requiredFte,
      required: c.required,
      wisnDifference: c.wisnDifference,
      wisnRatio: c.wisnRatio,
      efficiency: c.efficiency,
      efficiencyBand: c.efficiencyBand,
    })),
    plan: result.plan.map(({ positionCode, unitCode, ...row }) => ({ code: positionCode, ...(unitCode ? { unitCode } : {}), ...row })),
  };
  if (explain) {
    const explanations: CellExplanation[] = [];
    const years = problem.plan?.years ?? [problem.year ?? null];
    for (const cell of problem.cells) {
      for (const year of years) explanations.push(explainCell(problem, { positionCode: cell.positionCode, unitCode: cell.unitCode, year }));
    }
    output.explanations = explanations;
  }
  return output;
}

export function runEvaluate(args: string[]): number {
  const explain = args.includes('--explain');
  const file = args.find((a) => !a.startsWith('--'));
  if (!file) {
    process.stderr.write('usage: formasi evaluate <case.json> [--explain]\n');
    return 64;
  }
  let kase: EvaluationCase;
  try {
    kase = JSON.parse(readFileSync(file, 'utf8')) as EvaluationCase;
  } catch (error) {
    process.stderr.write(`formasi: cannot read case ${file}: ${(error as Error).message}\n`);
    return 66;
  }
  try {
    process.stdout.write(`${JSON.stringify(evaluateCase(kase, explain), null, 2)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof PlanningError) {
      process.stderr.write(`formasi: ${error.code}: ${error.message}\n`);
      return 65;
    }
    throw error;
  }
}
