import { PlanningError, PlanningErrorCode, PlanningErrorDetails } from './planning-error';

// Dates are handled as yyyymmdd integers: comparisons are integer comparisons and no time
// zone can move a day (a JS Date would read "2026-06-30" as UTC midnight).

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1];
}

const digit = (s: string, i: number): number => s.charCodeAt(i) - 48;

/** "yyyy-mm-dd" → yyyymmdd, or -1 when the text is not a real calendar date. */
export function parseIsoDate(text: unknown): number {
  if (typeof text !== 'string' || text.length !== 10 || text[4] !== '-' || text[7] !== '-') return -1;
  let year = 0;
  for (let i = 0; i < 4; i++) {
    const d = digit(text, i);
    if (d < 0 || d > 9) return -1;
    year = year * 10 + d;
  }
  const m1 = digit(text, 5),
    m2 = digit(text, 6),
    d1 = digit(text, 8),
    d2 = digit(text, 9);
  if (m1 < 0 || m1 > 9 || m2 < 0 || m2 > 9 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) return -1;
  const month = m1 * 10 + m2,
    day = d1 * 10 + d2;
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return -1;
  return year * 10000 + month * 100 + day;
}

export function requireIsoDate(text: unknown, what: string, details: PlanningErrorDetails): number {
  const ymd = parseIsoDate(text);
  if (ymd < 0) {
    throw new PlanningError(
      PlanningErrorCode.INVALID_INPUT,
      `${what} must be a calendar date written yyyy-mm-dd, got ${JSON.stringify(text)}`,
      details,
    );
  }
  return ymd;
}

export function formatYmd(ymd: number): string {
  const y = Math.floor(ymd / 10000),
    m = Math.floor(ymd / 100) % 100,
    d = ymd % 100;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * Last day in post before pension: the employee reaches the retirement age on their birthday
 * in year birthYear + age; the pension starts on the first day of the following month, so the
 * last day in post is the last day of the birthday month (PP 11/2017 art. 239, UU 20/2023 art. 55).
 */
export function lastDayBeforePension(birthYmd: number, age: number): number {
  const year = Math.floor(birthYmd / 10000) + age;
  const month = Math.floor(birthYmd / 100) % 100;
  return year * 10000 + month * 100 + daysInMonth(year, month);
}
