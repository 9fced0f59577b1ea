import { daysInMonth } from './dates';

// NIP (Nomor Induk Pegawai), 18 digits: birth date yyyymmdd, TMT CPNS yyyymm, sex digit
// (1 male, 2 female), 3-digit sequence. PPPK numbers carry the appointment year followed by
// "21" where a PNS number has the TMT month. A NIP is checked against the row it comes with,
// never trusted blindly.

export type Sex = 'M' | 'F';

export interface ParsedNip {
  birthYmd: number;
  tmtYear: number;
  /** 1–12 for PNS; null where the number carries the PPPK marker 21. */
  tmtMonth: number | null;
  pppkMarker: boolean;
  sex: Sex;
  sequence: number;
}

export type NipProblem = 'NOT_18_DIGITS' | 'BIRTH_DATE_INVALID' | 'TMT_INVALID' | 'SEX_DIGIT_INVALID' | 'TMT_BEFORE_BIRTH';

export const NIP_PROBLEM_TEXT: Record<NipProblem, string> = {
  NOT_18_DIGITS: 'a NIP has exactly 18 digits',
  BIRTH_DATE_INVALID: 'digits 1–8 of a NIP are a real birth date yyyymmdd',
  TMT_INVALID: 'digits 9–14 of a NIP are the TMT yyyymm (month 01–12, or 21 for PPPK)',
  SEX_DIGIT_INVALID: 'digit 15 of a NIP is the sex: 1 male, 2 female',
  TMT_BEFORE_BIRTH: 'the TMT year in a NIP comes after the birth year',
};

export function parseNip(nip: string): ParsedNip | NipProblem {
  if (typeof nip !== 'string' || nip.length !== 18) return 'NOT_18_DIGITS';
  for (let i = 0; i < 18; i++) {
    const c = nip.charCodeAt(i);
    if (c < 48 || c > 57) return 'NOT_18_DIGITS';
  }
  const num = (from: number, to: number): number => Number(nip.slice(from, to));
  const year = num(0, 4),
    month = num(4, 6),
    day = num(6, 8);
  if (year < 1900 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return 'BIRTH_DATE_INVALID';
  const tmtYear = num(8, 12),
    tmtMonth = num(12, 14);
  const pppkMarker = tmtMonth === 21;
  if (tmtYear < 1900 || (!pppkMarker && (tmtMonth < 1 || tmtMonth > 12))) return 'TMT_INVALID';
  if (tmtYear <= year) return 'TMT_BEFORE_BIRTH';
  const sexDigit = nip.charCodeAt(14) - 48;
  if (sexDigit !== 1 && sexDigit !== 2) return 'SEX_DIGIT_INVALID';
  return {
    birthYmd: year * 10000 + month * 100 + day,
    tmtYear,
    tmtMonth: pppkMarker ? null : tmtMonth,
    pppkMarker,
    sex: sexDigit === 1 ? 'M' : 'F',
    sequence: num(15, 18),
  };
}

/** The yyyymmdd the first 8 digits of a NIP state, or -1; a fast check for bulk rows. */
export function nipBirthYmd(nip: string): number {
  if (typeof nip !== 'string' || nip.length !== 18) return -1;
  let v = 0;
  for (let i = 0; i < 18; i++) {
    const c = nip.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    if (i < 8) v = v * 10 + c;
  }
  return v;
}

/**
 * An 18-digit NIP as an exact double, for duplicate checks over millions of rows where a
 * Set of strings is too slow: the birth-date digits as a day key (< 2^17) × 10^10 plus the
 * last ten digits (< 10^10) stays below 2^53. Only for NIPs that passed `nipBirthYmd`.
 */
export function nipKey(nip: string, birthYmd: number): number {
  const year = Math.floor(birthYmd / 10000),
    month = Math.floor(birthYmd / 100) % 100,
    day = birthYmd % 100;
  let rest = 0;
  for (let i = 8; i < 18; i++) rest = rest * 10 + (nip.charCodeAt(i) - 48);
  return ((year - 1800) * 372 + (month - 1) * 31 + (day - 1)) * 1e10 + rest;
}

/** The NIP a `nipKey` was made from. */
export function nipFromKey(key: number): string {
  let day = Math.floor(key / 1e10);
  let rest = key - day * 1e10;
  // the division may round up when the last ten digits are close to 10^10
  if (rest < 0) {
    day -= 1;
    rest += 1e10;
  }
  const year = 1800 + Math.floor(day / 372),
    month = Math.floor((day % 372) / 31) + 1,
    d = (day % 31) + 1;
  return `${year}${String(month).padStart(2, '0')}${String(d).padStart(2, '0')}${String(rest).padStart(10, '0')}`;
}

/**
 * The keys that occur more than once among the first `length`. An open-addressed table of the
 * keys themselves, hashed from their bit patterns, finds them in one pass; sorting a copy cost
 * about half as much again on a million keys.
 */
export function repeatedKeys(keys: Float64Array, length = keys.length): Set<number> {
  let size = 16;
  while (size < length * 2) size *= 2;
  const mask = size - 1;
  // NaN marks an empty slot: a NaN key is never equal to another, as in the comparison below
  const table = new Float64Array(size).fill(Number.NaN);
  const bits = new Int32Array(keys.buffer, keys.byteOffset, length * 2);
  const repeated = new Set<number>();
  for (let i = 0; i < length; i++) {
    const key = keys[i]!;
    // -0 and 0 are equal keys with different bits
    const x = key === 0 ? 0 : Math.imul(bits[2 * i]! ^ Math.imul(bits[2 * i + 1]!, 0x9e3779b1), 0x85ebca6b);
    let s = (x ^ (x >>> 15)) & mask;
    for (;;) {
      const t = table[s]!;
      if (t !== t) {
        table[s] = key;
        break;
      }
      if (t === key) {
        repeated.add(key);
        break;
      }
      s = (s + 1) & mask;
    }
  }
  return repeated;
}

/** Index of the first row whose key an earlier row already has, or -1. */
export function firstDuplicate(keys: Float64Array): number {
  const sorted = keys.slice().sort();
  let duplicate = Number.NaN;
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i] === sorted[i - 1]) {
      duplicate = sorted[i];
      break;
    }
  }
  if (Number.isNaN(duplicate)) return -1;
  return keys.indexOf(duplicate, keys.indexOf(duplicate) + 1);
}

export type NipRowRule = 'BIRTH_DATE_MISMATCH' | 'SEX_MISMATCH' | 'PPPK_MARKER' | 'TMT_MISMATCH';

export interface NipRowFacts {
  /** yyyymmdd of the row's birth date; 0 or less when the row has none that is valid. */
  birthYmd: number;
  sex: Sex | null;
  employmentType: 'PNS' | 'PPPK' | null;
  /** yyyymmdd of the row's TMT; 0 or less when unknown. */
  tmtYmd: number;
}

/** How the row names its columns and values in messages, e.g. `tanggal_lahir 01/01/1970`. */
export interface NipRowWording {
  birthDate: string;
  sex: string;
  employmentTypeColumn: string;
  tmt: string;
}

/**
 * Where a well-formed NIP disagrees with the row it comes with: birth date, sex digit, the PPPK
 * marker and the TMT (month for PNS, year for PPPK). Facts the row lacks are not compared.
 */
export function nipRowProblems(
  nipText: string,
  nip: ParsedNip,
  row: NipRowFacts,
  say: NipRowWording,
): { rule: NipRowRule; message: string }[] {
  const problems: { rule: NipRowRule; message: string }[] = [];
  if (row.birthYmd > 0 && nip.birthYmd !== row.birthYmd) {
    problems.push({ rule: 'BIRTH_DATE_MISMATCH', message: `NIP birth date ${nipText.slice(0, 8)} does not match ${say.birthDate}` });
  }
  if (row.sex && nip.sex !== row.sex)
    problems.push({ rule: 'SEX_MISMATCH', message: `NIP sex digit ${nipText[14]} does not match ${say.sex}` });
  if (row.employmentType === 'PNS' && nip.pppkMarker) {
    problems.push({ rule: 'PPPK_MARKER', message: `NIP carries the PPPK marker 21 but ${say.employmentTypeColumn} is PNS` });
  } else if (row.employmentType === 'PPPK' && !nip.pppkMarker) {
    problems.push({ rule: 'PPPK_MARKER', message: 'a PPPK NIP carries 21 in place of the TMT month' });
  } else if (row.tmtYmd > 0 && row.employmentType === 'PNS' && nip.tmtYear * 100 + (nip.tmtMonth ?? 0) !== Math.floor(row.tmtYmd / 100)) {
    problems.push({ rule: 'TMT_MISMATCH', message: `NIP TMT ${nipText.slice(8, 14)} does not match ${say.tmt}` });
  } else if (row.tmtYmd > 0 && row.employmentType === 'PPPK' && nip.tmtYear !== Math.floor(row.tmtYmd / 10000)) {
    problems.push({ rule: 'TMT_MISMATCH', message: `NIP appointment year ${nip.tmtYear} does not match ${say.tmt}` });
  }
  return problems;
}
