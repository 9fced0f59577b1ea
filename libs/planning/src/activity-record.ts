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

const defined = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined)) as T;

/** The engine's activity for a flat record: only the fields of its kind, no nulls. */
export function activityFromRecord(r: ActivityRecord): Activity {
  switch (r.kind) {
    case 'SERVICE':
      return defined({
        kind: 'SERVICE' as const,
        name: r.name ?? '',
        annualVolume: r.annualVolume,
        driver: r.driverIndicator ? defined({ indicator: r.driverIndicator, factor: r.driverFactor ?? 0, base: r.driverBase }) : null,
        minutesPerUnit: r.minutesPerUnit,
        unitsPerHour: r.unitsPerHour,
      }) as Activity;
    case 'SUPPORT':
      return defined({
        kind: 'SUPPORT' as const,
        name: r.name ?? '',
        percentOfWorkingTime: r.percentOfWorkingTime,
        hoursPerYear: r.hoursPerYear,
      }) as Activity;
    default:
      return defined({
        kind: 'ADDITIONAL' as const,
        name: r.name ?? '',
        hoursPerYear: r.hoursPerYear ?? 0,
        staffCount: r.staffCount,
      }) as Activity;
  }
}
