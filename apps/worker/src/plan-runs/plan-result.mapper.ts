import { annualCostTable, cellPriorities, formationCostOf, PLANNING_RULES_VERSION, PlanningResult } from '@formasi/planning';
import type { CellInput, CellWorkload } from '@formasi/planning';
import type { AgencyPlanInput } from './plan-inputs.loader';
import type { PlanResultRow } from './plan-results.writer';

const cellKey = (positionCode: string, unitCode: string | null | undefined): string => `${positionCode}|${unitCode ?? ''}`;

/**
 * Turns the engine's result for one agency into result rows: columns mapped, no number decided
 * here. A cell's years come one after the other, so what belongs to the cell (its workload, its
 * input, its grade and cost) is looked up once per cell, not once per year.
 */
export function toResultRows(entry: AgencyPlanInput, result: PlanningResult): PlanResultRow[] {
  const workload = new Map(result.cells.map((c) => [cellKey(c.positionCode, c.unitCode), c]));
  const inputs = new Map(entry.problem.cells.map((c) => [cellKey(c.positionCode, c.unitCode), c]));
  const priorityOf = cellPriorities(entry.problem.targets);
  const costOf = annualCostTable(entry.problem.annualCosts);
  const rows: PlanResultRow[] = new Array(result.plan.length);
  let position: string | undefined;
  let unit: string | null | undefined;
  let cell: CellWorkload | undefined;
  let input: CellInput;
  let category = 'PELAKSANA';
  let level: string | null = null;
  let annualCost: number | null = null;
  for (let i = 0; i < rows.length; i++) {
    const p = result.plan[i]!;
    if (p.positionCode !== position || p.unitCode !== unit) {
      position = p.positionCode;
      unit = p.unitCode;
      const key = cellKey(position, unit);
      cell = workload.get(key);
      input = inputs.get(key)!;
      const info = entry.positions[position];
      category = info?.category ?? 'PELAKSANA';
      level = info?.level ?? null;
      annualCost = costOf(category, level);
    }
    rows[i] = {
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
      priority: priorityOf(input!, p.year),
    };
  }
  return rows;
}
