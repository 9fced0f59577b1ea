import type { AuditActor, Role } from '@formasi/database';

/** The authenticated caller, as every guard, resolver and service sees it. */
export interface Actor extends AuditActor {
  id: string;
  role: Role;
  via: 'TOKEN' | 'API_KEY';
  /** Agencies the actor is limited to; null = every agency (ADMIN, PLANNER, an unlimited VIEWER). */
  agencyIds: string[] | null;
  agencyCodes: string[] | null;
}

/** Name, birth date and NIP are shown to those who maintain rosters; the others see counts. */
export const seesPersonalData = (actor: Actor | null | undefined): boolean => actor?.role === 'ADMIN' || actor?.role === 'AGENCY_OPERATOR';

/** The actor's agency ids for SQL filters (`agency_id = ANY($n)`), null when unlimited. */
export const agencyScope = (actor: Actor | null | undefined): string[] | null => actor?.agencyIds ?? null;

/** An actor's agencies by id and by code, as reads of a run's results filter them. */
export interface AgencyScope {
  ids: string[];
  /**
   * The key a run's result tables are partitioned by: filtering by code too reads only the batch
   * tables that hold the agencies. Agency codes are never changed, so a run's rows carry today's.
   */
  codes: string[];
}

/** The actor's agencies by id and by code, null when unlimited. */
export const agencyIdsAndCodes = (actor: Actor | null | undefined): AgencyScope | null =>
  actor?.agencyIds ? { ids: actor.agencyIds, codes: actor.agencyCodes ?? [] } : null;
