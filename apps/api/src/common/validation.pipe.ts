import { ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError, InputValidationError } from './domain-error';

function flatten(errors: ValidationError[], prefix: string): FieldError[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => {
      const rowMatch = /^rows\.(\d+)/.exec(field);
      return rowMatch ? { field, row: Number(rowMatch[1]), message } : { field, message };
    });
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** class-validator on every argument; failures become one InputValidationError listing each field. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidUnknownValues: false,
    exceptionFactory: (errors) => new InputValidationError(flatten(errors, '')),
  });
}
