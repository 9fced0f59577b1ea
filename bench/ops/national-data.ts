// A national data set for the drills and the load benchmark: the demo regency, then `agencies`
// copies of it, each with its units repeated `unitCopies` times (workload standards, targets and
// roster with them), so one national plan run has agencies × units × positions × years cells.
import { createHash } from 'node:crypto';
import { Client } from 'pg';
import { currentRosterVersion, lockRosters, openAudit, systemActor, writeRosterVersion } from '../../libs/database/src';
import { DEMO_AGENCY } from '../../scripts/demo-data';
import { seedDemo } from '../../scripts/seed-demo';

export interface NationalDataSize {
  agencies: number;
  unitCopies: number;
}

/** The columns of `table` other than `id`, so copies keep up with columns added by later migrations. */
async function columns(db: Client, table: string): Promise<string[]> {
  const { rows } = await db.query<{ c: string }>(
    `SELECT column_name AS c FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 AND column_name <> 'id' ORDER BY ordinal_position`,
    [table],
  );
  return rows.map((r) => r.c);
}

/** `cols` as a select list over alias `a`, with some columns replaced by expressions. */
const selectList = (cols: string[], replace: Record<string, string>): string => cols.map((c) => replace[c] ?? `a.${c}`).join(', ');

export async function seedNational(
  databaseUrl: string,
  size: NationalDataSize,
): Promise<{ agencies: number; units: number; employees: number }> {
  await seedDemo(databaseUrl);
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await db.query('BEGIN');
    await openAudit(db, systemActor('ops:national-data'), { action: 'seedNational', agencyCode: null });
    const {
      rows: [demo],
    } = await db.query<{ id: string }>('SELECT id FROM agency WHERE code = $1', [DEMO_AGENCY.code]);
    // copy k of a unit code: the code itself for copy 0, CODE-k after
    const unitCode = (expr: string, copy: string): string => `CASE WHEN ${copy} = 0 THEN ${expr} ELSE ${expr} || '-' || ${copy} END`;
    await db.query(
      `INSERT INTO agency (code, name, kind, region_code)
       SELECT 'NAT-' || lpad(g::text, 4, '0'), 'Kabupaten Nasional ' || g, 'REGENCY', lpad((11 + g % 30)::text, 2, '0') || '.' || lpad((1 + g / 30)::text, 2, '0')
         FROM generate_series(1, $1) g`,
      [size.agencies],
    );
    const copies = `generate_series(0, ${size.unitCopies - 1})`;
    // the demo regency's units, repeated, in every copy (and the extra copies in the demo regency itself)
    await db.query(
      `INSERT INTO org_unit (agency_id, code, name)
       SELECT t.id, ${unitCode('u.code', 'c')}, u.name || CASE WHEN c = 0 THEN '' ELSE ' ' || c END
         FROM agency t CROSS JOIN org_unit u CROSS JOIN ${copies} c
        WHERE u.agency_id = $1 AND (t.code LIKE 'NAT-%' OR (t.id = $1 AND c > 0))`,
      [demo!.id],
    );
    await db.query(
      `UPDATE org_unit n SET parent_id = np.id
         FROM org_unit u JOIN org_unit p ON p.id = u.parent_id, ${copies} c, org_unit np
        WHERE u.agency_id = $1 AND n.code = ${unitCode('u.code', 'c')} AND np.agency_id = n.agency_id AND np.code = ${unitCode('p.code', 'c')}
          AND n.parent_id IS NULL AND n.agency_id IN (SELECT id FROM agency WHERE code LIKE 'NAT-%' OR id = $1)`,
      [demo!.id],
    );
    // every unit that copies a demo unit: (its id, the demo unit's id)
    const copiesOf = `(SELECT n.id AS new_id, n.agency_id AS new_agency, u.id AS demo_unit FROM org_unit u CROSS JOIN ${copies} c
                        JOIN org_unit n ON n.code = ${unitCode('u.code', 'c')}
                       WHERE u.agency_id = $1 AND n.id <> u.id AND (n.agency_id = $1 OR n.agency_id IN (SELECT id FROM agency WHERE code LIKE 'NAT-%')))`;
    await db.query(
      `INSERT INTO workload_standard (position_id, unit_id) SELECT s.position_id, m.new_id FROM workload_standard s JOIN ${copiesOf} m ON m.demo_unit = s.unit_id`,
      [demo!.id],
    );
    const activityCols = await columns(db, 'workload_activity');
    await db.query(
      `INSERT INTO workload_activity (${activityCols.join(', ')})
       SELECT ${selectList(activityCols, { standard_id: 'ns.id' })}
         FROM workload_activity a JOIN workload_standard s ON s.id = a.standard_id JOIN ${copiesOf} m ON m.demo_unit = s.unit_id
         JOIN workload_standard ns ON ns.position_id = s.position_id AND ns.unit_id = m.new_id`,
      [demo!.id],
    );
    const targetCols = await columns(db, 'development_target');
    // unit targets follow their unit's copies; agency-wide ones go to each new agency
    await db.query(
      `INSERT INTO development_target (${targetCols.join(', ')})
       SELECT ${selectList(targetCols, { agency_id: 'm.new_agency', unit_id: 'm.new_id' })}
         FROM development_target a JOIN ${copiesOf} m ON m.demo_unit = a.unit_id`,
      [demo!.id],
    );
    await db.query(
      `INSERT INTO development_target (${targetCols.join(', ')})
       SELECT ${selectList(targetCols, { agency_id: 't.id' })}
         FROM development_target a CROSS JOIN agency t WHERE a.agency_id = $1 AND a.unit_id IS NULL AND t.code LIKE 'NAT-%'`,
      [demo!.id],
    );
    // rosters: the demo roster once per unit copy, as each agency's next version
    const tx = { query: async (text: string, params?: unknown[]) => (await db.query(text, params)).rows };
    const roster = await currentRosterVersion(tx, demo!.id);
    if (!roster) throw new Error('the demo regency has no roster');
    // copy k of an employee is born k days later, so NIPs (which begin with the birth date) stay unique nationally
    const rowsSql = `SELECT r.row_no + c * 1000000 AS ord, to_char(r.birth_date + k, 'YYYYMMDD') || substr(r.nip, 9) AS nip, r.name,
                            r.birth_date + k AS birth_date, r.sex, r.employment_type, r.position_code,
                            ${unitCode('r.unit_code', 'c')} AS unit_code, r.tmt, r.contract_end, r.category, r.level
                       FROM staffing_submission_row r CROSS JOIN ${copies} c CROSS JOIN LATERAL (SELECT $4::int * ${size.unitCopies} + c AS k) kk
                      WHERE r.submission_id = $3::uuid AND ($2::uuid IS NULL OR true)`; // $2, the previous version, is not needed
    const { rows: targets } = await db.query<{ id: string; code: string }>(
      `SELECT id, code FROM agency WHERE code LIKE 'NAT-%' OR id = $1 ORDER BY code`,
      [demo!.id],
    );
    let employees = 0;
    for (const [i, t] of targets.entries()) {
      await lockRosters(tx, t.id);
      const v = await writeRosterVersion(tx, {
        agencyId: t.id,
        uploadedBy: 'ops:national-data',
        fileName: 'national data set',
        sha256: createHash('sha256').update(`${t.code}:${roster.id}:${size.unitCopies}`).digest('hex'),
        rowsSql,
        params: [roster.id, i],
      });
      employees += v.rowCount;
    }
    await db.query('COMMIT');
    const {
      rows: [units],
    } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM org_unit');
    return { agencies: targets.length, units: units!.n, employees };
  } catch (e) {
    await db.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    await db.end();
  }
}
