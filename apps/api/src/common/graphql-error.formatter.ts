import { unwrapResolverError } from '@apollo/server/errors';
import { Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { PlanningError } from '@formasi/planning';
import { DomainError, DomainErrorCode } from './domain-error';
import { TOO_MANY_REQUESTS } from './gql-throttler.guard';
import { QueryLimitError } from './query-limits';

const DOMAIN_CODES: Record<DomainErrorCode, string> = {
  [DomainErrorCode.NOT_FOUND]: 'NOT_FOUND',
  [DomainErrorCode.INVALID_INPUT]: 'BAD_USER_INPUT',
  [DomainErrorCode.CONFLICT]: 'CONFLICT',
  [DomainErrorCode.WRONG_STATE]: 'WRONG_STATE',
  [DomainErrorCode.RUN_NOT_FINISHED]: 'FAILED_PRECONDITION',
  [DomainErrorCode.QUEUE_UNAVAILABLE]: 'SERVICE_UNAVAILABLE',
  [DomainErrorCode.UNAUTHENTICATED]: 'UNAUTHENTICATED',
  [DomainErrorCode.FORBIDDEN]: 'FORBIDDEN',
  [DomainErrorCode.TOO_MANY_ATTEMPTS]: 'TOO_MANY_REQUESTS',
  [DomainErrorCode.PAYLOAD_TOO_LARGE]: 'PAYLOAD_TOO_LARGE',
  [DomainErrorCode.RUN_INPUTS_PURGED]: 'RUN_INPUTS_PURGED',
};

// Codes graphql-js and Apollo assign themselves (parse/validation errors) pass through as they are.
const PASS_THROUGH = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'PERSISTED_QUERY_NOT_FOUND',
  'BAD_REQUEST',
]);

const logger = new Logger('GraphQLErrors');

/** The one place where errors become GraphQL errors; no raw Error reaches a client. */
export function formatGraphQLError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
  if (original instanceof DomainError) {
    return {
      ...base,
      message: original.message,
      extensions: {
        code: DOMAIN_CODES[original.code],
        ...(original.fieldErrors.length > 0 ? { fieldErrors: original.fieldErrors } : {}),
      },
    };
  }
  // validation rules' errors reach us wrapped by Apollo, the complexity plugin's as they are
  const limit =
    original instanceof QueryLimitError
      ? original
      : original instanceof GraphQLError && original.originalError instanceof QueryLimitError
        ? original.originalError
        : null;
  if (limit) {
    return { ...base, message: limit.message, extensions: { code: limit.code, limit: limit.limit } };
  }
  if (original instanceof ThrottlerException) {
    return {
      ...base,
      message: 'Too many requests from this address or account; wait a few seconds and try again',
      extensions: { code: TOO_MANY_REQUESTS },
    };
  }
  if (original instanceof PlanningError) {
    return {
      ...base,
      message: original.message,
      extensions: { code: 'BAD_USER_INPUT', planningCode: original.code, details: original.details },
    };
  }
  const code = formatted.extensions?.code;
  if (
    typeof code === 'string' &&
    PASS_THROUGH.has(code) &&
    !(original instanceof Error && original.constructor.name.endsWith('Exception'))
  ) {
    return { ...base, extensions: { code } };
  }
  logger.error(original instanceof Error ? (original.stack ?? original.message) : String(original));
  return { ...base, message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}
