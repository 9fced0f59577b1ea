import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError, DomainErrorCode } from './domain-error';

// keyed by code text, so a code added to DomainErrorCode later still answers (500 until mapped here)
const STATUS: Record<string, number> = {
  NOT_FOUND: HttpStatus.NOT_FOUND,
  INVALID_INPUT: HttpStatus.BAD_REQUEST,
  CONFLICT: HttpStatus.CONFLICT,
  WRONG_STATE: HttpStatus.CONFLICT,
  RUN_NOT_FINISHED: HttpStatus.CONFLICT,
  QUEUE_UNAVAILABLE: HttpStatus.SERVICE_UNAVAILABLE,
  UNAUTHENTICATED: HttpStatus.UNAUTHORIZED,
  FORBIDDEN: HttpStatus.FORBIDDEN,
  TOO_MANY_ATTEMPTS: HttpStatus.TOO_MANY_REQUESTS,
  PAYLOAD_TOO_LARGE: HttpStatus.PAYLOAD_TOO_LARGE,
  RUN_INPUTS_PURGED: HttpStatus.GONE,
};

/** The REST twin of the GraphQL error formatter: domain errors become 4xx with the same codes. */
@Catch(DomainError)
export class DomainHttpErrorFilter implements ExceptionFilter<DomainError> {
  catch(error: DomainError, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    res.status(STATUS[error.code] ?? HttpStatus.INTERNAL_SERVER_ERROR).json({
      code: error.code === DomainErrorCode.INVALID_INPUT ? 'BAD_USER_INPUT' : error.code,
      message: error.message,
      ...(error.fieldErrors.length > 0 ? { fieldErrors: error.fieldErrors } : {}),
    });
  }
}
