// The synthetic country of `npm run bench:national`, written straight into a migrated database
// with binary COPY: agencies (ministries, provinces, regencies/cities), their units, the position
// catalogue, one workload standard per position × unit cell with 3–8 activities drawn like the
// engine benchmark's, agency-wide development targets and one committed roster version per
// agency; then each agency's standards and targets become version 1 as an import leaves them. Sizes follow BENCH_SCALE; 1.0 is the national size of the engine benchmark.
import { once } from 'node:events';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Writable } from 'node:stream';
import { attachRosterRows, CopyBinaryWriter, createRosterRows, Queryable, recordBaselineVersions } from '../libs/database/src';
import { DEFAULT_EFFICIENCY_BANDS, REGULATION_RETIREMENT_AGES } from '../libs/planning/src';

export interface CountrySize {
  agencies: number;
  units: number;
  cells: number;
  employees: number;
}

export const NATIONAL: CountrySize = { agencies: 629, units: 20_503, cells: 300_000, employees: 4_300_000 };

export function countryAt(scale: number): CountrySize {
  const at = (n: number, min: number): number => Math.max(min, Math.round(n * scale));
  const agencies = at(NATIONAL.agencies, 2);
  const units = at(NATIONAL.units, agencies);
  return { agencies, units, cells: at(NATIONAL.cells, units), employees: at(NATIONAL.employees, units) };
}

export const AS_OF = '2026-06-30';
export const YEARS = [2027, 2028, 2029, 2030, 2031];
const INDICATORS = 50;
const POSITIONS_PER_UNIT = 15;
const POSITION_COUNT = POSITIONS_PER_UNIT * 30;
const GRADES: Array<{ category: string; level: string | null }> = [
  { category: 'PELAKSANA', level: null },
  { category: 'PELAKSANA', level: null },
  { category: 'FUNGSIONAL', level: 'AHLI_PERTAMA' },
  { category: 'FUNGSIONAL', level: 'AHLI_MUDA' },
  { category: 'FUNGSIONAL', level: 'AHLI_MADYA' },
  { category: 'FUNGSIONAL', level: 'TERAMPIL' },
  { category: 'PENGAWAS', level: null },
  { category: 'ADMINISTRATOR', level: null },
  { category: 'JPT', level: 'JPT_PRATAMA' },
];

/** Small deterministic generator (the engine benchmark's), so every run builds the same country. */
let seed = 20261125;
const random = (): number => {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return seed / 4294967296;
};

/** Stable ids: the kind of row in the first group, its ordinal in the last. */
const uuidOf = (kind: number, n: number): string =>
  `${kind.toString(16).padStart(8, '0')}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const uuidBytes = (id: string): Buffer => Buffer.from(id.replace(/-/g, ''), 'hex');
const AGENCY = 1,
  UNIT = 2,
  POSITION = 3,
  STANDARD = 4,
  ROSTER = 5;

/** Evenly split: the first index of part `k` of `n` items in `parts` parts. */
const split = (k: number, n: number, parts: number): number => Math.floor((k * n) / parts);

/** Streams binary COPY rows into `table (columns)`, `fill` writing them. */
async function copyRows(
  db: Client,
  table: string,
  columns: string,
  fill: (w: CopyBinaryWriter, flush: () => Promise<void>) => Promise<void> | void,
): Promise<void> {
  const stream = db.query(copyFrom(`COPY ${table} (${columns}) FROM STDIN WITH (FORMAT binary)`)) as Writable;
  const done = new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', reject);
  });
  const w = new CopyBinaryWriter();
  const flush = async (): Promise<void> => {
    for (const chunk of w.take()) if (!stream.write(chunk)) await once(stream, 'drain');
  };
  await fill(w, flush);
  for (const chunk of w.take(true)) stream.write(chunk);
  stream.end();
  await done;
}

const text = (w: CopyBinaryWriter, s: string | null): void => w.text(s);

/** Streams text-format COPY lines into `table (columns)`; `push` takes whole lines. */
async function copyText(
  db: Client,
  table: string,
  columns: string,
  fill: (push: (line: string) => Promise<void>) => Promise<void>,
): Promise<void> {
  const stream = db.query(copyFrom(`COPY ${table} (${columns}) FROM STDIN`)) as Writable;
  const done = new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', reject);
  });
  let buffered = '';
  await fill(async (line) => {
    buffered += line;
    if (buffered.length < 1 << 16) return;
    const ok = stream.write(buffered);
    buffered = '';
    if (!ok) await once(stream, 'drain');
  });
  stream.end(buffered);
  await done;
}

/**
 * Writes the country. Triggers are off for the session (`session_replication_role = replica`):
 * the audit triggers record changes row by row, which is right for people's edits and wrong for
 * a generator writing millions of rows; foreign keys are triggers too, and the ids are consistent.
 */
export async function generateCountry(url: string, size: CountrySize, log: (line: string) => void): Promise<void> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    await db.query('SET session_replication_role = replica');
    await db.query('BEGIN');
    let t = performance.now();
    const lap = (what: string): void => {
      log(`  ${what} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
      t = performance.now();
    };

    // agencies: one in ten a ministry, one in ten a province, the rest regencies/cities
    const agencyCode = (a: number): string => `AG-${String(a).padStart(4, '0')}`;
    await copyRows(db, 'agency', 'id, code, name, kind, region_code', (w) => {
      for (let a = 0; a < size.agencies; a++) {
        const province = 11 + (a % 38);
        const kind = a % 10 === 0 ? 'CENTRAL' : a % 10 === 1 ? 'PROVINCE' : a % 3 === 0 ? 'CITY' : 'REGENCY';
        w.row(5);
        w.bytes(uuidBytes(uuidOf(AGENCY, a)));
        text(w, agencyCode(a));
        text(w, `Instansi ${a}`);
        text(w, kind);
        text(
          w,
          kind === 'CENTRAL' ? null : kind === 'PROVINCE' ? String(province) : `${province}.${String(1 + (a % 79)).padStart(2, '0')}`,
        );
      }
    });
    const agencyOfUnit = (u: number): number => Math.floor((u * size.agencies) / size.units);
    await copyRows(db, 'org_unit', 'id, agency_id, code, name', (w) => {
      for (let u = 0; u < size.units; u++) {
        w.row(4);
        w.bytes(uuidBytes(uuidOf(UNIT, u)));
        w.bytes(uuidBytes(uuidOf(AGENCY, agencyOfUnit(u))));
        text(w, `U-${u}`);
        text(w, `Unit ${u}`);
      }
    });
    const positionCode = (p: number): string => `JAB-${String(p).padStart(4, '0')}`;
    const gradeOf = (p: number): { category: string; level: string | null } => GRADES[p % GRADES.length]!;
    await copyRows(db, 'position', 'id, code, name, category, level', (w) => {
      for (let p = 0; p < POSITION_COUNT; p++) {
        w.row(5);
        w.bytes(uuidBytes(uuidOf(POSITION, p)));
        text(w, positionCode(p));
        text(w, `Jabatan ${p}`);
        text(w, gradeOf(p).category);
        text(w, gradeOf(p).level);
      }
    });
    lap(`${size.agencies} agencies, ${size.units} units, ${POSITION_COUNT} positions`);

    // cells: unit u holds positions (u mod 30) × 15 + k, 14 or 15 of them so the cells add up
    const unitOfCell = new Int32Array(size.cells);
    const positionOfCell = new Int32Array(size.cells);
    for (let u = 0; u < size.units; u++) {
      const from = split(u, size.cells, size.units),
        to = split(u + 1, size.cells, size.units);
      for (let c = from; c < to; c++) {
        unitOfCell[c] = u;
        positionOfCell[c] = (u % 30) * POSITIONS_PER_UNIT + ((c - from) % POSITIONS_PER_UNIT);
      }
    }
    await copyRows(db, 'workload_standard', 'id, position_id, unit_id', (w) => {
      for (let c = 0; c < size.cells; c++) {
        w.row(3);
        w.bytes(uuidBytes(uuidOf(STANDARD, c)));
        w.bytes(uuidBytes(uuidOf(POSITION, positionOfCell[c]!)));
        w.bytes(uuidBytes(uuidOf(UNIT, unitOfCell[c]!)));
      }
    });
    // numeric columns go as text: PostgreSQL's binary numeric is base-10000 digits, not worth writing here
    let activities = 0;
    const N = '\\N';
    await copyText(
      db,
      'workload_activity',
      'standard_id, ordinal, kind, name, annual_volume, driver_indicator, driver_factor, driver_base, minutes_per_unit, units_per_hour, percent_of_working_time, hours_per_year, staff_count',
      async (push) => {
        for (let c = 0; c < size.cells; c++) {
          const standard = uuidOf(STANDARD, c);
          const count = 3 + Math.floor(random() * 6);
          for (let a = 0; a < count; a++) {
            const r = random();
            let fields: Array<string | number>;
            if (a === 0 || r < 0.45) fields = ['SERVICE', Math.floor(random() * 5000), N, N, N, 5 + Math.floor(random() * 120), N, N, N, N];
            else if (r < 0.75)
              fields = [
                'SERVICE',
                N,
                `IND-${Math.floor(random() * INDICATORS)}`,
                (random() * 0.05).toFixed(6),
                10,
                N,
                1 + Math.floor(random() * 8),
                N,
                N,
                N,
              ];
            else if (r < 0.9) fields = ['SUPPORT', N, N, N, N, N, N, (random() * 8).toFixed(6), N, N];
            else fields = ['ADDITIONAL', N, N, N, N, N, N, N, Math.floor(random() * 200), 1 + Math.floor(random() * 3)];
            fields.splice(1, 0, `task ${a}`);
            await push(`${standard}\t${a}\t${fields.join('\t')}\n`);
            activities++;
          }
        }
      },
    );
    lap(`${size.cells.toLocaleString('en')} standards, ${activities.toLocaleString('en')} activities`);

    await copyText(db, 'development_target', 'agency_id, indicator, year, value, source', async (push) => {
      for (let a = 0; a < size.agencies; a++) {
        const agency = uuidOf(AGENCY, a);
        for (let k = 0; k < INDICATORS; k++) {
          for (const [y, year] of YEARS.entries())
            await push(`${agency}\tIND-${k}\t${year}\t${10_000 * (1 + 0.08 * y) + k * 100}\tRPJMD\n`);
        }
      }
    });
    const [profile] = (
      await db.query(`INSERT INTO working_time_profile (code, name, hours_per_year) VALUES ('ABK', 'ABK 1.250 jam', 1250) RETURNING id`)
    ).rows as Array<{ id: string }>;
    await db.query(
      `INSERT INTO planning_policy (agency_id, working_time_profile_id, rounding, attrition_rate, renew_contracts, retirement_ages, efficiency_bands)
       VALUES (NULL, $1, 'HALF_UP', 0.02, false, $2, $3)`,
      [profile!.id, JSON.stringify(REGULATION_RETIREMENT_AGES), JSON.stringify(DEFAULT_EFFICIENCY_BANDS)],
    );
    lap(`${(size.agencies * INDICATORS * YEARS.length).toLocaleString('en')} targets, the default policy`);

    // one committed roster version per agency: its own table, attached to the history
    const firstUnit = (a: number): number => Math.ceil((a * size.units) / size.agencies);
    const cellOfEmployee = (i: number): number => split(i, size.cells, size.employees);
    const firstEmployeeOfCell = (c: number): number => Math.ceil((c * size.employees) / size.cells);
    for (let a = 0; a < size.agencies; a++) {
      const id = uuidOf(ROSTER, a);
      const fromCell = split(firstUnit(a), size.cells, size.units),
        toCell = split(firstUnit(a + 1), size.cells, size.units);
      const rows = firstEmployeeOfCell(toCell) - firstEmployeeOfCell(fromCell);
      await db.query(
        `INSERT INTO staffing_submission (id, agency_id, version, status, uploaded_by, file_name, file_size, sha256, format, as_of, progress, row_count,
                                          error_count, transfer_count, validation_started_at, validated_at, committed_at)
         VALUES ($1, $2, 1, 'COMMITTED', 'bench', 'roster.csv', 0, repeat('0', 64), 'CSV', $3, 100, $4, 0, 0, now(), now(), now())`,
        [id, uuidOf(AGENCY, a), AS_OF, rows],
      );
      await createRosterRows(db, id);
      await attachRosterRows(db, id);
    }
    const days: number[] = [];
    for (let y = 1968; y <= 2002; y++) {
      for (let m = y === 1968 ? 7 : 1; m <= 12; m++) {
        const dim = new Date(Date.UTC(y, m, 0)).getUTCDate();
        for (let d = 1; d <= dim; d++) days.push(y * 10000 + m * 100 + d);
      }
    }
    const contractEnds = [20271231, 20280630, 20291231, 20311231, 20331231];
    const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
    await copyRows(
      db,
      'staffing_submission_row',
      'submission_id, row_no, nip, name, birth_date, sex, employment_type, position_code, unit_code, tmt, contract_end, category, level',
      async (w, flush) => {
        let agency = -1,
          rowNo = 0,
          submission = Buffer.alloc(0);
        for (let i = 0; i < size.employees; i++) {
          const cell = cellOfEmployee(i);
          const a = agencyOfUnit(unitOfCell[cell]!);
          if (a !== agency) {
            agency = a;
            rowNo = 0;
            submission = uuidBytes(uuidOf(ROSTER, a));
          }
          // NIP: birth date, TMT yyyymm (yyyy21 for PPPK), sex digit, sequence — unique per employee
          const birth = days[i % days.length]!,
            rest = Math.floor(i / days.length);
          const year = Math.floor(birth / 10000);
          const pppk = random() < 0.1;
          const sex = 1 + (i % 2);
          const tmtYm = pppk ? (year + 24) * 100 + 21 : (year + 23) * 100 + (rest % 12) + 1;
          const sequence = pppk ? rest + 1 : Math.floor(rest / 12) + 1;
          const position = positionOfCell[cell]!;
          w.row(13);
          w.bytes(submission);
          w.int4(++rowNo);
          text(w, `${birth}${tmtYm}${sex}${pad(sequence, 3)}`);
          text(w, `Pegawai ${i}`);
          w.date(birth);
          text(w, sex === 1 ? 'M' : 'F');
          text(w, pppk ? 'PPPK' : 'PNS');
          text(w, positionCode(position));
          text(w, `U-${unitOfCell[cell]}`);
          w.date(pppk ? (year + 24) * 10000 + 101 : tmtYm * 100 + 1);
          w.date(pppk ? contractEnds[i % contractEnds.length]! : 0);
          text(w, gradeOf(position).category);
          text(w, gradeOf(position).level);
          if (i % 4096 === 0) await flush();
        }
      },
    );
    lap(`${size.agencies} roster versions, ${size.employees.toLocaleString('en')} employees`);
    await db.query('COMMIT');
    await db.query('ANALYZE');
    lap('ANALYZE');
    // standards and targets as an import leaves them: each scope's content a committed version
    // (the product's own path, which the first run on a country without versions takes)
    await db.query('SET session_replication_role = DEFAULT');
    const versions = await recordBaselineVersions(
      {
        transaction: async <T>(work: (tx: Queryable) => Promise<T>): Promise<T> => {
          await db.query('BEGIN');
          const result = await work(db);
          await db.query('COMMIT');
          return result;
        },
      },
      'bench:national',
    );
    lap(`${versions} standards and targets versions (recordBaselineVersions)`);
  } catch (e) {
    await db.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    await db.end();
  }
}
