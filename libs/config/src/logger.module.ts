import { DynamicModule } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { Options } from 'pino-http';
import { AppConfig } from './app-config';

export const REQUEST_ID_HEADER = 'X-Request-Id';

/** An incoming request id is kept only when it is short and plain: it goes into logs and the audit log. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * Credentials and secrets, wherever a log call puts them: headers of a request or response
 * object, GraphQL variables, and fields so named at the top level or one level down.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers["x-api-key"]',
  'headers.cookie',
  'headers["set-cookie"]',
  ...[
    'password',
    'newPassword',
    'currentPassword',
    'token',
    'accessToken',
    'apiKey',
    'secret',
    'authorization',
    'cookie',
    'jwtSecret',
  ].flatMap((k) => [k, `*.${k}`, `variables.${k}`, `*.variables.${k}`, `*.variables.input.${k}`]),
];

/** The request id: the client's own `X-Request-Id` when sane, else a new UUID; echoed on the response. */
export function requestIdOf(req: IncomingMessage, res: ServerResponse): string {
  const incoming = req.headers['x-request-id'];
  const id = typeof incoming === 'string' && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader(REQUEST_ID_HEADER, id);
  return id;
}

/** What express and the access guard add to a request by the time it ends. */
interface LoggedRequest extends IncomingMessage {
  originalUrl?: string;
  route?: { path?: string };
  body?: unknown;
  actor?: { id?: string | null } | null;
}

/** What the one line per request says: method, route (not the query string), status, time, user. */
function requestLine(req: IncomingMessage & Partial<LoggedRequest>, res: ServerResponse, responseTime: number): Record<string, unknown> {
  const path = (req.originalUrl ?? req.url ?? '').split('?')[0];
  const body = req.body as { operationName?: unknown } | undefined;
  const operation = typeof body?.operationName === 'string' ? body.operationName.slice(0, 64) : undefined;
  return {
    method: req.method,
    // a controller's route pattern (ids left out); a catch-all (GraphQL's middleware) says nothing
    route: req.route?.path && !req.route.path.includes('*') ? req.route.path : path,
    ...(operation ? { operation } : {}),
    status: res.statusCode,
    ms: responseTime,
    userId: req.actor?.id ?? null,
  };
}

/**
 * Structured JSON logs (pretty in development), shared by the API and the worker. A request
 * gets one line when it ends, and every line logged while it runs carries its `requestId`;
 * headers are never logged, and credentials are redacted wherever a log call passes them.
 * `destination` replaces standard output (tests read the lines back).
 */
export function loggerModule(config: AppConfig, destination?: DestinationStream): DynamicModule {
  const options: Options<IncomingMessage & Partial<LoggedRequest>, ServerResponse> = {
    level: config.logLevel,
    redact: { paths: REDACTED_PATHS, censor: '[REDACTED]' },
    genReqId: requestIdOf,
    customAttributeKeys: { reqId: 'requestId', responseTime: 'ms' },
    // lines logged during a request carry its id only, not the request with its headers
    quietReqLogger: true,
    quietResLogger: true,
    autoLogging: { ignore: (req) => req.url === '/health' },
    customSuccessMessage: (req, res) => `${req.method} ${(req.originalUrl ?? req.url ?? '').split('?')[0]} ${res.statusCode}`,
    customErrorMessage: (req, res) => `${req.method} ${(req.originalUrl ?? req.url ?? '').split('?')[0]} ${res.statusCode}`,
    customSuccessObject: (req, res, val: { ms?: number }) => requestLine(req, res, val.ms ?? 0),
    customErrorObject: (req, res, err: Error, val: { ms?: number }) => ({ ...requestLine(req, res, val.ms ?? 0), err: err.message }),
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
    transport: !destination && config.nodeEnv === 'development' ? { target: 'pino-pretty', options: { singleLine: true } } : undefined,
  };
  const pinoHttp = options as Options;
  return LoggerModule.forRoot({ pinoHttp: destination ? [pinoHttp, destination] : pinoHttp });
}
