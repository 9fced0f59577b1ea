import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum FormationSort {
  /** Highest (required − supplyEnd) / required first. */
  PRESSURE = 'PRESSURE',
  /** Largest formation first. */
  FORMATION = 'FORMATION',
}
registerEnumType(FormationSort, { name: 'FormationSort' });

export enum SummaryGroupBy {
  UNIT = 'UNIT',
  AGENCY = 'AGENCY',
  CATEGORY = 'CATEGORY',
}
registerEnumType(SummaryGroupBy, { name: 'SummaryGroupBy' });

@ObjectType('FormationNeed', { description: 'One position × unit × year of a plan run.' })
export class FormationNeedModel {
  @Field(() => ID) id: string;
  @Field() agencyCode: string;
  @Field(() => String, { nullable: true }) unitCode: string | null;
  @Field() positionCode: string;
  @Field() category: string;
  @Field(() => String, { nullable: true }) level: string | null;
  @Field(() => Int) year: number;
  @Field(() => Float, { description: 'Unrounded required headcount (FTE).' }) requiredFte: number;
  @Field(() => Int, { description: 'requiredFte rounded by the policy rule.' }) required: number;
  @Field(() => Float, { description: 'Staff in post at the start of the year (supplyStart).' }) existing: number;
  @Field(() => Float) supplyStart: number;
  @Field(() => Int) retirements: number;
  @Field(() => Int) contractEnds: number;
  @Field(() => Float, { description: 'attritionRate × stayers (supplyStart − retirements − contractEnds): the decimal behind attrition.' })
  expectedAttrition: number;
  @Field(() => Float, {
    description:
      "Whole persons (planning rules version 2): the rounded running total of expectedAttrition less earlier years' attrition. Version 1 runs: the decimal.",
  })
  attrition: number;
  @Field(() => Float) exits: number;
  @Field(() => Float) supplyEnd: number;
  @Field(() => Int) formation: number;
  @Field(() => Float) surplus: number;
  @Field(() => Float) caf: number;
  @Field(() => Float) iaf: number;
  @Field(() => Float, { nullable: true, description: 'existing / requiredFte; null when nothing is required.' }) wisnRatio: number | null;
  @Field(() => Float, { description: '(required − supplyEnd) / required; 0 when nothing is required.' }) pressure: number;
  @Field(() => Float, { nullable: true, description: 'ABK position efficiency requiredFte / existing; null when nobody holds it.' })
  efficiency: number | null;
  @Field(() => String, { nullable: true, description: 'Efficiency band of the policy (default A ≥ 1.00 … E).' }) efficiencyBand:
    string | null;
  @Field(() => Float, { description: 'Allocation weight: the highest priority of the targets driving the cell-year, 1 for fixed volumes.' })
  priority: number;
  @Field(() => Float, {
    nullable: true,
    description: "Rupiah per person per year of the cell's category and level; null when the policy has none.",
  })
  annualCost: number | null;
  @Field(() => Float, { nullable: true, description: 'formation × annualCost, rupiah per year.' }) formationCost: number | null;
  @Field(() => Int, { description: 'Version of the planning rules that computed this row (see PlanRun.rulesVersion).' })
  rulesVersion: number;
}

@ObjectType('FormationNeedEdge')
export class FormationNeedEdge {
  @Field() cursor: string;
  @Field(() => FormationNeedModel) node: FormationNeedModel;
}

@ObjectType('PageInfo')
export class PageInfoModel {
  @Field(() => String, { nullable: true }) endCursor: string | null;
  @Field() hasNextPage: boolean;
}

@ObjectType('FormationTotals', { description: 'Sums over every row matching the filter; ratios from the sums.' })
export class FormationTotalsModel {
  @Field(() => Int) cells: number;
  @Field(() => Float) requiredFte: number;
  @Field(() => Int) required: number;
  @Field(() => Float) existing: number;
  @Field(() => Float) supplyEnd: number;
  @Field(() => Int) formation: number;
  @Field(() => Float) surplus: number;
  @Field(() => Float, { nullable: true }) wisnRatio: number | null;
  @Field(() => Float, {
    nullable: true,
    description: 'Σ formation × annual cost over the cells with a cost, rupiah per year; null when none has one.',
  })
  formationCost: number | null;
  @Field(() => Int, { description: 'Formation of cells without an annual cost, left out of formationCost.' }) uncostedFormation: number;
}

@ObjectType('FormationNeedConnection')
export class FormationNeedConnection {
  @Field(() => [FormationNeedEdge]) edges: FormationNeedEdge[];
  @Field(() => [FormationNeedModel]) nodes: FormationNeedModel[];
  @Field(() => PageInfoModel) pageInfo: PageInfoModel;
  @Field(() => Int) totalCount: number;
  @Field(() => FormationTotalsModel) totals: FormationTotalsModel;
}

@ObjectType('FormationSummaryRow')
export class FormationSummaryRowModel extends FormationTotalsModel {
  @Field(() => String, { nullable: true }) agencyCode: string | null;
  @Field(() => String, { nullable: true }) unitCode: string | null;
  @Field(() => String, { nullable: true }) category: string | null;
  @Field(() => Int) year: number;
  @Field(() => Int, { description: 'Staff who reach their retirement age (BUP) in the year.' }) retirements: number;
  @Field(() => Int, { description: 'PPPK contracts that end in the year and are not renewed.' }) contractEnds: number;
  @Field(() => Float, { description: 'Expected attrition in the year (whole persons from planning rules version 2).' }) attrition: number;
}
