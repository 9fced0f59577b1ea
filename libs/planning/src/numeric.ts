// Binary floating point cannot hold 0.1 exactly, so 0.1 × 3 = 0.30000000000000004 and a
// formation of ceil(6 − 5.000000000000001) would become 1 instead of 0. The engine keeps full
// double precision for every value it returns and decides exactly where a rule turns a decimal
// into a whole number or compares with a limit (DOMAIN.md "Exactness"):
//
// - Inputs carry at most 6 decimals, so a value that is genuinely not an integer (or a half, or
//   100 %) is at least about 1e-6 away from it, at any size a nation reaches.
// - Binary noise is a few units in the last place: below 1e-9 up to about 10^6 and a few ulps
//   beyond. So a value within TOLERANCE of an integer, a half or a limit counts as that value,
//   where TOLERANCE is absolute (EPSILON), widened to a few ulps only where a double's own
//   spacing exceeds EPSILON (values above ~2·10^6).
//
// A tolerance relative to the value, as this module had before, grows with the value and
// decides wrongly at national sizes: 300,000.4998 became 300,001 under HALF_UP.
export const EPSILON = 1e-9;

/** 2^-50: four units in the last place of a double, relative to the value. */
const ULPS = 2 ** -50;

/** How far from a whole number, a half or a limit a value may stand and still count as it. */
export const tolerance = (x: number): number => Math.max(EPSILON, Math.abs(x) * ULPS);

/** ceil that ignores binary noise just above an integer. */
export function ceilTolerant(x: number): number {
  return Math.ceil(x - tolerance(x)) + 0; // + 0: ceil of a hair below 0 is −0
}

/** Round half up (0.5 → 1) that ignores binary noise just below a half. */
export function roundHalfUpTolerant(x: number): number {
  return Math.floor(x + 0.5 + tolerance(x));
}

/** x ≥ limit, counting a value within the tolerance below the limit as the limit itself. */
export function atLeastTolerant(x: number, limit: number): boolean {
  return x >= limit - tolerance(limit);
}

export function isFiniteNumber(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}
