// Binary floating point cannot hold 0.1 exactly, so 0.1 × 3 = 0.30000000000000004 and a
// formation of ceil(6 − 5.000000000000001) would become 1 instead of 0. The engine keeps full
// double precision for every value it returns and applies a documented tolerance only where a
// rule turns a decimal into an integer: a value within EPSILON (relative, at least absolute)
// of an integer or a half counts as that integer or half. Inputs carry at most a few decimals,
// so a genuine fractional part is never that small.
export const EPSILON = 1e-9;

const tolerance = (x: number): number => EPSILON * Math.max(1, Math.abs(x));

/** ceil that ignores binary noise just above an integer. */
export function ceilTolerant(x: number): number {
  return Math.ceil(x - tolerance(x));
}

/** Round half up (0.5 → 1) that ignores binary noise just below a half. */
export function roundHalfUpTolerant(x: number): number {
  return Math.floor(x + 0.5 + tolerance(x));
}

export function isFiniteNumber(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}
