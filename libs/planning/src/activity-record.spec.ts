import { activityFromRecord } from './activity-record';

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
