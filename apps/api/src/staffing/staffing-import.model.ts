import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('StaffingImportResult')
export class StaffingImportResultModel {
  @Field(() => Int) inserted: number;
  @Field(() => Int) updated: number;
  @Field(() => Int, { description: 'Employees no longer on the roster (replaceRoster only).' }) deactivated: number;
  @Field(() => Int, { description: 'The roster version these rows made (see rosterAtVersion).' }) version: number;
}
