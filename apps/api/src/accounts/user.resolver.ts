import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { ADMINS, Allow } from '../auth/access-rule';
import { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/current-actor.decorator';
import { CreateApiKeyInput, CreateUserInput, UpdateUserInput } from './user.input';
import { ApiKeyModel, CreatedApiKeyModel, UserModel } from './user.model';
import { UserService } from './user.service';

/** Admins manage accounts and the API keys of agency HR systems. */
@Resolver()
export class UserResolver {
  constructor(private readonly accounts: UserService) {}

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
  @Mutation(() => UserModel, {
    description: "Changes role, agencies, name, password or active; a change of access ends the user's tokens.",
  })
  updateUser(@Args('input') input: UpdateUserInput, @CurrentActor() actor: Actor): Promise<UserModel> {
    return this.accounts.update(actor, input);
  }

  @Allow({ roles: ADMINS })
  @Query(() => [ApiKeyModel])
  apiKeys(@Args('userId', { type: () => ID, nullable: true }) userId: string | null): Promise<ApiKeyModel[]> {
    return this.accounts.listApiKeys(userId ?? null);
  }

  @Allow({ roles: ADMINS })
  @Mutation(() => CreatedApiKeyModel, {
    description: "A key for an agency HR system; it acts as its user, with that user's role and agencies.",
  })
  createApiKey(@Args('input') input: CreateApiKeyInput, @CurrentActor() actor: Actor): Promise<CreatedApiKeyModel> {
    return this.accounts.createApiKey(actor, input);
  }

  @Allow({ roles: ADMINS })
  @Mutation(() => ApiKeyModel)
  revokeApiKey(@Args('id', { type: () => ID }) id: string, @CurrentActor() actor: Actor): Promise<ApiKeyModel> {
    return this.accounts.revokeApiKey(actor, id);
  }
}
