import type { FieldMiddleware, MiddlewareContext, NextFn } from '@nestjs/graphql';
import { seesPersonalData } from './actor';
import type { GqlContext } from './request-context';

/**
 * On a personal field (NIP, name, birth date, a roster cell's raw value): its value for roles
 * that maintain rosters, null for the others, wherever in a query the field appears.
 */
export const personalData: FieldMiddleware = async (ctx: MiddlewareContext<unknown, GqlContext>, next: NextFn) =>
  seesPersonalData(ctx.context?.req?.actor) ? next() : null;

export const PERSONAL_FIELD_NOTE = 'Personal data: null for roles that see counts only (PLANNER, VIEWER).';
