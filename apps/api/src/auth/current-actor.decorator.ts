import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { UnauthenticatedError } from '../common/auth-errors';
import { Actor } from './actor';
import { requestOf } from './request-context';

/** The signed-in caller of this operation (the access guard has already checked them). */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const actor = requestOf(context)?.actor;
  if (!actor) throw new UnauthenticatedError();
  return actor;
});
