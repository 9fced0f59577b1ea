import { ArgsType, Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsDate, IsInt, IsNotEmpty, IsOptional, Matches, Max, Min, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import { GraphQLJSON } from '../common/json.scalar';

@ObjectType('AuditChange', { description: 'A row of reference data before and after the action (secrets left out).' })
export class AuditChangeModel {
  @Field() table: string;
  @Field({ description: 'INSERT, UPDATE or DELETE.' }) op: string;
  @Field(() => String, { nullable: true }) rowKey: string | null;
  @Field(() => GraphQLJSON, { nullable: true }) before: Record<string, unknown> | null;
  @Field(() => GraphQLJSON, { nullable: true }) after: Record<string, unknown> | null;
}

@ObjectType('AuditEntry')
export class AuditEntryModel {
  @Field(() => ID) id: string;
  @Field() at: Date;
  @Field(() => ID, { nullable: true }) actorId: string | null;
  @Field() actorEmail: string;
  @Field(() => String, { nullable: true }) actorRole: string | null;
  @Field({ description: 'PASSWORD (sign-in), TOKEN, API_KEY or SYSTEM.' }) via: string;
  @Field(() => String, { nullable: true }) ip: string | null;
  @Field(() => String, { nullable: true }) userAgent: string | null;
  @Field(() => String, { nullable: true, description: 'X-Request-Id of the request that acted; its log lines carry the same id.' })
  requestId: string | null;
  @Field() action: string;
  @Field(() => String, { nullable: true }) agencyCode: string | null;
  @Field(() => String, { nullable: true }) entity: string | null;
  @Field(() => String, { nullable: true }) entityKey: string | null;
  @Field(() => GraphQLJSON) summary: Record<string, unknown>;
  @Field(() => [AuditChangeModel]) changes: AuditChangeModel[];
}

@ObjectType('AuditLogPage')
export class AuditLogPageModel {
  @Field(() => [AuditEntryModel], { description: 'Newest first.' }) entries: AuditEntryModel[];
  @Field(() => String, { nullable: true, description: 'Pass as after for the next page.' }) endCursor: string | null;
  @Field() hasNextPage: boolean;
}

@InputType()
export class AuditLogFilter {
  @Field(() => String, { nullable: true }) @IsOptional() @IsNotEmpty() actorEmail?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsNotEmpty() action?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsNotEmpty() agencyCode?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsNotEmpty() requestId?: string | null;
  @Field(() => Date, { nullable: true }) @IsOptional() @IsDate() from?: Date | null;
  @Field(() => Date, { nullable: true }) @IsOptional() @IsDate() to?: Date | null;
}

@ArgsType()
export class AuditLogArgs {
  @Field(() => AuditLogFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => AuditLogFilter)
  filter?: AuditLogFilter | null;
  @Field(() => Int, { defaultValue: 50 }) @IsInt() @Min(1) @Max(500, { message: 'first must be at most 500' }) first: number;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(/^\d+$/, { message: 'after is not a cursor returned by this query' })
  after?: string | null;
}
