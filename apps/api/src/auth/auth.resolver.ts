import { Args, ArgsType, Context, Field, Mutation, Query, Resolver } from '@nestjs/graphql';
import { IsNotEmpty, MaxLength, MinLength } from 'class-validator';
import { ALL_ROLES, Allow, Public } from './access-rule';
import { Actor } from './actor';
import { AuthService } from './auth.service';
import { CurrentActor } from './current-actor.decorator';
import { MIN_PASSWORD_LENGTH } from '@formasi/accounts';
import { GqlContext, originOf } from './request-context';
import { AuthPayloadModel, UserModel } from '../accounts/user.model';
import { UserService } from '../accounts/user.service';

@ArgsType()
class LoginArgs {
  @Field() @IsNotEmpty() @MaxLength(254) email: string;
  @Field() @IsNotEmpty() @MaxLength(1024) password: string;
}

@ArgsType()
class ChangePasswordArgs {
  @Field() @IsNotEmpty() @MaxLength(1024) currentPassword: string;
  @Field()
  @MinLength(MIN_PASSWORD_LENGTH, { message: `newPassword must be at least ${MIN_PASSWORD_LENGTH} characters` })
  @MaxLength(1024)
  newPassword: string;
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
}
