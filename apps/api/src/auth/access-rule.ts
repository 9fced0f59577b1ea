import { SetMetadata } from '@nestjs/common';
import type { Role } from '@formasi/database';

/** What an operation touches, named from its arguments, so the guard can check the actor's agencies. */
export type AgencyRef =
  /** `national`: what the operation does when agencyCode is null, for the refusal's message. */
  | { agencyCode: string | null | undefined; national?: string }
  | { runId: string | null | undefined }
  | { submissionId: string | null | undefined }
  | { standardsSubmissionId: string | null | undefined }
  | { allocationId: string | null | undefined }
  | { proposalId: string | null | undefined };

/** GraphQL arguments, or a REST route's params and query. */
export type OperationArgs = Record<string, unknown>;

export interface AccessRule {
  roles: readonly Role[];
  /**
   * For operations on one agency's data: where the agency comes from. A limited actor must hold
   * that agency; an agencyCode of null (national data: a position-wide standard, the default
   * policy) is for unlimited actors only. Without it the operation is global, and list queries
   * filter what they return by the actor's agencies. Returning null means the same for one call:
   * no agency named, so a list of what the actor may see (see optionalAgencyAt).
   */
  agency?: (args: OperationArgs) => AgencyRef | null;
  /** Reads across agencies (national comparisons, quotas): unlimited actors only. */
  allAgencies?: true;
}

export const ACCESS_RULE = 'formasi:access-rule';
export const PUBLIC_OPERATION = 'formasi:public';

/** Who may call this resolver or route. Every operation needs one; the guard refuses the rest. */
export const Allow = (rule: AccessRule): MethodDecorator => SetMetadata(ACCESS_RULE, rule);
/** Reachable without signing in (login, the blank roster template). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_OPERATION, true);

export const ALL_ROLES: readonly Role[] = ['ADMIN', 'PLANNER', 'AGENCY_OPERATOR', 'VIEWER', 'AGENCY_HEAD', 'VERIFIER', 'MINISTRY'];
export const READERS = ALL_ROLES;
/** Ministry-level planning: runs, scenarios, quotas. */
export const PLANNERS: readonly Role[] = ['ADMIN', 'PLANNER'];
/** Planning results across agencies, read-only included. */
export const PLAN_READERS: readonly Role[] = ['ADMIN', 'PLANNER', 'VIEWER'];
/** An agency's own data: units, standards, targets, rosters. */
export const AGENCY_EDITORS: readonly Role[] = ['ADMIN', 'AGENCY_OPERATOR'];
export const ADMINS: readonly Role[] = ['ADMIN'];

const text = (v: unknown): string | null | undefined => (typeof v === 'string' ? v : v === null ? null : undefined);
const at = (args: OperationArgs, path: string): unknown =>
  path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), args);

/** Reference builders, by argument path (`input.agencyCode`, `runId`). */
export const agencyAt =
  (path: string) =>
  (args: OperationArgs): AgencyRef => ({ agencyCode: text(at(args, path)) ?? null });
/**
 * A unit's data named by agency and unit (a workload standard): without the unit it is the
 * position-wide, national record whatever agency is named, so it is checked as national data.
 */
export const agencyUnitAt =
  (agencyPath: string, unitPath: string, national: string) =>
  (args: OperationArgs): AgencyRef =>
    text(at(args, unitPath)) ? { agencyCode: text(at(args, agencyPath)) ?? null } : { agencyCode: null, national };
/** An agency filter that may be left out: then the operation lists what the actor may see. */
export const optionalAgencyAt =
  (path: string) =>
  (args: OperationArgs): AgencyRef | null => {
    const code = text(at(args, path));
    return code ? { agencyCode: code } : null;
  };
export const runAt =
  (path: string) =>
  (args: OperationArgs): AgencyRef => ({ runId: text(at(args, path)) });
export const submissionAt =
  (path: string) =>
  (args: OperationArgs): AgencyRef => ({ submissionId: text(at(args, path)) });
export const standardsSubmissionAt =
  (path: string) =>
  (args: OperationArgs): AgencyRef => ({ standardsSubmissionId: text(at(args, path)) });
export const proposalAt =
  (path: string) =>
  (args: OperationArgs): AgencyRef => ({ proposalId: text(at(args, path)) });
export const allocationAt =
  (path: string) =>
  (args: OperationArgs): AgencyRef => ({ allocationId: text(at(args, path)) });
