import { activityFromRecord, type ActivityRecord } from './activity-record';

const empty = {
  annualVolume: null,
  driverIndicator: null,
  driverFactor: null,
  driverBase: null,
  minutesPerUnit: null,
  unitsPerHour: null,
  percentOfWorkingTime: null,
  hoursPerYear: null,
  staffCount: null,
};

describe('activityFromRecord', () => {
  it('keeps a target-driven service activity with its driver and leaves out the null columns', () => {
    const a = activityFromRecord({
      ...empty,
      kind: 'SERVICE',
      name: 'Kajian',
      driverIndicator: 'izin_terbit',
      driverFactor: 0.01,
      minutesPerUnit: 1800,
    });
    expect(a).toEqual({ kind: 'SERVICE', name: 'Kajian', driver: { indicator: 'izin_terbit', factor: 0.01 }, minutesPerUnit: 1800 });
  });

  it('keeps a fixed-volume service activity without a driver', () => {
    expect(activityFromRecord({ ...empty, kind: 'SERVICE', name: 'Loket', annualVolume: 1200, unitsPerHour: 4 })).toEqual({
      kind: 'SERVICE',
      name: 'Loket',
      annualVolume: 1200,
      unitsPerHour: 4,
    });
  });

  it('maps support and additional activities to the fields of their kind only', () => {
    expect(activityFromRecord({ ...empty, kind: 'SUPPORT', name: 'Rapat', percentOfWorkingTime: 10, annualVolume: 5 })).toEqual({
      kind: 'SUPPORT',
      name: 'Rapat',
      percentOfWorkingTime: 10,
    });
    expect(activityFromRecord({ ...empty, kind: 'ADDITIONAL', name: 'Bendahara', hoursPerYear: 120, staffCount: 2 })).toEqual({
      kind: 'ADDITIONAL',
      name: 'Bendahara',
      hoursPerYear: 120,
      staffCount: 2,
    });
  });
});

describe('activityFromRecord against the record filtered field by field', () => {
  // what it did before it was built key by key: the whole activity, then every null or undefined left out
  const defined = <T extends object>(o: T): T =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined)) as T;
  const reference = (r: ActivityRecord): unknown => {
    const name = r.name ?? '';
    if (r.kind === 'SERVICE') {
      const driver = r.driverIndicator ? defined({ indicator: r.driverIndicator, factor: r.driverFactor ?? 0, base: r.driverBase }) : null;
      return defined({
        kind: r.kind,
        name,
        annualVolume: r.annualVolume,
        driver,
        minutesPerUnit: r.minutesPerUnit,
        unitsPerHour: r.unitsPerHour,
      });
    }
    if (r.kind === 'SUPPORT')
      return defined({ kind: r.kind, name, percentOfWorkingTime: r.percentOfWorkingTime, hoursPerYear: r.hoursPerYear });
    return defined({ kind: 'ADDITIONAL', name, hoursPerYear: r.hoursPerYear ?? 0, staffCount: r.staffCount });
  };
  const columns = Object.keys(empty) as Array<keyof typeof empty>;

  it('gives the same keys in the same order and the same values, for every kind and every column null, absent, zero or set', () => {
    let compared = 0;
    for (const kind of ['SERVICE', 'SUPPORT', 'ADDITIONAL', null] as const) {
      for (const name of ['Asuhan', null, '']) {
        // each column in turn takes each value while the others cycle through the rest
        for (let c = 0; c < columns.length; c++) {
          for (const v of [null, undefined, 0, 2.5, 'x']) {
            const r: ActivityRecord = { kind, name };
            columns.forEach((col, i) => {
              const value = i === c ? v : [7, null, 0, undefined, 'x'][(i + c) % 5];
              if (value !== undefined)
                (r as unknown as Record<string, unknown>)[col] =
                  col === 'driverIndicator' ? (value === null ? null : `ind${String(value)}`) : value;
            });
            expect(JSON.stringify(activityFromRecord(r))).toBe(JSON.stringify(reference(r)));
            expect(activityFromRecord(r)).toStrictEqual(reference(r));
            compared++;
          }
        }
      }
    }
    expect(compared).toBe(4 * 3 * columns.length * 5);
  });

  it('keeps a driver base of 0 and drops an empty driver indicator with its factor and base', () => {
    expect(
      activityFromRecord({ ...empty, kind: 'SERVICE', name: 'Kajian', driverIndicator: 'izin', driverBase: 0, minutesPerUnit: 3 }),
    ).toEqual({
      kind: 'SERVICE',
      name: 'Kajian',
      driver: { indicator: 'izin', factor: 0, base: 0 },
      minutesPerUnit: 3,
    });
    expect(activityFromRecord({ ...empty, kind: 'SERVICE', name: 'Kajian', driverIndicator: '', driverFactor: 2, driverBase: 1 })).toEqual({
      kind: 'SERVICE',
      name: 'Kajian',
    });
  });
});
