// npm run bench:engine — a synthetic national problem through the planning engine on one core:
// 300,000 position × unit cells with 3–8 activities each, 5 plan years and 4,300,000 employees,
// in 630 agencies (the ministries, provinces and regencies/cities), computed agency by agency as
// the plan-run worker does: targets, policies and rosters belong to an agency.
// Prints cell-years per second, employees per second for the retirement projection and peak RSS
// against the targets. Sizes can be scaled: BENCH_CELLS=30000 BENCH_EMPLOYEES=430000 BENCH_AGENCIES=63.
import {
  Activity,
  CellInput,
  computePlanColumns,
  PlanningProblem,
  PositionCategory,
  PositionLevel,
  rankCode,
  REGULATION_RETIREMENT_AGES,
  RetirementAgeRule,
  StaffRoster,
  TargetValue,
} from '../libs/planning/src';
import { prepareProblem } from '../libs/planning/src/formation-plan';
import { firstDuplicate } from '../libs/planning/src/nip';
import { projectSupply, resolveStaff, retirementAgeTable } from '../libs/planning/src/supply';

const CELLS = Number(process.env.BENCH_CELLS ?? 300_000);
const EMPLOYEES = Number(process.env.BENCH_EMPLOYEES ?? 4_300_000);
const AGENCIES = Number(process.env.BENCH_AGENCIES ?? 630);
const YEARS = [2027, 2028, 2029, 2030, 2031];
const TARGET_CELL_YEARS_PER_S = 1_500_000;
const TARGET_EMPLOYEES_PER_S = 5_000_000;
const TARGET_RSS_MIB = 1536;
const INDICATORS = 50;

/** Small deterministic generator so every run plans the same country. */
let seed = 20261125;
const random = (): number => {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return seed / 4294967296;
};
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];

const POSITIONS: { category: PositionCategory; level: PositionLevel | null }[] = [
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
const POSITIONS_PER_UNIT = 15;

const EMPTY_ACTIVITY = {
  kind: 'SERVICE',
  name: '',
  annualVolume: null,
  driver: null,
  minutesPerUnit: null,
  unitsPerHour: null,
  percentOfWorkingTime: null,
  hoursPerYear: null,
  staffCount: null,
};

function buildCells(): CellInput[] {
  const cells: CellInput[] = new Array(CELLS);
  const positionCodes = Array.from({ length: POSITIONS_PER_UNIT * 30 }, (_, i) => `JAB-${String(i).padStart(4, '0')}`);
  for (let i = 0; i < CELLS; i++) {
    const unit = Math.floor(i / POSITIONS_PER_UNIT);
    const activities: Activity[] = [];
    const count = 3 + Math.floor(random() * 6);
    for (let a = 0; a < count; a++) {
      const r = random();
      // Rows as the worker maps them from the activity table: every column present, null where unused.
      const row = { ...EMPTY_ACTIVITY, name: `task ${a}` };
      if (a === 0 || r < 0.45)
        Object.assign(row, { kind: 'SERVICE', annualVolume: Math.floor(random() * 5000), minutesPerUnit: 5 + Math.floor(random() * 120) });
      else if (r < 0.75)
        Object.assign(row, {
          kind: 'SERVICE',
          driver: { indicator: `IND-${Math.floor(random() * INDICATORS)}`, factor: random() * 0.05, base: 10 },
          unitsPerHour: 1 + Math.floor(random() * 8),
        });
      else if (r < 0.9) Object.assign(row, { kind: 'SUPPORT', percentOfWorkingTime: random() * 8 });
      else Object.assign(row, { kind: 'ADDITIONAL', hoursPerYear: Math.floor(random() * 200), staffCount: 1 + Math.floor(random() * 3) });
      activities.push(row as Activity);
    }
    cells[i] = {
      positionCode: positionCodes[(i % POSITIONS_PER_UNIT) + POSITIONS_PER_UNIT * (unit % 30)],
      unitCode: `UNIT-${unit}`,
      activities,
    };
  }
  return cells;
}

/**
 * The national roster in columns, as the worker reads it from PostgreSQL: birth dates from
 * 1968-07 to 2002-12, one in ten PPPK with a contract end, NIP keys unique per employee.
 */
function buildRoster(cells: CellInput[], agencyOfCell: (cell: number) => Agency): StaffRoster {
  const days: number[] = [];
  for (let y = 1968; y <= 2002; y++) {
    for (let m = y === 1968 ? 7 : 1; m <= 12; m++) {
      const dim = new Date(Date.UTC(y, m, 0)).getUTCDate();
      for (let d = 1; d <= dim; d++) days.push(y * 10000 + m * 100 + d);
    }
  }
  const contractEnds = [20271231, 20280630, 20291231, 20311231, 20331231];
  const roster: StaffRoster = {
    size: EMPLOYEES,
    cell: new Int32Array(EMPLOYEES),
    birthYmd: new Int32Array(EMPLOYEES),
    contractEndYmd: new Int32Array(EMPLOYEES),
    pppk: new Uint8Array(EMPLOYEES),
    rank: new Uint8Array(EMPLOYEES),
    nipKey: new Float64Array(EMPLOYEES),
    nipOf: (row) => `row ${row + 1}`,
  };
  const ranks = POSITIONS.map((p) => rankCode(p.category, p.level));
  for (let i = 0; i < EMPLOYEES; i++) {
    const cell = Math.floor((i / EMPLOYEES) * cells.length);
    const birth = days[i % days.length];
    const rest = Math.floor(i / days.length);
    const pppk = random() < 0.1;
    const year = Math.floor(birth / 10000);
    roster.cell[i] = cell - agencyOfCell(cell).firstCell;
    roster.birthYmd[i] = birth;
    roster.pppk[i] = pppk ? 1 : 0;
    roster.contractEndYmd[i] = pppk ? pick(contractEnds) : 0;
    roster.rank[i] = ranks[cell % ranks.length];
    // NIP: birth date, TMT yyyymm (yyyy21 for PPPK), sex digit, sequence — packed as nipKey does.
    const tmt = pppk ? (year + 24) * 100 + 21 : (year + 23) * 100 + (rest % 12) + 1;
    const sequence = pppk ? rest : Math.floor(rest / 12);
    const dayKey = (year - 1800) * 372 + ((Math.floor(birth / 100) % 100) - 1) * 31 + (birth % 100) - 1;
    roster.nipKey![i] = dayKey * 1e10 + tmt * 1e4 + (1 + (i % 2)) * 1e3 + sequence;
  }
  return roster;
}

interface Agency {
  firstCell: number;
  cells: CellInput[];
  roster: StaffRoster;
}

/** Agencies own contiguous cells; rosters are ordered by cell, so an agency's is a view. */
function splitAgencies(cells: CellInput[]): Agency[] {
  const per = Math.ceil(cells.length / AGENCIES);
  const agencies: Agency[] = [];
  for (let first = 0; first < cells.length; first += per)
    agencies.push({ firstCell: first, cells: cells.slice(first, first + per), roster: undefined as never });
  return agencies;
}

function rosterView(roster: StaffRoster, from: number, to: number): StaffRoster {
  return {
    size: to - from,
    cell: roster.cell.subarray(from, to),
    birthYmd: roster.birthYmd.subarray(from, to),
    contractEndYmd: roster.contractEndYmd.subarray(from, to),
    pppk: roster.pppk.subarray(from, to),
    rank: roster.rank.subarray(from, to),
    nipOf: (row) => `row ${from + row + 1}`,
  };
}

const RETIREMENT_AGES: RetirementAgeRule[] = [...REGULATION_RETIREMENT_AGES];

/** Settles the heap the generator left behind, so a phase is not charged for its collection. */
const settle = (): void => (globalThis as { gc?: () => void }).gc?.();
const seconds = (from: bigint): number => Number(process.hrtime.bigint() - from) / 1e9;
const mib = (bytes: number): number => bytes / 1024 / 1024;
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const verdict = (value: number, target: number, higherIsBetter = true): string => {
  const ratio = higherIsBetter ? value / target : target / value;
  return `${ratio.toFixed(2)}× target ${ratio >= 1 ? 'MET' : 'MISSED'}`;
};

function main(): void {
  let t = process.hrtime.bigint();
  const cells = buildCells();
  const agencies = splitAgencies(cells);
  const per = agencies[0].cells.length;
  const roster = buildRoster(cells, (cell) => agencies[Math.floor(cell / per)]);
  // Give each agency its slice of the roster (rows are in cell order).
  let row = 0;
  for (const agency of agencies) {
    const from = row;
    const last = agency.firstCell + agency.cells.length;
    while (row < roster.size && Math.floor((row / EMPLOYEES) * cells.length) < last) row++;
    agency.roster = rosterView(roster, from, row);
  }
  const targets: TargetValue[] = [];
  for (let k = 0; k < INDICATORS; k++)
    YEARS.forEach((year, y) => targets.push({ indicator: `IND-${k}`, year, value: 10_000 * (1 + 0.08 * y) + k * 100 }));
  console.log(
    `generated ${fmt(cells.length)} cells in ${fmt(agencies.length)} agencies, ${fmt(roster.size)} employees in ${seconds(t).toFixed(1)} s`,
  );

  const plan = { asOf: '2026-06-30', years: YEARS, attritionRate: 0.02, renewContracts: false, retirementAges: RETIREMENT_AGES };
  const problemOf = (agency: Agency, withRoster: boolean): PlanningProblem => ({
    workingTime: { hoursPerYear: 1250 },
    targets,
    cells: agency.cells,
    plan: withRoster ? { ...plan, roster: agency.roster } : plan,
  });
  for (const agency of agencies.slice(0, 20)) computePlanColumns(problemOf(agency, true)); // warm-up

  // 1. Workload and formation for every cell-year (staff counts given, no roster).
  settle();
  t = process.hrtime.bigint();
  let cellYears = 0;
  for (const agency of agencies) cellYears += computePlanColumns(problemOf(agency, false)).plan!.formation.length;
  const workloadSeconds = seconds(t);
  if (cellYears !== cells.length * YEARS.length) throw new Error('benchmark computed the wrong number of cell-years');

  // 2. Retirement projection: every employee's retirement age, last day in post, contract end
  //    and exit year checked against asOf, then counted per cell × year.
  const ages = retirementAgeTable(RETIREMENT_AGES);
  const asOfYmd = prepareProblem(problemOf(agencies[0], true)).horizon!.asOfYmd;
  settle();
  t = process.hrtime.bigint();
  let retirements = 0,
    contractEnds = 0;
  for (const agency of agencies) {
    const staff = resolveStaff(agency.roster, agency.cells.length, (c) => agency.cells[c].positionCode, ages, asOfYmd, false);
    const supply = projectSupply(staff, agency.cells.length, YEARS);
    for (let i = 0; i < supply.retirements.length; i++) {
      retirements += supply.retirements[i];
      contractEnds += supply.contractEnds[i];
    }
  }
  const projectionSeconds = seconds(t);

  // NIPs are unique nationally; imports check it over the whole roster.
  t = process.hrtime.bigint();
  const duplicate = firstDuplicate(roster.nipKey!);
  const duplicateSeconds = seconds(t);
  if (duplicate >= 0) throw new Error(`generated roster repeats a NIP at row ${duplicate}`);

  // 3. The whole national plan: every agency with its roster, as the worker runs it.
  settle();
  t = process.hrtime.bigint();
  let formation = 0;
  for (const agency of agencies) formation += computePlanColumns(problemOf(agency, true)).plan!.formation.reduce((s, v) => s + v, 0);
  const fullSeconds = seconds(t);
  const rss = mib(process.resourceUsage().maxRSS * 1024);

  console.log(
    `\nworkload + formation: ${fmt(cellYears)} cell-years in ${workloadSeconds.toFixed(3)} s = ${fmt(cellYears / workloadSeconds)} cell-years/s (${verdict(cellYears / workloadSeconds, TARGET_CELL_YEARS_PER_S)})`,
  );
  console.log(
    `retirement projection: ${fmt(roster.size)} employees in ${projectionSeconds.toFixed(3)} s = ${fmt(roster.size / projectionSeconds)} employees/s (${verdict(roster.size / projectionSeconds, TARGET_EMPLOYEES_PER_S)})`,
  );
  console.log(`  retirements in horizon ${fmt(retirements)}, PPPK contract ends ${fmt(contractEnds)}`);
  console.log(
    `  national NIP duplicate check (run at import): ${duplicateSeconds.toFixed(3)} s = ${fmt(roster.size / duplicateSeconds)} NIPs/s`,
  );
  console.log(
    `whole national plan (${fmt(agencies.length)} agencies, workload + roster + formation): ${fullSeconds.toFixed(3)} s, formation ${fmt(formation)} over ${YEARS.length} years`,
  );
  console.log(`peak RSS ${fmt(rss)} MiB (${verdict(rss, TARGET_RSS_MIB, false)}; includes the generated input)`);
}

main();
