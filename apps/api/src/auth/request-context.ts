import { ExecutionContext } from '@nestjs/common';
import { GqlContextType, GqlExecutionContext } from '@nestjs/graphql';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { Actor } from './actor';

/** The HTTP request (or a WebSocket's stand-in for one) with what the guards add to it. */
export interface FormasiRequest {
  headers: IncomingHttpHeaders;
  /** The request id (X-Request-Id), set by the logger's middleware for HTTP requests. */
  id?: string;
  ip?: string;
  socket?: { remoteAddress?: string };
  /** Set by the guards once credentials are checked: the caller, or null when anonymous. */
  actor?: Actor | null;
  params?: Record<string, unknown>;
  query?: Record<string, unknown>;
  method?: string;
  route?: { path?: string };
}

export interface GqlContext {
  req: FormasiRequest;
}

/**
 * GraphQL context for HTTP and graphql-ws alike. A subscription has no HTTP request per
 * operation: its stand-in carries the upgrade request's headers, overridden by the client's
 * connectionParams (`{ authorization: 'Bearer …' }`), which browsers can send where headers
 * they cannot.
 */
export function graphqlContext(ctx: {
  req?: FormasiRequest;
  connectionParams?: Record<string, unknown>;
  extra?: { request?: IncomingMessage };
}): GqlContext {
  if (ctx.req) return { req: ctx.req };
  const upgrade = ctx.extra?.request;
  const params = ctx.connectionParams ?? {};
  const headers: IncomingHttpHeaders = { ...(upgrade?.headers ?? {}) };
  for (const name of ['authorization', 'x-api-key']) {
    const v = params[name] ?? params[name.replace(/(^|-)\w/g, (m) => m.toUpperCase())];
    if (typeof v === 'string') headers[name] = v;
  }
  return { req: { headers, ip: upgrade?.socket?.remoteAddress, socket: upgrade?.socket } };
}

export function requestOf(context: ExecutionContext): FormasiRequest | undefined {
  if (context.getType<GqlContextType>() === 'graphql') return GqlExecutionContext.create(context).getContext<GqlContext | undefined>()?.req;
  return context.switchToHttp().getRequest<FormasiRequest>();
}

export const originOf = (req: FormasiRequest): { ip: string | null; userAgent: string | null; requestId: string | null } => ({
  ip: req.ip ?? req.socket?.remoteAddress ?? null,
  requestId: typeof req.id === 'string' ? req.id : null,
  userAgent: typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'].slice(0, 512) : null,
});
