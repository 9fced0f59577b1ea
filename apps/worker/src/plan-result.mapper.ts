import { annualCostTable, cellPriorities, DEFAULT_EFFICIENCY_BANDS, efficiencyBand, PlanningResult } from '@formasi/planning';
import type { AgencyPlanInput } from './plan-inputs.loader';
import type { PlanResultRow } from './plan-results.writer';

/** Turns the engine's result for one agency into result rows. */
export function toResultRows(entry: AgencyPlanInput, result: PlanningResult): PlanResultRow[] {
  const workload = new Map(result.cells.map((c) => [`${c.positionCode}|${c.unitCode ?? ''}`, c]));
  const bands = entry.problem.efficiencyBands ?? DEFAULT_EFFICIENCY_BANDS;
  const inputs = new Map(entry.problem.cells.map((c) => [`${c.positionCode}|${c.unitCode ?? ''}`, c]));
  const priorityOf = cellPriorities(entry.problem.targets);
  const costOf = annualCostTable(entry.problem.annualCosts);
  return result.plan.map((p) => {
    const efficiency = p.supplyStart > 0 ? p.requiredFte / p.supplyStart : null;
    const cell = workload.get(`${p.positionCode}|${p.unitCode ?? ''}`);
    const info = entry.positions[p.positionCode];
    const category = info?.category ?? 'PELAKSANA', level = info?.level ?? null;
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
      attrition: p.attrition,
      exits: p.exits,
      supplyEnd: p.supplyEnd,
      formation: p.formation,
      surplus: p.surplus,
      caf: cell?.caf ?? 1,
      iaf: cell?.iaf ?? 0,
      wisnRatio: p.requiredFte > 0 ? p.supplyStart / p.requiredFte : null,
      // the quota-allocation pressure of DOMAIN.md: the share of the need not covered
      pressure: p.required > 0 ? (p.required - p.supplyEnd) / p.required : 0,
      efficiency,
      efficiencyBand: efficiencyBand(efficiency, bands),
      annualCost,
      formationCost: annualCost === null ? null : p.formation * annualCost,
      priority: priorityOf(inputs.get(`${p.positionCode}|${p.unitCode ?? ''}`)!, p.year),
    };
  });
}
