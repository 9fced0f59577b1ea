// Formasi planning engine: pure TypeScript, no framework and no I/O. Inputs in, results and
// an explanation trace out, exactly as DOMAIN.md defines the calculation.
export * from './model';
export * from './planning-error';
export { EPSILON, ceilTolerant, roundHalfUpTolerant } from './numeric';
export { parseIsoDate, formatYmd, lastDayBeforePension, isLeapYear } from './dates';
export { parseNip, nipBirthYmd, nipKey, nipRowProblems, NIP_PROBLEM_TEXT } from './nip';
export type { ParsedNip, NipProblem, NipRowFacts, NipRowRule, NipRowWording, Sex } from './nip';
export type { TraceStep } from './trace';
export { resolveWorkingTime } from './working-time';
export { DEFAULT_EFFICIENCY_BANDS, efficiencyBand, roundRequired } from './workload';
export { computePlan, computePlanColumns, createPlanColumns, planRow, PLAN_FIELDS } from './formation-plan';
export type { ColumnarResult, PlanColumns } from './formation-plan';
export type { CellColumns } from './workload';
export { rankCode, rankOf, rosterFromEmployees } from './supply';
export { explainCell } from './explain';
export type { CellExplanation, CellKey, StaffMemberTrace } from './explain';
export { rollUp, emptyRollUp, addToRollUp, finishRollUp } from './roll-up';
export type { RollUp, RollUpInput } from './roll-up';
export { allocateQuota } from './quota-allocation';
export type { QuotaAllocation, QuotaCell, QuotaSlot } from './quota-allocation';
export { compareCellYears, transferHints } from './planner-tools';
export type { CellYearChange, CellYearFigures, TransferHint } from './planner-tools';
export { explanationToMarkdown } from './explanation-markdown';
export { REGULATION_RETIREMENT_AGES } from './policy-defaults';
