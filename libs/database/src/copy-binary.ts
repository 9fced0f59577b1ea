import { once } from 'node:events';
import { Writable } from 'node:stream';
import { Client, type PoolClient } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { EntityManager, InstanceChecker, type QueryRunner } from 'typeorm';
import type { Queryable } from './roster-version.repository';
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
  // a fraction seen lately (the same expected attrition, pressure or factor comes back row after row)
  BITS_F64[0] = a;
  const slot = (BITS_U32[0]! ^ Math.imul(BITS_U32[1]!, 0x9e3779b1)) >>> (32 - RECENT_BITS);
  if (RECENT_VALUE[slot] === a) {
    const count = RECENT_COUNT[slot]!;
    for (let i = 0, at = slot * RECENT_GROUPS_MAX; i < count; i++) g[i] = RECENT_GROUPS[at + i]!;
    DIGITS.weight = RECENT_WEIGHT[slot]!;
    DIGITS.dscale = RECENT_DSCALE[slot]!;
    return count;
  }
  const count = fractionDigits(a);
  if (count <= RECENT_GROUPS_MAX) {
    RECENT_VALUE[slot] = a;
    RECENT_COUNT[slot] = count;
    RECENT_WEIGHT[slot] = DIGITS.weight;
    RECENT_DSCALE[slot] = DIGITS.dscale;
    for (let i = 0, at = slot * RECENT_GROUPS_MAX; i < count; i++) RECENT_GROUPS[at + i] = g[i]!;
  }
  return count;
}

/** Digits of recent fractions by the bits of their double: a direct-mapped table, one entry a slot. */
const RECENT_BITS = 12;
const RECENT_GROUPS_MAX = 8;
const RECENT_VALUE = new Float64Array(1 << RECENT_BITS).fill(Number.NaN);
const RECENT_COUNT = new Uint8Array(1 << RECENT_BITS);
const RECENT_WEIGHT = new Int16Array(1 << RECENT_BITS);
const RECENT_DSCALE = new Int16Array(1 << RECENT_BITS);
const RECENT_GROUPS = new Int32Array((1 << RECENT_BITS) * RECENT_GROUPS_MAX);
const BITS_F64 = new Float64Array(1);
const BITS_U32 = new Uint32Array(BITS_F64.buffer);

/** `numericDigits` of a finite a > 0 that is not a whole number below 10^15, from its shortest text. */
function fractionDigits(a: number): number {
  const g = DIGITS.groups;
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

/** A uuid's 16 bytes, as a binary COPY sends the value (`CopyBinaryWriter.bytes`). */
export const uuidBytes = (id: string): Buffer => Buffer.from(id.replace(/-/g, ''), 'hex');

const viewOf = (buf: Buffer): DataView => new DataView(buf.buffer, buf.byteOffset, buf.length);

/** What feeds a binary COPY hands its rows to (see `copyBinaryIn`). */
export interface CopyBinaryFeed {
  /** The writer's complete chunks to the COPY; with `end`, all it holds and the trailer. */
  send(w: CopyBinaryWriter, end?: boolean): void;
  /** Waits while the COPY's stream is full; throws the COPY's error if it failed meanwhile. */
  ready(): Promise<void>;
}

/**
 * One binary COPY on `client`, fed by `feed`: it encodes rows with writers, hands their chunks
 * over with `send` and awaits `ready()` between groups of rows (a file's chunks, an agency's
 * results), so that PostgreSQL stores a group while the next one is made. The COPY waits when
 * its stream is full, or, with `queueBytes`, only when it holds more than that. A feed that
 * throws aborts the COPY (PostgreSQL discards what it received) and its error is rethrown; one
 * that resolves false aborts it too, and nothing is stored.
 */
export async function copyBinaryIn(
  client: PoolClient,
  sql: string,
  feed: (copy: CopyBinaryFeed) => Promise<boolean | void>,
  queueBytes?: number,
): Promise<void> {
  const copy = client.query(copyFrom(sql)) as Writable;
  const done = new Promise<void>((resolve, reject) => {
    copy.on('finish', resolve);
    copy.on('error', reject);
  });
  // the COPY can fail while rows are still being made (the connection lost): its error is kept
  // for the next send instead of a rejection no one awaits, which would end the process
  let failed: unknown = null;
  done.catch((e: unknown) => (failed = e ?? new Error('COPY failed')));
  const full = (): boolean => (queueBytes === undefined ? copy.writableNeedDrain : copy.writableLength > queueBytes);
  let store: boolean | void;
  try {
    store = await feed({
      send(w, end = false) {
        if (failed) throw failed;
        for (const chunk of w.take(end)) copy.write(chunk);
      },
      async ready() {
        if (failed) throw failed;
        if (full()) await Promise.race([once(copy, 'drain'), done]);
      },
    });
  } catch (e) {
    copy.destroy(e instanceof Error ? e : new Error(String(e)));
    await done.catch(() => undefined);
    throw e;
  }
  if (store === false) {
    copy.destroy(new Error('no rows to store'));
    await done.catch(() => undefined);
    return;
  }
  copy.end();
  await done;
}

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
  const w = new CopyBinaryWriter();
  await copyBinaryIn(client, sql, async (copy) => {
    const write = (group: Iterable<T>): void => {
      for (const row of group) {
        writeRow(w, row);
        copy.send(w);
      }
    };
    if (Symbol.asyncIterator in rows) {
      for await (const group of rows) {
        write(group);
        await copy.ready();
      }
    } else write(rows);
    copy.send(w, true);
  });
}

// Reading: COPY (query) TO STDOUT (FORMAT binary), decoded from the stream's chunks as they
// arrive. node-postgres makes an object per row and a string per field, and a generic binary
// COPY parser an object and a Date per field; a plan run reads millions of roster rows whose
// codes and dates repeat, so the reader hands over each field by type and reuses repeated texts.

/** A uuid as PostgreSQL writes it: the only shape `uuidArrayLiteral` lets into a COPY's query. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A uuid[] literal for a COPY's query, which takes no bind parameters: every id is checked to be
 * a uuid first, so nothing but hex digits and dashes reaches the SQL.
 */
export function uuidArrayLiteral(ids: readonly string[]): string {
  for (const id of ids) if (!UUID.test(id)) throw new TypeError(`not a uuid: ${JSON.stringify(id)}`);
  return `'{${ids.join(',')}}'::uuid[]`;
}

/** Year, month and day of a day count since 1970-01-01 (H. Hinnant's civil_from_days). */
export function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day: doy - Math.floor((153 * mp + 2) / 5) + 1 };
}

/** PostgreSQL's `infinity` and `-infinity` dates. */
const DATE_INFINITY = 0x7fffffff;
const DATE_MINUS_INFINITY = -0x80000000;

/** A date as `to_char(d, 'YYYY-MM-DD')` writes it: a BC year by its number, infinity as null. */
function dateText(pgDays: number): string | null {
  if (pgDays === DATE_INFINITY || pgDays === DATE_MINUS_INFINITY) return null;
  const { year, month, day } = civilFromDays(pgDays + PG_EPOCH_DAYS);
  return `${String(year > 0 ? year : 1 - year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

/** Days from PostgreSQL's epoch to the first day whose text `CopyBinaryReader.date` keeps, and how many it keeps. */
const DATE_TEXT_FIRST = MONTH_STARTS[0]!;
const DATE_TEXT_DAYS = daysFromCivil(TABLE_YEAR + TABLE_YEARS, 1, 1) - PG_EPOCH_DAYS - DATE_TEXT_FIRST;
/** The texts of the days read so far, shared by every reader (a day's text never changes). */
const DATE_TEXTS = new Array<string | undefined>(DATE_TEXT_DAYS);
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
/** Texts up to this many bytes are looked up among the ones read before. */
const INTERNED_BYTES = 32;
const INTERN_SLOTS = 4096;

/** Texts read before, by a hash of their bytes; a slot keeps the last text that hashed to it. */
class InternTable {
  readonly texts = new Array<string | undefined>(INTERN_SLOTS);
  readonly bytes = new Array<Buffer | undefined>(INTERN_SLOTS);
}

/**
 * The fields of one binary COPY row, read in order by their types: each read moves to the next
 * field, and a NULL reads as null whatever the type. `rows` hands the reader to a row callback
 * once the whole row has arrived (a row may span chunks) and checks that it read every field.
 */
export class CopyBinaryReader {
  private buf = Buffer.alloc(0);
  private view = viewOf(this.buf);
  private at = 0;
  /** The end of a chunk's last complete row onwards, until the next chunk completes it. */
  private rest: Buffer | null = null;
  private started = false;
  private ended = false;
  private readonly codes = new InternTable();
  private readonly uuids = new InternTable();
  private lastUuidSlot = 0;

  /** Reads the rows that `chunk` completes, calling `readRow` for each; returns how many. */
  rows(chunk: Buffer, readRow: (r: CopyBinaryReader) => void): number {
    if (this.ended) return 0;
    const buf = this.rest === null ? chunk : Buffer.concat([this.rest, chunk]);
    this.rest = null;
    const len = buf.length;
    let at = 0;
    if (!this.started) {
      if (len >= 11 && !buf.subarray(0, 11).equals(SIGNATURE)) throw new Error('not a binary COPY: the signature is missing');
      // the header extension, which no version of PostgreSQL fills yet, is skipped
      if (len < 19 || len < 19 + int32At(buf, 15)) {
        this.rest = buf;
        return 0;
      }
      at = 19 + int32At(buf, 15);
      this.started = true;
    }
    this.buf = buf;
    this.view = viewOf(buf);
    let count = 0;
    while (at + 2 <= len) {
      const fields = ((buf[at]! << 24) | (buf[at + 1]! << 16)) >> 16;
      if (fields === -1) {
        this.ended = true;
        return count;
      }
      // the row's end, if it has arrived whole
      let end = at + 2;
      for (let f = 0; f < fields && end <= len; f++) {
        if (end + 4 > len) end = len + 1;
        else {
          const n = int32At(buf, end);
          end += n > 0 ? 4 + n : 4;
        }
      }
      if (end > len) break;
      this.at = at + 2;
      readRow(this);
      if (this.at !== end) throw new Error(`a row of ${fields} fields was read ${this.at < end ? 'only in part' : 'past its end'}`);
      at = end;
      count++;
    }
    if (at < len) this.rest = buf.subarray(at);
    return count;
  }

  /** After the last chunk: refuses a COPY that stopped inside a row or before its trailer. */
  end(): void {
    if (!this.ended) throw new Error(`binary COPY ended without its trailer${this.rest ? `, ${this.rest.length} bytes into a row` : ''}`);
  }

  /** Text, decoded from UTF-8. */
  text(): string | null {
    const n = this.length();
    if (n < 0) return null;
    const at = this.at;
    this.at = at + n;
    return this.buf.toString('utf8', at, at + n);
  }

  /**
   * Text that many rows repeat (a code, a category, a level): one read before is handed over
   * again instead of decoded anew, which spares the decoding and a copy per row to collect.
   */
  code(): string | null {
    const n = this.length();
    if (n < 0) return null;
    const at = this.at;
    this.at = at + n;
    if (n > INTERNED_BYTES) return this.buf.toString('utf8', at, at + n);
    const slot = this.slot(at, n);
    return this.interned(this.codes, slot, at, n) ?? this.intern(this.codes, slot, at, n, this.buf.toString('utf8', at, at + n));
  }

  /** A uuid in PostgreSQL's text form; a repeated one (a row's agency) is handed over again. */
  uuid(): string | null {
    const n = this.length();
    if (n < 0) return null;
    const at = this.at;
    this.at = at + n;
    if (n !== 16) throw new Error(`a uuid of ${n} bytes`);
    // rows come ordered by the uuid they belong to: the previous row's is the likely one
    const last = this.interned(this.uuids, this.lastUuidSlot, at, n);
    if (last !== undefined) return last;
    const slot = (this.lastUuidSlot = this.slot(at, n));
    const known = this.interned(this.uuids, slot, at, n);
    if (known !== undefined) return known;
    const buf = this.buf;
    let s = '';
    for (let i = 0; i < 16; i++) s += (i === 4 || i === 6 || i === 8 || i === 10 ? '-' : '') + HEX[buf[at + i]!]!;
    return this.intern(this.uuids, slot, at, n, s);
  }

  /** A date as 'YYYY-MM-DD', exactly as `to_char(d, 'YYYY-MM-DD')` (infinity as null); each day's text is made once. */
  date(): string | null {
    const days = this.int4();
    if (days === null) return null;
    const i = days - DATE_TEXT_FIRST;
    if (i < 0 || i >= DATE_TEXT_DAYS) return dateText(days);
    return (DATE_TEXTS[i] ??= dateText(days)!);
  }

  /** A date as yyyymmdd (what `CopyBinaryWriter.date` takes), a year BC counted astronomically (1 BC is 0); infinity reads as null. */
  dateNumber(): number | null {
    const days = this.int4();
    if (days === null || days === DATE_INFINITY || days === DATE_MINUS_INFINITY) return null;
    const { year, month, day } = civilFromDays(days + PG_EPOCH_DAYS);
    return year * 10000 + month * 100 + day;
  }

  int2(): number | null {
    if (this.length() < 0) return null;
    const n = this.view.getInt16(this.at);
    this.at += 2;
    return n;
  }

  int4(): number | null {
    if (this.length() < 0) return null;
    const n = this.view.getInt32(this.at);
    this.at += 4;
    return n;
  }

  float8(): number | null {
    if (this.length() < 0) return null;
    const n = this.view.getFloat64(this.at);
    this.at += 8;
    return n;
  }

  /** Moves past a field whatever its type. */
  skip(): void {
    const n = this.length();
    if (n > 0) this.at += n;
  }

  /** The length word of the next field (-1 for NULL), the cursor moved past it. */
  private length(): number {
    const at = this.at;
    this.at = at + 4;
    return int32At(this.buf, at);
  }

  private slot(at: number, n: number): number {
    const buf = this.buf;
    let h = n;
    for (let i = at; i < at + n; i++) h = (Math.imul(h, 31) + buf[i]!) | 0;
    return (h ^ (h >>> 13)) & (INTERN_SLOTS - 1);
  }

  private interned(table: InternTable, slot: number, at: number, n: number): string | undefined {
    const bytes = table.bytes[slot];
    if (bytes === undefined || bytes.length !== n) return undefined;
    const buf = this.buf;
    for (let i = 0; i < n; i++) if (bytes[i] !== buf[at + i]) return undefined;
    return table.texts[slot];
  }

  private intern(table: InternTable, slot: number, at: number, n: number, text: string): string {
    table.bytes[slot] = Buffer.from(this.buf.subarray(at, at + n));
    table.texts[slot] = text;
    return text;
  }
}

const int32At = (buf: Buffer, at: number): number => (buf[at]! << 24) | (buf[at + 1]! << 16) | (buf[at + 2]! << 8) | buf[at + 3]!;

/**
 * Runs `COPY (<select>) TO STDOUT (FORMAT binary)` and calls `readRow` for each row as it streams
 * in; returns the number of rows. `select` takes no bind parameters: only values checked for their
 * shape may be written into it (`uuidArrayLiteral`). On a TypeORM EntityManager with a query runner
 * (a transaction) the COPY runs on that connection, in its snapshot; on a DataSource, on a pooled one.
 */
export async function copyBinaryOut(db: Queryable | PoolClient, select: string, readRow: (r: CopyBinaryReader) => void): Promise<number> {
  return withClient(
    db,
    (client) =>
      new Promise<number>((resolve, reject) => {
        const reader = new CopyBinaryReader();
        const copy = client.query(copyTo(`COPY (${select}) TO STDOUT (FORMAT binary)`));
        let rows = 0;
        // a row that fails stops the decoding, not the COPY: the connection stays usable once it ends
        let failed: unknown = null;
        copy.on('data', (chunk: Buffer) => {
          if (failed !== null) return;
          try {
            rows += reader.rows(chunk, readRow);
          } catch (e) {
            failed = e;
          }
        });
        copy.on('error', reject);
        copy.on('end', () => {
          try {
            if (failed === null) reader.end();
          } catch (e) {
            failed = e;
          }
          if (failed === null) resolve(rows);
          else reject(failed instanceof Error ? failed : new Error(String(failed)));
        });
      }),
  );
}

/** `work` on the pg connection behind `db`: its own when it has one, else one taken from its pool for the while. */
async function withClient<T>(db: Queryable | PoolClient, work: (client: PoolClient) => Promise<T>): Promise<T> {
  if (db instanceof Client) return work(db as PoolClient);
  let runner: QueryRunner;
  let own = true;
  if (db instanceof EntityManager) {
    own = !db.queryRunner || db.queryRunner.isReleased;
    runner = own ? db.connection.createQueryRunner() : db.queryRunner!;
  } else if (InstanceChecker.isDataSource(db)) runner = db.createQueryRunner();
  else throw new TypeError('a binary COPY needs a pg client or a TypeORM DataSource or EntityManager');
  try {
    return await work((await runner.connect()) as PoolClient);
  } finally {
    if (own) await runner.release();
  }
}
