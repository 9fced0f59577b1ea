import type { Role } from '@formasi/database';

/** Which agencies a role takes: operators need at least one, national roles none (null: fine). */
export function agencyRuleProblem(role: Role, agencyCount: number): string | null {
  if ((role === 'AGENCY_OPERATOR' || role === 'AGENCY_HEAD') && agencyCount === 0) return `an ${role} needs at least one agency`;
  if ((role === 'ADMIN' || role === 'PLANNER' || role === 'MINISTRY') && agencyCount > 0) {
    return `${role} works on every agency; leave the agencies out`;
  }
  return null;
}
