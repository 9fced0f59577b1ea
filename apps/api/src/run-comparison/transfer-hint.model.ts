import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('TransferHint', {
  description: 'Whole persons of one position who could move from a surplus to a shortage before anyone is recruited.',
})
export class TransferHintModel {
  @Field({ description: 'The agency code, or the province region code, the transfer stays within.' }) scope: string;
  @Field() positionCode: string;
  @Field(() => Int) year: number;
  @Field() fromAgencyCode: string;
  @Field(() => String, { nullable: true }) fromUnitCode: string | null;
  @Field() toAgencyCode: string;
  @Field(() => String, { nullable: true }) toUnitCode: string | null;
  @Field(() => Int) persons: number;
}
