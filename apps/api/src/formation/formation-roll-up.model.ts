import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import type { RollUpGrouping, RollUpScope } from '@formasi/database';
import { FormationTotalsModel } from './formation-need.model';
import { RollUpGroupByEnum, RollUpScopeEnum } from './formation-roll-up.args';

@ObjectType('FormationRollUp', {
  description: 'Sums over the cells of a unit, agency, province or the nation in one year, stored with the run; ratios of the sums.',
})
export class FormationRollUpModel extends FormationTotalsModel {
  @Field(() => RollUpScopeEnum) scope: RollUpScope;
  @Field(() => RollUpGroupByEnum) groupBy: RollUpGrouping;
  @Field(() => Int) year: number;
  @Field(() => String, {
    nullable: true,
    description: 'Province code; an agency without a region code is its own region, named by its code.',
  })
  regionCode: string | null;
  @Field(() => String, { nullable: true }) agencyCode: string | null;
  @Field(() => String, { nullable: true }) unitCode: string | null;
  @Field(() => String, { nullable: true }) category: string | null;
  @Field(() => String, { nullable: true }) level: string | null;
  @Field(() => Int) retirements: number;
  @Field(() => Float, { nullable: true, description: 'Σ requiredFte / Σ existing; null when nobody is in post.' }) efficiency:
    number | null;
}
