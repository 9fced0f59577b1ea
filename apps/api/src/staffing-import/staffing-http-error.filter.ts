import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError, DomainErrorCode } from '../common/domain-error';

const STATUS: Record<DomainErrorCode, number> = {
  [DomainErrorCode.NOT_FOUND]: HttpStatus.NOT_FOUND,
  [DomainErrorCode.INVALID_INPUT]: HttpStatus.BAD_REQUEST,
  [DomainErrorCode.CONFLICT]: HttpStatus.CONFLICT,
  [DomainErrorCode.RUN_NOT_FINISHED]: HttpStatus.CONFLICT,
};

/** The REST twin of the GraphQL error formatter: domain errors become 4xx with the same codes. */
@Catch(DomainError)
export class StaffingHttpErrorFilter implements ExceptionFilter<DomainError> {
  catch(error: DomainError, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    res.status(STATUS[error.code]).json({
      code: error.code === DomainErrorCode.INVALID_INPUT ? 'BAD_USER_INPUT' : error.code,
      message: error.message,
      ...(error.fieldErrors.length > 0 ? { fieldErrors: error.fieldErrors } : {}),
    });
  }
}
