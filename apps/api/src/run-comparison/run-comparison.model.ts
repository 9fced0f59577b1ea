import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('CellYearFigures', { description: 'The figures of one cell-year that a comparison looks at.' })
export class CellYearFiguresModel {
  @Field(() => Float) requiredFte: number;
  @Field(() => Int) required: number;
  @Field(() => Float) supplyEnd: number;
  @Field(() => Int) formation: number;
  @Field(() => Float) surplus: number;
  @Field(() => Float, { nullable: true }) wisnRatio: number | null;
}

@ObjectType('CellYearChange', {
  description: 'One cell-year of run B against run A; a side is null where the cell is only in the other run.',
})
export class CellYearChangeModel {
  @Field() agencyCode: string;
  @Field(() => String, { nullable: true }) unitCode: string | null;
  @Field() positionCode: string;
  @Field(() => Int) year: number;
  @Field(() => CellYearFiguresModel, { nullable: true }) before: CellYearFiguresModel | null;
  @Field(() => CellYearFiguresModel, { nullable: true }) after: CellYearFiguresModel | null;
  @Field(() => Float) deltaRequiredFte: number;
  @Field(() => Int) deltaRequired: number;
  @Field(() => Int) deltaFormation: number;
  @Field(() => Float, { nullable: true, description: 'Null where either side has no ratio.' }) deltaWisnRatio: number | null;
}

@ObjectType('RollUpFigures', { description: 'Sums over cells; the ratio is existing / requiredFte of the sums.' })
export class RollUpFiguresModel {
  @Field(() => Int) cells: number;
  @Field(() => Float) requiredFte: number;
  @Field(() => Int) required: number;
  @Field(() => Float) existing: number;
  @Field(() => Int) formation: number;
  @Field(() => Float, { nullable: true }) wisnRatio: number | null;
}

@ObjectType('AgencyYearChange', { description: 'An agency-year of run B against run A.' })
export class AgencyYearChangeModel {
  @Field() agencyCode: string;
  @Field(() => Int) year: number;
  @Field(() => RollUpFiguresModel, { nullable: true }) before: RollUpFiguresModel | null;
  @Field(() => RollUpFiguresModel, { nullable: true }) after: RollUpFiguresModel | null;
  @Field(() => Float) deltaRequiredFte: number;
  @Field(() => Int) deltaRequired: number;
  @Field(() => Int) deltaFormation: number;
  @Field(() => Float, { nullable: true }) deltaWisnRatio: number | null;
}

@ObjectType('RunComparison', { description: 'What changed from run A (before) to run B (after), largest change first.' })
export class RunComparisonModel {
  @Field(() => ID) a: string;
  @Field(() => ID) b: string;
  @Field(() => Int, { description: 'Changed cell-years in all.' }) changedCells: number;
  @Field(() => [CellYearChangeModel], {
    description: 'A page of the changed cell-years, by |Δformation| then |ΔrequiredFte|, then agency, unit, position, year.',
  })
  cells: CellYearChangeModel[];
  @Field(() => String, { nullable: true, description: 'Pass as `after` for the next page; null on the last page.' }) endCursor:
    string | null;
  @Field(() => [AgencyYearChangeModel], { description: 'Every agency-year of either run, by |Δformation| then |ΔrequiredFte|.' })
  agencies: AgencyYearChangeModel[];
}
