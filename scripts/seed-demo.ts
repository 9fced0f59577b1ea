import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Queue } from 'bullmq';
import { Client, PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import {
  commitImport,
  dataSourceOptions,
  ImportKind,
  lockRosters,
  openAudit,
  ROSTER_ROW_COLUMNS,
  systemActor,
  writeRosterVersion,
} from '@formasi/database';
import { loadConfig } from '@formasi/config';
import type { ValidateStandardsJobData } from '@formasi/queue';
import { storeRoster } from '@formasi/staffing';
import { AuditService } from '../apps/api/src/audit/audit.service';
import { StandardsSubmissionService } from '../apps/api/src/standards-import/standards-submission.service';
import { StandardsValidationService } from '../apps/worker/src/standards-import/standards-validation.service';
import { DEFAULT_EFFICIENCY_BANDS, REGULATION_RETIREMENT_AGES } from '@formasi/planning';
import { hashPassword } from '@formasi/accounts';
import { DEMO_ACCOUNTS, DEMO_AGENCY, DEMO_ANNUAL_COSTS, DEMO_CELLS, DEMO_PASSWORD, DEMO_POSITIONS, DEMO_UNITS } from './demo-data';

const FIRST = [
  'Agus',
  'Budi',
  'Dewi',
  'Sri',
  'Rina',
  'Hendra',
  'Siti',
  'Yusuf',
  'Ratna',
  'Eko',
  'Nur',
  'Wahyu',
  'Indah',
  'Fajar',
  'Lestari',
  'Dian',
  'Rizky',
  'Putri',
  'Bayu',
  'Ayu',
];
const LAST = [
  'Santoso',
  'Wijaya',
  'Hartono',
  'Lestari',
  'Saputra',
  'Kurniawan',
  'Anggraini',
  'Hidayat',
  'Setiawan',
  'Rahmawati',
  'Nugroho',
  'Permata',
  'Susanto',
  'Maharani',
];

/** Small deterministic PRNG (mulberry32): the same seed gives the same roster on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

export interface DemoEmployee {
  nip: string;
  name: string;
  birthDate: string;
  sex: 'M' | 'F';
  employmentType: 'PNS' | 'PPPK';
  position: string;
  unit: string;
  tmt: string;
  contractEnd: string | null;
}

/**
 * NIP = birth date yyyymmdd + TMT yyyymm + sex digit (1 male, 2 female) + 3-digit sequence;
 * PPPK numbers carry 21 in place of the TMT month.
 */
export function demoEmployees(): DemoEmployee[] {
  const rnd = prng(20251231);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const used = new Set<string>();
  const out: DemoEmployee[] = [];
  let seq = 1;
  for (const cell of DEMO_CELLS) {
    for (let i = 0; i < cell.pns + cell.pppk; i++) {
      const pppk = i >= cell.pns;
      // born 1968 or later: nobody has passed the retirement age of 58 on the snapshot date
      const birthYear = pppk ? 1975 + Math.floor(rnd() * 24) : 1968 + Math.floor(rnd() * 30);
      const birthMonth = 1 + Math.floor(rnd() * 12);
      const birthDay = 1 + Math.floor(rnd() * 28);
      const sex = rnd() < 0.5 ? 'M' : 'F';
      const tmtYear = pppk ? 2022 + Math.floor(rnd() * 3) : Math.min(2024, birthYear + 23 + Math.floor(rnd() * 8));
      const tmtMonth = 1 + Math.floor(rnd() * 12);
      const birth = `${birthYear}${pad(birthMonth)}${pad(birthDay)}`;
      let nip: string;
      do {
        nip = `${birth}${tmtYear}${pppk ? '21' : pad(tmtMonth)}${sex === 'M' ? 1 : 2}${pad(seq++ % 1000, 3)}`;
      } while (used.has(nip));
      used.add(nip);
      out.push({
        nip,
        name: `${pick(FIRST)} ${pick(LAST)}`,
        birthDate: `${birthYear}-${pad(birthMonth)}-${pad(birthDay)}`,
        sex,
        employmentType: pppk ? 'PPPK' : 'PNS',
        position: cell.position,
        unit: cell.unit,
        tmt: `${tmtYear}-${pad(tmtMonth)}-01`,
        // five-year PPPK contracts
        contractEnd: pppk ? `${tmtYear + 5}-${pad(tmtMonth)}-01` : null,
      });
    }
  }
  return out;
}

/** Loads the demo regency; every statement is an upsert, so running it twice changes nothing. */
export async function seedDemo(databaseUrl: string): Promise<{ employees: number; positions: number; units: number }> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await db.query('BEGIN');
    // the seed changes reference data like any user would: under an audit record
    await openAudit(db, systemActor('seed:demo'), { action: 'seedDemo', agencyCode: DEMO_AGENCY.code });
    const {
      rows: [agency],
    } = await db.query<{ id: string }>(
      `INSERT INTO agency (code, name, kind, region_code) VALUES ($1, $2, $3, $4)
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind, region_code = EXCLUDED.region_code RETURNING id`,
      [DEMO_AGENCY.code, DEMO_AGENCY.name, DEMO_AGENCY.kind, DEMO_AGENCY.regionCode],
    );
    const agencyId = agency!.id;
    for (const u of DEMO_UNITS) {
      await db.query(
        `INSERT INTO org_unit (agency_id, code, name, parent_id)
         VALUES ($1, $2, $3, (SELECT id FROM org_unit WHERE agency_id = $1 AND code = $4))
         ON CONFLICT (agency_id, code) DO UPDATE SET name = EXCLUDED.name, parent_id = EXCLUDED.parent_id`,
        [agencyId, u.code, u.name, u.parent ?? null],
      );
    }
    await db.query(
      `INSERT INTO position (code, name, category, level, retirement_age_override)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::smallint[])
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, category = EXCLUDED.category, level = EXCLUDED.level,
         retirement_age_override = EXCLUDED.retirement_age_override`,
      [
        DEMO_POSITIONS.map((p) => p.code),
        DEMO_POSITIONS.map((p) => p.name),
        DEMO_POSITIONS.map((p) => p.category),
        DEMO_POSITIONS.map((p) => p.level ?? null),
        DEMO_POSITIONS.map((p) => p.retirementAgeOverride ?? null),
      ],
    );
    const {
      rows: [profile],
    } = await db.query<{ id: string }>(
      `INSERT INTO working_time_profile (code, name, hours_per_year) VALUES ('ABK-1250', 'Jam kerja efektif ABK (1.250 jam/tahun)', 1250)
       ON CONFLICT (code) DO UPDATE SET hours_per_year = EXCLUDED.hours_per_year RETURNING id`,
    );
    const retirementAges = REGULATION_RETIREMENT_AGES.map((r) => ({ level: null, ...r }));
    const bands = DEFAULT_EFFICIENCY_BANDS;
    await db.query(
      `INSERT INTO planning_policy (agency_id, working_time_profile_id, rounding, attrition_rate, renew_contracts, retirement_ages, efficiency_bands, annual_costs)
       VALUES (NULL, $1, 'HALF_UP', 0.01, false, $2, $3, $4)
       ON CONFLICT ON CONSTRAINT uq_planning_policy_agency DO UPDATE SET working_time_profile_id = EXCLUDED.working_time_profile_id,
         rounding = EXCLUDED.rounding, attrition_rate = EXCLUDED.attrition_rate, renew_contracts = EXCLUDED.renew_contracts,
         retirement_ages = EXCLUDED.retirement_ages, efficiency_bands = EXCLUDED.efficiency_bands, annual_costs = EXCLUDED.annual_costs`,
      [profile!.id, JSON.stringify(retirementAges), JSON.stringify(bands), JSON.stringify(DEMO_ANNUAL_COSTS)],
    );
    const staff = demoEmployees();
    const col = <K extends keyof (typeof staff)[number]>(k: K): Array<(typeof staff)[number][K]> => staff.map((e) => e[k]);
    // the demo roster is the agency's next roster version, the seeded rows upserted by NIP
    const tx = { query: async (text: string, params?: unknown[]) => (await db.query(text, params)).rows };
    await lockRosters(tx, agencyId);
    await writeRosterVersion(tx, {
      agencyId,
      uploadedBy: 'seed:demo',
      fileName: 'demo roster',
      sha256: createHash('sha256').update(JSON.stringify(staff)).digest('hex'),
      rowsSql: `SELECT r.row_no AS ord, ${ROSTER_ROW_COLUMNS} FROM staffing_submission_row r
                 WHERE r.submission_id = $2::uuid AND NOT (r.nip = ANY($3::text[]))
                UNION ALL
                SELECT 1e9 + t.ord, t.nip, t.name, t.birth_date, t.sex, t.employment_type, p.code, u.code, t.tmt, t.contract_end, p.category, p.level
                  FROM unnest($3::text[], $4::text[], $5::date[], $6::text[], $7::text[], $8::text[], $9::text[], $10::date[], $11::date[])
                       WITH ORDINALITY AS t(nip, name, birth_date, sex, employment_type, position_code, unit_code, tmt, contract_end, ord)
                  JOIN position p ON p.code = t.position_code
                  JOIN org_unit u ON u.agency_id = $12 AND u.code = t.unit_code`,
      params: [
        col('nip'),
        col('name'),
        col('birthDate'),
        col('sex'),
        col('employmentType'),
        col('position'),
        col('unit'),
        col('tmt'),
        col('contractEnd'),
        agencyId,
      ],
    });
    // one account per role with the demo password (for the dashboard's sign-in); a password changed since is kept
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    for (const a of DEMO_ACCOUNTS) {
      const {
        rows: [user],
      } = await db.query<{ id: string }>(
        `INSERT INTO app_user (email, display_name, role, password_hash) VALUES ($1, $2, $3, $4)
         ON CONFLICT (email) DO UPDATE SET role = EXCLUDED.role, password_hash = coalesce(app_user.password_hash, EXCLUDED.password_hash) RETURNING id`,
        [a.email, a.displayName, a.role, passwordHash],
      );
      if (a.role === 'AGENCY_OPERATOR' || a.role === 'AGENCY_HEAD') {
        await db.query('INSERT INTO user_agency (user_id, agency_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [user!.id, agencyId]);
      }
    }
    await db.query('COMMIT');
  } catch (e) {
    await db.query('ROLLBACK');
    throw e;
  } finally {
    await db.end();
  }
  // the standards and targets come from the example files an agency would upload, through the import
  await importExampleFiles(databaseUrl);
  return { employees: demoEmployees().length, positions: DEMO_POSITIONS.length, units: DEMO_UNITS.length };
}

/** examples/*.csv through the import's checks, dry run and commit; a file already current changes nothing. */
async function importExampleFiles(databaseUrl: string): Promise<void> {
  const ds = new DataSource(dataSourceOptions(databaseUrl));
  await ds.initialize();
  // a folder of this seed's own (mode 700): a fixed /tmp/formasi-demo made by another user of the host refused this one
  const uploads = mkdtempSync(join(tmpdir(), 'formasi-demo-'));
  try {
    const queue = { add: async () => undefined } as unknown as Queue<ValidateStandardsJobData>;
    const submissions = new StandardsSubmissionService(ds, queue, new AuditService(ds), loadConfig());
    const validation = new StandardsValidationService(ds);
    const actor = systemActor('seed:demo');
    for (const [kind, file] of DEMO_FILES) {
      const upload = await storeRoster(createReadStream(join(EXAMPLES, file)), uploads);
      const receipt = await submissions.submit(actor, {
        kind,
        agencyCode: DEMO_AGENCY.code,
        uploadedBy: 'seed:demo',
        fileName: file,
        ...upload,
      });
      if (receipt.noop) continue;
      const outcome = await validation.validate(receipt.submission.id);
      if (outcome?.status !== 'VALIDATED')
        throw new Error(`examples/${file} did not validate: ${JSON.stringify(await submissions.errors(receipt.submission.id, 5))}`);
      const runner = ds.createQueryRunner();
      try {
        await commitImport((await runner.connect()) as PoolClient, actor, receipt.submission.id);
      } finally {
        await runner.release();
      }
    }
  } finally {
    rmSync(uploads, { recursive: true, force: true });
    await ds.destroy();
  }
}

// scripts/ when run from source, dist/scripts/ when compiled
/** The project's examples/ folder, found from wherever this file runs: scripts/ (ts-node, Jest) or a build under dist/. */
const EXAMPLES = projectExamples(__dirname);

function projectExamples(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'examples'))) return join(dir, 'examples');
    if (dirname(dir) === dir) throw new Error(`examples/ not found above ${from}`);
  }
}
const DEMO_FILES: Array<[ImportKind, string]> = [
  ['STANDARDS', 'standar-abk-kab-sukamaju.csv'],
  ['TARGETS', 'target-kab-sukamaju.csv'],
];

if (require.main === module) {
  const url = process.env.DATABASE_URL;
  if (!url) {
    process.stderr.write('DATABASE_URL is required (npm start seeds the embedded database itself)\n');
    process.exit(1);
  }
  seedDemo(url)
    .then((r) => process.stdout.write(`seeded ${DEMO_AGENCY.code}: ${r.units} units, ${r.positions} positions, ${r.employees} employees\n`))
    .catch((e: unknown) => {
      process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    });
}
