// Recruitment outcomes (realisasi) of a determined formation line, and the funnel officials
// report: determined → announced → applicants → passed → optimalisasi → withdrew → appointed
// (SK) → unfilled, with a reason for every place left empty. What a line's counts must satisfy,
// and the ratios of the sums, are decided here.

/** Why places of a determined line stayed empty. */
export const UNFILLED_REASONS = ['NO_APPLICANT', 'NOT_QUALIFIED', 'WITHDREW', 'NOT_ANNOUNCED', 'OTHER'] as const;
export type UnfilledReason = (typeof UNFILLED_REASONS)[number];

/** What happened to one determined line's places. */
export interface OutcomeCounts {
  /** Applicants who registered for the line's places. */
  applicants: number;
  /** Applicants who passed the selection for this line. */
  passed: number;
  /** Places filled by optimalisasi: the next-ranked candidate of another line with the same position and qualification. */
  optimalisasi: number;
  /** Of those given a place (passed or by optimalisasi), how many withdrew before appointment. */
  withdrew: number;
  /** Appointed (SK / NIP issued). */
  appointed: number;
  /** Places left empty. */
  unfilled: number;
  /** Required when unfilled > 0, absent otherwise. */
  unfilledReason: UnfilledReason | null;
}

export type OutcomeField = keyof OutcomeCounts;

/** A broken rule, named by the field it is reported on. */
export interface OutcomeProblem {
  field: OutcomeField;
  rule: OutcomeRule;
  message: string;
}

export type OutcomeRule =
  | 'NOT_A_COUNT'
  | 'COUNTS_DO_NOT_ADD_UP'
  | 'PASSED_OVER_APPLICANTS'
  | 'OPTIMALISASI_OVER_DETERMINED'
  | 'WITHDREW_OVER_GIVEN_A_PLACE'
  | 'APPOINTED_OVER_GIVEN_A_PLACE'
  | 'REASON_REQUIRED'
  | 'REASON_WITHOUT_UNFILLED'
  | 'UNKNOWN_REASON'
  | 'NOT_ANNOUNCED_WITH_APPLICANTS'
  | 'WITHDREW_REASON_WITHOUT_WITHDRAWAL';

const COUNT_FIELDS = ['applicants', 'passed', 'optimalisasi', 'withdrew', 'appointed', 'unfilled'] as const;

export const isUnfilledReason = (v: string): v is UnfilledReason => (UNFILLED_REASONS as readonly string[]).includes(v);

/**
 * Every rule a line's outcome breaks, given the places determined on it (empty: the outcome is
 * consistent). The funnel must hold line by line:
 *   appointed + unfilled = determined                  (every place is either filled or explained)
 *   passed ≤ applicants;  optimalisasi ≤ determined
 *   withdrew ≤ passed + optimalisasi                   (only someone given a place can withdraw)
 *   appointed ≤ passed + optimalisasi − withdrew       (only someone given a place, who stayed, is appointed)
 *   unfilled > 0 ⇔ a reason;  NOT_ANNOUNCED ⇒ no applicants;  WITHDREW ⇒ withdrew > 0
 */
export function outcomeProblems(determined: number, c: OutcomeCounts): OutcomeProblem[] {
  const problems: OutcomeProblem[] = [];
  for (const f of COUNT_FIELDS) {
    const v = c[f];
    if (!Number.isSafeInteger(v) || v < 0) problems.push({ field: f, rule: 'NOT_A_COUNT', message: `${f} must be a whole number ≥ 0` });
  }
  if (c.unfilledReason !== null && !isUnfilledReason(c.unfilledReason)) {
    problems.push({
      field: 'unfilledReason',
      rule: 'UNKNOWN_REASON',
      message: `unfilledReason must be one of ${UNFILLED_REASONS.join(', ')}`,
    });
  }
  // the funnel compares counts; with a count that is not one, the comparisons say nothing more
  if (problems.length > 0) return problems;

  if (c.appointed + c.unfilled !== determined) {
    problems.push({
      field: 'unfilled',
      rule: 'COUNTS_DO_NOT_ADD_UP',
      message: `appointed ${c.appointed} + unfilled ${c.unfilled} = ${c.appointed + c.unfilled}, but ${determined} places were determined on this line`,
    });
  }
  if (c.passed > c.applicants) {
    problems.push({ field: 'passed', rule: 'PASSED_OVER_APPLICANTS', message: `passed ${c.passed} exceeds applicants ${c.applicants}` });
  }
  if (c.optimalisasi > determined) {
    problems.push({
      field: 'optimalisasi',
      rule: 'OPTIMALISASI_OVER_DETERMINED',
      message: `optimalisasi ${c.optimalisasi} exceeds the ${determined} places determined`,
    });
  }
  const given = c.passed + c.optimalisasi;
  if (c.withdrew > given) {
    problems.push({
      field: 'withdrew',
      rule: 'WITHDREW_OVER_GIVEN_A_PLACE',
      message: `withdrew ${c.withdrew} exceeds those given a place: passed ${c.passed} + optimalisasi ${c.optimalisasi} = ${given}`,
    });
  } else if (c.appointed > given - c.withdrew) {
    problems.push({
      field: 'appointed',
      rule: 'APPOINTED_OVER_GIVEN_A_PLACE',
      message: `appointed ${c.appointed} exceeds passed ${c.passed} + optimalisasi ${c.optimalisasi} − withdrew ${c.withdrew} = ${given - c.withdrew}`,
    });
  }
  if (c.unfilled > 0 && c.unfilledReason === null) {
    problems.push({
      field: 'unfilledReason',
      rule: 'REASON_REQUIRED',
      message: `${c.unfilled} places are unfilled: give the reason (${UNFILLED_REASONS.join(', ')})`,
    });
  }
  if (c.unfilled === 0 && c.unfilledReason !== null) {
    problems.push({ field: 'unfilledReason', rule: 'REASON_WITHOUT_UNFILLED', message: 'no place is unfilled: leave the reason empty' });
  }
  if (c.unfilledReason === 'NOT_ANNOUNCED' && c.applicants > 0) {
    problems.push({
      field: 'applicants',
      rule: 'NOT_ANNOUNCED_WITH_APPLICANTS',
      message: `the places were not announced, yet ${c.applicants} applicants are recorded`,
    });
  }
  if (c.unfilledReason === 'WITHDREW' && c.withdrew === 0) {
    problems.push({
      field: 'withdrew',
      rule: 'WITHDREW_REASON_WITHOUT_WITHDRAWAL',
      message: 'the reason is WITHDREW, but nobody withdrew',
    });
  }
  return problems;
}

/** Sums of a set of determined lines, outcomes recorded or not. */
export interface FunnelSums {
  lines: number;
  /** Σ determined of every line. */
  determined: number;
  /** Lines with a recorded outcome and Σ determined of those: the ratios' base. */
  reportedLines: number;
  reportedDetermined: number;
  applicants: number;
  passed: number;
  optimalisasi: number;
  withdrew: number;
  appointed: number;
  unfilled: number;
  unfilledNoApplicant: number;
  unfilledNotQualified: number;
  unfilledWithdrew: number;
  unfilledNotAnnounced: number;
  unfilledOther: number;
}

export interface FunnelRatios {
  /** reportedDetermined − unfilledNotAnnounced: the places put up for selection. */
  announced: number;
  /** reportedLines / lines. */
  reportedShare: number | null;
  /** announced / reportedDetermined. */
  announcedRate: number | null;
  /** applicants / announced. */
  applicantsPerPlace: number | null;
  /** passed / applicants. */
  passRate: number | null;
  /** optimalisasi / reportedDetermined. */
  optimalisasiRate: number | null;
  /** withdrew / (appointed + withdrew): of those who took a place and either stayed or left. */
  withdrawalRate: number | null;
  /** appointed / reportedDetermined. */
  fillRate: number | null;
  /** unfilled / reportedDetermined. */
  unfilledRate: number | null;
}

const ratio = (a: number, b: number): number | null => (b === 0 ? null : a / b);

/** Ratios of the sums (never averages of ratios), over the lines with a recorded outcome; null where the base is 0. */
export function funnelRatios(s: FunnelSums): FunnelRatios {
  const announced = s.reportedDetermined - s.unfilledNotAnnounced;
  return {
    announced,
    reportedShare: ratio(s.reportedLines, s.lines),
    announcedRate: ratio(announced, s.reportedDetermined),
    applicantsPerPlace: ratio(s.applicants, announced),
    passRate: ratio(s.passed, s.applicants),
    optimalisasiRate: ratio(s.optimalisasi, s.reportedDetermined),
    withdrawalRate: ratio(s.withdrew, s.appointed + s.withdrew),
    fillRate: ratio(s.appointed, s.reportedDetermined),
    unfilledRate: ratio(s.unfilled, s.reportedDetermined),
  };
}

/** A determined line as appointee matching sees it: appointed people expected in the roster. */
export interface AppointeeLine {
  lineId: string;
  positionCode: string;
  unitCode: string | null;
  employmentType: 'PNS' | 'PPPK';
  appointed: number;
}

/**
 * Gives the joiners of each (position, unit, employment type) to the lines that appointed people
 * there, in the lines' order, each joiner once: a line is matched up to its appointed count.
 * Joiners beyond what the lines appointed are left over (transfers in, other recruitment).
 */
export function matchAppointees(lines: AppointeeLine[], joiners: Map<string, number>): Map<string, number> {
  const left = new Map(joiners);
  const matched = new Map<string, number>();
  for (const l of lines) {
    const key = appointeeKey(l.positionCode, l.unitCode, l.employmentType);
    const available = left.get(key) ?? 0;
    const m = Math.min(l.appointed, available);
    left.set(key, available - m);
    matched.set(l.lineId, m);
  }
  return matched;
}

export const appointeeKey = (positionCode: string, unitCode: string | null, employmentType: string): string =>
  JSON.stringify([positionCode, unitCode, employmentType]);
