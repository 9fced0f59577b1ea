import { DomainError, DomainErrorCode } from './domain-error';

export class UnauthenticatedError extends DomainError {
  override readonly name = 'UnauthenticatedError';
  constructor(message = 'sign in first: send Authorization: Bearer <token> (from the login mutation) or X-API-Key') {
    super(DomainErrorCode.UNAUTHENTICATED, message);
  }
}

// The message names the operation and the rule, never data of an agency the caller cannot see.
export class ForbiddenError extends DomainError {
  override readonly name = 'ForbiddenError';
  constructor(message: string) {
    super(DomainErrorCode.FORBIDDEN, message);
  }
}
