import { promisify } from 'node:util';
import { gunzipSync, gzip } from 'node:zlib';
import type { EmployeeInput, PlanningProblem } from '@formasi/planning';
import { copyBinaryOut, uuidArrayLiteral } from './copy-binary';
import type { Queryable } from './roster-version.repository';

// What a plan run read, per agency (plan_run_input), by reference where the data cannot change:
// the employees are the rows of an immutable roster version (`roster_submission_id`); the rest of
// the problem (cells and their activities, targets, policy, overrides applied: reference data that
// planners edit in place) is kept as gzip-compressed JSON (`reference`), a tenth of the jsonb it
// replaced. Runs stored before this keep their whole problem in `problem`.

/**
 * The problem of one agency without its employees, compressed. The compression runs on libuv's
 * thread pool: a national run packs some 190 MB of JSON, and the worker's own thread has the
 * engine and the COPY encoding to do meanwhile.
 */
export function packReference(problem: PlanningProblem): Promise<Buffer> {
  if (!problem.plan) return gzipAsync(JSON.stringify(problem), { level: 1 });
  const { employees: _employees, ...plan } = problem.plan;
  return gzipAsync(JSON.stringify({ ...problem, plan }), { level: 1 });
}

const gzipAsync = promisify(gzip);

function unpackReference(reference: Buffer): PlanningProblem {
  return JSON.parse(gunzipSync(reference).toString('utf8')) as PlanningProblem;
}

/**
 * The employees of roster versions as the engine takes them (null fields left out); one binary
 * COPY for any number of versions. In NIP order (row number among equal NIPs), as explanations
 * list staff; or, with `order: 'stored'`, as the version's table holds them: a plan is the same
 * whatever the order of its employees, and sorting a national run's 4.3 million rows cost
 * PostgreSQL more than reading them.
 */
export async function rosterEmployees(
  db: Queryable,
  submissionIds: string[],
  order: 'nip' | 'stored' = 'nip',
): Promise<Map<string, EmployeeInput[]>> {
  const out = new Map<string, EmployeeInput[]>(submissionIds.map((id) => [id, []]));
  if (submissionIds.length === 0) return out;
  const listOf = new Map(submissionIds.map((id) => [id.toLowerCase(), out.get(id)!]));
  let id: string | null = null;
  let list: EmployeeInput[] = [];
  await copyBinaryOut(
    db,
    `SELECT r.submission_id, r.nip, r.birth_date, r.position_code, r.unit_code, r.category, r.level, r.employment_type, r.contract_end
       FROM staffing_submission_row r WHERE r.submission_id = ANY(${uuidArrayLiteral(submissionIds)})${order === 'nip' ? ' ORDER BY r.submission_id, r.nip, r.row_no' : ''}`,
    (r) => {
      const rowOf = r.uuid()!;
      // interned: the same string object for every row of a version
      if (rowOf !== id) {
        id = rowOf;
        list = listOf.get(rowOf)!;
      }
      list.push(employee(r.text()!, r.date(), r.code(), r.code(), r.code(), r.code(), r.code(), r.date()));
    },
  );
  return out;
}

/**
 * An employee with its null fields left out, keys in column order. The usual shapes are written
 * as literals: an object built key by key grows its property store on the way, a few million times.
 */
function employee(
  nip: string,
  birthDate: string | null,
  positionCode: string | null,
  unitCode: string | null,
  category: string | null,
  level: string | null,
  employmentType: string | null,
  contractEnd: string | null,
): EmployeeInput {
  if (birthDate !== null && positionCode !== null && category !== null && employmentType !== null) {
    const c = category as EmployeeInput['category'],
      l = level as EmployeeInput['level'],
      t = employmentType as EmployeeInput['employmentType'];
    if (contractEnd === null) {
      if (unitCode !== null) {
        if (l !== null) return { nip, birthDate, positionCode, unitCode, category: c, level: l, employmentType: t };
        return { nip, birthDate, positionCode, unitCode, category: c, employmentType: t };
      }
      if (l !== null) return { nip, birthDate, positionCode, category: c, level: l, employmentType: t };
      return { nip, birthDate, positionCode, category: c, employmentType: t };
    }
  }
  const e: Record<string, string> = { nip };
  if (birthDate !== null) e.birthDate = birthDate;
  if (positionCode !== null) e.positionCode = positionCode;
  if (unitCode !== null) e.unitCode = unitCode;
  if (category !== null) e.category = category;
  if (level !== null) e.level = level;
  if (employmentType !== null) e.employmentType = employmentType;
  if (contractEnd !== null) e.contractEnd = contractEnd;
  return e as unknown as EmployeeInput;
}

/** Why a run's inputs cannot be put back together: the roster version it read was purged. */
export class RunInputUnavailable extends Error {
  override readonly name = 'RunInputUnavailable';
}

/** Where a reader keeps problems it put together (the API's explanations); keyed by the caller. */
export interface RunProblemCache {
  get(key: string): PlanningProblem | undefined;
  /** The problem kept under `key`, or `load`'s (loaded once however many callers wait for it). */
  getOrLoad(key: string, load: () => Promise<PlanningProblem>): Promise<PlanningProblem>;
}

/**
 * The problem the run computed for one agency (`agencyCode`, or `agencyId`), exactly as the engine
 * saw it; null when the run has no such agency. With `cache`, a problem put together before under
 * `cache.key` is reused (its inputs and roster rows are read once); whether the run still has the
 * agency and its roster version was not purged is read afresh every time.
 */
export async function runAgencyProblem(
  db: Queryable,
  runId: string,
  agency: { agencyCode: string } | { agencyId: string },
  cache?: { store: RunProblemCache; key: string },
): Promise<PlanningProblem | null> {
  const byCode = 'agencyCode' in agency;
  const cached = cache?.store.get(cache.key);
  const [row] = (await db.query(
    `SELECT i.agency_code AS "agencyCode", ${cached ? 'NULL AS problem, NULL AS reference' : 'i.problem, i.reference'},
            i.problem IS NOT NULL AS whole, i.roster_submission_id AS "rosterId", s.version AS "rosterVersion", s.rows_purged_at IS NOT NULL AS purged
       FROM plan_run_input i LEFT JOIN staffing_submission s ON s.id = i.roster_submission_id
      WHERE i.run_id = $1 AND ${byCode ? 'i.agency_code = $2' : 'i.agency_id = $2'}`,
    [runId, byCode ? agency.agencyCode : agency.agencyId],
  )) as Array<{
    agencyCode: string;
    problem: PlanningProblem | null;
    reference: Buffer | null;
    whole: boolean;
    rosterId: string | null;
    rosterVersion: number | null;
    purged: boolean;
  }>;
  if (!row) return null;
  // a run stored before inputs by reference keeps its whole problem, employees included
  if (row.whole) return cached ?? keep(cache, async () => row.problem!);
  if (row.rosterId && (row.purged || row.rosterVersion === null)) {
    throw new RunInputUnavailable(
      `roster version ${row.rosterVersion ?? row.rosterId} of agency ${row.agencyCode}, which this run read, was purged by roster retention: its inputs can no longer be recomputed`,
    );
  }
  if (cached) return cached;
  return keep(cache, async () => {
    const problem = unpackReference(row.reference!);
    const employees = row.rosterId ? ((await rosterEmployees(db, [row.rosterId])).get(row.rosterId) ?? []) : [];
    return problem.plan ? { ...problem, plan: { ...problem.plan, employees } } : problem;
  });
}

const keep = (
  cache: { store: RunProblemCache; key: string } | undefined,
  load: () => Promise<PlanningProblem>,
): Promise<PlanningProblem> => (cache ? cache.store.getOrLoad(cache.key, load) : load());
