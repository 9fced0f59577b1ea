// The version of the planning rules this engine implements. Every run records it (plan_run and
// plan_result `rules_version`), so a reader of an old run knows which rules computed its numbers;
// raise it, and add a line here, whenever a change to the engine changes a stored figure.
export const PLANNING_RULES_VERSION = 2;

export const PLANNING_RULES_CHANGES: Readonly<Record<number, string>> = Object.freeze({
  1: 'attrition as a decimal: attritionRate × supplyStart; rounding decided with a tolerance relative to the value',
  2:
    'attrition in whole persons: the running total of expected attrition (attritionRate × stayers), rounded half up, ' +
    'less the attrition already counted; rounding and the CAS% ≥ 100 refusal exact for inputs of up to 6 decimals',
});
