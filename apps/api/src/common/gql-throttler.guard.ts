import { ExecutionContext, Injectable } from '@nestjs/common';
import { GqlContextType, GqlExecutionContext } from '@nestjs/graphql';
import { ThrottlerGuard } from '@nestjs/throttler';

type Req = Record<string, unknown>;

/**
 * Per-IP rate limit for GraphQL and REST alike. Guards run once per root field, so the outcome
 * is kept per HTTP request: a query with five root fields, or a batch, counts as one request,
 * and the bucket is shared by every resolver and route rather than kept per handler.
 * REST routes answer 429; GraphQL answers 200 with `TOO_MANY_REQUESTS` (and Retry-After-ip),
 * since @nestjs/apollo keeps execution results at 200 so clients can read `errors`.
 */
@Injectable()
export class GqlThrottlerGuard extends ThrottlerGuard {
  private readonly decided = new WeakMap<Req, Promise<boolean>>();

  override canActivate(context: ExecutionContext): Promise<boolean> {
    const { req } = this.getRequestResponse(context);
    if (!req) return Promise.resolve(true);
    let decision = this.decided.get(req);
    if (!decision) {
      decision = super.canActivate(context);
      this.decided.set(req, decision);
    }
    return decision;
  }

  protected override getRequestResponse(context: ExecutionContext): { req: Req; res: Req } {
    if (context.getType<GqlContextType>() === 'graphql') {
      // an HTTP query's context holds the request only (express links the response from it);
      // a graphql-ws subscription has the upgrade request and no response
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
