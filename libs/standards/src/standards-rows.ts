import { Activity, activityProblems } from '@formasi/planning';
import { fromSpreadsheetText } from '@formasi/staffing';
import {
  HeaderMap,
  KIND_WORDS,
  normalizeHeader,
  StandardField,
  TARGET_SOURCES,
  TargetField,
  TIME_UNIT_WORDS,
  TimeUnit,
} from './standards-columns';

// The row rules of standards and targets files. Numbers stay decimal text from the file to
// PostgreSQL (exact: "0.1" is stored as 0.1, and hours become minutes in numeric arithmetic);
// the engine's rules see them as numbers.

/** One broken rule of one row, named as the agency's file names it. */
export interface RowProblem {
  sheet: string;
  rowNo: number;
  column: string;
  rule: string;
  value: string | null;
  message: string;
}

/** A standards row as staged for COPY: decimal text or null. */
export interface StagedActivity {
  sheetNo: number;
  sheet: string;
  rowNo: number;
  positionCode: string;
  unitCode: string | null;
  /** Place in its standard, in file order (set by StandardSetRules). */
  ordinal: number;
  kind: 'SERVICE' | 'SUPPORT' | 'ADDITIONAL';
  name: string;
  outputUnit: string | null;
  annualVolume: string | null;
  driverIndicator: string | null;
  driverFactor: string | null;
  driverBase: string | null;
  timeValue: string | null;
  /** M minutes per output, H hours per output, U outputs per hour. */
  timeUnit: 'M' | 'H' | 'U' | null;
  percentOfWorkingTime: string | null;
  hoursPerYear: string | null;
  staffCount: string | null;
}

export interface StagedTarget {
  sheetNo: number;
  sheet: string;
  rowNo: number;
  /** The column the value came from (a year column in the wide layout). */
  column: string;
  unitCode: string | null;
  indicator: string;
  year: number;
  value: string;
  source: string;
  document: string | null;
  priority: string;
}

/**
 * A decimal as canonical text ("1250.5"), or null when the cell is not a number. Accepts a
 * decimal point or, as Indonesian spreadsheets write it, a decimal comma with "." grouping
 * thousands ("1.250.000,5"); a single "." is a decimal point.
 */
export function parseDecimal(text: string): string | null {
  let s = text.replace(/[\s\u00a0]/g, '');
  if (/^-?\d{1,3}(\.\d{3}){2,}(,\d+)?$/.test(s) || /^-?\d{1,3}(\.\d{3})+,\d+$/.test(s)) s = s.replace(/\./g, '').replace(',', '.');
  else if (/^-?\d+,\d+$/.test(s)) s = s.replace(',', '.');
  else if (/^-?\d{1,3}(,\d{3}){2,}(\.\d+)?$/.test(s)) s = s.replace(/,/g, '');
  if (!/^-?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i.test(s)) return null;
  // spreadsheets hand over doubles ("1e-7", "0.30000000000000004" stays as given)
  if (/e/i.test(s)) {
    const n = Number(s);
    if (!Number.isFinite(n)) return null;
    s = n.toFixed(12).replace(/\.?0+$/, '');
  }
  if (s.startsWith('.')) s = `0${s}`;
  if (s.startsWith('-.')) s = `-0${s.slice(1)}`;
  return s.replace(/\.$/, '');
}

const ENGINE_FIELD_COLUMN: Record<string, StandardField> = {
  kind: 'kind',
  name: 'activity',
  annualVolume: 'annualVolume',
  'driver.indicator': 'driverIndicator',
  'driver.factor': 'driverFactor',
  'driver.base': 'driverBase',
  minutesPerUnit: 'timeStandard',
  unitsPerHour: 'timeStandard',
  percentOfWorkingTime: 'percentOfWorkingTime',
  hoursPerYear: 'hoursPerYear',
  staffCount: 'staffCount',
};

/** Which optional fields each kind takes; a value in another kind's field would be dropped, so it is refused. */
const FIELDS_OF_KIND: Record<'SERVICE' | 'SUPPORT' | 'ADDITIONAL', StandardField[]> = {
  SERVICE: ['annualVolume', 'driverIndicator', 'driverFactor', 'driverBase', 'timeStandard', 'timeUnit'],
  SUPPORT: ['percentOfWorkingTime', 'hoursPerYear'],
  ADDITIONAL: ['hoursPerYear', 'staffCount'],
};
const KIND_SPECIFIC: StandardField[] = [
  'annualVolume',
  'driverIndicator',
  'driverFactor',
  'driverBase',
  'timeStandard',
  'timeUnit',
  'percentOfWorkingTime',
  'hoursPerYear',
  'staffCount',
];

type Cells = (field: StandardField) => string;

/** Kind and time-unit words repeat on every row: normalized once each (Unicode normalization is slow). */
const WORDS = new Map<string, string>();
function word(text: string): string {
  let w = WORDS.get(text);
  if (w === undefined) {
    w = normalizeHeader(text);
    if (WORDS.size < 10_000) WORDS.set(text, w);
  }
  return w;
}

/**
 * Checks one standards row. `fixed` supplies what the sheet's header block says (an ABK
 * worksheet names its position and unit once); `defaultTimeUnit` is the unit a header names.
 */
export function checkStandardRow(
  cell: Cells,
  labels: HeaderMap<StandardField>['label'],
  at: { sheetNo: number; sheet: string; rowNo: number },
  defaultTimeUnit: TimeUnit | null,
): { row: StagedActivity | null; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const problem = (field: StandardField, rule: string, value: string | null, message: string): void => {
    problems.push({ sheet: at.sheet, rowNo: at.rowNo, column: labels[field], rule, value, message });
  };
  const text = (f: StandardField): string | null => {
    const v = fromSpreadsheetText(cell(f));
    return v === '' ? null : v;
  };
  const decimals: Partial<Record<StandardField, string | null>> = {};
  for (const f of [
    'annualVolume',
    'driverFactor',
    'driverBase',
    'timeStandard',
    'percentOfWorkingTime',
    'hoursPerYear',
    'staffCount',
  ] as const) {
    const raw = text(f);
    if (raw === null) decimals[f] = null;
    else {
      const d = parseDecimal(raw);
      if (d === null) problem(f, 'NOT_A_NUMBER', raw, `${labels[f]} must be a number, got "${raw}"`);
      decimals[f] = d;
    }
  }
  const positionCode = text('positionCode');
  if (!positionCode) problem('positionCode', 'REQUIRED', null, `${labels.positionCode} is required`);
  const name = text('activity');
  if (!name) problem('activity', 'REQUIRED', null, `${labels.activity} is required`);
  const kindText = text('kind');
  const kind = kindText === null ? 'SERVICE' : KIND_WORDS[word(kindText)];
  if (!kind)
    problem(
      'kind',
      'UNKNOWN_KIND',
      kindText,
      `${labels.kind} must be tugas pokok, tugas penunjang or tugas tambahan (main, supporting, additional), got "${kindText}"`,
    );

  let timeUnit: TimeUnit | null = null;
  const unitText = text('timeUnit');
  if (unitText !== null) {
    timeUnit = TIME_UNIT_WORDS[word(unitText)] ?? null;
    if (!timeUnit)
      problem(
        'timeUnit',
        'UNKNOWN_TIME_UNIT',
        unitText,
        `${labels.timeUnit} must be menit, jam or hasil per jam (minutes, hours, outputs per hour), got "${unitText}"`,
      );
  } else if (decimals.timeStandard != null) {
    timeUnit = defaultTimeUnit;
    if (!timeUnit)
      problem(
        'timeUnit',
        'TIME_UNIT_REQUIRED',
        null,
        `${labels.timeUnit} is required with ${labels.timeStandard}: menit, jam or hasil per jam`,
      );
  }
  if (kind) {
    for (const f of KIND_SPECIFIC) {
      if (FIELDS_OF_KIND[kind].includes(f) || text(f) === null || (f === 'timeUnit' && decimals.timeStandard == null)) continue;
      problem(
        f,
        'FIELD_NOT_FOR_KIND',
        text(f),
        `${labels[f]} does not apply to ${kind === 'SERVICE' ? 'a main task' : kind === 'SUPPORT' ? 'a supporting task' : 'an additional task'}; leave it empty`,
      );
    }
  }
  if (problems.length > 0 || !kind || !positionCode || !name) return { row: null, problems };

  const num = (f: StandardField): number | null => (decimals[f] == null ? null : Number(decimals[f]));
  const t = num('timeStandard');
  const engine = {
    kind,
    name,
    annualVolume: num('annualVolume'),
    driver:
      text('driverIndicator') !== null || decimals.driverFactor != null
        ? { indicator: text('driverIndicator') ?? '', factor: num('driverFactor') as number, base: num('driverBase') ?? undefined }
        : null,
    minutesPerUnit: t === null || timeUnit === 'UNITS_PER_HOUR' ? null : timeUnit === 'HOURS' ? t * 60 : t,
    unitsPerHour: timeUnit === 'UNITS_PER_HOUR' ? t : null,
    percentOfWorkingTime: num('percentOfWorkingTime'),
    hoursPerYear: num('hoursPerYear'),
    staffCount: num('staffCount'),
  } as unknown as Activity;
  for (const p of activityProblems(engine) ?? []) {
    const field = ENGINE_FIELD_COLUMN[p.field] ?? 'activity';
    problem(field, p.code, field === 'kind' ? kindText : field === 'activity' ? name : text(field), `${labels[field]}: ${p.message}`);
  }
  if (problems.length > 0) return { row: null, problems };
  return {
    problems,
    row: {
      sheetNo: at.sheetNo,
      sheet: at.sheet,
      rowNo: at.rowNo,
      positionCode,
      unitCode: text('unitCode'),
      ordinal: 0,
      kind,
      name,
      outputUnit: text('outputUnit'),
      annualVolume: decimals.annualVolume ?? null,
      driverIndicator: text('driverIndicator'),
      driverFactor: decimals.driverFactor ?? null,
      driverBase: decimals.driverBase ?? null,
      timeValue: decimals.timeStandard ?? null,
      timeUnit: timeUnit === null ? null : timeUnit === 'MINUTES' ? 'M' : timeUnit === 'HOURS' ? 'H' : 'U',
      percentOfWorkingTime: decimals.percentOfWorkingTime ?? null,
      hoursPerYear: decimals.hoursPerYear ?? null,
      staffCount: decimals.staffCount ?? null,
    },
  };
}

/**
 * The rules of a development-target value (DOMAIN.md "Inputs" 1), field by field: a year, a
 * value ≥ 0, a source document kind, a priority above 0.
 */
export function targetProblems(t: {
  indicator: string | null;
  year: string | null;
  value: string | null;
  source: string | null;
  priority: string | null;
}): Array<{ field: TargetField; rule: string; message: string }> {
  const out: Array<{ field: TargetField; rule: string; message: string }> = [];
  if (!t.indicator) out.push({ field: 'indicator', rule: 'REQUIRED', message: 'the indicator is required' });
  else if (t.indicator.length > 128)
    out.push({ field: 'indicator', rule: 'TOO_LONG', message: 'the indicator is longer than 128 characters' });
  if (t.year === null) out.push({ field: 'year', rule: 'REQUIRED', message: 'the year is required' });
  else if (!/^\d{4}$/.test(t.year) || Number(t.year) < 1900 || Number(t.year) > 2199)
    out.push({ field: 'year', rule: 'NOT_A_YEAR', message: `the year must be four digits, got "${t.year}"` });
  const value = t.value === null ? null : parseDecimal(t.value);
  if (t.value === null) out.push({ field: 'value', rule: 'REQUIRED', message: 'the target value is required' });
  else if (value === null)
    out.push({ field: 'value', rule: 'NOT_A_NUMBER', message: `the target value must be a number, got "${t.value}"` });
  else if (Number(value) < 0)
    out.push({ field: 'value', rule: 'NEGATIVE_VALUE', message: `the target value must not be negative, got ${value}` });
  if (t.source === null)
    out.push({ field: 'source', rule: 'REQUIRED', message: 'the source document kind is required: RPJMN, RPJMD or RENSTRA' });
  else if (!(TARGET_SOURCES as readonly string[]).includes(t.source.toUpperCase()))
    out.push({ field: 'source', rule: 'UNKNOWN_SOURCE', message: `the source must be RPJMN, RPJMD or RENSTRA, got "${t.source}"` });
  if (t.priority !== null) {
    const p = parseDecimal(t.priority);
    if (p === null) out.push({ field: 'priority', rule: 'NOT_A_NUMBER', message: `the priority must be a number, got "${t.priority}"` });
    else if (Number(p) <= 0)
      out.push({ field: 'priority', rule: 'PRIORITY_NOT_POSITIVE', message: `the priority must be above 0, got ${p}` });
  }
  return out;
}
