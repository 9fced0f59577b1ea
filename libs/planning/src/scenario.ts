import { Activity, CellInput, PlanningProblem, RetirementAgeRule, RoundingRule, TargetValue, WorkingTimeProfile } from './model';

// A scenario ("what if the targets, standards or policy were …") is data laid over the baseline
// inputs of one agency before the engine runs, so the engine never knows it is computing one and
// the stored snapshot of a scenario run is just another problem that explanations can recompute.

/** A target value of the scenario: replaces the baseline value of (indicator, year, unit), or adds one. */
export interface TargetOverride {
  indicator: string;
  year: number;
  /** Without a unit the value is agency-wide, as in the baseline. */
  unitCode?: string | null;
  value: number;
  /** Allocation weight of the cells this target drives; keeps the baseline priority when omitted. */
  priority?: number | null;
  /** Where the value comes from, shown in explanations; e.g. the scenario's name. */
  source?: string | null;
}

/** Replaces a workload standard's activities as a whole. */
export interface StandardOverride {
  positionCode: string;
  /** With a unit: that unit's cell (created if the baseline has none); without: the position-wide standard. */
  unitCode?: string | null;
  activities: Activity[];
}

/** Everything a scenario (or a run) may change in one agency's problem; anything unset stays as in the baseline. */
export interface PlanOverrides {
  targets?: TargetOverride[];
  standards?: StandardOverride[];
  workingTime?: WorkingTimeProfile;
  /** Replaces the policy's table of retirement ages; a position's own age (positionCode rules) still applies. */
  retirementAges?: RetirementAgeRule[];
  attritionRate?: number;
  renewContracts?: boolean;
  rounding?: RoundingRule;
}

const cellKey = (positionCode: string, unitCode: string | null | undefined): string => `${positionCode}\u0000${unitCode ?? ''}`;
const targetKey = (t: { indicator: string; year: number; unitCode?: string | null }): string =>
  `${t.indicator}\u0000${t.year}\u0000${t.unitCode ?? ''}`;

/**
 * The problem with the overrides applied; the input problem is left untouched.
 *
 * `ownStandards` names the cells (position, unit) whose baseline activities come from their unit's
 * own standard: a position-wide override does not reach those, exactly as a position-wide standard
 * does not in the baseline. A unit override wins over a position-wide one for its cell.
 */
export function applyOverrides(
  problem: PlanningProblem,
  overrides: PlanOverrides,
  ownStandards: ReadonlySet<string> = new Set(),
): PlanningProblem {
  const out: PlanningProblem = { ...problem };
  if (overrides.workingTime) out.workingTime = overrides.workingTime;
  if (overrides.rounding) out.rounding = overrides.rounding;

  if (overrides.targets?.length) {
    const targets = new Map<string, TargetValue>((problem.targets ?? []).map((t) => [targetKey(t), t]));
    for (const o of overrides.targets) {
      const base = targets.get(targetKey(o));
      const priority = o.priority ?? base?.priority;
      const t: TargetValue = { indicator: o.indicator, year: o.year, value: o.value };
      if (o.unitCode) t.unitCode = o.unitCode;
      if (o.source ?? base?.source) t.source = o.source ?? base?.source;
      if (priority != null) t.priority = priority;
      targets.set(targetKey(o), t);
    }
    out.targets = [...targets.values()];
  }

  if (overrides.standards?.length) {
    const unitStandards = new Map<string, Activity[]>();
    const wideStandards = new Map<string, Activity[]>();
    for (const s of overrides.standards) {
      if (s.unitCode) unitStandards.set(cellKey(s.positionCode, s.unitCode), s.activities);
      else wideStandards.set(s.positionCode, s.activities);
    }
    const cells: CellInput[] = problem.cells.map((c) => {
      const key = cellKey(c.positionCode, c.unitCode);
      const own = unitStandards.get(key);
      if (own) {
        unitStandards.delete(key);
        return { ...c, activities: own };
      }
      const wide = wideStandards.get(c.positionCode);
      return wide && !ownStandards.has(key) ? { ...c, activities: wide } : c;
    });
    // a unit standard for a cell the baseline does not have makes one, as a unit's own standard does
    for (const s of overrides.standards) {
      if (s.unitCode && unitStandards.has(cellKey(s.positionCode, s.unitCode)))
        cells.push({ positionCode: s.positionCode, unitCode: s.unitCode, activities: s.activities });
    }
    out.cells = cells;
  }

  if (problem.plan && (overrides.retirementAges || overrides.attritionRate !== undefined || overrides.renewContracts !== undefined)) {
    const plan = { ...problem.plan };
    if (overrides.retirementAges) plan.retirementAges = [...overrides.retirementAges, ...plan.retirementAges.filter((r) => r.positionCode)];
    if (overrides.attritionRate !== undefined) plan.attritionRate = overrides.attritionRate;
    if (overrides.renewContracts !== undefined) plan.renewContracts = overrides.renewContracts;
    out.plan = plan;
  }
  return out;
}

/** The key `applyOverrides` expects in `ownStandards` for a cell. */
export const ownStandardKey = cellKey;

/**
 * A stored scenario: its targets and standards name the agency they belong to, so one national
 * scenario can carry overrides for many agencies. A standard without an agency is position-wide
 * in every agency; policy values apply to every agency the run plans.
 */
export interface ScenarioOverrides {
  targets?: Array<TargetOverride & { agencyCode: string }>;
  standards?: Array<StandardOverride & { agencyCode?: string | null }>;
  workingTime?: WorkingTimeProfile;
  retirementAges?: RetirementAgeRule[];
  attritionRate?: number;
  renewContracts?: boolean;
}

/** The part of a scenario that applies to one agency, in the shape `applyOverrides` takes. */
export function scenarioForAgency(scenario: ScenarioOverrides, agencyCode: string): PlanOverrides {
  const out: PlanOverrides = {};
  const targets = (scenario.targets ?? []).filter((t) => t.agencyCode === agencyCode).map(({ agencyCode: _, ...t }) => t);
  const standards = (scenario.standards ?? [])
    .filter((s) => !s.agencyCode || s.agencyCode === agencyCode)
    .map(({ agencyCode: _, ...s }) => s);
  if (targets.length > 0) out.targets = targets;
  if (standards.length > 0) out.standards = standards;
  if (scenario.workingTime) out.workingTime = scenario.workingTime;
  if (scenario.retirementAges) out.retirementAges = scenario.retirementAges;
  if (scenario.attritionRate !== undefined) out.attritionRate = scenario.attritionRate;
  if (scenario.renewContracts !== undefined) out.renewContracts = scenario.renewContracts;
  return out;
}
