import { Args, Context, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { IsNotEmpty, MaxLength, MinLength } from 'class-validator';
import { ArgsType, Field } from '@nestjs/graphql';
import { ADMINS, ALL_ROLES, Allow, Public } from './access-rule';
import { Actor } from './actor';
import { AuthService } from './auth.service';
import { CurrentActor } from './current-actor.decorator';
import { MIN_PASSWORD_LENGTH } from './password';
import { GqlContext, originOf } from './request-context';
import { ApiKeyModel, AuthPayloadModel, CreatedApiKeyModel, UserModel } from './user.model';
import { CreateApiKeyInput, CreateUserInput, UpdateUserInput } from './user.input';
import { UserService } from './user.service';

@ArgsType()
class LoginArgs {
  @Field() @IsNotEmpty() @MaxLength(254) email: string;
  @Field() @IsNotEmpty() @MaxLength(1024) password: string;
}

@ArgsType()
class ChangePasswordArgs {
  @Field() @IsNotEmpty() @MaxLength(1024) currentPassword: string;
  @Field() @MinLength(MIN_PASSWORD_LENGTH, { message: `newPassword must be at least ${MIN_PASSWORD_LENGTH} characters` }) @MaxLength(1024) newPassword: string;
}

@Resolver()
export class AuthResolver {
  constructor(
    private readonly auth: AuthService,
    private readonly accounts: UserService,
  ) {}

  @Public()
  @Mutation(() => AuthPayloadModel, { description: 'Signs in with email and password; too many failures lock the email for a while.' })
  async login(@Args() args: LoginArgs, @Context() ctx: GqlContext): Promise<AuthPayloadModel> {
    const { token, expiresAt, actor } = await this.auth.login(args.email, args.password, originOf(ctx.req));
    return { token, expiresAt, user: await this.accounts.get(actor.id) };
  }

  @Allow({ roles: ALL_ROLES })
  @Query(() => UserModel, { description: 'The signed-in account.' })
  me(@CurrentActor() actor: Actor): Promise<UserModel> {
    return this.accounts.get(actor.id);
  }

  @Allow({ roles: ALL_ROLES })
  @Mutation(() => Boolean, { description: 'Changes the own password; tokens issued before stop working.' })
  async changePassword(@Args() args: ChangePasswordArgs, @CurrentActor() actor: Actor): Promise<boolean> {
    await this.accounts.changeOwnPassword(actor, args.currentPassword, args.newPassword);
    return true;
  }

  @Allow({ roles: ADMINS })
  @Query(() => [UserModel])
  users(): Promise<UserModel[]> {
    return this.accounts.list();
  }

  @Allow({ roles: ADMINS })
  @Mutation(() => UserModel)
  createUser(@Args('input') input: CreateUserInput, @CurrentActor() actor: Actor): Promise<UserModel> {
    return this.accounts.create(actor, input);
  }

  @Allow({ roles: ADMINS })
  @Mutation(() => UserModel, { description: 'Changes role, agencies, name, password or active; a change of access ends the user\'s tokens.' })
  updateUser(@Args('input') input: UpdateUserInput, @CurrentActor() actor: Actor): Promise<UserModel> {
    return this.accounts.update(actor, input);
  }

  @Allow({ roles: ADMINS })
  @Query(() => [ApiKeyModel])
  apiKeys(@Args('userId', { type: () => ID, nullable: true }) userId: string | null): Promise<ApiKeyModel[]> {
    return this.accounts.listApiKeys(userId ?? null);
  }

  @Allow({ roles: ADMINS })
  @Mutation(() => CreatedApiKeyModel, { description: 'A key for an agency HR system; it acts as its user, with that user\'s role and agencies.' })
  createApiKey(@Args('input') input: CreateApiKeyInput, @CurrentActor() actor: Actor): Promise<CreatedApiKeyModel> {
    return this.accounts.createApiKey(actor, input);
  }

  @Allow({ roles: ADMINS })
  @Mutation(() => ApiKeyModel)
  revokeApiKey(@Args('id', { type: () => ID }) id: string, @CurrentActor() actor: Actor): Promise<ApiKeyModel> {
    return this.accounts.revokeApiKey(actor, id);
  }
}
