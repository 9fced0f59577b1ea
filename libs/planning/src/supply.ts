import { formatYmd, lastDayBeforePension, parseIsoDate } from './dates';
import { EmployeeInput, POSITION_CATEGORIES, POSITION_LEVELS, RetirementAgeRule } from './model';
import { firstDuplicate, nipBirthYmd, nipKey } from './nip';
import { describeCell, PlanningError, PlanningErrorCode } from './planning-error';

// Staff supply: who is in post on asOf, and in which plan year each one leaves
// (retirement at BUP, or the end of a PPPK contract that is not renewed).

export interface RetirementAgeTable {
  /** Age for a position category, level and position code; the most specific row wins. */
  ageFor(category: string, level: string | null, positionCode: string): RetirementAgeMatch | null;
}

export interface RetirementAgeMatch {
  age: number;
  rule: string;
}

/** Policy rows: category (every level), category + level, or a position's own law. */
export function retirementAgeTable(rules: RetirementAgeRule[]): RetirementAgeTable {
  if (!Array.isArray(rules)) throw invalidPlan('retirementAges must be a list of { category, level?, age }');
  const rows = new Map<string, RetirementAgeMatch>();
  rules.forEach((r, i) => {
    if (!r || !POSITION_CATEGORIES.includes(r.category)) {
      throw invalidPlan(`retirementAges[${i}].category must be one of ${POSITION_CATEGORIES.join(', ')}, got ${JSON.stringify(r?.category)}`);
    }
    if (r.level != null && !POSITION_LEVELS.includes(r.level)) {
      throw invalidPlan(`retirementAges[${i}].level must be one of ${POSITION_LEVELS.join(', ')}, got ${JSON.stringify(r.level)}`);
    }
    if (!Number.isInteger(r.age) || r.age < 18 || r.age > 100) throw invalidPlan(`retirementAges[${i}].age must be a whole number of years, got ${JSON.stringify(r.age)}`);
    const key = `${r.category}|${r.level ?? ''}|${r.positionCode ?? ''}`;
    if (rows.has(key)) throw invalidPlan(`retirementAges has two rows for ${key.replace(/\|+$/, '').replace(/\|/g, ' ')}`);
    const scope = [r.category, r.level, r.positionCode && `position ${r.positionCode}`].filter(Boolean).join(' ');
    rows.set(key, { age: r.age, rule: `retirement age ${r.age} for ${scope} (PP 11/2017 art. 239, UU 20/2023 art. 55)` });
  });
  const positionsWithRows = new Set(rules.filter((r) => r.positionCode).map((r) => r.positionCode!));
  const lookup = (category: string, level: string | null, positionCode: string): RetirementAgeMatch | null => {
    if (!POSITION_CATEGORIES.includes(category as never) || (level !== null && !POSITION_LEVELS.includes(level as never))) return null;
    return (
      rows.get(`${category}|${level ?? ''}|${positionCode}`) ??
      rows.get(`${category}||${positionCode}`) ??
      (level ? rows.get(`${category}|${level}|`) : undefined) ??
      rows.get(`${category}||`) ??
      null
    );
  };
  // Cached by category then level, without building a key per employee; positions with their
  // own row (rare) are looked up directly.
  const cache = new Map<string, Map<string | null, RetirementAgeMatch | null>>();
  return {
    ageFor(category, level, positionCode) {
      if (positionsWithRows.size > 0 && positionsWithRows.has(positionCode)) return lookup(category, level, positionCode);
      let byLevel = cache.get(category);
      if (!byLevel) cache.set(category, (byLevel = new Map()));
      let hit = byLevel.get(level);
      if (hit === undefined) byLevel.set(level, (hit = lookup(category, level, '')));
      return hit;
    },
  };
}

export function invalidPlan(message: string): PlanningError {
  return new PlanningError(PlanningErrorCode.INVALID_PLAN, `plan: ${message}`);
}

/** Staff rows in columns, validated and tied to their cell. */
export interface StaffColumns {
  size: number;
  cell: Int32Array;
  /** Last day in post before pension, yyyymmdd. */
  retireYmd: Int32Array;
  /** Last day of a PPPK contract, yyyymmdd; 0 for PNS. */
  contractEndYmd: Int32Array;
  ageRule: (RetirementAgeMatch | null)[];
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
export function exitOf(retireYmd: number, contractEndYmd: number, h: ExitHorizon): number {
  let ymd = retireYmd;
  let kind = EXIT_RETIREMENT;
  if (contractEndYmd > 0 && !h.renewContracts && contractEndYmd < retireYmd) {
    ymd = contractEndYmd;
    kind = EXIT_CONTRACT_END;
  }
  const year = Math.floor(ymd / 10000);
  const years = h.years;
  for (let i = 0; i < years.length; i++) if (year <= years[i]) return i * 2 + kind;
  return -1;
}

/** Resolves every employee's cell, retirement date and contract end, rejecting bad rows. */
export function compileStaff(
  employees: EmployeeInput[],
  cellIndex: (positionCode: string, unitCode: string | null) => number,
  ages: RetirementAgeTable,
  asOfYmd: number,
  renewContracts: boolean,
): StaffColumns {
  if (!Array.isArray(employees)) throw invalidPlan('employees must be a list');
  const size = employees.length;
  const cols: StaffColumns = {
    size,
    cell: new Int32Array(size),
    retireYmd: new Int32Array(size),
    contractEndYmd: new Int32Array(size),
    ageRule: new Array(size),
  };
  const nipKeys = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    const e = employees[i];
    const birth = parseIsoDate(e?.birthDate);
    if (birth < 0) throw staffError(e, i, PlanningErrorCode.INVALID_EMPLOYEE, `birthDate must be a calendar date yyyy-mm-dd, got ${JSON.stringify(e?.birthDate)}`);
    const nip = e.nip;
    const nipBirth = nipBirthYmd(nip);
    if (nipBirth < 0) throw staffError(e, i, PlanningErrorCode.INVALID_EMPLOYEE, 'a NIP has exactly 18 digits');
    if (nipBirth !== birth) throw staffError(e, i, PlanningErrorCode.INVALID_EMPLOYEE, `the NIP states birth date ${formatYmd(nipBirth)} but birthDate is ${e.birthDate}`);
    nipKeys[i] = nipKey(nip, birth);
    if (e.employmentType !== 'PNS' && e.employmentType !== 'PPPK') throw staffError(e, i, PlanningErrorCode.INVALID_EMPLOYEE, `employmentType must be PNS or PPPK, got ${JSON.stringify(e.employmentType)}`);
    const level = e.level ?? null;
    const unitCode = e.unitCode ?? null;
    const cell = cellIndex(e.positionCode, unitCode);
    if (cell < 0) throw staffError(e, i, PlanningErrorCode.UNKNOWN_CELL, `${describeCell(e.positionCode, unitCode)} has no workload standard in this problem`);
    // The age table only knows valid categories and levels, so an unknown one fails here too.
    const rule = ages.ageFor(e.category, level, e.positionCode);
    if (!rule) throw staffError(e, i, PlanningErrorCode.NO_RETIREMENT_AGE, unknownCategoryOrLevel(e) ?? `no retirement age in the policy for ${e.category}${level ? ` ${level}` : ''}`);
    const retire = lastDayBeforePension(birth, rule.age);
    if (retire < asOfYmd) {
      throw staffError(e, i, PlanningErrorCode.ALREADY_RETIRED, `reached retirement age ${rule.age} and left post on ${formatYmd(retire)}, before the snapshot date ${formatYmd(asOfYmd)}`);
    }
    let contractEnd = 0;
    if (e.employmentType === 'PPPK') {
      if (e.contractEnd == null) {
        if (!renewContracts) throw staffError(e, i, PlanningErrorCode.INVALID_EMPLOYEE, 'a PPPK employee needs contractEnd unless the plan renews contracts');
      } else {
        contractEnd = parseIsoDate(e.contractEnd);
        if (contractEnd < 0) throw staffError(e, i, PlanningErrorCode.INVALID_EMPLOYEE, `contractEnd must be a calendar date yyyy-mm-dd, got ${JSON.stringify(e.contractEnd)}`);
        if (contractEnd < asOfYmd && !renewContracts) {
          throw staffError(e, i, PlanningErrorCode.CONTRACT_ENDED, `the PPPK contract ended on ${e.contractEnd}, before the snapshot date ${formatYmd(asOfYmd)}`);
        }
      }
    }
    cols.cell[i] = cell;
    cols.retireYmd[i] = retire;
    cols.contractEndYmd[i] = contractEnd;
    cols.ageRule[i] = rule;
  }
  const duplicate = firstDuplicate(nipKeys);
  if (duplicate >= 0) throw staffError(employees[duplicate], duplicate, PlanningErrorCode.DUPLICATE_NIP, 'the NIP appears twice in the staffing rows');
  return cols;
}

function staffError(e: EmployeeInput | undefined, i: number, code: PlanningErrorCode, message: string): PlanningError {
  const nip = e?.nip;
  const who = `employee ${typeof nip === 'string' && nip ? nip : `#${i + 1}`}`;
  return new PlanningError(code, `${who}: ${message}`, { nip, row: i + 1, positionCode: e?.positionCode, unitCode: e?.unitCode ?? null });
}

function unknownCategoryOrLevel(e: EmployeeInput): string | null {
  if (!POSITION_CATEGORIES.includes(e.category)) return `category must be one of ${POSITION_CATEGORIES.join(', ')}, got ${JSON.stringify(e.category)}`;
  if (e.level != null && !POSITION_LEVELS.includes(e.level)) return `level must be one of ${POSITION_LEVELS.join(', ')}, got ${JSON.stringify(e.level)}`;
  return null;
}

/** Headcount per cell and exits per cell × plan year, in one pass over the staff columns. */
export interface SupplyProjection {
  existing: Int32Array;
  retirements: Int32Array;
  contractEnds: Int32Array;
}

export function projectSupply(staff: StaffColumns, nCells: number, h: ExitHorizon): SupplyProjection {
  const nYears = h.years.length;
  const existing = new Int32Array(nCells);
  const retirements = new Int32Array(nCells * nYears);
  const contractEnds = new Int32Array(nCells * nYears);
  const { cell, retireYmd, contractEndYmd } = staff;
  for (let i = 0; i < staff.size; i++) {
    const c = cell[i];
    existing[c]++;
    const exit = exitOf(retireYmd[i], contractEndYmd[i], h);
    if (exit < 0) continue;
    const slot = c * nYears + (exit >> 1);
    if ((exit & 1) === EXIT_RETIREMENT) retirements[slot]++;
    else contractEnds[slot]++;
  }
  return { existing, retirements, contractEnds };
}
