import { parseIsoDate } from '@formasi/planning';

/** A calendar date written yyyy-mm-dd, checked by the engine's own reader so the API and the engine never disagree. */
export const isRealDate = (s: string): boolean => parseIsoDate(s) >= 0;
