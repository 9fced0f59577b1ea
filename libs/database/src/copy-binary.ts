import { once } from 'node:events';
import { Writable } from 'node:stream';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
// PostgreSQL's binary COPY format (COPY … FROM STDIN WITH (FORMAT binary)): the server stores
// the values as sent instead of parsing text, which roughly halves its share of a bulk load.
// https://www.postgresql.org/docs/current/sql-copy.html#id-1.9.3.55.9.4

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
/** Days from 1970-01-01 to 2000-01-01, PostgreSQL's date epoch. */
const PG_EPOCH_DAYS = 10957;
const CHUNK = 1 << 17;
/** Room for any one row: a row larger than this is written through a bigger buffer. */
const ROW_ROOM = 64 << 10;

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** First year of `MONTH_STARTS`; a date outside its years is counted by `daysFromCivil`. */
const TABLE_YEAR = 1900;
const TABLE_YEARS = 256;
/** Days from PostgreSQL's epoch to the 1st of each month of the table's years, so a date costs one lookup. */
const MONTH_STARTS = new Int32Array(TABLE_YEARS * 12);
for (let i = 0; i < MONTH_STARTS.length; i++)
  MONTH_STARTS[i] = daysFromCivil(TABLE_YEAR + Math.floor(i / 12), (i % 12) + 1, 1) - PG_EPOCH_DAYS;

/**
 * Fields encoded once for `CopyBinaryWriter.encoded`, for values a million rows repeat: each
 * text's length word and UTF-8 bytes (or -1 for null), held as big-endian words so that a row
 * copies them four bytes a step.
 */
export interface EncodedFields {
  /** The bytes, zero-padded to whole words. */
  readonly words: Int32Array;
  readonly length: number;
}

/** The texts as consecutive fields, a null one as SQL NULL. */
export function encodeFields(...texts: Array<string | null>): EncodedFields {
  const bytes = Buffer.concat(
    texts.map((t) => {
      const text = Buffer.from(t ?? '', 'utf8');
      const length = Buffer.alloc(4);
      length.writeInt32BE(t === null ? -1 : text.length);
      return Buffer.concat([length, text]);
    }),
  );
  const padded = Buffer.concat([bytes, Buffer.alloc(3)]);
  const words = new Int32Array(Math.ceil(bytes.length / 4));
  for (let i = 0; i < words.length; i++) words[i] = padded.readInt32BE(4 * i);
  return { words, length: bytes.length };
}

/**
 * Encodes rows of the binary COPY format into chunks of about 128 KiB. A row is `row(n)`
 * followed by exactly n field writes; `take()` hands over what is complete. Integers go
 * through a DataView: `Buffer.writeInt32BE` checks its arguments on every call, which cost
 * more than the write itself on a million rows.
 */
export class CopyBinaryWriter {
  private buf = Buffer.allocUnsafe(CHUNK + ROW_ROOM);
  /** `buf` as big-endian words. */
  private view = viewOf(this.buf);
  private at = 0;
  private readonly chunks: Buffer[] = [];

  constructor() {
    SIGNATURE.copy(this.buf, 0);
    this.buf.fill(0, 11, 19); // flags (no OIDs) and header extension length, both 0
    this.at = 19;
  }

  row(fields: number): void {
    if (this.at > CHUNK) this.cut();
    this.view.setInt16(this.at, fields);
    this.at += 2;
  }

  null(): void {
    this.room(4);
    this.view.setInt32(this.at, -1);
    this.at += 4;
  }

  int2(n: number): void {
    this.room(6);
    this.view.setInt32(this.at, 2);
    this.view.setInt16(this.at + 4, n);
    this.at += 6;
  }

  int4(n: number): void {
    this.room(8);
    const view = this.view,
      at = this.at;
    view.setInt32(at, 4);
    view.setInt32(at + 4, n);
    this.at = at + 8;
  }

  /** A float8 (a double as it is). */
  float8(n: number): void {
    this.room(12);
    this.view.setInt32(this.at, 8);
    this.view.setFloat64(this.at + 4, n);
    this.at += 12;
  }

  /**
   * A numeric with exactly the value PostgreSQL reads from the number's shortest decimal text
   * (`String(n)`, as a text COPY or a query parameter would send it): base-10000 digits, weight,
   * sign and display scale. Null for null; a number that is not finite is refused.
   */
  numeric(n: number | null): void {
    if (n === null) return this.null();
    if (!Number.isFinite(n)) throw new RangeError(`numeric value ${n} is not finite`);
    const count = numericDigits(n < 0 ? -n : n);
    this.room(12 + 2 * count);
    const view = this.view;
    let at = this.at;
    view.setInt32(at, 8 + 2 * count);
    view.setInt16(at + 4, count);
    view.setInt16(at + 6, DIGITS.weight);
    view.setInt16(at + 8, n < 0 ? 0x4000 : 0);
    view.setInt16(at + 10, DIGITS.dscale);
    at += 12;
    const groups = DIGITS.groups;
    for (let i = 0; i < count; i++, at += 2) view.setInt16(at, groups[i]!);
    this.at = at;
  }

  /**
   * A numeric from decimal text as a file gave it (`-?digits[.digits]`), exactly as PostgreSQL
   * reads that text: the same digits and display scale ("30.0" keeps its scale 1). Null for null.
   */
  decimal(s: string | null): void {
    if (s === null) return this.null();
    const len = s.length;
    const neg = s.charCodeAt(0) === 45 ? 1 : 0;
    let dot = s.indexOf('.');
    const fractionDigits = dot < 0 ? 0 : len - dot - 1;
    if (dot < 0) dot = len;
    const wholeDigits = dot - neg;
    // zeros before the whole part and after the fraction fill base-10000 groups of four digits
    const lead = (4 - (wholeDigits % 4)) % 4;
    const wholeGroups = (wholeDigits + lead) / 4;
    const groups = wholeGroups + Math.ceil(fractionDigits / 4);
    this.room(12 + 2 * groups);
    const view = this.view;
    let at = this.at;
    view.setInt32(at, 8 + 2 * groups);
    view.setInt16(at + 4, groups);
    view.setInt16(at + 6, wholeGroups - 1);
    view.setInt16(at + 8, neg ? 0x4000 : 0);
    view.setInt16(at + 10, fractionDigits);
    at += 12;
    let g = 0;
    for (let i = 0, end = groups * 4; i < end; i++) {
      // digit i of the padded digits: i - lead of the whole part, then the fraction after the dot
      const p = i < lead ? -1 : i - lead < wholeDigits ? neg + i - lead : dot + 1 + (i - lead - wholeDigits);
      const d = p < 0 || p >= len ? 0 : s.charCodeAt(p) - 48;
      if (d < 0 || d > 9) throw new RangeError(`"${s}" is not a decimal`);
      g = g * 10 + d;
      if ((i & 3) === 3) {
        view.setInt16(at, g);
        at += 2;
        g = 0;
      }
    }
    this.at = at;
  }

  /** A date as yyyymmdd, or null when not positive. */
  date(ymd: number): void {
    if (ymd <= 0) return this.null();
    const ym = Math.floor(ymd / 100);
    const year = Math.floor(ym / 100),
      month = ym - year * 100,
      day = ymd - ym * 100;
    const i = (year - TABLE_YEAR) * 12 + month - 1;
    this.int4(
      i >= 0 && i < MONTH_STARTS.length && month >= 1 && month <= 12
        ? MONTH_STARTS[i]! + day - 1
        : daysFromCivil(year, month, day) - PG_EPOCH_DAYS,
    );
  }

  /** Bytes as they are (a uuid's 16, or text already known to be valid UTF-8). */
  bytes(src: Buffer, start = 0, end = src.length): void {
    const n = end - start;
    this.room(4 + n);
    const buf = this.buf;
    this.view.setInt32(this.at, n);
    let at = this.at + 4;
    if (n < 32) {
      // a native copy costs more than the loop for the short codes and names of a roster
      for (let i = start; i < end; i++) buf[at++] = src[i]!;
    } else {
      src.copy(buf, at, start, end);
      at += n;
    }
    this.at = at;
  }

  /** Whole fields encoded by `encodeFields`. */
  encoded(fields: EncodedFields): void {
    const words = fields.words;
    // the padding of the last word lands past the end, where the next write goes
    this.room(4 * words.length);
    const view = this.view,
      at = this.at;
    for (let i = 0; i < words.length; i++) view.setInt32(at + 4 * i, words[i]!);
    this.at = at + fields.length;
  }

  /** Text, or null; NUL characters are dropped (PostgreSQL text cannot hold them). */
  text(s: string | null): void {
    if (s === null) return this.null();
    const clean = s.includes('\0') ? s.replace(/\0/g, '') : s;
    this.room(4 + clean.length * 3);
    const n = this.buf.write(clean, this.at + 4, 'utf8');
    this.view.setInt32(this.at, n);
    this.at += 4 + n;
  }

  /** The complete chunks so far; with `end`, the rest and the trailer too. */
  take(end = false): Buffer[] {
    if (end) {
      this.room(2);
      this.view.setInt16(this.at, -1);
      this.at += 2;
    }
    if (end && this.at > 0) this.cut();
    return this.chunks.splice(0, this.chunks.length);
  }

  private room(n: number): void {
    if (this.at + n <= this.buf.length) return;
    // only a field larger than the slack of a chunk gets here: grow, keeping the row together
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.at + n));
    this.buf.copy(bigger, 0, 0, this.at);
    this.buf = bigger;
    this.view = viewOf(bigger);
  }

  private cut(): void {
    this.chunks.push(this.buf.subarray(0, this.at));
    this.buf = Buffer.allocUnsafe(CHUNK + ROW_ROOM);
    this.view = viewOf(this.buf);
    this.at = 0;
  }
}

/** The last `numericDigits` result: base-10000 digits, weight and display scale (no allocation per value). */
const DIGITS = { groups: new Int32Array(96), weight: 0, dscale: 0 };

/**
 * `numericGroups` of a finite a ≥ 0 into DIGITS, returning the digit count, without building
 * strings: integers by arithmetic, other numbers from their shortest text in one pass over its
 * characters (the form with an exponent goes through `numericGroups`). A national run writes
 * some twenty million numerics; this is the per-value cost of all of them.
 */
function numericDigits(a: number): number {
  const g = DIGITS.groups;
  if (a === 0) {
    DIGITS.weight = 0;
    DIGITS.dscale = 0;
    return 0;
  }
  if (Number.isInteger(a) && a < 1e15) {
    DIGITS.dscale = 0;
    if (a < 10000) {
      g[0] = a;
      DIGITS.weight = 0;
      return 1;
    }
    // base-10000 digits from the least significant, then reversed in place; trailing zero digits dropped
    let count = 0;
    for (let v = a; v > 0; v = Math.floor(v / 10000)) g[count++] = v % 10000;
    for (let i = 0, j = count - 1; i < j; i++, j--) {
      const x = g[i]!;
      g[i] = g[j]!;
      g[j] = x;
    }
    DIGITS.weight = count - 1;
    while (g[count - 1] === 0) count--;
    return count;
  }
  const text = String(a);
  if (text.includes('e')) {
    const { groups, weight, dscale } = numericGroups(a);
    g.set(groups);
    DIGITS.weight = weight;
    DIGITS.dscale = dscale;
    return groups.length;
  }
  const dot = text.indexOf('.');
  const end = text.length;
  const wholeEnd = dot < 0 ? end : dot;
  // the whole part's digits ("0" alone is no digit), grouped in fours from the point
  const wholeStart = wholeEnd === 1 && text.charCodeAt(0) === 48 ? 1 : 0;
  const wholeDigits = wholeEnd - wholeStart;
  let count = 0;
  let acc = 0;
  let inGroup = (4 - (wholeDigits % 4)) % 4;
  for (let i = wholeStart; i < wholeEnd; i++) {
    acc = acc * 10 + text.charCodeAt(i) - 48;
    if (++inGroup === 4) {
      g[count++] = acc;
      acc = 0;
      inGroup = 0;
    }
  }
  let weight = count - 1;
  const fractionDigits = dot < 0 ? 0 : end - dot - 1;
  for (let i = dot + 1; dot >= 0 && i < end; i++) {
    acc = acc * 10 + text.charCodeAt(i) - 48;
    if (++inGroup === 4) {
      g[count++] = acc;
      acc = 0;
      inGroup = 0;
    }
  }
  if (inGroup > 0) g[count++] = acc * 10 ** (4 - inGroup);
  // a number below 1 starts with zero digits after the point: they only move the weight
  let lead = 0;
  while (lead < count && g[lead] === 0) lead++;
  if (lead > 0) {
    g.copyWithin(0, lead, count);
    count -= lead;
    weight -= lead;
  }
  while (count > 0 && g[count - 1] === 0) count--;
  DIGITS.weight = count === 0 ? 0 : weight;
  DIGITS.dscale = fractionDigits;
  return count;
}

/** The decimal digits of |n|'s shortest text as PostgreSQL's numeric stores them. */
export function numericGroups(n: number): { groups: number[]; weight: number; dscale: number } {
  const text = String(Math.abs(n));
  const e = text.indexOf('e');
  const mantissa = e < 0 ? text : text.slice(0, e);
  const exponent = e < 0 ? 0 : Number(text.slice(e + 1));
  const dot = mantissa.indexOf('.');
  const digits = dot < 0 ? mantissa : mantissa.slice(0, dot) + mantissa.slice(dot + 1);
  const point = (dot < 0 ? mantissa.length : dot) + exponent;
  let whole = point <= 0 ? '' : digits.slice(0, point).padEnd(point, '0');
  let fraction = point >= digits.length ? '' : point < 0 ? '0'.repeat(-point) + digits : digits.slice(point);
  whole = whole.replace(/^0+/, '');
  fraction = fraction.replace(/0+$/, '');
  const dscale = fraction.length;
  const wholeGroups = Math.ceil(whole.length / 4);
  const padded = whole.padStart(wholeGroups * 4, '0') + fraction.padEnd(Math.ceil(fraction.length / 4) * 4, '0');
  const groups: number[] = [];
  for (let i = 0; i < padded.length; i += 4) groups.push(Number(padded.slice(i, i + 4)));
  let weight = wholeGroups - 1;
  while (groups.length > 0 && groups[0] === 0) {
    groups.shift();
    weight--;
  }
  while (groups.length > 0 && groups[groups.length - 1] === 0) groups.pop();
  return { groups, weight: groups.length === 0 ? 0 : weight, dscale };
}

const viewOf = (buf: Buffer): DataView => new DataView(buf.buffer, buf.byteOffset, buf.length);

/**
 * Rows through one binary COPY on `client`: `writeRow` encodes a row with the writer; a row that
 * throws aborts the COPY (PostgreSQL discards what it received) and the error is rethrown.
 * `rows` may also come in groups produced as the COPY goes (an async iterable of groups, say an
 * agency's rows as the engine computes them): PostgreSQL stores a group while the next one is
 * computed, and between groups the COPY waits while its stream is full.
 */
export async function copyBinaryRows<T>(
  client: PoolClient,
  sql: string,
  rows: Iterable<T> | AsyncIterable<Iterable<T>>,
  writeRow: (w: CopyBinaryWriter, row: T) => void,
): Promise<void> {
  const copy = client.query(copyFrom(sql)) as Writable;
  const done = new Promise<void>((resolve, reject) => {
    copy.on('finish', resolve);
    copy.on('error', reject);
  });
  const w = new CopyBinaryWriter();
  const write = (group: Iterable<T>): void => {
    for (const row of group) {
      writeRow(w, row);
      for (const chunk of w.take()) copy.write(chunk);
    }
  };
  try {
    if (Symbol.asyncIterator in rows) {
      for await (const group of rows) {
        write(group);
        if (copy.writableNeedDrain) await Promise.race([once(copy, 'drain'), done]);
      }
    } else write(rows);
    for (const chunk of w.take(true)) copy.write(chunk);
  } catch (e) {
    copy.destroy(e instanceof Error ? e : new Error(String(e)));
    await done.catch(() => undefined);
    throw e;
  }
  copy.end();
  await done;
}
