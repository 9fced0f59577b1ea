import {
  formatYmd,
  lastDayBeforePension,
  NIP_PROBLEM_TEXT,
  nipRowProblems,
  parseIsoDate,
  parseNip,
  parsePositionCategory,
  parsePositionLevel,
  rankCode,
} from '@formasi/planning';
import type { PositionCategory, PositionLevel, RetirementAgeRule } from '@formasi/planning';
import { retirementAgeTable, RetirementAgeTable } from '@formasi/planning/supply';
import { HeaderMapping, StaffingField } from '@formasi/staffing';

/** Row rules reported to the agency; each error names the row, the column, the rule and the value. */
export enum StaffingRule {
  FILE_UNREADABLE = 'FILE_UNREADABLE',
  MISSING_COLUMN = 'MISSING_COLUMN',
  REQUIRED = 'REQUIRED',
  NIP_NOT_18_DIGITS = 'NIP_NOT_18_DIGITS',
  NIP_BIRTH_DATE_INVALID = 'NIP_BIRTH_DATE_INVALID',
  NIP_TMT_INVALID = 'NIP_TMT_INVALID',
  NIP_SEX_DIGIT_INVALID = 'NIP_SEX_DIGIT_INVALID',
  NIP_TMT_BEFORE_BIRTH = 'NIP_TMT_BEFORE_BIRTH',
  NIP_BIRTH_DATE_MISMATCH = 'NIP_BIRTH_DATE_MISMATCH',
  NIP_SEX_MISMATCH = 'NIP_SEX_MISMATCH',
  NIP_TMT_MISMATCH = 'NIP_TMT_MISMATCH',
  NIP_PPPK_MARKER = 'NIP_PPPK_MARKER',
  DATE_INVALID = 'DATE_INVALID',
  SEX_INVALID = 'SEX_INVALID',
  EMPLOYMENT_TYPE_INVALID = 'EMPLOYMENT_TYPE_INVALID',
  CATEGORY_INVALID = 'CATEGORY_INVALID',
  LEVEL_INVALID = 'LEVEL_INVALID',
  TMT_BEFORE_BIRTH = 'TMT_BEFORE_BIRTH',
  CONTRACT_END_REQUIRED = 'CONTRACT_END_REQUIRED',
  CONTRACT_END_NOT_ALLOWED = 'CONTRACT_END_NOT_ALLOWED',
  CONTRACT_END_BEFORE_TMT = 'CONTRACT_END_BEFORE_TMT',
  CONTRACT_ENDED = 'CONTRACT_ENDED',
  PAST_RETIREMENT_AGE = 'PAST_RETIREMENT_AGE',
  UNKNOWN_POSITION = 'UNKNOWN_POSITION',
  UNKNOWN_UNIT = 'UNKNOWN_UNIT',
  DUPLICATE_NIP = 'DUPLICATE_NIP',
  NIP_ACTIVE_ELSEWHERE = 'NIP_ACTIVE_ELSEWHERE',
}

export interface RowError {
  rowNo: number;
  column: string;
  rule: StaffingRule;
  value: string;
  message: string;
}

/** A row as staged for SQL: ISO dates, M/F, PNS/PPPK; null where the file's text is not valid. */
export interface StagedRow {
  rowNo: number;
  nip: string;
  name: string | null;
  birthDate: string | null;
  sex: 'M' | 'F' | null;
  employmentType: 'PNS' | 'PPPK' | null;
  positionCode: string | null;
  unitCode: string | null;
  tmt: string | null;
  contractEnd: string | null;
  category: PositionCategory | null;
  level: PositionLevel | null;
}

export interface CatalogPosition {
  category: PositionCategory;
  level: PositionLevel | null;
  retirementAgeOverride: number | null;
}

export interface RowCheckContext {
  mapping: HeaderMapping;
  positions: Map<string, CatalogPosition>;
  /** The codes of the agency's units, and its code for messages. */
  units: Set<string>;
  agencyCode: string;
  /** The agency's retirement ages (policy rows); null skips the retirement rule. */
  retirementAges: RetirementAgeRule[] | null;
  asOf: string;
}

const SEX_CODES: Record<string, 'M' | 'F'> = {
  L: 'M',
  M: 'M',
  '1': 'M',
  LAKI: 'M',
  'LAKI-LAKI': 'M',
  PRIA: 'M',
  MALE: 'M',
  P: 'F',
  F: 'F',
  '2': 'F',
  PEREMPUAN: 'F',
  WANITA: 'F',
  FEMALE: 'F',
};

/** yyyy-mm-dd, or dd/mm/yyyy and dd-mm-yyyy as Indonesian HR exports write them → yyyymmdd, or -1. */
export function parseRosterDate(text: string): number {
  if (text.length === 10 && (text[2] === '/' || text[2] === '-') && text[5] === text[2]) {
    return parseIsoDate(`${text.slice(6, 10)}-${text.slice(3, 5)}-${text.slice(0, 2)}`);
  }
  return parseIsoDate(text);
}

/** The yyyy-mm-dd text of a parsed date: the cell itself when it was written so. */
const isoText = (text: string, ymd: number): string => (text[4] === '-' ? text : formatYmd(ymd));

/** Per-row rules of issue 5 that need no other row: the NIP against its row, dates, types, retirement. */
export class StaffingRowChecker {
  private readonly asOfYmd: number;
  /** The agency's retirement ages with the positions' own; null when it has no policy. */
  readonly retirementAges: RetirementAgeTable | null;

  constructor(private readonly ctx: RowCheckContext) {
    this.asOfYmd = parseIsoDate(ctx.asOf);
    if (ctx.retirementAges) {
      // a position's own law (teachers, lecturers …) wins, as in the plan worker
      const overrides: RetirementAgeRule[] = [...ctx.positions.entries()]
        .filter(([, p]) => p.retirementAgeOverride !== null)
        .map(([code, p]) => ({ category: p.category, level: p.level, positionCode: code, age: p.retirementAgeOverride! }));
      this.retirementAges = retirementAgeTable([...ctx.retirementAges, ...overrides]);
    } else {
      this.retirementAges = null;
    }
  }

  check(rowNo: number, cells: string[], errors: RowError[]): StagedRow {
    // a million rows a run: no closures or regular expressions per row on the common path
    const { index, label } = this.ctx.mapping;
    const get = (f: StaffingField): string => {
      const i = index[f];
      return i < 0 ? '' : (cells[i] ?? '');
    };
    const fail = (f: StaffingField, rule: StaffingRule, value: string, message: string): void => {
      errors.push({ rowNo, column: label[f], rule, value, message });
    };
    const required = (f: StaffingField, v: string): boolean => {
      if (v !== '') return true;
      fail(f, StaffingRule.REQUIRED, v, `${label[f]} must not be empty`);
      return false;
    };
    const date = (f: StaffingField, v: string): number => {
      if (v === '') return -1;
      const ymd = parseRosterDate(v);
      if (ymd < 0) fail(f, StaffingRule.DATE_INVALID, v, `${label[f]} is not a calendar date (yyyy-mm-dd or dd/mm/yyyy)`);
      return ymd;
    };

    const nipText = get('nip');
    const name = get('name');
    required('name', name);
    const birthText = get('birthDate');
    const birth = required('birthDate', birthText) ? date('birthDate', birthText) : -1;
    const sexText = get('sex');
    let sex: 'M' | 'F' | null = null;
    if (required('sex', sexText)) {
      sex = SEX_CODES[sexText] ?? SEX_CODES[sexText.toUpperCase()] ?? null;
      if (!sex) fail('sex', StaffingRule.SEX_INVALID, sexText, `${label.sex} must be L/P, M/F or 1/2`);
    }
    const typeText = get('employmentType');
    let employmentType: 'PNS' | 'PPPK' | null = null;
    if (required('employmentType', typeText)) {
      const t = typeText === 'PNS' || typeText === 'PPPK' ? typeText : typeText.toUpperCase();
      if (t === 'PNS' || t === 'PPPK') employmentType = t;
      else fail('employmentType', StaffingRule.EMPLOYMENT_TYPE_INVALID, typeText, `${label.employmentType} must be PNS or PPPK`);
    }
    const positionCode = get('positionCode');
    required('positionCode', positionCode);
    const unitCode = get('unitCode');
    const tmtText = get('tmt');
    const tmt = required('tmt', tmtText) ? date('tmt', tmtText) : -1;
    const contractText = get('contractEnd');
    const contractEnd = date('contractEnd', contractText);

    if (birth > 0 && tmt > 0 && tmt <= birth)
      fail('tmt', StaffingRule.TMT_BEFORE_BIRTH, tmtText, `${label.tmt} must come after ${label.birthDate}`);
    if (employmentType === 'PPPK' && contractText === '') {
      fail('contractEnd', StaffingRule.CONTRACT_END_REQUIRED, '', 'a PPPK employee needs a contract end');
    }
    if (employmentType === 'PNS' && contractText !== '')
      fail('contractEnd', StaffingRule.CONTRACT_END_NOT_ALLOWED, contractText, 'a PNS has no contract end');
    if (contractEnd > 0 && tmt > 0 && contractEnd < tmt) {
      fail('contractEnd', StaffingRule.CONTRACT_END_BEFORE_TMT, contractText, `${label.contractEnd} must not be before ${label.tmt}`);
    } else if (employmentType === 'PPPK' && contractEnd > 0 && contractEnd < this.asOfYmd) {
      // a PPPK whose contract ended before the snapshot is no longer in post on it
      fail(
        'contractEnd',
        StaffingRule.CONTRACT_ENDED,
        contractText,
        `the contract ended on ${formatYmd(contractEnd)}, before the snapshot date ${this.ctx.asOf}`,
      );
    }

    // category and level come from the catalogue; the file's columns only fill what it lacks
    const catalog = this.ctx.positions.get(positionCode);
    if (positionCode !== '' && !catalog) {
      fail('positionCode', StaffingRule.UNKNOWN_POSITION, positionCode, `position ${positionCode} is not in the position catalogue`);
    }
    if (unitCode !== '' && !this.ctx.units.has(unitCode)) {
      fail('unitCode', StaffingRule.UNKNOWN_UNIT, unitCode, `unit ${unitCode} is not a unit of agency ${this.ctx.agencyCode}`);
    }
    const categoryText = index.category < 0 ? '' : get('category').trim();
    const levelText = index.level < 0 ? '' : get('level').trim();
    const fileCategory = categoryText === '' ? null : parsePositionCategory(categoryText);
    if (fileCategory && 'problem' in fileCategory)
      fail('category', StaffingRule.CATEGORY_INVALID, categoryText, `${label.category}: ${fileCategory.problem}`);
    const category = catalog?.category ?? (fileCategory && 'code' in fileCategory ? fileCategory.code : null);
    const fileLevel = levelText === '' ? null : parsePositionLevel(levelText, category);
    if (fileLevel && 'problem' in fileLevel) fail('level', StaffingRule.LEVEL_INVALID, levelText, `${label.level}: ${fileLevel.problem}`);
    const level = catalog?.level ?? (fileLevel && 'code' in fileLevel ? fileLevel.code : null);

    if (required('nip', nipText)) {
      const nip = parseNip(nipText);
      if (typeof nip === 'string') {
        fail('nip', StaffingRule[`NIP_${nip}`], nipText, NIP_PROBLEM_TEXT[nip]);
      } else {
        const problems = nipRowProblems(
          nipText,
          nip,
          { birthYmd: birth, sex, employmentType, tmtYmd: tmt },
          {
            birthDate: `${label.birthDate} ${birthText}`,
            sex: `${label.sex} ${sexText}`,
            employmentTypeColumn: label.employmentType,
            tmt: `${label.tmt} ${tmtText}`,
          },
        );
        for (const p of problems) fail('nip', StaffingRule[`NIP_${p.rule}`], nipText, p.message);
      }
    }

    // PP 11/2017 art. 239: past the last day in post before pension on the snapshot date
    if (this.retirementAges && birth > 0 && category && this.asOfYmd > 0) {
      const rank = rankCode(category, level);
      const match = rank >= 0 ? this.retirementAges.ageFor(rank, positionCode) : null;
      if (match) {
        const lastDay = lastDayBeforePension(birth, match.age);
        if (lastDay < this.asOfYmd) {
          fail(
            'birthDate',
            StaffingRule.PAST_RETIREMENT_AGE,
            birthText,
            `retirement age ${match.age} reached: last day in post was ${formatYmd(lastDay)}, before the snapshot date ${this.ctx.asOf}`,
          );
        }
      }
    }

    return {
      rowNo,
      nip: nipText,
      name: name || null,
      birthDate: birth > 0 ? isoText(birthText, birth) : null,
      sex,
      employmentType,
      positionCode: positionCode || null,
      unitCode: unitCode || null,
      tmt: tmt > 0 ? isoText(tmtText, tmt) : null,
      contractEnd: contractEnd > 0 ? isoText(contractText, contractEnd) : null,
      category,
      level,
    };
  }
}
