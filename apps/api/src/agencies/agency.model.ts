import { Field, ID, ObjectType } from '@nestjs/graphql';
import type { AgencyKind } from '@formasi/database';
import { AgencyKindEnum } from '../common/graphql-enums';

@ObjectType('OrgUnit')
export class OrgUnitModel {
  @Field(() => ID) id: string;
  @Field() agencyCode: string;
  @Field() code: string;
  @Field() name: string;
  @Field(() => String, { nullable: true }) parentCode: string | null;
}

@ObjectType('Agency')
export class AgencyModel {
  @Field(() => ID) id: string;
  @Field() code: string;
  @Field() name: string;
  @Field(() => AgencyKindEnum) kind: AgencyKind;
  @Field(() => String, { nullable: true }) regionCode: string | null;
  @Field(() => [OrgUnitModel], { description: 'The unit tree as a list; parentCode links it.' }) units?: OrgUnitModel[];
}
