import { Activity, ACTIVITY_KINDS } from './model';
import { isFiniteNumber } from './numeric';
import { PlanningErrorCode } from './planning-error';

// The shape rules of an activity (DOMAIN.md "Inputs" 2), in one place: the engine refuses a
// problem with the first broken rule, and the API and the file imports report every broken rule
// per field before anything is stored.

export interface ActivityProblem {
  /** The field in the engine's activity shape: annualVolume, driver.factor, percentOfWorkingTime, … */
  field: string;
  message: string;
  code: PlanningErrorCode;
}

const given = (v: unknown): boolean => v !== undefined && v !== null;
const NUMERIC_FIELDS = ['annualVolume', 'minutesPerUnit', 'unitsPerHour', 'percentOfWorkingTime', 'hoursPerYear', 'staffCount'] as const;

/**
 * Every rule the activity breaks, or null when it keeps them all (no allocation on the engine's
 * hot path). `firstOnly` stops at the first. A target-driven volume's value is checked when the
 * target is known (`compileCell`), not here.
 */
export function activityProblems(activity: Activity, firstOnly = false): ActivityProblem[] | null {
  let out: ActivityProblem[] | null = null;
  const problem = (field: string, message: string, code = PlanningErrorCode.INVALID_ACTIVITY): boolean => {
    (out ??= []).push({ field, message, code });
    return firstOnly;
  };
  const a = activity as unknown as Record<string, unknown>;
  if (!activity || !ACTIVITY_KINDS.includes(activity.kind)) {
    problem(
      'kind',
      `unknown activity kind ${JSON.stringify(a?.kind)}; use SERVICE, SUPPORT or ADDITIONAL`,
      PlanningErrorCode.UNKNOWN_ACTIVITY_KIND,
    );
    return out;
  }
  for (const field of NUMERIC_FIELDS) {
    if (given(a[field]) && !isFiniteNumber(a[field]) && problem(field, `${field} must be a number, got ${JSON.stringify(a[field])}`))
      return out;
  }
  if (activity.kind === 'SERVICE') {
    const { minutesPerUnit, unitsPerHour, annualVolume, driver } = activity;
    if (
      given(minutesPerUnit) === given(unitsPerHour) &&
      problem('minutesPerUnit', 'a SERVICE activity takes either minutesPerUnit or unitsPerHour as its time standard')
    )
      return out;
    if (
      isFiniteNumber(minutesPerUnit) &&
      minutesPerUnit < 0 &&
      problem('minutesPerUnit', `minutesPerUnit must not be negative, got ${minutesPerUnit}`)
    )
      return out;
    if (isFiniteNumber(unitsPerHour) && unitsPerHour <= 0 && problem('unitsPerHour', `unitsPerHour must be above 0, got ${unitsPerHour}`))
      return out;
    if (
      given(annualVolume) === !!driver &&
      problem('annualVolume', 'a SERVICE activity takes either annualVolume or a driver (indicator, factor, base)')
    )
      return out;
    if (
      isFiniteNumber(annualVolume) &&
      annualVolume < 0 &&
      problem('annualVolume', `annualVolume must not be negative, got ${annualVolume}`, PlanningErrorCode.NEGATIVE_VOLUME)
    )
      return out;
    if (driver) {
      if (
        (typeof driver.indicator !== 'string' || !driver.indicator) &&
        problem('driver.indicator', 'driver.indicator must name a development-target indicator')
      )
        return out;
      if (
        !isFiniteNumber(driver.factor) &&
        problem('driver.factor', `driver.factor must be a number, got ${JSON.stringify(driver.factor)}`)
      )
        return out;
      if (
        given(driver.base) &&
        !isFiniteNumber(driver.base) &&
        problem('driver.base', `driver.base must be a number, got ${JSON.stringify(driver.base)}`)
      )
        return out;
    }
  } else if (activity.kind === 'SUPPORT') {
    const { percentOfWorkingTime: pct, hoursPerYear: hours } = activity;
    if (
      given(pct) === given(hours) &&
      problem('percentOfWorkingTime', 'a SUPPORT activity takes either percentOfWorkingTime or hoursPerYear')
    )
      return out;
    if (isFiniteNumber(pct) && pct < 0 && problem('percentOfWorkingTime', `percentOfWorkingTime must not be negative, got ${pct}`))
      return out;
    if (isFiniteNumber(hours) && hours < 0 && problem('hoursPerYear', `hoursPerYear must not be negative, got ${hours}`)) return out;
  } else {
    const { hoursPerYear: hours, staffCount: staff } = activity;
    if (!given(hours) && problem('hoursPerYear', 'an ADDITIONAL activity needs hoursPerYear')) return out;
    if (isFiniteNumber(hours) && hours < 0 && problem('hoursPerYear', `hoursPerYear must not be negative, got ${hours}`)) return out;
    if (isFiniteNumber(staff) && staff < 0 && problem('staffCount', `staffCount must not be negative, got ${staff}`)) return out;
  }
  return out;
}
