// Exact decimal sums for stored roll-ups. A stored figure is PostgreSQL's numeric of a number's
// shortest decimal text ("6.25", "0.30000000000000004"), and a roll-up is the sum of those
// decimals — exactly, with the display scale of the longest — and its ratios are numeric
// divisions of the sums. Summed as doubles, 2,400 cells drift in the last digits, so a roll-up
// computed here is held as an integer count of 10^-scale and divided the way PostgreSQL divides.

/** units × 10^-scale; `scale` is the display scale (the digits after the point a reader sees). */
export interface Decimal {
  units: bigint;
  scale: number;
}

const POW10: bigint[] = [1n];
function pow10(n: number): bigint {
  while (POW10.length <= n) POW10.push(POW10[POW10.length - 1]! * 10n);
  return POW10[n]!;
}

/** The value of the number's shortest decimal text, as PostgreSQL reads it (`String(n)`). */
export function decimalOf(n: number): Decimal {
  if (!Number.isFinite(n)) throw new RangeError(`${n} is not a finite number`);
  if (Number.isInteger(n) && Math.abs(n) <= Number.MAX_SAFE_INTEGER) return { units: BigInt(n), scale: 0 };
  return decimalFromText(String(n));
}

/** A decimal text (`-?digits[.digits][e±digits]`) with the display scale PostgreSQL gives it. */
export function decimalFromText(text: string): Decimal {
  const m = /^(-?)(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw new RangeError(`"${text}" is not a decimal`);
  const [, sign, whole, fraction = '', exponent] = m;
  let units = BigInt(`${sign}${whole}${fraction}` || '0');
  let scale = fraction.length - Number(exponent ?? 0);
  if (scale < 0) {
    units *= pow10(-scale);
    scale = 0;
  }
  return { units, scale };
}

function rescale(d: Decimal, scale: number): bigint {
  return scale === d.scale ? d.units : d.units * pow10(scale - d.scale);
}

/** a + b exactly, at the larger display scale (as numeric addition). */
export function addDecimals(a: Decimal, b: Decimal): Decimal {
  const scale = Math.max(a.scale, b.scale);
  return { units: rescale(a, scale) + rescale(b, scale), scale };
}

/** The text PostgreSQL prints: exactly `scale` digits after the point. */
export function decimalText(d: Decimal): string {
  const negative = d.units < 0n;
  const digits = (negative ? -d.units : d.units).toString().padStart(d.scale + 1, '0');
  const whole = digits.slice(0, digits.length - d.scale);
  const fraction = digits.slice(digits.length - d.scale);
  return `${negative ? '-' : ''}${whole}${d.scale > 0 ? `.${fraction}` : ''}`;
}

export function decimalToNumber(d: Decimal): number {
  return Number(decimalText(d));
}

/** Weight and first digit of |d| in base 10,000 (PostgreSQL's NumericVar): 0 and 0 for zero. */
function firstGroup(d: Decimal): { weight: number; digit: bigint } {
  const units = d.units < 0n ? -d.units : d.units;
  if (units === 0n) return { weight: 0, digit: 0n };
  const e10 = units.toString().length - 1 - d.scale;
  const weight = Math.floor(e10 / 4);
  const shift = d.scale + 4 * weight;
  return { weight, digit: shift >= 0 ? units / pow10(shift) : units * pow10(-shift) };
}

/**
 * a / b as PostgreSQL's numeric division computes it (null when b is 0, as `a / nullif(b, 0)`):
 * at least 16 significant digits and never fewer decimals than either side (`select_div_scale`),
 * the exact quotient rounded half away from zero at that scale (`div_var`).
 */
export function divideDecimals(a: Decimal, b: Decimal): Decimal | null {
  if (b.units === 0n) return null;
  const x = firstGroup(a);
  const y = firstGroup(b);
  let qweight = x.weight - y.weight;
  if (x.digit <= y.digit) qweight--;
  const scale = Math.min(1000, Math.max(16 - 4 * qweight, a.scale, b.scale, 0));
  // a / b = (A / B) × 10^(sb − sa); the result's units at `scale` are A × 10^(scale + sb − sa) / B
  const k = scale + b.scale - a.scale;
  let n = k >= 0 ? a.units * pow10(k) : a.units;
  let d = k >= 0 ? b.units : b.units * pow10(-k);
  const negative = n < 0n !== d < 0n;
  if (n < 0n) n = -n;
  if (d < 0n) d = -d;
  let q = n / d;
  if (2n * (n % d) >= d) q++;
  return { units: negative ? -q : q, scale };
}

/** Digits after the point the fast path of `DecimalSum` holds: limbs of 8 digits from 10^-24 to 10^24. */
const FRACTION_DIGITS = 24;
const LIMB = 1e8;
const LIMBS = 6;
/** Limb of the units digit (10^0 … 10^7). */
const UNITS_LIMB = FRACTION_DIGITS / 8;
/** Adds after which the limbs carry (each add brings less than 10^8 to a limb; a double is exact to 2^53). */
const CARRY_EVERY = 1 << 20;
const DIGIT_PLACE = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7];

/**
 * A running exact sum of numbers as PostgreSQL's `sum(numeric)` takes them: null values are
 * skipped, and the sum of none is null. Each number is its shortest decimal text; its digits are
 * added, 8 at a time, into limbs held as doubles (exact integers), so a sum of thousands of cells
 * costs a `String(n)` and a few additions each, not arithmetic on big integers. A number whose
 * text needs more than 24 digits on either side of the point (an exponent) is summed exactly
 * apart, as a `Decimal`.
 */
export class DecimalSum {
  private readonly limbs = new Float64Array(LIMBS);
  private rest: Decimal | null = null;
  private scale = 0;
  private adds = 0;
  private any = false;

  add(n: number | null | undefined): void {
    if (n === null || n === undefined) return;
    this.any = true;
    if (Number.isInteger(n) && Math.abs(n) <= Number.MAX_SAFE_INTEGER) {
      this.addWhole(n);
      return;
    }
    this.addText(String(n));
  }

  /**
   * A decimal text without an exponent, a whole part below 10^15 and at most 24 digits after the
   * point, into the limbs in one pass over its characters (no slices): a number's shortest text
   * or a stored figure, a few million times in a national run. False, having added nothing, for
   * any other text (which `addText` sums exactly apart).
   */
  private addPlain(text: string): boolean {
    const len = text.length;
    const negative = text.charCodeAt(0) === 45;
    let at = negative ? 1 : 0;
    let whole = 0;
    let digits = 0;
    for (; at < len; at++) {
      const c = text.charCodeAt(at);
      if (c === 46) break;
      if (c < 48 || c > 57 || ++digits > 15) return false;
      whole = whole * 10 + (c - 48);
    }
    const fractionDigits = at < len ? len - at - 1 : 0;
    if (fractionDigits > FRACTION_DIGITS) return false;
    for (let i = at + 1; i < len; i++) {
      const c = text.charCodeAt(i);
      if (c < 48 || c > 57) return false;
    }
    if (fractionDigits > this.scale) this.scale = fractionDigits;
    this.addWhole(negative ? -whole : whole);
    // 8 digits a limb from the point down; a shorter last group is scaled up to its place
    const sign = negative ? -1 : 1;
    let limb = UNITS_LIMB - 1;
    let group = 0;
    let inGroup = 0;
    for (let i = at + 1; i < len; i++) {
      group = group * 10 + (text.charCodeAt(i) - 48);
      if (++inGroup === 8) {
        this.limbs[limb--]! += sign * group;
        group = 0;
        inGroup = 0;
      }
    }
    if (inGroup > 0) this.limbs[limb]! += sign * group * DIGIT_PLACE[8 - inGroup]!;
    return true;
  }

  /** A decimal text (PostgreSQL's output of a numeric, or a number's shortest text), with its display scale. */
  addText(text: string): void {
    this.any = true;
    if (!this.addPlain(text)) this.addDecimal(decimalFromText(text));
  }

  /** An exact decimal, at its own display scale. */
  addDecimal(d: Decimal | null): void {
    if (d === null) return;
    this.any = true;
    if (d.scale > this.scale) this.scale = d.scale;
    this.rest = this.rest === null ? d : addDecimals(this.rest, d);
  }

  /** Another sum's numbers, as if each had been added here. */
  addSum(other: DecimalSum): void {
    if (!other.any) return;
    this.any = true;
    if (other.scale > this.scale) this.scale = other.scale;
    for (let i = 0; i < LIMBS; i++) this.limbs[i]! += other.limbs[i]!;
    if (other.rest !== null) this.rest = this.rest === null ? other.rest : addDecimals(this.rest, other.rest);
    this.counted(other.adds + 1);
  }

  private addWhole(n: number): void {
    const low = n % LIMB;
    this.limbs[UNITS_LIMB]! += low;
    this.limbs[UNITS_LIMB + 1]! += (n - low) / LIMB;
    this.counted(1);
  }

  private counted(adds: number): void {
    this.adds += adds;
    if (this.adds < CARRY_EVERY) return;
    const limbs = this.limbs;
    for (let i = 0; i < LIMBS - 1; i++) {
      const carry = Math.trunc(limbs[i]! / LIMB);
      limbs[i]! -= carry * LIMB;
      limbs[i + 1]! += carry;
    }
    this.adds = 0;
  }

  /** The sum, or null when only nulls (or nothing) were added. */
  value(): Decimal | null {
    if (!this.any) return null;
    if (this.scale === 0 && this.rest === null) {
      // whole numbers only: the fraction limbs are zero, and a sum that a double holds exactly needs no digits built
      const high = this.limbs[UNITS_LIMB + 1]!;
      const low = this.limbs[UNITS_LIMB]!;
      if (this.limbs[UNITS_LIMB + 2] === 0 && Math.abs(high) * LIMB + Math.abs(low) <= Number.MAX_SAFE_INTEGER) {
        return { units: BigInt(high * LIMB + low), scale: 0 };
      }
    }
    // the limbs hold 24 fraction digits; every number added had at most `scale` of them
    const limbsAt = Math.min(this.scale, FRACTION_DIGITS);
    let sum: Decimal = { units: this.limbUnits(FRACTION_DIGITS - limbsAt), scale: limbsAt };
    if (this.rest !== null) sum = addDecimals(sum, this.rest);
    return sum.scale === this.scale ? sum : { units: rescale(sum, this.scale), scale: this.scale };
  }

  /**
   * The limbs' value in units of 10^-24, less its last `zeros` digits (which are zeros): one big
   * integer from their digits, not arithmetic on one per limb.
   */
  private limbUnits(zeros: number): bigint {
    const limbs = Float64Array.from(this.limbs);
    for (let i = 0; i < LIMBS - 1; i++) {
      const carry = Math.floor(limbs[i]! / LIMB);
      limbs[i]! -= carry * LIMB;
      limbs[i + 1]! += carry;
    }
    const top = limbs[LIMBS - 1]!;
    if (top < 0) {
      // a negative sum: the same digits of its opposite
      let units = 0n;
      for (let i = LIMBS - 1; i >= 0; i--) units = units * BigInt(LIMB) + BigInt(limbs[i]!);
      return units / pow10(zeros);
    }
    let digits = String(top);
    for (let i = LIMBS - 2; i >= 0; i--) digits += String(limbs[i]!).padStart(8, '0');
    return BigInt(digits.slice(0, digits.length - zeros));
  }
}
