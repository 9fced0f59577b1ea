import { annualCostTable, cellPriorities, formationCostOf, PLANNING_RULES_VERSION, PlanningResult } from '@formasi/planning';
import type { AgencyPlanInput } from './plan-inputs.loader';
import type { PlanResultRow } from './plan-results.writer';

/** Turns the engine's result for one agency into result rows: columns mapped, no number decided here. */
export function toResultRows(entry: AgencyPlanInput, result: PlanningResult): PlanResultRow[] {
  const workload = new Map(result.cells.map((c) => [`${c.positionCode}|${c.unitCode ?? ''}`, c]));
  const inputs = new Map(entry.problem.cells.map((c) => [`${c.positionCode}|${c.unitCode ?? ''}`, c]));
  const priorityOf = cellPriorities(entry.problem.targets);
  const costOf = annualCostTable(entry.problem.annualCosts);
  return result.plan.map((p) => {
    const cell = workload.get(`${p.positionCode}|${p.unitCode ?? ''}`);
    const info = entry.positions[p.positionCode];
    const category = info?.category ?? 'PELAKSANA',
      level = info?.level ?? null;
    const annualCost = costOf(category, level);
    return {
      agencyId: entry.agencyId,
      agencyCode: entry.agencyCode,
      unitCode: p.unitCode,
      positionCode: p.positionCode,
      category,
      level,
      year: p.year,
      requiredFte: p.requiredFte,
      required: p.required,
      existing: p.supplyStart,
      supplyStart: p.supplyStart,
      retirements: p.retirements,
      contractEnds: p.contractEnds,
      expectedAttrition: p.expectedAttrition,
      attrition: p.attrition,
      exits: p.exits,
      supplyEnd: p.supplyEnd,
      formation: p.formation,
      surplus: p.surplus,
      caf: cell?.caf ?? 1,
      iaf: cell?.iaf ?? 0,
      wisnRatio: p.wisnRatio,
      pressure: p.pressure,
      efficiency: p.efficiency,
      efficiencyBand: p.efficiencyBand,
      annualCost,
      formationCost: formationCostOf(p.formation, annualCost),
      rulesVersion: PLANNING_RULES_VERSION,
      priority: priorityOf(inputs.get(`${p.positionCode}|${p.unitCode ?? ''}`)!, p.year),
    };
  });
}
