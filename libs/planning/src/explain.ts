import { formatYmd } from './dates';
import { CellWorkload, EmploymentType, PlanCellYear, PlanningProblem, RoundingRule } from './model';
import { cellIndexOf, compileContext, createPlanColumns, planCell, planRow, prepareProblem, staffOf } from './formation-plan';
import { PLANNING_RULES_VERSION } from './rules-version';
import { describeCell, PlanningError, PlanningErrorCode } from './planning-error';
import { EXIT_CONTRACT_END, exitOf, projectSupply, rankOf, retirementAgeTable } from './supply';
import { TraceStep } from './trace';
import { cellWorkload, compileCell, createCellColumns } from './workload';

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
    /** PLANNING_RULES_VERSION of the engine that computed this explanation. */
    rulesVersion: number;
  };
  workload: CellWorkload;
  /** Activity and formula steps for the year, in order. */
  steps: TraceStep[];
  /** Supply chain from the first plan year up to this one. */
  planSteps: TraceStep[];
  plan: PlanCellYear | null;
  staff: StaffMemberTrace[];
  /** Set by whoever serves a stored run's explanation when something about it needs saying (e.g. older planning rules). */
  notice?: string;
}

export function explainCell(problem: PlanningProblem, key: CellKey): CellExplanation {
  const p = prepareProblem(problem);
  const unitCode = key.unitCode ?? null;
  const index = cellIndexOf(p)(key.positionCode, unitCode);
  if (index < 0) {
    throw new PlanningError(PlanningErrorCode.UNKNOWN_CELL, `${describeCell(key.positionCode, unitCode)} is not in this problem`, {
      positionCode: key.positionCode,
      unitCode,
    });
  }
  const years = p.workload.years;
  const y = key.year == null ? 0 : years.indexOf(key.year);
  if (y < 0)
    throw new PlanningError(
      PlanningErrorCode.INVALID_INPUT,
      `year ${key.year} is not a year of this problem (${years.join(', ') || 'none'})`,
      { year: key.year },
    );
  const year = years.length ? years[y] : null;

  const activitySteps: TraceStep[] = [];
  const ctx = compileContext(p);
  const cols = createCellColumns(1, ctx.years.length);
  compileCell(p.cells[index], ctx, cols, 0, activitySteps);
  const staffColumns = staffOf(p, problem);
  const supply = staffColumns && p.horizon ? projectSupply(staffColumns, p.cells.length, years) : null;
  const existing = supply ? supply.existing[index] : cols.existing[0];

  const steps: TraceStep[] = [p.workingTime.step, ...activitySteps.filter((s) => s.year === undefined || s.year === year)];
  const workload = cellWorkload({ positionCode: key.positionCode, unitCode }, cols, 0, y, existing, p.workload, steps);

  const planSteps: TraceStep[] = [];
  let plan: PlanCellYear | null = null;
  if (p.horizon) {
    const out = createPlanColumns(1, years.length);
    planCell(cols, 0, existing, supply, index, p, out, planSteps);
    plan = planRow({ positionCode: key.positionCode, unitCode }, out, 0, y, years[y], p.workload.bands);
  }

  const staff: StaffMemberTrace[] = [];
  if (staffColumns && p.horizon) {
    const { roster, retireYmd, contractEndYmd } = staffColumns;
    const ages = retirementAgeTable(problem.plan!.retirementAges);
    for (let i = 0; i < roster.size; i++) {
      if (roster.cell[i] !== index) continue;
      const { category, level } = rankOf(roster.rank[i]);
      const rule = ages.ageFor(roster.rank[i], key.positionCode)!;
      const exit = exitOf(retireYmd[i], contractEndYmd[i], years);
      const kind = exit >= 0 && (exit & 1) === EXIT_CONTRACT_END ? 'CONTRACT_END' : 'RETIREMENT';
      staff.push({
        nip: roster.nipOf ? roster.nipOf(i) : `#${i + 1}`,
        employmentType: roster.pppk[i] ? 'PPPK' : 'PNS',
        category,
        level,
        birthDate: formatYmd(roster.birthYmd[i]),
        retirementAge: rule.age,
        retirementRule: rule.rule,
        lastDayInPost: formatYmd(retireYmd[i]),
        contractEnd: roster.contractEndYmd[i] ? formatYmd(roster.contractEndYmd[i]) : null,
        exit:
          exit < 0
            ? null
            : { kind, date: formatYmd(kind === 'CONTRACT_END' ? contractEndYmd[i] : retireYmd[i]), planYear: years[exit >> 1] },
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
      rulesVersion: PLANNING_RULES_VERSION,
    },
    workload,
    steps,
    planSteps: year === null ? planSteps : planSteps.filter((s) => s.year !== undefined && s.year <= year),
    plan,
    staff,
  };
}
