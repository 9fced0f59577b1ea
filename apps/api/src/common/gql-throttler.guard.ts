import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlContextType, GqlExecutionContext } from '@nestjs/graphql';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  ThrottlerModuleOptions,
  ThrottlerRequest,
  ThrottlerStorage,
} from '@nestjs/throttler';
import { RequestActors } from '../auth/request-actors';
import type { FormasiRequest } from '../auth/request-context';

type Req = Record<string, unknown>;

/** The `user` throttler's key: the signed-in account, whatever address it comes from. */
export const userTracker = (req: Req): string => (req as unknown as FormasiRequest).actor?.id ?? '';

/**
 * Rate limits for GraphQL and REST alike: per IP address, and per signed-in user. Guards run
 * once per root field, so the outcome is kept per HTTP request: a query with five root fields,
 * or a batch, counts as one request, and the bucket is shared by every resolver and route.
 * Credentials are checked here first (and remembered for the access guard), so a request with
 * a bad token still counts against its address.
 * REST routes answer 429; GraphQL answers 200 with `TOO_MANY_REQUESTS` (and Retry-After-ip),
 * since @nestjs/apollo keeps execution results at 200 so clients can read `errors`.
 */
@Injectable()
export class GqlThrottlerGuard extends ThrottlerGuard {
  private readonly decided = new WeakMap<Req, Promise<boolean>>();

  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly actors: RequestActors,
  ) {
    super(options, storage, reflector);
  }

  override canActivate(context: ExecutionContext): Promise<boolean> {
    const { req } = this.getRequestResponse(context);
    if (!req) return Promise.resolve(true);
    let decision = this.decided.get(req);
    if (!decision) {
      // a credential error is the access guard's to report; here it only means "no user"
      decision = this.actors
        .of(req as unknown as FormasiRequest)
        .catch(() => null)
        .then(() => super.canActivate(context));
      this.decided.set(req, decision);
    }
    return decision;
  }

  protected override async handleRequest(request: ThrottlerRequest): Promise<boolean> {
    if (request.throttler.name === 'user' && !userTracker(this.getRequestResponse(request.context).req)) return true;
    return super.handleRequest(request);
  }

  protected override getRequestResponse(context: ExecutionContext): { req: Req; res: Req } {
    if (context.getType<GqlContextType>() === 'graphql') {
      // an HTTP query's context holds the request only (express links the response from it);
      // a graphql-ws subscription has a stand-in request and no response
      const ctx = GqlExecutionContext.create(context).getContext<{ req?: Req & { res?: Req }; res?: Req } | undefined>();
      return { req: ctx?.req as Req, res: (ctx?.res ?? ctx?.req?.res) as Req };
    }
    return super.getRequestResponse(context);
  }

  protected override setResponseHeader(res: Req | undefined, name: string, value: string | number): void {
    if (res) super.setResponseHeader(res, name, value);
  }

  protected override generateKey(_context: ExecutionContext, tracker: string, throttlerName: string): string {
    return `${throttlerName}:${tracker}`;
  }
}

export const TOO_MANY_REQUESTS = 'TOO_MANY_REQUESTS';
