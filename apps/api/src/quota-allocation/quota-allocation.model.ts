import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('QuotaAllocationCell', { description: 'One cell of an allocation: what it asked for, what it got, and when.' })
export class QuotaAllocationCellModel {
  @Field() agencyCode: string;
  @Field(() => String, { nullable: true }) unitCode: string | null;
  @Field() positionCode: string;
  @Field() category: string;
  @Field(() => Int) required: number;
  @Field(() => Float) supplyEnd: number;
  @Field(() => Int, { description: 'The formation of the cell-year.' }) requested: number;
  @Field(() => Int) allocated: number;
  @Field(() => [Int], { description: 'Rank (1 = first slot given) of every slot this cell received.' }) ranks: number[];
  @Field(() => Float, { nullable: true, description: 'Rupiah per person per year; null when the policy has none.' }) annualCost:
    number | null;
  @Field(() => Float, { nullable: true, description: 'allocated × annualCost.' }) allocatedCost: number | null;
  @Field({ description: 'Pass as `after` for the cells that follow this one.' }) cursor: string;
  @Field(() => Float, {
    description: "Weight of the cell's pressure: the highest priority of the targets driving it, 1 for fixed volumes.",
  })
  priority: number;
}

@ObjectType('QuotaAllocation', { description: 'A quota for one year and scope of a run, given out slot by slot by weighted pressure.' })
export class QuotaAllocationModel {
  @Field(() => ID) id: string;
  @Field(() => ID) runId: string;
  @Field(() => Int) year: number;
  @Field(() => String, { nullable: true, description: 'Null = every agency of the run.' }) agencyCode: string | null;
  @Field(() => String, { nullable: true, description: 'Null = every position category.' }) category: string | null;
  @Field(() => Int, { nullable: true, description: 'Null when only a budget bounds the allocation.' }) quota: number | null;
  @Field(() => Float, { nullable: true, description: 'Rupiah a year the slots may cost.' }) budget: number | null;
  @Field(() => Float, { nullable: true, description: 'Σ slots × annual cost; null when a slot went to a cell without a cost.' })
  allocatedCost: number | null;
  @Field(() => Float, { nullable: true }) budgetLeft: number | null;
  @Field(() => Int, { description: 'Sum of the formation of the cells in scope.' }) requested: number;
  @Field(() => Int) allocated: number;
  @Field(() => Int, { nullable: true, description: 'Quota left once every request is met or the budget is spent; null without a quota.' })
  unallocated: number | null;
  @Field() createdAt: Date;
}
