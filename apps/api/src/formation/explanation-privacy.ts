import type { CellExplanation } from '@formasi/planning';

/**
 * The explanation for roles that see counts only: every staff member stays (with the rule,
 * the last day in post and the exit year, so the cell can still be recomputed) but without
 * NIP or birth date.
 */
export function withoutPersonalData(e: CellExplanation): CellExplanation {
  return { ...e, staff: e.staff.map((s, i) => ({ ...s, nip: `#${i + 1}`, birthDate: '(hidden)' })) };
}
