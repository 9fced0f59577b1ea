import { REGULATION_RETIREMENT_AGES } from '@formasi/planning';
import { E2eApp } from './e2e-app';

/** Sends a mutation and fails loudly on any GraphQL error. */
export async function mutate<T = Record<string, unknown>>(e2e: E2eApp, query: string, variables: Record<string, unknown>): Promise<T> {
  const res = await e2e.gql<T>(query, variables);
  if (res.errors) throw new Error(`${query.slice(0, 60)}…: ${JSON.stringify(res.errors)}`);
  return res.data as T;
}

export const UPSERT_AGENCY = 'mutation($i: UpsertAgencyInput!) { upsertAgency(input: $i) { id code } }';
export const UPSERT_UNIT = 'mutation($i: UpsertOrgUnitInput!) { upsertOrgUnit(input: $i) { id code parentCode } }';
export const UPSERT_POSITION = 'mutation($i: UpsertPositionInput!) { upsertPosition(input: $i) { id code } }';
export const UPSERT_STANDARD =
  'mutation($i: UpsertWorkloadStandardInput!) { upsertWorkloadStandard(input: $i) { id activities { kind } } }';
export const UPSERT_TARGETS = 'mutation($i: UpsertTargetsInput!) { upsertDevelopmentTargets(input: $i) { id } }';
export const UPSERT_PROFILE = 'mutation($i: UpsertWorkingTimeProfileInput!) { upsertWorkingTimeProfile(input: $i) { id } }';
export const UPSERT_POLICY = 'mutation($i: UpsertPlanningPolicyInput!) { upsertPlanningPolicy(input: $i) { id } }';
export const UPSERT_EMPLOYEES = 'mutation($i: UpsertEmployeesInput!) { upsertEmployees(input: $i) { inserted updated deactivated } }';
export const START_RUN = 'mutation($i: StartPlanRunInput!) { startPlanRun(input: $i) { id status progress years } }';

/** BUP per PP 11/2017 art. 239 and UU 20/2023 art. 55. */
export const RETIREMENT_AGES = REGULATION_RETIREMENT_AGES;

/** A small regency whose plan can be computed by hand (see formation-plan.e2e-spec.ts). */
export async function loadSmallRegency(e2e: E2eApp): Promise<void> {
  await mutate(e2e, UPSERT_AGENCY, { i: { code: 'KAB-UJI', name: 'Kabupaten Uji', kind: 'REGENCY', regionCode: '33.99' } });
  await mutate(e2e, UPSERT_UNIT, { i: { agencyCode: 'KAB-UJI', code: 'DINKES', name: 'Dinas Kesehatan' } });
  await mutate(e2e, UPSERT_UNIT, { i: { agencyCode: 'KAB-UJI', code: 'PKM-A', name: 'Puskesmas A', parentCode: 'DINKES' } });
  await mutate(e2e, UPSERT_POSITION, { i: { code: 'PERAWAT', name: 'Perawat Terampil', category: 'FUNGSIONAL', level: 'TERAMPIL' } });
  await mutate(e2e, UPSERT_POSITION, { i: { code: 'PENGADMIN', name: 'Pengadministrasi Umum', category: 'PELAKSANA' } });
  await mutate(e2e, UPSERT_POSITION, { i: { code: 'DOKTER', name: 'Dokter Ahli Pertama', category: 'FUNGSIONAL', level: 'AHLI_PERTAMA' } });
  await mutate(e2e, UPSERT_PROFILE, { i: { code: 'ABK-1250', name: 'ABK 1.250 jam', hoursPerYear: 1250 } });
  await mutate(e2e, UPSERT_POLICY, {
    i: {
      workingTimeProfileCode: 'ABK-1250',
      rounding: 'HALF_UP',
      attritionRate: 0,
      renewContracts: false,
      retirementAges: RETIREMENT_AGES,
    },
  });
  await mutate(e2e, UPSERT_TARGETS, {
    i: {
      agencyCode: 'KAB-UJI',
      targets: [
        {
          unitCode: 'PKM-A',
          indicator: 'kunjungan_rawat_jalan',
          year: 2027,
          value: 37500,
          source: 'RENSTRA',
          document: 'Renstra Dinkes 2025–2029',
        },
        {
          unitCode: 'PKM-A',
          indicator: 'kunjungan_rawat_jalan',
          year: 2028,
          value: 45000,
          source: 'RENSTRA',
          document: 'Renstra Dinkes 2025–2029',
        },
      ],
    },
  });
  await mutate(e2e, UPSERT_STANDARD, {
    i: {
      positionCode: 'PERAWAT',
      agencyCode: 'KAB-UJI',
      unitCode: 'PKM-A',
      activities: [
        {
          kind: 'SERVICE',
          name: 'Asuhan keperawatan rawat jalan',
          driverIndicator: 'kunjungan_rawat_jalan',
          driverFactor: 1,
          minutesPerUnit: 10,
        },
        { kind: 'SUPPORT', name: 'Rapat, pelaporan, pelatihan', percentOfWorkingTime: 20 },
      ],
    },
  });
  await mutate(e2e, UPSERT_STANDARD, {
    i: {
      positionCode: 'PENGADMIN',
      agencyCode: 'KAB-UJI',
      unitCode: 'DINKES',
      activities: [
        { kind: 'SERVICE', name: 'Mengagendakan surat', annualVolume: 2500, minutesPerUnit: 30 },
        { kind: 'ADDITIONAL', name: 'Bendahara barang', hoursPerYear: 125, staffCount: 2 },
      ],
    },
  });
  const pns = (nip: string, name: string, birthDate: string, sex: 'M' | 'F', positionCode: string, unitCode: string, tmt: string) => ({
    nip,
    name,
    birthDate,
    sex,
    employmentType: 'PNS',
    positionCode,
    unitCode,
    tmt,
  });
  await mutate(e2e, UPSERT_EMPLOYEES, {
    i: {
      agencyCode: 'KAB-UJI',
      rows: [
        // turns 58 on 2027-03-15: last day in post 2027-03-31, a 2027 retirement
        pns('196903152000032001', 'Sri Lestari', '1969-03-15', 'F', 'PERAWAT', 'PKM-A', '2000-03-01'),
        pns('199001012015031001', 'Agus Santoso', '1990-01-01', 'M', 'PERAWAT', 'PKM-A', '2015-03-01'),
        pns('199105052016042002', 'Dewi Anggraini', '1991-05-05', 'F', 'PERAWAT', 'PKM-A', '2016-04-01'),
        pns('199207072017051001', 'Budi Hartono', '1992-07-07', 'M', 'PERAWAT', 'PKM-A', '2017-05-01'),
        // PPPK: "21" instead of the TMT month; contract ends mid-2027 and is not renewed
        {
          nip: '199509092022212003',
          name: 'Rina Wulandari',
          birthDate: '1995-09-09',
          sex: 'F',
          employmentType: 'PPPK',
          positionCode: 'PENGADMIN',
          unitCode: 'DINKES',
          tmt: '2022-07-01',
          contractEnd: '2027-06-30',
        },
        // a doctor in a unit without a workload standard for doctors: a cell with no workload
        pns('198808082014021001', 'dr. Hendra Wijaya', '1988-08-08', 'M', 'DOKTER', 'DINKES', '2014-02-01'),
      ],
    },
  });
}

/** Two cities of one SETDA unit each and a standard for PENGADMIN there (after loadSmallRegency or loadPlannerRegency). */
export async function loadTwoCities(e2e: E2eApp): Promise<void> {
  for (const [code, regionCode, letters] of [
    ['KOTA-UJI', '33.71', 5000],
    ['KOTA-JAUH', '35.78', 2500],
  ] as const) {
    await mutate(e2e, UPSERT_AGENCY, { i: { code, name: code, kind: 'CITY', regionCode } });
    await mutate(e2e, UPSERT_UNIT, { i: { agencyCode: code, code: 'SETDA', name: 'Sekretariat Daerah' } });
    await mutate(e2e, UPSERT_STANDARD, {
      i: {
        positionCode: 'PENGADMIN',
        agencyCode: code,
        unitCode: 'SETDA',
        activities: [{ kind: 'SERVICE', name: 'Mengagendakan surat', annualVolume: letters, minutesPerUnit: 30 }],
      },
    });
  }
}
