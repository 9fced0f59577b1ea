import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ROLES } from '@formasi/database';
import type { Role } from '@formasi/database';

export const RoleEnum = Object.fromEntries(ROLES.map((r) => [r, r])) as { [K in Role]: K };
registerEnumType(RoleEnum, {
  name: 'Role',
  description:
    'ADMIN everything; PLANNER reads all agencies, runs plans, sets quotas and targets; ' +
    'AGENCY_OPERATOR maintains its own agencies; ' +
    "VIEWER reads (optionally limited to agencies); AGENCY_HEAD (PPK) signs its agencies' formation proposals; " +
    'VERIFIER verifies proposals (optionally limited to agencies); MINISTRY determines them.',
});

@ObjectType('User')
export class UserModel {
  @Field(() => ID) id: string;
  @Field() email: string;
  @Field() displayName: string;
  @Field(() => RoleEnum) role: Role;
  @Field() active: boolean;
  @Field(() => [String], { description: 'Agencies an operator works for or a viewer is limited to; empty = every agency.' })
  agencyCodes: string[];
  @Field() hasPassword: boolean;
  @Field() createdAt: Date;
}

@ObjectType('AuthPayload')
export class AuthPayloadModel {
  @Field({ description: 'Send as Authorization: Bearer <token>.' }) token: string;
  @Field() expiresAt: Date;
  @Field(() => UserModel) user: UserModel;
}

@ObjectType('ApiKey')
export class ApiKeyModel {
  @Field(() => ID) id: string;
  @Field(() => ID) userId: string;
  @Field() userEmail: string;
  @Field() name: string;
  @Field({ description: 'Public part of the key, to tell keys apart.' }) prefix: string;
  @Field() createdAt: Date;
  @Field(() => Date, { nullable: true }) expiresAt: Date | null;
  @Field(() => Date, { nullable: true }) revokedAt: Date | null;
  @Field(() => Date, { nullable: true }) lastUsedAt: Date | null;
}

@ObjectType('CreatedApiKey')
export class CreatedApiKeyModel {
  @Field({ description: 'The whole key, shown this once: send it as X-API-Key. Only its hash is kept.' }) key: string;
  @Field(() => ApiKeyModel) apiKey: ApiKeyModel;
}
