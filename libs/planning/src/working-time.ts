import { isFiniteNumber } from './numeric';
import { WorkingTimeProfile } from './model';
import { PlanningError, PlanningErrorCode } from './planning-error';
import { num, TraceStep } from './trace';

export interface ResolvedWorkingTime {
  hoursPerYear: number;
  step: TraceStep;
}

const LEAVE_FIELDS = ['publicHolidays', 'annualLeave', 'sickLeave', 'otherLeave'] as const;

function invalid(message: string): PlanningError {
  return new PlanningError(PlanningErrorCode.INVALID_WORKING_TIME, `working time: ${message}`);
}

/** Effective hours a year: given (ABK, e.g. 1,250) or WISN AWT from working days. */
export function resolveWorkingTime(profile: WorkingTimeProfile | undefined): ResolvedWorkingTime {
  if (!profile || typeof profile !== 'object')
    throw invalid('a working-time profile is required (hoursPerYear, or workingDaysPerYear and hoursPerDay)');
  const given = 'hoursPerYear' in profile && profile.hoursPerYear !== undefined;
  const days = 'workingDaysPerYear' in profile && profile.workingDaysPerYear !== undefined;
  if (given && days) throw invalid('give either hoursPerYear or workingDaysPerYear with hoursPerDay, not both');
  if (given) {
    const hours = (profile as { hoursPerYear: unknown }).hoursPerYear;
    if (!isFiniteNumber(hours) || hours <= 0) throw invalid(`hoursPerYear must be a number above 0, got ${JSON.stringify(hours)}`);
    return {
      hoursPerYear: hours,
      step: { symbol: 'AWT', formula: 'hoursPerYear (given)', substitution: num(hours), value: hours, rule: 'working-time profile' },
    };
  }
  if (!days) throw invalid('a working-time profile needs hoursPerYear, or workingDaysPerYear and hoursPerDay');
  const p = profile as unknown as Record<string, unknown>;
  const workingDays = p.workingDaysPerYear;
  const hoursPerDay = p.hoursPerDay;
  if (!isFiniteNumber(workingDays) || workingDays <= 0)
    throw invalid(`workingDaysPerYear must be a number above 0, got ${JSON.stringify(workingDays)}`);
  if (!isFiniteNumber(hoursPerDay) || hoursPerDay <= 0 || hoursPerDay > 24)
    throw invalid(`hoursPerDay must be above 0 and at most 24, got ${JSON.stringify(hoursPerDay)}`);
  let absent = 0;
  const parts: string[] = [];
  for (const field of LEAVE_FIELDS) {
    const v = p[field] ?? 0;
    if (!isFiniteNumber(v) || v < 0) throw invalid(`${field} must be a number of days, 0 or more, got ${JSON.stringify(v)}`);
    absent += v;
    parts.push(num(v));
  }
  const available = workingDays - absent;
  if (available <= 0) throw invalid(`holidays and leave (${num(absent)} days) leave no working days out of ${num(workingDays)}`);
  const hours = available * hoursPerDay;
  return {
    hoursPerYear: hours,
    step: {
      symbol: 'AWT',
      formula: '(workingDays − (publicHolidays + annualLeave + sickLeave + otherLeave)) × hoursPerDay',
      substitution: `(${num(workingDays)} − (${parts.join(' + ')})) × ${num(hoursPerDay)}`,
      value: hours,
      rule: 'WISN available working time',
    },
  };
}
