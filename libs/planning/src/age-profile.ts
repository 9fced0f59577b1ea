import { lastDayBeforePension } from './dates';
import { EmploymentType, PositionCategory, PositionLevel, RetirementAgeRule } from './model';
import { PlanningError, PlanningErrorCode } from './planning-error';
import { rankCode, retirementAgeTable } from './supply';

// The age profile of a roster: an age pyramid on a date, and who leaves in each of the next
// years by retirement (BUP) or by the end of a PPPK contract — the same rules the plan uses.

/** Staff who share every fact the profile reads (a GROUP BY of the roster). */
export interface AgeProfileGroup {
  birthYmd: number;
  sex: 'M' | 'F';
  employmentType: EmploymentType;
  category: PositionCategory;
  level: PositionLevel | null;
  positionCode: string;
  /** 0 when there is none (PNS). */
  contractEndYmd: number;
  count: number;
}

export interface AgeProfileOptions {
  asOfYmd: number;
  /** How many years after asOf's year the wave covers. */
  years: number;
  retirementAges: RetirementAgeRule[];
  renewContracts: boolean;
  /** Width of an age band in years. */
  bandYears?: number;
}

export interface AgeBandCount {
  ageFrom: number;
  ageTo: number;
  sex: 'M' | 'F';
  employmentType: EmploymentType;
  count: number;
}

export interface ExitYearCount {
  year: number;
  retirements: number;
  contractEnds: number;
}

export interface RetirementAgeUse {
  age: number;
  rule: string;
  staff: number;
}

export interface AgeProfile {
  total: number;
  bands: AgeBandCount[];
  wave: ExitYearCount[];
  retirementAges: RetirementAgeUse[];
  /** Staff whose last day before pension is already behind asOf (a stale roster). */
  pastRetirement: number;
}

/** Whole years of age on `asOfYmd` (a birthday on that day counts). */
export function ageOn(birthYmd: number, asOfYmd: number): number {
  return Math.floor((asOfYmd - birthYmd) / 10000);
}

/**
 * Counts by age band, sex and employment type, and exits per year. An exit is whichever comes
 * first of the last day before pension and a contract end that is not renewed; exits after
 * asOf in its own year count in the first year of the wave, as in the plan.
 */
export function ageProfile(groups: AgeProfileGroup[], opts: AgeProfileOptions): AgeProfile {
  const band = opts.bandYears ?? 5;
  if (!Number.isInteger(opts.years) || opts.years < 1 || opts.years > 40) {
    throw new PlanningError(PlanningErrorCode.INVALID_PLAN, `years must be a whole number from 1 to 40, got ${opts.years}`);
  }
  const ages = retirementAgeTable(opts.retirementAges);
  const firstYear = Math.floor(opts.asOfYmd / 10000) + 1;
  const wave: ExitYearCount[] = Array.from({ length: opts.years }, (_, i) => ({ year: firstYear + i, retirements: 0, contractEnds: 0 }));
  const bands = new Map<string, AgeBandCount>();
  const uses = new Map<string, RetirementAgeUse>();
  let total = 0;
  let pastRetirement = 0;
  for (const g of groups) {
    total += g.count;
    const age = ageOn(g.birthYmd, opts.asOfYmd);
    const from = Math.floor(age / band) * band;
    const key = `${from}|${g.sex}|${g.employmentType}`;
    const b = bands.get(key) ?? { ageFrom: from, ageTo: from + band - 1, sex: g.sex, employmentType: g.employmentType, count: 0 };
    b.count += g.count;
    bands.set(key, b);

    const rank = rankCode(g.category, g.level);
    const rule = rank < 0 ? null : ages.ageFor(rank, ages.hasPositionRows(g.positionCode) ? g.positionCode : '');
    if (!rule) {
      throw new PlanningError(
        PlanningErrorCode.NO_RETIREMENT_AGE,
        `no retirement age in the policy for ${g.category}${g.level ? ` ${g.level}` : ''}`,
        { positionCode: g.positionCode },
      );
    }
    const use = uses.get(rule.rule) ?? { age: rule.age, rule: rule.rule, staff: 0 };
    use.staff += g.count;
    uses.set(rule.rule, use);

    const retire = lastDayBeforePension(g.birthYmd, rule.age);
    if (retire < opts.asOfYmd) {
      pastRetirement += g.count;
      continue;
    }
    const contractEnd = g.employmentType === 'PPPK' && !opts.renewContracts ? g.contractEndYmd : 0;
    const endsFirst = contractEnd > 0 && contractEnd < retire;
    const exitYear = Math.floor((endsFirst ? contractEnd : retire) / 10000);
    const i = Math.max(0, exitYear - firstYear);
    if (i >= wave.length) continue;
    if (endsFirst) wave[i].contractEnds += g.count;
    else wave[i].retirements += g.count;
  }
  return {
    total,
    bands: [...bands.values()].sort(
      (a, b) => a.ageFrom - b.ageFrom || a.sex.localeCompare(b.sex) || a.employmentType.localeCompare(b.employmentType),
    ),
    wave,
    retirementAges: [...uses.values()].sort((a, b) => a.age - b.age || a.rule.localeCompare(b.rule)),
    pastRetirement,
  };
}
