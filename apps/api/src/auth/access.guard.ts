import { CanActivate, ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlContextType, GqlExecutionContext } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { ForbiddenError, UnauthenticatedError } from '../common/auth-errors';
import { ACCESS_RULE, AccessRule, OperationArgs, PUBLIC_OPERATION } from './access-rule';
import { AccessService } from './access.service';
import { Actor } from './actor';
import { RequestActors } from './request-actors';
import { requestOf } from './request-context';

/**
 * Who may do what, for every GraphQL root field and REST route: the operation's @Allow rule
 * names the roles and where its agency comes from. Deny by default: an operation without a
 * rule is refused, so a new resolver cannot ship open. Nested fields are reached only through
 * a root field that passed here; personal fields on them are masked by role (personal-data.ts).
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly logger = new Logger(AccessGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly actors: RequestActors,
    private readonly access: AccessService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = requestOf(context);
    const { name, args } = this.describe(context);
    const actor = req ? await this.actors.of(req) : null;
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_OPERATION, [context.getHandler(), context.getClass()])) return true;
    const rule = this.reflector.get<AccessRule | undefined>(ACCESS_RULE, context.getHandler());
    if (!rule) {
      this.logger.error(`${name} has no @Allow rule and is refused`);
      throw new ForbiddenError(`${name} is not open to anyone`);
    }
    if (!actor) throw new UnauthenticatedError();
    await this.check(actor, rule, name, args);
    return true;
  }

  /** Throws FORBIDDEN unless the actor may run this operation with these arguments. */
  async check(actor: Actor, rule: AccessRule, name: string, args: OperationArgs): Promise<void> {
    if (!rule.roles.includes(actor.role)) throw new ForbiddenError(`${name} is not allowed for role ${actor.role}`);
    const mine = actor.agencyIds;
    if (mine === null) return;
    if (rule.allAgencies) throw new ForbiddenError(`${name} reads across agencies; this account is limited to its own agencies`);
    if (!rule.agency) return;
    const ref = rule.agency(args);
    if (ref === null) return;
    if ('agencyCode' in ref) {
      if (ref.agencyCode == null)
        throw new ForbiddenError(
          `${name} ${ref.national ?? 'without an agency changes or reads national data'}; this account is limited to its own agencies`,
        );
      if (!actor.agencyCodes!.includes(ref.agencyCode)) throw new ForbiddenError(`${name} is not allowed for agency ${ref.agencyCode}`);
      return;
    }
    const target = await this.access.resolve(ref);
    // an unknown id is answered NOT_FOUND by the operation: there is nothing to protect
    if (target.kind === 'missing') return;
    // a run over every agency: the operation returns only the actor's agencies' part
    if (target.kind === 'all') return;
    if (target.kind === 'national' || !mine.includes(target.id))
      throw new ForbiddenError(`${name} is not allowed: it belongs to another agency`);
  }

  private describe(context: ExecutionContext): { name: string; args: OperationArgs } {
    if (context.getType<GqlContextType>() === 'graphql') {
      const gql = GqlExecutionContext.create(context);
      return { name: gql.getInfo<GraphQLResolveInfo>().fieldName, args: gql.getArgs<OperationArgs>() };
    }
    const req = requestOf(context);
    return { name: `${req?.method ?? 'GET'} ${req?.route?.path ?? ''}`, args: { ...(req?.query ?? {}), ...(req?.params ?? {}) } };
  }
}
