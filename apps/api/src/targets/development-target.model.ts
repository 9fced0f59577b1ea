import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import type { TargetSource } from '@formasi/database';
import { TargetSourceEnum } from '../common/graphql-enums';

@ObjectType('DevelopmentTarget')
export class DevelopmentTargetModel {
  @Field(() => ID) id: string;
  @Field() agencyCode: string;
  @Field(() => String, { nullable: true }) unitCode: string | null;
  @Field() indicator: string;
  @Field(() => Int) year: number;
  @Field(() => Float) value: number;
  @Field(() => TargetSourceEnum) source: TargetSource;
  @Field(() => String, { nullable: true }) document: string | null;
  @Field(() => Float, { description: 'Allocation weight of the cells this target drives.' }) priority: number;
}
