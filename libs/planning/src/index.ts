// Formasi planning engine: pure TypeScript, no framework and no I/O. Inputs in, results and
// an explanation trace out, exactly as DOMAIN.md defines the calculation.
export * from './model';
export * from './planning-error';
export { EPSILON, atLeastTolerant, ceilTolerant, roundHalfUpTolerant, tolerance } from './numeric';
export { parseIsoDate, formatYmd, lastDayBeforePension, isLeapYear, daysInMonth } from './dates';
export { parseNip, nipBirthYmd, nipKey, nipFromKey, repeatedKeys, nipRowProblems, NIP_PROBLEM_TEXT } from './nip';
export type { ParsedNip, NipProblem, NipRowFacts, NipRowRule, NipRowWording, Sex } from './nip';
export type { TraceStep } from './trace';
export { resolveWorkingTime } from './working-time';
export { DEFAULT_EFFICIENCY_BANDS, efficiencyBand, roundRequired } from './workload';
export { computePlan, computePlanColumns, createPlanColumns, planRow, planYearIndicators, PLAN_FIELDS } from './formation-plan';
export type { ColumnarResult, PlanColumns } from './formation-plan';
export type { CellColumns } from './workload';
export { rankCode, rankOf, rosterFromEmployees } from './supply';
export { explainCell } from './explain';
export type { CellExplanation, CellKey, StaffMemberTrace } from './explain';
export { rollUp, emptyRollUp, addToRollUp, finishRollUp } from './roll-up';
export type { RollUp, RollUpInput } from './roll-up';
export { rollUpAgency, rollUpRegionsAndNation, provinceOf } from './stored-roll-up';
export type { RollUpCell, StoredGradeRow, StoredRollUp, StoredRollUpScope, StoredRollUpGrouping } from './stored-roll-up';
export { DecimalSum, decimalOf, decimalFromText, decimalText, decimalToNumber, addDecimals, divideDecimals } from './decimal';
export type { Decimal } from './decimal';
export { allocateQuota } from './quota-allocation';
export type { QuotaAllocation, QuotaCell, QuotaSlot } from './quota-allocation';
export { transferHints } from './planner-tools';
export type { CellYearFigures, TransferHint } from './planner-tools';
export { explanationToMarkdown } from './explanation-markdown';
export { REGULATION_RETIREMENT_AGES } from './policy-defaults';
export { applyOverrides, ownStandardKey, scenarioForAgency } from './scenario';
export type { PlanOverrides, ScenarioOverrides, StandardOverride, TargetOverride } from './scenario';
export { cellPriorities, DEFAULT_PRIORITY } from './priority';
export { annualCostTable } from './cost';
export type { AnnualCostRule } from './model';
export { PLANNING_RULES_VERSION, PLANNING_RULES_CHANGES } from './rules-version';
export { formationCostOf } from './cost';
export { activityProblems } from './activity-rules';
export type { ActivityProblem } from './activity-rules';
export { activityFromRecord } from './activity-record';
export type { ActivityRecord } from './activity-record';
export { parsePositionCategory, parsePositionLevel, ACCEPTED_CATEGORY_TEXT, ACCEPTED_LEVEL_TEXT } from './position-vocabulary';
export type { VocabularyResult } from './position-vocabulary';
export { ageOn, ageProfile } from './age-profile';
export type { AgeBandCount, AgeProfile, AgeProfileGroup, ExitYearCount, RetirementAgeUse } from './age-profile';
export { compareProjection, observedExitKind, projectedExits, sumAccuracy, windowMonths } from './projection-accuracy';
export { EXIT_ACCURACY_STATUSES, OBSERVED_EXIT_KINDS, PROJECTED_EXIT_KINDS } from './projection-accuracy';
export type {
  AccuracyFigures,
  ExitAccuracyStatus,
  ObservedExitKind,
  ProjectedExit,
  ProjectedExitKind,
  ProjectedFigures,
  ProjectionAccuracyInput,
  ProjectionAccuracyResult,
  RosterMember,
  StaffExitAccuracy,
} from './projection-accuracy';
export { UNFILLED_REASONS, appointeeKey, funnelRatios, isUnfilledReason, matchAppointees, outcomeProblems } from './recruitment-outcome';
export type {
  AppointeeLine,
  FunnelRatios,
  FunnelSums,
  OutcomeCounts,
  OutcomeField,
  OutcomeProblem,
  OutcomeRule,
  UnfilledReason,
} from './recruitment-outcome';
