import { ArgsType, Field, ID, Int, registerEnumType } from '@nestjs/graphql';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsUUID } from 'class-validator';
import { ROLL_UP_GROUPINGS, ROLL_UP_SCOPES, RollUpGrouping, RollUpScope } from '@formasi/database';

export const RollUpScopeEnum = Object.fromEntries(ROLL_UP_SCOPES.map((s) => [s, s])) as { [K in RollUpScope]: K };
registerEnumType(RollUpScopeEnum, {
  name: 'RollUpScope',
  description: 'UNIT ⊂ AGENCY ⊂ REGION (province: first part of the Kemendagri region code) ⊂ NATION.',
});
export const RollUpGroupByEnum = Object.fromEntries(ROLL_UP_GROUPINGS.map((s) => [s, s])) as { [K in RollUpGrouping]: K };
registerEnumType(RollUpGroupByEnum, {
  name: 'RollUpGroupBy',
  description: 'Within the scope: NONE, per position CATEGORY, or per CATEGORY_LEVEL.',
});

@ArgsType()
export class FormationRollUpArgs {
  @Field(() => ID) @IsUUID('all', { message: 'runId must be a plan run id' }) runId: string;
  @Field(() => RollUpScopeEnum, { defaultValue: 'NATION' }) @IsIn(ROLL_UP_SCOPES) scope: RollUpScope;
  @Field(() => RollUpGroupByEnum, { defaultValue: 'NONE' }) @IsIn(ROLL_UP_GROUPINGS) groupBy: RollUpGrouping;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() year?: number | null;
  @Field(() => String, { nullable: true, description: 'Only rows of this province (REGION, AGENCY and UNIT scopes).' })
  @IsOptional()
  @IsNotEmpty()
  regionCode?: string | null;
  @Field(() => String, { nullable: true, description: 'Only rows of this agency (AGENCY and UNIT scopes).' })
  @IsOptional()
  @IsNotEmpty()
  agencyCode?: string | null;
}
