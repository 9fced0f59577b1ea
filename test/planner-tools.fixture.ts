import { E2eApp, waitForRun } from './support/e2e-app';
import { loadSmallRegency, mutate, START_RUN, UPSERT_EMPLOYEES, UPSERT_STANDARD, UPSERT_UNIT } from './support/reference-data';

/**
 * The small regency of formation-plan.e2e-spec.ts plus two units for the planner tools:
 *   PKM-B  PENGADMIN standard without the ADDITIONAL task (2,500 × 30 min = 1,250 h → 1.0 FTE), nobody
 *          in post: 2027 required 1, supplyEnd 0, formation 1, pressure 1 — a tie with PENGADMIN @ DINKES
 *   PKM-C  two PENGADMIN in post and no workload standard there: required 0, surplus 2 every year
 *
 * 2027 cells with formation (position, unit: required, supplyEnd, formation, pressure):
 *   PENGADMIN DINKES 1, 0, 1, 1.0 · PENGADMIN PKM-B 1, 0, 1, 1.0 · PERAWAT PKM-A 6, 3, 3, 0.5
 * 2028: only PERAWAT PKM-A asks (8, 6, 2, 0.25); PKM-B's 2027 formation is assumed filled.
 */
export async function loadPlannerRegency(e2e: E2eApp): Promise<void> {
  await loadSmallRegency(e2e);
  await mutate(e2e, UPSERT_UNIT, { i: { agencyCode: 'KAB-UJI', code: 'PKM-B', name: 'Puskesmas B', parentCode: 'DINKES' } });
  await mutate(e2e, UPSERT_UNIT, { i: { agencyCode: 'KAB-UJI', code: 'PKM-C', name: 'Puskesmas C', parentCode: 'DINKES' } });
  await mutate(e2e, UPSERT_STANDARD, {
    i: {
      positionCode: 'PENGADMIN',
      agencyCode: 'KAB-UJI',
      unitCode: 'PKM-B',
      activities: [{ kind: 'SERVICE', name: 'Mengagendakan surat', annualVolume: 2500, minutesPerUnit: 30 }],
    },
  });
  const pns = (nip: string, name: string, birthDate: string, sex: 'M' | 'F', tmt: string) => ({
    nip,
    name,
    birthDate,
    sex,
    employmentType: 'PNS',
    positionCode: 'PENGADMIN',
    unitCode: 'PKM-C',
    tmt,
  });
  await mutate(e2e, UPSERT_EMPLOYEES, {
    i: {
      agencyCode: 'KAB-UJI',
      rows: [
        pns('198502022010011001', 'Joko Susilo', '1985-02-02', 'M', '2010-01-01'),
        pns('198603032011012002', 'Siti Rahayu', '1986-03-03', 'F', '2011-01-01'),
      ],
    },
  });
}

/** A run of KAB-UJI, or of every agency when agencyCode is null. */
export async function runPlan(
  e2e: E2eApp,
  agencyCode: string | null = 'KAB-UJI',
  years: number[] = [2027, 2028],
  asOf = '2026-12-31',
): Promise<string> {
  const started = await mutate<{ startPlanRun: { id: string } }>(e2e, START_RUN, { i: { agencyCode, asOf, years } });
  const run = await waitForRun(e2e, started.startPlanRun.id);
  if (run.status !== 'SUCCEEDED') throw new Error(`plan run failed: ${JSON.stringify(run)}`);
  return started.startPlanRun.id;
}
