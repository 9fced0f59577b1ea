import { IntrinsicException } from '@nestjs/common';

/** Typed errors of the service; the GraphQL error formatter maps each code once. */
export enum DomainErrorCode {
  NOT_FOUND = 'NOT_FOUND',
  INVALID_INPUT = 'INVALID_INPUT',
  CONFLICT = 'CONFLICT',
  /** The operation is not possible from the entity's current state (a proposal already signed, …). */
  WRONG_STATE = 'WRONG_STATE',
  RUN_NOT_FINISHED = 'RUN_NOT_FINISHED',
  QUEUE_UNAVAILABLE = 'QUEUE_UNAVAILABLE',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  TOO_MANY_ATTEMPTS = 'TOO_MANY_ATTEMPTS',
  /** A plan run's inputs (the roster version it read) were purged: it can no longer be explained or compared (HTTP 410). */
  RUN_INPUTS_PURGED = 'RUN_INPUTS_PURGED',
  /** An upload larger than its route accepts (HTTP 413). */
  PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE',
}

export interface FieldError {
  /** Dotted path of the offending field, e.g. `rows.3.nip` or `input.activities.0.minutesPerUnit`. */
  field: string;
  /** Row number (0-based) for bulk inputs. */
  row?: number;
  message: string;
}

// IntrinsicException: an expected outcome for the client, so Nest does not log it as a server error
export class DomainError extends IntrinsicException {
  override readonly name: string = 'DomainError';
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly fieldErrors: FieldError[] = [],
  ) {
    super(message);
  }
}

export class NotFoundError extends DomainError {
  override readonly name = 'NotFoundError';
  constructor(what: string, key: string) {
    super(DomainErrorCode.NOT_FOUND, `${what} ${key} not found`);
  }
}

export class InputValidationError extends DomainError {
  override readonly name = 'InputValidationError';
  constructor(fieldErrors: FieldError[]) {
    const first = fieldErrors[0];
    const more = fieldErrors.length > 1 ? ` (and ${fieldErrors.length - 1} more)` : '';
    super(DomainErrorCode.INVALID_INPUT, `Invalid input: ${first ? `${first.field}: ${first.message}` : 'unknown'}${more}`, fieldErrors);
  }
}
