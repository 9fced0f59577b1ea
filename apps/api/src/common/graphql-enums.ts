import { registerEnumType } from '@nestjs/graphql';
import { ACTIVITY_KINDS, EMPLOYMENT_TYPES, POSITION_CATEGORIES, POSITION_LEVELS, ROUNDING_RULES } from '@formasi/planning';
import { AGENCY_KINDS, PLAN_RUN_STATUSES, SEXES, TARGET_SOURCES } from '@formasi/database';

type EnumObject<T extends string> = { [K in T]: K };
export function enumOf<T extends string>(values: readonly T[]): EnumObject<T> {
  return Object.fromEntries(values.map((v) => [v, v])) as EnumObject<T>;
}

export const AgencyKindEnum = enumOf(AGENCY_KINDS);
export const PositionCategoryEnum = enumOf(POSITION_CATEGORIES);
export const PositionLevelEnum = enumOf(POSITION_LEVELS);
export const ActivityKindEnum = enumOf(ACTIVITY_KINDS);
export const RoundingRuleEnum = enumOf(ROUNDING_RULES);
export const EmploymentTypeEnum = enumOf(EMPLOYMENT_TYPES);
export const SexEnum = enumOf(SEXES);
export const TargetSourceEnum = enumOf(TARGET_SOURCES);
export const PlanRunStatusEnum = enumOf(PLAN_RUN_STATUSES);

registerEnumType(AgencyKindEnum, { name: 'AgencyKind' });
registerEnumType(PositionCategoryEnum, { name: 'PositionCategory' });
registerEnumType(PositionLevelEnum, { name: 'PositionLevel' });
registerEnumType(ActivityKindEnum, { name: 'ActivityKind' });
registerEnumType(RoundingRuleEnum, { name: 'RoundingRule' });
registerEnumType(EmploymentTypeEnum, { name: 'EmploymentType' });
registerEnumType(SexEnum, { name: 'Sex', description: 'M male (NIP digit 1), F female (NIP digit 2)' });
registerEnumType(TargetSourceEnum, { name: 'TargetSource' });
registerEnumType(PlanRunStatusEnum, { name: 'PlanRunStatus' });
