import type { Activity, ActivityKind } from './model';

/**
 * An activity as it is stored (one `workload_activity` row) and entered (a GraphQL input): one
 * flat record whose columns apply by kind. Unused columns are null.
 */
export interface ActivityRecord {
  kind: ActivityKind | null;
  name: string | null;
  annualVolume?: number | null;
  driverIndicator?: string | null;
  driverFactor?: number | null;
  driverBase?: number | null;
  minutesPerUnit?: number | null;
  unitsPerHour?: number | null;
  percentOfWorkingTime?: number | null;
  hoursPerYear?: number | null;
  staffCount?: number | null;
}

const present = <T>(v: T | null | undefined): v is T => v !== null && v !== undefined;

/**
 * The engine's activity for a flat record: only the fields of its kind, no nulls, keys in the
 * order below. Built key by key rather than by filtering a whole object: a national run maps
 * over a million records.
 */
export function activityFromRecord(r: ActivityRecord): Activity {
  const name = r.name ?? '';
  switch (r.kind) {
    case 'SERVICE': {
      const a: Record<string, unknown> = { kind: 'SERVICE', name };
      if (present(r.annualVolume)) a.annualVolume = r.annualVolume;
      if (r.driverIndicator) {
        const factor = r.driverFactor ?? 0;
        a.driver = present(r.driverBase)
          ? { indicator: r.driverIndicator, factor, base: r.driverBase }
          : { indicator: r.driverIndicator, factor };
      }
      if (present(r.minutesPerUnit)) a.minutesPerUnit = r.minutesPerUnit;
      if (present(r.unitsPerHour)) a.unitsPerHour = r.unitsPerHour;
      return a as unknown as Activity;
    }
    case 'SUPPORT': {
      const a: Record<string, unknown> = { kind: 'SUPPORT', name };
      if (present(r.percentOfWorkingTime)) a.percentOfWorkingTime = r.percentOfWorkingTime;
      if (present(r.hoursPerYear)) a.hoursPerYear = r.hoursPerYear;
      return a as unknown as Activity;
    }
    default:
      return present(r.staffCount)
        ? { kind: 'ADDITIONAL', name, hoursPerYear: r.hoursPerYear ?? 0, staffCount: r.staffCount }
        : ({ kind: 'ADDITIONAL', name, hoursPerYear: r.hoursPerYear ?? 0 } as Activity);
  }
}
