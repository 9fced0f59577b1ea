import { funnelRatios, matchAppointees, appointeeKey, OutcomeCounts, outcomeProblems } from './index';

const filled = (over: Partial<OutcomeCounts> = {}): OutcomeCounts => ({
  applicants: 40,
  passed: 3,
  optimalisasi: 0,
  withdrew: 0,
  appointed: 3,
  unfilled: 0,
  unfilledReason: null,
  ...over,
});
const rules = (determined: number, c: OutcomeCounts) => outcomeProblems(determined, c).map((p) => [p.field, p.rule]);

describe('outcomeProblems: the funnel a determined line must satisfy', () => {
  it('accepts a line filled in full, and one with each reason for the gap', () => {
    expect(rules(3, filled())).toEqual([]);
    expect(rules(3, filled({ applicants: 0, passed: 0, appointed: 0, unfilled: 3, unfilledReason: 'NOT_ANNOUNCED' }))).toEqual([]);
    expect(rules(3, filled({ applicants: 1, passed: 1, appointed: 1, unfilled: 2, unfilledReason: 'NO_APPLICANT' }))).toEqual([]);
    expect(rules(3, filled({ applicants: 9, passed: 1, appointed: 1, unfilled: 2, unfilledReason: 'NOT_QUALIFIED' }))).toEqual([]);
    // 2 passed, 1 more by optimalisasi, 1 of the 3 withdrew: 2 appointed, 1 unfilled
    expect(rules(3, filled({ passed: 2, optimalisasi: 1, withdrew: 1, appointed: 2, unfilled: 1, unfilledReason: 'WITHDREW' }))).toEqual(
      [],
    );
    expect(rules(3, filled({ appointed: 2, unfilled: 1, unfilledReason: 'OTHER' }))).toEqual([]);
  });

  it('refuses counts that do not add up to the places determined, and names the rule', () => {
    const p = outcomeProblems(4, filled());
    expect(p).toEqual([
      {
        field: 'unfilled',
        rule: 'COUNTS_DO_NOT_ADD_UP',
        message: 'appointed 3 + unfilled 0 = 3, but 4 places were determined on this line',
      },
    ]);
  });

  it('refuses a funnel that widens: passed over applicants, withdrawals or appointments beyond those given a place', () => {
    expect(rules(3, filled({ applicants: 2 }))).toEqual([['passed', 'PASSED_OVER_APPLICANTS']]);
    expect(rules(3, filled({ withdrew: 4, appointed: 0, unfilled: 3, unfilledReason: 'WITHDREW' }))).toEqual([
      ['withdrew', 'WITHDREW_OVER_GIVEN_A_PLACE'],
    ]);
    // 3 passed, 1 withdrew: at most 2 appointed
    expect(rules(3, filled({ withdrew: 1 }))).toEqual([['appointed', 'APPOINTED_OVER_GIVEN_A_PLACE']]);
    expect(rules(3, filled({ passed: 0, optimalisasi: 4 }))).toEqual([['optimalisasi', 'OPTIMALISASI_OVER_DETERMINED']]);
  });

  it('asks a reason exactly when places are unfilled, and one that fits the counts', () => {
    expect(rules(3, filled({ appointed: 2, unfilled: 1 }))).toEqual([['unfilledReason', 'REASON_REQUIRED']]);
    expect(rules(3, filled({ unfilledReason: 'OTHER' }))).toEqual([['unfilledReason', 'REASON_WITHOUT_UNFILLED']]);
    expect(rules(3, filled({ appointed: 2, unfilled: 1, unfilledReason: 'NOT_ANNOUNCED' }))).toEqual([
      ['applicants', 'NOT_ANNOUNCED_WITH_APPLICANTS'],
    ]);
    expect(rules(3, filled({ appointed: 2, unfilled: 1, unfilledReason: 'WITHDREW' }))).toEqual([
      ['withdrew', 'WITHDREW_REASON_WITHOUT_WITHDRAWAL'],
    ]);
    expect(rules(3, filled({ appointed: 2, unfilled: 1, unfilledReason: 'LAZY' as never }))).toEqual([
      ['unfilledReason', 'UNKNOWN_REASON'],
    ]);
  });

  it('refuses what is not a count before comparing anything', () => {
    expect(rules(3, filled({ applicants: -1, passed: 1.5 }))).toEqual([
      ['applicants', 'NOT_A_COUNT'],
      ['passed', 'NOT_A_COUNT'],
    ]);
  });
});

describe('funnelRatios: ratios of sums', () => {
  it('computes every ratio over the lines with an outcome, null on an empty base', () => {
    // two lines: 3 places all appointed from 40 applicants; 5 places, 2 not announced, 3 announced,
    // 6 applicants, 2 passed, 1 optimalisasi, 1 withdrew, 2 appointed; a third line (4 places) not reported
    const r = funnelRatios({
      lines: 3,
      determined: 12,
      reportedLines: 2,
      reportedDetermined: 8,
      applicants: 46,
      passed: 5,
      optimalisasi: 1,
      withdrew: 1,
      appointed: 5,
      unfilled: 3,
      unfilledNoApplicant: 0,
      unfilledNotQualified: 0,
      unfilledWithdrew: 1,
      unfilledNotAnnounced: 2,
      unfilledOther: 0,
    });
    expect(r.announced).toBe(6);
    expect(r.reportedShare).toBeCloseTo(2 / 3, 12);
    expect(r.announcedRate).toBe(0.75);
    expect(r.applicantsPerPlace).toBeCloseTo(46 / 6, 12);
    expect(r.passRate).toBeCloseTo(5 / 46, 12);
    expect(r.optimalisasiRate).toBe(0.125);
    expect(r.withdrawalRate).toBeCloseTo(1 / 6, 12);
    expect(r.fillRate).toBe(0.625);
    expect(r.unfilledRate).toBe(0.375);
    const empty = funnelRatios({ ...{ lines: 1, determined: 2, reportedLines: 0, reportedDetermined: 0 }, ...zero });
    expect(empty).toEqual({
      announced: 0,
      reportedShare: 0,
      announcedRate: null,
      applicantsPerPlace: null,
      passRate: null,
      optimalisasiRate: null,
      withdrawalRate: null,
      fillRate: null,
      unfilledRate: null,
    });
  });
});

const zero = {
  applicants: 0,
  passed: 0,
  optimalisasi: 0,
  withdrew: 0,
  appointed: 0,
  unfilled: 0,
  unfilledNoApplicant: 0,
  unfilledNotQualified: 0,
  unfilledWithdrew: 0,
  unfilledNotAnnounced: 0,
  unfilledOther: 0,
};

describe('matchAppointees', () => {
  it('gives each joiner to one line, in line order, up to what the line appointed', () => {
    const joiners = new Map([
      [appointeeKey('PERAWAT', 'PKM-A', 'PNS'), 3],
      [appointeeKey('PERAWAT', 'PKM-A', 'PPPK'), 0],
    ]);
    const m = matchAppointees(
      [
        { lineId: 'a', positionCode: 'PERAWAT', unitCode: 'PKM-A', employmentType: 'PNS', appointed: 2 },
        { lineId: 'b', positionCode: 'PERAWAT', unitCode: 'PKM-A', employmentType: 'PNS', appointed: 2 },
        { lineId: 'c', positionCode: 'PERAWAT', unitCode: 'PKM-A', employmentType: 'PPPK', appointed: 1 },
        { lineId: 'd', positionCode: 'PENGADMIN', unitCode: null, employmentType: 'PNS', appointed: 1 },
      ],
      joiners,
    );
    expect(Object.fromEntries(m)).toEqual({ a: 2, b: 1, c: 0, d: 0 });
  });
});
