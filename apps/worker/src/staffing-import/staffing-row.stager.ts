import { daysInMonth, lastDayBeforePension, nipFromKey, nipKey, parseIsoDate, parseNip, rankCode, repeatedKeys } from '@formasi/planning';
import { CopyBinaryWriter, EncodedFields, encodeFields } from '@formasi/database';
import { ByteKeys, CsvSink } from '@formasi/staffing';
import { RowCheckContext, RowError, StaffingRowChecker, StaffingRule, StagedRow } from './staffing-row.checker';

/** The columns of a staged row, in the order the stager writes them. */
export const STAGED_COLUMNS =
  'row_no, nip, name, birth_date, sex, employment_type, position_code, unit_code, tmt, contract_end, category, level';
const STAGED_FIELDS = 12;

interface KnownPosition {
  /** The code field, as encoded for COPY. */
  code: EncodedFields;
  /** The category and level fields, as encoded for COPY. */
  rank: EncodedFields;
  /** The retirement age that applies, or null when none does (or the agency has no policy). */
  retirementAge: number | null;
}

/** The sex and employment type fields, as encoded for COPY: [sex is F][type is PPPK]. */
const SEX_TYPE = [
  [encodeFields('M', 'PNS'), encodeFields('M', 'PPPK')],
  [encodeFields('F', 'PNS'), encodeFields('F', 'PPPK')],
];
const D0 = 48;

/** Two ASCII digits at i as a number, or -1; OR-ing results tells whether any was -1. */
const two = (b: Buffer, i: number): number => {
  const h = b[i]! - D0,
    l = b[i + 1]! - D0;
  return h >>> 0 > 9 || l >>> 0 > 9 ? -1 : h * 10 + l;
};

/** yyyy-mm-dd, dd/mm/yyyy or dd-mm-yyyy → yyyymmdd, as `parseRosterDate` reads the text; -1 otherwise. */
function dateAt(b: Buffer, s: number, e: number): number {
  if (e - s !== 10) return -1;
  let y: number, m: number, d: number;
  const sep = b[s + 2];
  if ((sep === 47 || sep === 45) && b[s + 5] === sep) {
    const y1 = two(b, s + 6),
      y2 = two(b, s + 8);
    d = two(b, s);
    m = two(b, s + 3);
    if ((y1 | y2 | m | d) < 0) return -1;
    y = y1 * 100 + y2;
  } else if (b[s + 4] === 45 && b[s + 7] === 45) {
    const y1 = two(b, s),
      y2 = two(b, s + 2);
    m = two(b, s + 5);
    d = two(b, s + 8);
    if ((y1 | y2 | m | d) < 0) return -1;
    y = y1 * 100 + y2;
  } else {
    return -1;
  }
  if (y < 1000 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return -1;
  return y * 10000 + m * 100 + d;
}

/**
 * Checks roster rows and writes them as binary COPY rows of a roster-rows table. A CSV
 * record arrives as bytes: when every rule passes on the bytes themselves (the common case by
 * far) it is written without a string being made; anything else — an error, a quote, a space to
 * trim, a lower-case code, a letter beyond ASCII — goes through `StaffingRowChecker`, which
 * names each broken rule. Both ways store the same values. Duplicate NIPs are found at the end.
 */
export class StaffingRowStager implements CsvSink {
  readonly out = new CopyBinaryWriter();
  readonly errors: RowError[] = [];
  rows = 0;

  private readonly checker: StaffingRowChecker;
  private readonly asOfYmd: number;
  private readonly positions: ByteKeys<KnownPosition>;
  private readonly units: ByteKeys<true>;
  private readonly col: Record<
    'nip' | 'name' | 'birthDate' | 'sex' | 'employmentType' | 'positionCode' | 'unitCode' | 'tmt' | 'contractEnd' | 'category' | 'level',
    number
  >;
  /** A record with fewer fields goes the text way (its missing cells are errors or empty). */
  private readonly minFields: number;
  private keys = new Float64Array(1 << 16);
  private keyRows = new Int32Array(1 << 16);
  private keyCount = 0;
  /** NIPs that are not 18 well-formed digits (already errors), for duplicates among them. */
  private readonly otherNips = new Map<string, number>();

  constructor(private readonly ctx: RowCheckContext) {
    this.checker = new StaffingRowChecker(ctx);
    this.asOfYmd = parseIsoDate(ctx.asOf);
    const ages = this.checker.retirementAges;
    this.positions = new ByteKeys(
      [...ctx.positions].map(([code, p]) => {
        const rank = rankCode(p.category, p.level);
        const age = ages && rank >= 0 ? (ages.ageFor(rank, code)?.age ?? null) : null;
        return [code, { code: encodeFields(code), rank: encodeFields(p.category, p.level), retirementAge: age }];
      }),
    );
    this.units = new ByteKeys([...ctx.units].map((u) => [u, true as const]));
    this.col = ctx.mapping.index;
    this.minFields = 1 + Math.max(...Object.values(this.col));
  }

  fields(b: Buffer, at: Int32Array, count: number, rowNo: number): boolean {
    if (count < this.minFields) return false;
    const col = this.col;

    const ns = at[2 * col.nip]!;
    if (at[2 * col.nip + 1]! - ns !== 18) return false;
    const y1 = two(b, ns),
      y2 = two(b, ns + 2),
      month = two(b, ns + 4),
      day = two(b, ns + 6);
    const t1 = two(b, ns + 8),
      t2 = two(b, ns + 10),
      tmtMonth = two(b, ns + 12),
      sexSeq = two(b, ns + 14),
      seq = two(b, ns + 16);
    if ((y1 | y2 | month | day | t1 | t2 | tmtMonth | sexSeq | seq) < 0) return false;
    const year = y1 * 100 + y2,
      tmtYear = t1 * 100 + t2,
      sexDigit = (sexSeq / 10) | 0;
    const pppkMarker = tmtMonth === 21;
    if (year < 1900 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return false;
    if (tmtYear < 1900 || (!pppkMarker && (tmtMonth < 1 || tmtMonth > 12)) || tmtYear <= year) return false;

    const names = at[2 * col.name]!,
      namee = at[2 * col.name + 1]!;
    if (namee === names || b[names]! <= 32 || b[namee - 1]! <= 32) return false;
    for (let i = names; i < namee; i++) if (b[i]! < 32 || b[i]! > 126) return false;

    const birth = year * 10000 + month * 100 + day;
    const bs = at[2 * col.birthDate]!,
      be = at[2 * col.birthDate + 1]!;
    // written yyyy-mm-dd, the birth date is the NIP's first 8 digits with two dashes
    const isoBirth =
      be - bs === 10 &&
      b[bs + 4] === 45 &&
      b[bs + 7] === 45 &&
      b[bs] === b[ns] &&
      b[bs + 1] === b[ns + 1] &&
      b[bs + 2] === b[ns + 2] &&
      b[bs + 3] === b[ns + 3] &&
      b[bs + 5] === b[ns + 4] &&
      b[bs + 6] === b[ns + 5] &&
      b[bs + 8] === b[ns + 6] &&
      b[bs + 9] === b[ns + 7];
    if (!isoBirth && dateAt(b, bs, be) !== birth) return false;

    const ss = at[2 * col.sex]!;
    if (at[2 * col.sex + 1]! - ss !== 1) return false;
    const sc = b[ss];
    const sex = sc === 76 || sc === 77 || sc === 49 ? 1 : sc === 80 || sc === 70 || sc === 50 ? 2 : 0; // L M 1 / P F 2
    if (sex === 0 || sex !== sexDigit) return false;

    const ts = at[2 * col.employmentType]!,
      tl = at[2 * col.employmentType + 1]! - ts;
    const pns = tl === 3 && b[ts] === 80 && b[ts + 1] === 78 && b[ts + 2] === 83;
    const pppk = tl === 4 && b[ts] === 80 && b[ts + 1] === 80 && b[ts + 2] === 80 && b[ts + 3] === 75;
    if (pns ? pppkMarker : !pppk || !pppkMarker) return false;

    const position = this.positions.get(b, at[2 * col.positionCode]!, at[2 * col.positionCode + 1]!);
    if (!position) return false;
    let us = 0,
      ue = 0;
    if (col.unitCode >= 0) {
      us = at[2 * col.unitCode]!;
      ue = at[2 * col.unitCode + 1]!;
      if (ue > us && !this.units.get(b, us, ue)) return false;
    }

    const tmt = dateAt(b, at[2 * col.tmt]!, at[2 * col.tmt + 1]!);
    if (tmt <= birth) return false;
    if (pns ? tmtYear * 100 + tmtMonth !== ((tmt / 100) | 0) : tmtYear !== ((tmt / 10000) | 0)) return false;
    let contractEnd = -1;
    if (col.contractEnd >= 0 && at[2 * col.contractEnd + 1]! > at[2 * col.contractEnd]!) {
      if (pns) return false;
      contractEnd = dateAt(b, at[2 * col.contractEnd]!, at[2 * col.contractEnd + 1]!);
    }
    if (pppk && (contractEnd < tmt || contractEnd < this.asOfYmd)) return false;
    if (col.category >= 0 && at[2 * col.category + 1]! > at[2 * col.category]!) return false;
    if (col.level >= 0 && at[2 * col.level + 1]! > at[2 * col.level]!) return false;
    // PP 11/2017 art. 239: past the last day in post before pension on the snapshot date
    if (position.retirementAge !== null && lastDayBeforePension(birth, position.retirementAge) < this.asOfYmd) return false;

    // the last ten digits, as `nipKey` reads them
    const rest = ((t1 * 100 + t2) * 100 + tmtMonth) * 1e4 + sexSeq * 100 + seq;
    this.noteKey(((year - 1800) * 372 + (month - 1) * 31 + (day - 1)) * 1e10 + rest, rowNo);

    const out = this.out;
    out.row(STAGED_FIELDS);
    out.int4(rowNo);
    out.bytes(b, ns, ns + 18);
    out.bytes(b, names, namee);
    out.date(birth);
    out.encoded(SEX_TYPE[sex - 1]![pns ? 0 : 1]!);
    out.encoded(position.code);
    if (ue > us) out.bytes(b, us, ue);
    else out.null();
    out.date(tmt);
    out.date(contractEnd);
    out.encoded(position.rank);
    this.rows++;
    return true;
  }

  cells(cells: string[], rowNo: number): void {
    const row = this.checker.check(rowNo, cells, this.errors);
    const nip = parseNip(row.nip);
    if (typeof nip !== 'string') {
      this.noteKey(nipKey(row.nip, nip.birthYmd), rowNo);
    } else if (row.nip !== '') {
      const first = this.otherNips.get(row.nip);
      if (first === undefined) this.otherNips.set(row.nip, rowNo);
      else this.errors.push(this.duplicate(rowNo, row.nip, first));
    }
    this.write(row);
    this.rows++;
  }

  /** DUPLICATE_NIP for every row whose NIP an earlier row has; call once all rows are in. */
  duplicates(): RowError[] {
    const repeated = repeatedKeys(this.keys, this.keyCount);
    if (repeated.size === 0) return [];
    const first = new Map<number, number>();
    const errors: RowError[] = [];
    for (let i = 0; i < this.keyCount; i++) {
      const key = this.keys[i]!;
      if (!repeated.has(key)) continue;
      const row = first.get(key);
      if (row === undefined) first.set(key, this.keyRows[i]!);
      else errors.push(this.duplicate(this.keyRows[i]!, nipFromKey(key), row));
    }
    return errors;
  }

  /**
   * The `n` smallest well-formed NIPs, in order: the sample of a first roster's joiners, without
   * PostgreSQL sorting a million rows to find it.
   */
  smallestNips(n: number): string[] {
    const best: number[] = [];
    for (let i = 0; i < this.keyCount; i++) {
      const key = this.keys[i]!;
      if (best.length === n && key >= best[n - 1]!) continue;
      let at = best.findIndex((b) => b >= key);
      if (at < 0) at = best.length;
      if (best[at] === key) continue;
      best.splice(at, 0, key);
      if (best.length > n) best.pop();
    }
    return best.map(nipFromKey);
  }

  private duplicate(rowNo: number, nip: string, firstRow: number): RowError {
    return {
      rowNo,
      column: this.ctx.mapping.label.nip,
      rule: StaffingRule.DUPLICATE_NIP,
      value: nip,
      message: `NIP ${nip} already appears in row ${firstRow}`,
    };
  }

  private noteKey(key: number, rowNo: number): void {
    if (this.keyCount === this.keys.length) {
      const keys = new Float64Array(this.keys.length * 2);
      keys.set(this.keys);
      this.keys = keys;
      const rows = new Int32Array(this.keyRows.length * 2);
      rows.set(this.keyRows);
      this.keyRows = rows;
    }
    this.keys[this.keyCount] = key;
    this.keyRows[this.keyCount++] = rowNo;
  }

  private write(r: StagedRow): void {
    const out = this.out;
    out.row(STAGED_FIELDS);
    out.int4(r.rowNo);
    out.text(r.nip);
    out.text(r.name);
    out.date(parseIsoDate(r.birthDate));
    out.text(r.sex);
    out.text(r.employmentType);
    out.text(r.positionCode);
    out.text(r.unitCode);
    out.date(parseIsoDate(r.tmt));
    out.date(parseIsoDate(r.contractEnd));
    out.text(r.category);
    out.text(r.level);
  }
}
