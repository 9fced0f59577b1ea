import { formatYmd, lastDayBeforePension, parseIsoDate } from './dates';
import {
  EmployeeInput,
  POSITION_CATEGORIES,
  POSITION_LEVELS,
  PositionCategory,
  PositionLevel,
  RetirementAgeRule,
  StaffRoster,
} from './model';
import { firstDuplicate, nipBirthYmd, nipKey } from './nip';
import { describeCell, PlanningError, PlanningErrorCode } from './planning-error';

// Staff supply: who is in post on asOf, and in which plan year each one leaves
// (retirement at BUP, or the end of a PPPK contract that is not renewed).
//
// Staff travel in columns (a StaffRoster): a national roster of millions of employees is a few
// typed arrays instead of millions of objects. `rosterFromEmployees` builds one from rows.

/** Category and level packed in one byte: category index × 16 + level index (15 = no level). */
export function rankCode(category: PositionCategory, level: PositionLevel | null | undefined): number {
  const c = POSITION_CATEGORIES.indexOf(category);
  if (c < 0) return -1;
  if (level === null || level === undefined) return c * 16 + 15;
  const l = POSITION_LEVELS.indexOf(level);
  if (l < 0) return -1;
  // JPT levels belong to JPT, ahli and keterampilan levels to fungsional (UU 20/2023).
  if ((category === 'JPT') !== level.startsWith('JPT_') || (category !== 'JPT' && category !== 'FUNGSIONAL')) return -1;
  return c * 16 + l;
}

export function rankOf(code: number): { category: PositionCategory; level: PositionLevel | null } {
  const l = code & 15;
  return { category: POSITION_CATEGORIES[code >> 4], level: l === 15 ? null : POSITION_LEVELS[l] };
}

export interface RetirementAgeMatch {
  age: number;
  rule: string;
}

export interface RetirementAgeTable {
  /** Age for a rank code and position; the most specific row wins (position, level, category). */
  ageFor(rank: number, positionCode: string): RetirementAgeMatch | null;
  hasPositionRows(positionCode: string): boolean;
}

export function invalidPlan(message: string): PlanningError {
  return new PlanningError(PlanningErrorCode.INVALID_PLAN, `plan: ${message}`);
}

/** Policy rows: category (every level), category + level, or a position's own law. */
export function retirementAgeTable(rules: RetirementAgeRule[]): RetirementAgeTable {
  if (!Array.isArray(rules)) throw invalidPlan('retirementAges must be a list of { category, level?, age }');
  const rows = new Map<string, RetirementAgeMatch>();
  rules.forEach((r, i) => {
    if (!r || !POSITION_CATEGORIES.includes(r.category)) {
      throw invalidPlan(
        `retirementAges[${i}].category must be one of ${POSITION_CATEGORIES.join(', ')}, got ${JSON.stringify(r?.category)}`,
      );
    }
    if (r.level != null && !POSITION_LEVELS.includes(r.level)) {
      throw invalidPlan(`retirementAges[${i}].level must be one of ${POSITION_LEVELS.join(', ')}, got ${JSON.stringify(r.level)}`);
    }
    if (!Number.isInteger(r.age) || r.age < 18 || r.age > 100)
      throw invalidPlan(`retirementAges[${i}].age must be a whole number of years, got ${JSON.stringify(r.age)}`);
    const key = `${r.category}|${r.level ?? ''}|${r.positionCode ?? ''}`;
    if (rows.has(key))
      throw invalidPlan(`retirementAges has two rows for ${[r.category, r.level, r.positionCode].filter(Boolean).join(' ')}`);
    const scope = [r.category, r.level, r.positionCode && `position ${r.positionCode}`].filter(Boolean).join(' ');
    rows.set(key, { age: r.age, rule: `retirement age ${r.age} for ${scope} (PP 11/2017 art. 239, UU 20/2023 art. 55)` });
  });
  const positions = new Set(rules.filter((r) => r.positionCode).map((r) => r.positionCode!));
  const lookup = (rank: number, positionCode: string): RetirementAgeMatch | null => {
    const { category, level } = rankOf(rank);
    return (
      rows.get(`${category}|${level ?? ''}|${positionCode}`) ??
      rows.get(`${category}||${positionCode}`) ??
      (level ? rows.get(`${category}|${level}|`) : undefined) ??
      rows.get(`${category}||`) ??
      null
    );
  };
  const byRank: (RetirementAgeMatch | null | undefined)[] = new Array(256);
  return {
    ageFor(rank, positionCode) {
      if (positions.size > 0 && positions.has(positionCode)) return lookup(rank, positionCode);
      let hit = byRank[rank];
      if (hit === undefined) byRank[rank] = hit = lookup(rank, '');
      return hit;
    },
    hasPositionRows: (positionCode) => positions.has(positionCode),
  };
}

function rowError(
  nip: string | undefined,
  row: number,
  code: PlanningErrorCode,
  message: string,
  extra: Record<string, string | null | undefined> = {},
): PlanningError {
  const who = `employee ${typeof nip === 'string' && nip ? nip : `#${row + 1}`}`;
  return new PlanningError(code, `${who}: ${message}`, { nip, row: row + 1, ...extra });
}

/** Reads staffing rows into a roster, checking every field that the columns cannot hold. */
export function rosterFromEmployees(
  employees: EmployeeInput[],
  cellIndex: (positionCode: string, unitCode: string | null) => number,
): StaffRoster {
  if (!Array.isArray(employees)) throw invalidPlan('employees must be a list');
  const size = employees.length;
  const roster: StaffRoster = {
    size,
    cell: new Int32Array(size),
    birthYmd: new Int32Array(size),
    contractEndYmd: new Int32Array(size),
    pppk: new Uint8Array(size),
    rank: new Uint8Array(size),
    nipKey: new Float64Array(size),
    nipOf: (row) => employees[row].nip,
  };
  for (let i = 0; i < size; i++) {
    const e = employees[i];
    const nip = e?.nip;
    const fail = (code: PlanningErrorCode, message: string) =>
      rowError(nip, i, code, message, { positionCode: e?.positionCode, unitCode: e?.unitCode ?? null });
    const birth = parseIsoDate(e?.birthDate);
    if (birth < 0)
      throw fail(PlanningErrorCode.INVALID_EMPLOYEE, `birthDate must be a calendar date yyyy-mm-dd, got ${JSON.stringify(e?.birthDate)}`);
    const nipBirth = nipBirthYmd(nip);
    if (nipBirth < 0) throw fail(PlanningErrorCode.INVALID_EMPLOYEE, 'a NIP has exactly 18 digits');
    if (nipBirth !== birth)
      throw fail(PlanningErrorCode.INVALID_EMPLOYEE, `the NIP states birth date ${formatYmd(nipBirth)} but birthDate is ${e.birthDate}`);
    if (e.employmentType !== 'PNS' && e.employmentType !== 'PPPK')
      throw fail(PlanningErrorCode.INVALID_EMPLOYEE, `employmentType must be PNS or PPPK, got ${JSON.stringify(e.employmentType)}`);
    const rank = rankCode(e.category, e.level);
    if (rank < 0) {
      throw fail(
        PlanningErrorCode.INVALID_EMPLOYEE,
        `category ${JSON.stringify(e.category)} with level ${JSON.stringify(e.level ?? null)} is not a position rank: categories ${POSITION_CATEGORIES.join(', ')}; JPT_* levels for JPT, AHLI_* and PEMULA…PENYELIA for FUNGSIONAL`,
      );
    }
    const unitCode = e.unitCode ?? null;
    const cell = cellIndex(e.positionCode, unitCode);
    if (cell < 0)
      throw fail(PlanningErrorCode.UNKNOWN_CELL, `${describeCell(e.positionCode, unitCode)} has no workload standard in this problem`);
    let contractEnd = 0;
    if (e.contractEnd != null) {
      contractEnd = parseIsoDate(e.contractEnd);
      if (contractEnd < 0)
        throw fail(
          PlanningErrorCode.INVALID_EMPLOYEE,
          `contractEnd must be a calendar date yyyy-mm-dd, got ${JSON.stringify(e.contractEnd)}`,
        );
    }
    roster.cell[i] = cell;
    roster.birthYmd[i] = birth;
    roster.contractEndYmd[i] = e.employmentType === 'PPPK' ? contractEnd : 0;
    roster.pppk[i] = e.employmentType === 'PPPK' ? 1 : 0;
    roster.rank[i] = rank;
    roster.nipKey![i] = nipKey(nip, birth);
  }
  return roster;
}

/** When each employee leaves: last day before pension and the contract end, checked against asOf. */
export interface StaffColumns {
  roster: StaffRoster;
  retireYmd: Int32Array;
  /** Contract end that counts for the plan: 0 where there is none or contracts are renewed. */
  contractEndYmd: Int32Array;
  age: Uint8Array;
}

export function resolveStaff(
  roster: StaffRoster,
  nCells: number,
  positionOf: (cell: number) => string,
  ages: RetirementAgeTable,
  asOfYmd: number,
  renewContracts: boolean,
): StaffColumns {
  const { size, cell, birthYmd, pppk, rank } = roster;
  const retireYmd = new Int32Array(size);
  const contractEndYmd = renewContracts ? new Int32Array(size) : roster.contractEndYmd;
  const age = new Uint8Array(size);
  // Most cells' positions have no retirement row of their own: resolve by rank alone there.
  const ownRows = new Int8Array(nCells);
  const nipOf = (row: number) => roster.nipOf?.(row);
  for (let i = 0; i < size; i++) {
    const c = cell[i];
    if (c < 0 || c >= nCells) throw rowError(nipOf(i), i, PlanningErrorCode.UNKNOWN_CELL, `cell index ${c} is outside the problem`);
    if (ownRows[c] === 0) ownRows[c] = ages.hasPositionRows(positionOf(c)) ? 2 : 1;
    const rule = ages.ageFor(rank[i], ownRows[c] === 2 ? positionOf(c) : '');
    if (!rule) {
      const { category, level } = rankOf(rank[i]);
      throw rowError(
        nipOf(i),
        i,
        PlanningErrorCode.NO_RETIREMENT_AGE,
        `no retirement age in the policy for ${category}${level ? ` ${level}` : ''}`,
      );
    }
    const retire = lastDayBeforePension(birthYmd[i], rule.age);
    if (retire < asOfYmd) {
      throw rowError(
        nipOf(i),
        i,
        PlanningErrorCode.ALREADY_RETIRED,
        `reached retirement age ${rule.age} and left post on ${formatYmd(retire)}, before the snapshot date ${formatYmd(asOfYmd)}`,
      );
    }
    if (pppk[i] === 1 && !renewContracts) {
      const end = roster.contractEndYmd[i];
      if (end === 0)
        throw rowError(
          nipOf(i),
          i,
          PlanningErrorCode.INVALID_EMPLOYEE,
          'a PPPK employee needs contractEnd unless the plan renews contracts',
        );
      if (end < asOfYmd)
        throw rowError(
          nipOf(i),
          i,
          PlanningErrorCode.CONTRACT_ENDED,
          `the PPPK contract ended on ${formatYmd(end)}, before the snapshot date ${formatYmd(asOfYmd)}`,
        );
    }
    retireYmd[i] = retire;
    age[i] = rule.age;
  }
  if (roster.nipKey) {
    const duplicate = firstDuplicate(roster.nipKey);
    if (duplicate >= 0)
      throw rowError(nipOf(duplicate), duplicate, PlanningErrorCode.DUPLICATE_NIP, 'the NIP appears twice in the staffing rows');
  }
  return { roster, retireYmd, contractEndYmd, age };
}

export const EXIT_RETIREMENT = 0;
export const EXIT_CONTRACT_END = 1;

export interface ExitHorizon {
  asOfYmd: number;
  years: number[];
  renewContracts: boolean;
}

/**
 * The plan-year index an employee leaves in, times 2, plus the kind of exit; -1 when they stay
 * through the horizon. Exits after asOf but before the first plan year count in the first
 * plan year; a year between plan years counts in the next plan year.
 */
export function exitOf(retireYmd: number, contractEndYmd: number, years: number[]): number {
  let ymd = retireYmd;
  let kind = EXIT_RETIREMENT;
  if (contractEndYmd > 0 && contractEndYmd < retireYmd) {
    ymd = contractEndYmd;
    kind = EXIT_CONTRACT_END;
  }
  const year = (ymd / 10000) | 0;
  for (let i = 0; i < years.length; i++) if (year <= years[i]) return i * 2 + kind;
  return -1;
}

/** Headcount per cell and exits per cell × plan year, in one pass over the staff columns. */
export interface SupplyProjection {
  existing: Int32Array;
  retirements: Int32Array;
  contractEnds: Int32Array;
}

export function projectSupply(staff: StaffColumns, nCells: number, years: number[]): SupplyProjection {
  const nYears = years.length;
  const existing = new Int32Array(nCells);
  const retirements = new Int32Array(nCells * nYears);
  const contractEnds = new Int32Array(nCells * nYears);
  const { retireYmd, contractEndYmd } = staff;
  const cell = staff.roster.cell;
  for (let i = 0; i < staff.roster.size; i++) {
    const c = cell[i];
    existing[c]++;
    const exit = exitOf(retireYmd[i], contractEndYmd[i], years);
    if (exit < 0) continue;
    const slot = c * nYears + (exit >> 1);
    if ((exit & 1) === EXIT_RETIREMENT) retirements[slot]++;
    else contractEnds[slot]++;
  }
  return { existing, retirements, contractEnds };
}
