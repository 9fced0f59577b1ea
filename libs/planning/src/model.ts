// Inputs and outputs of the planning engine. Plain data: no classes, no I/O, so the same
// shapes travel from a conformance case, a database snapshot or a benchmark generator.

export const ACTIVITY_KINDS = ['SERVICE', 'SUPPORT', 'ADDITIONAL'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

export const ROUNDING_RULES = ['HALF_UP', 'CEIL', 'NONE'] as const;
export type RoundingRule = (typeof ROUNDING_RULES)[number];

// UU 20/2023: managerial = JPT, administrator, pengawas; non-managerial = fungsional, pelaksana.
export const POSITION_CATEGORIES = ['JPT', 'ADMINISTRATOR', 'PENGAWAS', 'PELAKSANA', 'FUNGSIONAL'] as const;
export type PositionCategory = (typeof POSITION_CATEGORIES)[number];

export const POSITION_LEVELS = [
  'JPT_UTAMA',
  'JPT_MADYA',
  'JPT_PRATAMA',
  'AHLI_PERTAMA',
  'AHLI_MUDA',
  'AHLI_MADYA',
  'AHLI_UTAMA',
  'PEMULA',
  'TERAMPIL',
  'MAHIR',
  'PENYELIA',
] as const;
export type PositionLevel = (typeof POSITION_LEVELS)[number];

export const EMPLOYMENT_TYPES = ['PNS', 'PPPK'] as const;
export type EmploymentType = (typeof EMPLOYMENT_TYPES)[number];

/** Effective working hours given directly (ABK practice: 1,250 h/yr) … */
export interface HoursPerYearProfile {
  hoursPerYear: number;
}

/** … or WISN available working time: (days − holidays − leave) × hours per day. */
export interface WorkingDaysProfile {
  workingDaysPerYear: number;
  publicHolidays?: number;
  annualLeave?: number;
  sickLeave?: number;
  otherLeave?: number;
  hoursPerDay: number;
}

export type WorkingTimeProfile = HoursPerYearProfile | WorkingDaysProfile;

/** volume = factor × target(indicator, year) + base */
export interface VolumeDriver {
  indicator: string;
  factor: number;
  base?: number | null;
}

export interface ServiceActivity {
  kind: 'SERVICE';
  name: string;
  annualVolume?: number | null;
  driver?: VolumeDriver | null;
  minutesPerUnit?: number | null;
  unitsPerHour?: number | null;
}

export interface SupportActivity {
  kind: 'SUPPORT';
  name: string;
  percentOfWorkingTime?: number | null;
  hoursPerYear?: number | null;
}

export interface AdditionalActivity {
  kind: 'ADDITIONAL';
  name: string;
  hoursPerYear: number;
  staffCount?: number | null;
}

export type Activity = ServiceActivity | SupportActivity | AdditionalActivity;

/** A development-target value. Without `unitCode` it is agency-wide; a unit's own value wins. */
export interface TargetValue {
  indicator: string;
  year: number;
  value: number;
  unitCode?: string | null;
  source?: string | null;
  /** Weight of the cells whose volumes this target drives when a quota is allocated; 1 when unset. */
  priority?: number | null;
}

/** One position × unit: the workload standard that applies there and, without a plan, its staff. */
export interface CellInput {
  positionCode: string;
  unitCode?: string | null;
  /** Current staff; ignored when a plan supplies employees. */
  existing?: number;
  activities: Activity[];
}

export interface RetirementAgeRule {
  category: PositionCategory;
  /** Without a level the row applies to every level of the category; a level row wins. */
  level?: PositionLevel | null;
  /** A position whose own law sets another age (teachers, lecturers, …); wins over the rest. */
  positionCode?: string | null;
  age: number;
}

export interface EmployeeInput {
  nip: string;
  birthDate: string;
  positionCode: string;
  unitCode?: string | null;
  category: PositionCategory;
  level?: PositionLevel | null;
  employmentType: EmploymentType;
  contractEnd?: string | null;
}

export interface PlanOptions {
  /** Staffing snapshot date, ISO yyyy-mm-dd. */
  asOf: string;
  years: number[];
  attritionRate?: number;
  renewContracts?: boolean;
  retirementAges: RetirementAgeRule[];
  employees?: EmployeeInput[];
  /** The same staff in columns, for national rosters; used instead of `employees`. */
  roster?: StaffRoster;
}

/** Staffing in columns, one entry per employee. */
export interface StaffRoster {
  size: number;
  /** Index of the employee's cell in the problem. */
  cell: Int32Array;
  birthYmd: Int32Array;
  /** Last day of a PPPK contract, yyyymmdd; 0 for none. */
  contractEndYmd: Int32Array;
  /** 1 for PPPK, 0 for PNS. */
  pppk: Uint8Array;
  /** `rankCode(category, level)` of the position held. */
  rank: Uint8Array;
  /** `nipKey` of each NIP, for the duplicate check; omit where uniqueness is already enforced. */
  nipKey?: Float64Array;
  /** The NIP of a row, for messages and explanations. */
  nipOf?: (row: number) => string;
}

/** ABK position-efficiency (EJ = requiredFte / existing) rating band: the lowest EJ that earns it. */
export interface EfficiencyBand {
  band: string;
  minimum: number;
}

export interface PlanningProblem {
  workingTime: WorkingTimeProfile;
  rounding?: RoundingRule;
  efficiencyBands?: readonly EfficiencyBand[];
  targets?: TargetValue[];
  cells: CellInput[];
  /**
   * Annual cost per person by category and level. Not used by the calculation: carried so a run's
   * snapshot shows what its formation was priced with.
   */
  annualCosts?: AnnualCostRule[];
  /** Year whose targets drive volumes when there is no plan. */
  year?: number;
  plan?: PlanOptions;
}

/** Workload result of one cell in one year (DOMAIN.md "The calculation"). */
export interface CellWorkload {
  positionCode: string;
  unitCode: string | null;
  year: number | null;
  existing: number;
  serviceHours: number;
  serviceStaff: number;
  casPercent: number;
  caf: number;
  iaf: number;
  requiredFte: number;
  required: number;
  wisnDifference: number;
  /** existing / requiredFte; null when nothing is required. */
  wisnRatio: number | null;
  /** ABK position efficiency requiredFte / existing; null when nobody holds the position. */
  efficiency: number | null;
  efficiencyBand: string | null;
}

/** The WISN/ABK indicators of one plan cell-year, decided by the engine alone. */
export interface PlanYearIndicators {
  /** supplyStart / requiredFte; null when nothing is required. */
  wisnRatio: number | null;
  /** The quota-allocation pressure (required − supplyEnd) / required: the share of the need not covered; 0 when nothing is required. */
  pressure: number;
  /** ABK position efficiency requiredFte / supplyStart; null when nobody is in post. */
  efficiency: number | null;
  efficiencyBand: string | null;
}

/** One cell-year of the multi-year formation plan (DOMAIN.md "Multi-year formation plan"). */
export interface PlanCellYear extends PlanYearIndicators {
  positionCode: string;
  unitCode: string | null;
  year: number;
  requiredFte: number;
  required: number;
  supplyStart: number;
  retirements: number;
  contractEnds: number;
  /** attritionRate × stayers, a decimal: what `attrition` rounds in whole persons. */
  expectedAttrition: number;
  /** Whole persons (DOMAIN.md): the rounded running total of expectedAttrition, less earlier years'. */
  attrition: number;
  exits: number;
  supplyEnd: number;
  formation: number;
  surplus: number;
}

export interface PlanningResult {
  workingHoursPerYear: number;
  rounding: RoundingRule;
  /** Workload per cell for `year` (or the first plan year). */
  cells: CellWorkload[];
  /** Plan cell-years, cell by cell in input order, years ascending. Empty without a plan. */
  plan: PlanCellYear[];
}

/** A row of a policy's annual cost table (see cost.ts): rupiah per person per year of a category, or of one level of it. */
export interface AnnualCostRule {
  category: PositionCategory;
  /** Without a level the row applies to every level of the category. */
  level?: PositionLevel | null;
  /** Rupiah per person per year. */
  annualCost: number;
}
