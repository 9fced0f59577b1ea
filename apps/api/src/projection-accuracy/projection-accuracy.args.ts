import { ArgsType, Field, ID, Int } from '@nestjs/graphql';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsUUID, Max, Min } from 'class-validator';
import type { ExitAccuracyStatus } from '@formasi/planning';
import { ExitAccuracyStatusEnum } from './projection-accuracy.model';

@ArgsType()
export class ProjectionAccuracyArgs {
  @Field(() => ID) @IsUUID('all', { message: 'runId must be a plan run id' }) runId: string;
  @Field(() => Int, { description: "A plan year of the run that starts after the run's asOf." }) @IsInt() year: number;
  @Field(() => String, { nullable: true, description: 'One agency of the run; all the caller may read when omitted.' })
  @IsOptional()
  @IsNotEmpty()
  agencyCode?: string | null;
}

@ArgsType()
export class StaffExitAccuracyArgs {
  @Field(() => ID) @IsUUID('all', { message: 'runId must be a plan run id' }) runId: string;
  @Field(() => Int) @IsInt() year: number;
  @Field() @IsNotEmpty() agencyCode: string;
  @Field(() => ExitAccuracyStatusEnum, { nullable: true })
  @IsOptional()
  @IsIn(Object.values(ExitAccuracyStatusEnum))
  status?: ExitAccuracyStatus | null;
  @Field(() => Int, { defaultValue: 100 }) @IsInt() @Min(1) @Max(1000, { message: 'first must be at most 1000' }) first: number;
  @Field(() => String, { nullable: true, description: 'The endCursor of the previous page.' }) @IsOptional() @IsNotEmpty() after?:
    string | null;
}
