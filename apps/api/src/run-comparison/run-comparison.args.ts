import { ArgsType, Field, ID, Int, registerEnumType } from '@nestjs/graphql';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, Min } from 'class-validator';

@ArgsType()
export class CompareRunsArgs {
  @Field(() => ID, { description: 'The run compared against (before).' }) @IsUUID('all', { message: 'a must be a plan run id' }) a: string;
  @Field(() => ID, { description: 'The run compared (after).' }) @IsUUID('all', { message: 'b must be a plan run id' }) b: string;
  @Field(() => Int, { defaultValue: 50 }) @IsInt() @Min(1) @Max(500, { message: 'first must be at most 500' }) first: number;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() year?: number | null;
  @Field(() => String, { nullable: true, description: 'endCursor of the previous page: the changed cells after it.' })
  @IsOptional()
  @IsString()
  after?: string | null;
}

export enum TransferScope {
  /** Transfers stay inside one agency. */
  AGENCY = 'AGENCY',
  /** Transfers stay inside one province: agencies sharing the first part of their Kemendagri region code; an agency without one stays alone. */
  REGION = 'REGION',
}
registerEnumType(TransferScope, { name: 'TransferScope' });

@ArgsType()
export class TransferHintsArgs {
  @Field(() => ID) @IsUUID('all', { message: 'runId must be a plan run id' }) runId: string;
  @Field(() => Int) @IsInt() year: number;
  @Field(() => TransferScope, { defaultValue: TransferScope.AGENCY }) @IsIn(Object.values(TransferScope)) scope: TransferScope;
}
