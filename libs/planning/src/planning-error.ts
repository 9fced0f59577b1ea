// Typed errors of the planning engine. The message is meant for a planner: it names the
// position, activity, indicator, year or NIP concerned and the rule that was broken.

export enum PlanningErrorCode {
  INVALID_INPUT = 'INVALID_INPUT',
  INVALID_WORKING_TIME = 'INVALID_WORKING_TIME',
  UNKNOWN_ACTIVITY_KIND = 'UNKNOWN_ACTIVITY_KIND',
  INVALID_ACTIVITY = 'INVALID_ACTIVITY',
  NEGATIVE_VOLUME = 'NEGATIVE_VOLUME',
  MISSING_TARGET = 'MISSING_TARGET',
  SUPPORT_AT_OR_ABOVE_100 = 'SUPPORT_AT_OR_ABOVE_100',
  DUPLICATE_CELL = 'DUPLICATE_CELL',
  INVALID_PLAN = 'INVALID_PLAN',
  INVALID_EMPLOYEE = 'INVALID_EMPLOYEE',
  DUPLICATE_NIP = 'DUPLICATE_NIP',
  UNKNOWN_CELL = 'UNKNOWN_CELL',
  NO_RETIREMENT_AGE = 'NO_RETIREMENT_AGE',
  ALREADY_RETIRED = 'ALREADY_RETIRED',
  CONTRACT_ENDED = 'CONTRACT_ENDED',
}

export type PlanningErrorDetails = Record<string, string | number | null | undefined>;

export class PlanningError extends Error {
  override readonly name = 'PlanningError';

  constructor(
    readonly code: PlanningErrorCode,
    message: string,
    readonly details: PlanningErrorDetails = {},
  ) {
    super(message);
  }
}

/** "position X, unit Y" — how every message names a cell. */
export function describeCell(positionCode: string, unitCode: string | null | undefined): string {
  return unitCode ? `position ${positionCode} in unit ${unitCode}` : `position ${positionCode}`;
}
