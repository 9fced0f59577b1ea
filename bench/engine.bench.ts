// npm run bench:engine — a synthetic national problem through the planning engine on one core:
// 300,000 position × unit cells with 3–8 activities each, 5 plan years and 4,300,000 employees.
// Prints cell-years per second, employees per second for the retirement projection and peak RSS
// against the targets. Sizes can be scaled down: BENCH_CELLS=30000 BENCH_EMPLOYEES=430000.
import { Activity, CellInput, computePlan, EmployeeInput, PlanningProblem, PositionCategory, PositionLevel, RetirementAgeRule, TargetValue } from '../libs/planning/src';
import { prepareProblem } from '../libs/planning/src/formation-plan';
import { compileStaff, projectSupply, retirementAgeTable } from '../libs/planning/src/supply';

const CELLS = Number(process.env.BENCH_CELLS ?? 300_000);
const EMPLOYEES = Number(process.env.BENCH_EMPLOYEES ?? 4_300_000);
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

function buildCells(): CellInput[] {
  const cells: CellInput[] = new Array(CELLS);
  const positionCodes = Array.from({ length: POSITIONS_PER_UNIT * 30 }, (_, i) => `JAB-${String(i).padStart(4, '0')}`);
  for (let i = 0; i < CELLS; i++) {
    const unit = Math.floor(i / POSITIONS_PER_UNIT);
    const activities: Activity[] = [];
    const count = 3 + Math.floor(random() * 6);
    for (let a = 0; a < count; a++) {
      const r = random();
      if (a === 0 || r < 0.45) activities.push({ kind: 'SERVICE', name: `task ${a}`, annualVolume: Math.floor(random() * 5000), minutesPerUnit: 5 + Math.floor(random() * 120) });
      else if (r < 0.75) activities.push({ kind: 'SERVICE', name: `task ${a}`, driver: { indicator: `IND-${Math.floor(random() * INDICATORS)}`, factor: random() * 0.05, base: 10 }, unitsPerHour: 1 + Math.floor(random() * 8) });
      else if (r < 0.9) activities.push({ kind: 'SUPPORT', name: `support ${a}`, percentOfWorkingTime: random() * 8 });
      else activities.push({ kind: 'ADDITIONAL', name: `extra ${a}`, hoursPerYear: Math.floor(random() * 200), staffCount: 1 + Math.floor(random() * 3) });
    }
    cells[i] = { positionCode: positionCodes[(i % POSITIONS_PER_UNIT) + POSITIONS_PER_UNIT * (unit % 30)], unitCode: `UNIT-${unit}`, activities };
  }
  return cells;
}

function buildEmployees(cells: CellInput[]): EmployeeInput[] {
  // Birth dates from 1968-07 to 2002-12, as interned strings (one per calendar day).
  const days: string[] = [];
  for (let y = 1968; y <= 2002; y++) {
    for (let m = y === 1968 ? 7 : 1; m <= 12; m++) {
      const dim = new Date(Date.UTC(y, m, 0)).getUTCDate();
      for (let d = 1; d <= dim; d++) days.push(`${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
    }
  }
  const employees: EmployeeInput[] = new Array(EMPLOYEES);
  for (let i = 0; i < EMPLOYEES; i++) {
    const cellIndex = Math.floor((i / EMPLOYEES) * cells.length);
    const cell = cells[cellIndex];
    const position = POSITIONS[cellIndex % POSITIONS.length];
    const d = i % days.length;
    const rest = Math.floor(i / days.length);
    const birthDate = days[d];
    const pppk = random() < 0.1;
    const birthYear = Number(birthDate.slice(0, 4));
    const tmt = pppk ? `${birthYear + 24}21` : `${birthYear + 23}${String((rest % 12) + 1).padStart(2, '0')}`;
    const nip = `${birthDate.slice(0, 4)}${birthDate.slice(5, 7)}${birthDate.slice(8)}${tmt}${1 + (i % 2)}${String(pppk ? rest : Math.floor(rest / 12)).padStart(3, '0')}`;
    employees[i] = {
      nip,
      birthDate,
      positionCode: cell.positionCode,
      unitCode: cell.unitCode,
      category: position.category,
      level: position.level,
      employmentType: pppk ? 'PPPK' : 'PNS',
      contractEnd: pppk ? pick(['2027-12-31', '2028-06-30', '2029-12-31', '2031-12-31', '2033-12-31']) : null,
    };
  }
  return employees;
}

const RETIREMENT_AGES: RetirementAgeRule[] = [
  { category: 'JPT', age: 60 },
  { category: 'ADMINISTRATOR', age: 58 },
  { category: 'PENGAWAS', age: 58 },
  { category: 'PELAKSANA', age: 58 },
  { category: 'FUNGSIONAL', age: 58 },
  { category: 'FUNGSIONAL', level: 'AHLI_MADYA', age: 60 },
  { category: 'FUNGSIONAL', level: 'AHLI_UTAMA', age: 65 },
];

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
  const targets: TargetValue[] = [];
  for (let k = 0; k < INDICATORS; k++) YEARS.forEach((year, y) => targets.push({ indicator: `IND-${k}`, year, value: 10_000 * (1 + 0.08 * y) + k * 100 }));
  const employees = buildEmployees(cells);
  console.log(`generated ${fmt(cells.length)} cells, ${fmt(employees.length)} employees in ${seconds(t).toFixed(1)} s`);

  const problem: PlanningProblem = {
    workingTime: { hoursPerYear: 1250 },
    targets,
    cells,
    plan: { asOf: '2026-06-30', years: YEARS, attritionRate: 0.02, renewContracts: false, retirementAges: RETIREMENT_AGES, employees },
  };

  // 1. Workload and formation for every cell-year (staff counts given, no roster).
  const workloadOnly: PlanningProblem = { ...problem, plan: { ...problem.plan!, employees: undefined } };
  computePlan({ ...workloadOnly, cells: cells.slice(0, 2000) }); // warm-up
  t = process.hrtime.bigint();
  const workload = computePlan(workloadOnly);
  const workloadSeconds = seconds(t);
  const cellYears = workload.plan.length;

  // 2. Retirement projection of the roster: validation + exit year of every employee.
  const prepared = prepareProblem(problem);
  const cellIndex = (positionCode: string, unitCode: string | null) => prepared.index.get(unitCode ?? '')?.get(positionCode) ?? -1;
  t = process.hrtime.bigint();
  const staff = compileStaff(employees, cellIndex, retirementAgeTable(RETIREMENT_AGES), prepared.horizon!.asOfYmd, false);
  const compileSeconds = seconds(t);
  t = process.hrtime.bigint();
  const supply = projectSupply(staff, cells.length, prepared.horizon!);
  const projectSeconds = seconds(t);
  const retirements = supply.retirements.reduce((s, v) => s + v, 0);
  const contractEnds = supply.contractEnds.reduce((s, v) => s + v, 0);

  // 3. The whole national plan in one call, as the worker runs it.
  t = process.hrtime.bigint();
  const full = computePlan(problem);
  const fullSeconds = seconds(t);
  const formation = full.plan.reduce((s, r) => s + r.formation, 0);
  const rss = mib(process.resourceUsage().maxRSS * 1024);

  const projectionSeconds = compileSeconds + projectSeconds;
  console.log(`\nworkload + formation: ${fmt(cellYears)} cell-years in ${workloadSeconds.toFixed(3)} s = ${fmt(cellYears / workloadSeconds)} cell-years/s (${verdict(cellYears / workloadSeconds, TARGET_CELL_YEARS_PER_S)})`);
  console.log(`retirement projection: ${fmt(employees.length)} employees in ${projectionSeconds.toFixed(3)} s = ${fmt(employees.length / projectionSeconds)} employees/s (${verdict(employees.length / projectionSeconds, TARGET_EMPLOYEES_PER_S)})`);
  console.log(`  of which validation + cell lookup ${compileSeconds.toFixed(3)} s, exit-year pass ${projectSeconds.toFixed(3)} s (${fmt(employees.length / projectSeconds)} employees/s)`);
  console.log(`  retirements in horizon ${fmt(retirements)}, PPPK contract ends ${fmt(contractEnds)}`);
  console.log(`whole national plan (one computePlan call): ${fullSeconds.toFixed(3)} s, formation ${fmt(formation)} over ${YEARS.length} years`);
  console.log(`peak RSS ${fmt(rss)} MiB (${verdict(rss, TARGET_RSS_MIB, false)}; includes the generated input)`);
}

main();
