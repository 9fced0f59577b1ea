import { formatYmd } from './dates';
import { CellWorkload, EmploymentType, PlanCellYear, PlanningProblem, RoundingRule } from './model';
import { cellIndexOf, compileCellAt, planCell, prepareProblem, staffOf } from './formation-plan';
import { describeCell, PlanningError, PlanningErrorCode } from './planning-error';
import { EXIT_CONTRACT_END, exitOf, projectSupply } from './supply';
import { TraceStep } from './trace';
import { cellWorkload } from './workload';

export interface CellKey {
  positionCode: string;
  unitCode?: string | null;
  /** Plan year (or the problem's year); defaults to the first. */
  year?: number | null;
}

export interface StaffMemberTrace {
  nip: string;
  employmentType: EmploymentType;
  category: string;
  level: string | null;
  birthDate: string;
  retirementAge: number;
  retirementRule: string;
  lastDayInPost: string;
  contractEnd: string | null;
  /** How and in which plan year the employee leaves; null when they stay through the horizon. */
  exit: { kind: 'RETIREMENT' | 'CONTRACT_END'; date: string; planYear: number } | null;
}

/** Everything that produced one cell-year, for a planner to recompute it by hand. */
export interface CellExplanation {
  positionCode: string;
  unitCode: string | null;
  year: number | null;
  rules: {
    workingTime: TraceStep;
    rounding: RoundingRule;
    attritionRate: number | null;
    renewContracts: boolean | null;
    asOf: string | null;
  };
  workload: CellWorkload;
  /** Activity and formula steps for the year, in order. */
  steps: TraceStep[];
  /** Supply chain from the first plan year up to this one. */
  planSteps: TraceStep[];
  plan: PlanCellYear | null;
  staff: StaffMemberTrace[];
}

export function explainCell(problem: PlanningProblem, key: CellKey): CellExplanation {
  const p = prepareProblem(problem);
  const unitCode = key.unitCode ?? null;
  const index = cellIndexOf(p)(key.positionCode, unitCode);
  if (index < 0) {
    throw new PlanningError(PlanningErrorCode.UNKNOWN_CELL, `${describeCell(key.positionCode, unitCode)} is not in this problem`, { positionCode: key.positionCode, unitCode });
  }
  const years = p.workload.years;
  const y = key.year == null ? 0 : years.indexOf(key.year);
  if (y < 0) throw new PlanningError(PlanningErrorCode.INVALID_INPUT, `year ${key.year} is not a year of this problem (${years.join(', ') || 'none'})`, { year: key.year });
  const year = years.length ? years[y] : null;

  const activitySteps: TraceStep[] = [];
  const cell = compileCellAt(p, index, activitySteps);
  const staffColumns = staffOf(p, problem);
  const supply = staffColumns && p.horizon ? projectSupply(staffColumns, p.cells.length, p.horizon) : null;
  const existing = supply ? supply.existing[index] : cell.existing;

  const steps: TraceStep[] = [p.workingTime.step, ...activitySteps.filter((s) => s.year === undefined || s.year === year)];
  const workload = cellWorkload(cell, y, existing, p.workload, steps);

  const planSteps: TraceStep[] = [];
  let plan: PlanCellYear | null = null;
  if (p.horizon) {
    const rows: PlanCellYear[] = [];
    planCell(cell, existing, supply, p, rows, planSteps);
    plan = rows[y];
  }

  const staff: StaffMemberTrace[] = [];
  if (staffColumns && p.horizon) {
    const employees = problem.plan!.employees!;
    for (let i = 0; i < staffColumns.size; i++) {
      if (staffColumns.cell[i] !== index) continue;
      const e = employees[i];
      const rule = staffColumns.ageRule[i]!;
      const exit = exitOf(staffColumns.retireYmd[i], staffColumns.contractEndYmd[i], p.horizon);
      const kind = exit >= 0 && (exit & 1) === EXIT_CONTRACT_END ? 'CONTRACT_END' : 'RETIREMENT';
      staff.push({
        nip: e.nip,
        employmentType: e.employmentType,
        category: e.category,
        level: e.level ?? null,
        birthDate: e.birthDate,
        retirementAge: rule.age,
        retirementRule: rule.rule,
        lastDayInPost: formatYmd(staffColumns.retireYmd[i]),
        contractEnd: e.contractEnd ?? null,
        exit:
          exit < 0
            ? null
            : {
                kind,
                date: formatYmd(kind === 'CONTRACT_END' ? staffColumns.contractEndYmd[i] : staffColumns.retireYmd[i]),
                planYear: years[exit >> 1],
              },
      });
    }
  }

  return {
    positionCode: key.positionCode,
    unitCode,
    year,
    rules: {
      workingTime: p.workingTime.step,
      rounding: p.workload.rounding,
      attritionRate: p.horizon ? p.attritionRate : null,
      renewContracts: p.horizon ? p.horizon.renewContracts : null,
      asOf: p.horizon ? formatYmd(p.horizon.asOfYmd) : null,
    },
    workload,
    steps,
    planSteps: year === null ? planSteps : planSteps.filter((s) => s.year !== undefined && s.year <= year),
    plan,
    staff,
  };
}
