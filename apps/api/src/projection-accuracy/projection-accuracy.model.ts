import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { EXIT_ACCURACY_STATUSES, OBSERVED_EXIT_KINDS, PROJECTED_EXIT_KINDS } from '@formasi/planning';
import type { ExitAccuracyStatus, ObservedExitKind, PositionCategory, PositionLevel, ProjectedExitKind } from '@formasi/planning';
import { PERSONAL_FIELD_NOTE, personalData } from '../auth/personal-data';
import { EmploymentTypeEnum, enumOf, PositionCategoryEnum, PositionLevelEnum } from '../common/graphql-enums';

export const ExitAccuracyStatusEnum = enumOf(EXIT_ACCURACY_STATUSES);
export const ProjectedExitKindEnum = enumOf(PROJECTED_EXIT_KINDS);
export const ObservedExitKindEnum = enumOf(OBSERVED_EXIT_KINDS);
export const UnobservedReason = enumOf(['NO_ROSTER_BEFORE', 'NO_ROSTER_AFTER', 'ROWS_PURGED', 'RUN_INPUTS_PURGED'] as const);
export type UnobservedReason = keyof typeof UnobservedReason;
registerEnumType(ExitAccuracyStatusEnum, {
  name: 'ExitAccuracyStatus',
  description:
    'PROJECTED_LEFT: projected to leave in the year and gone from the later roster version; PROJECTED_STAYED: projected but still there; LEFT_UNPROJECTED: left between the versions without being projected to leave in the year.',
});
registerEnumType(ProjectedExitKindEnum, { name: 'ProjectedExitKind' });
registerEnumType(ObservedExitKindEnum, {
  name: 'ObservedExitKind',
  description:
    'Why a leaver left, read from their roster row: pension age or contract end reached by the later version, else OTHER (what the attrition rate stands for).',
});
registerEnumType(UnobservedReason, {
  name: 'ProjectionUnobservedReason',
  description:
    "NO_ROSTER_BEFORE: no roster version taken on or before the period start; NO_ROSTER_AFTER: none on or after 31 December of the year yet; ROWS_PURGED: a bracketing version's rows were dropped (ROSTER_VERSIONS_KEPT); RUN_INPUTS_PURGED: the roster version the run read was dropped, so its projection cannot be recomputed.",
});

@ObjectType({
  description:
    'A projection against observation, for one category or all (category null). Counts are persons; rates are ratios of sums. See docs/projection-accuracy.md.',
})
export class AccuracyFiguresModel {
  @Field(() => PositionCategoryEnum, { nullable: true }) category: PositionCategory | null;
  @Field(() => Float, { description: "Σ supplyStart of the year's cells." }) projectedSupplyStart: number;
  @Field(() => Int) projectedRetirements: number;
  @Field(() => Int) projectedContractEnds: number;
  @Field(() => Float, { description: 'Whole persons, as the plan counts them.' }) projectedAttrition: number;
  @Field(() => Float, { description: 'Σ attritionRate × stayers: the decimal the whole persons round.' })
  projectedExpectedAttrition: number;
  @Field(() => Float, { description: 'projectedRetirements + projectedContractEnds + projectedAttrition.' }) projectedExits: number;
  @Field(() => Float, {
    nullable: true,
    description: 'Σ expectedAttrition / Σ (supplyStart − retirements − contractEnds): the rate the run used.',
  })
  projectedAttritionRate: number | null;
  @Field(() => Int, { description: 'Headcount of the earlier roster version.' }) observedInPost: number;
  @Field(() => Int, { description: 'NIPs of the earlier version that the later one does not have.' }) observedLeavers: number;
  @Field(() => Int) observedRetirements: number;
  @Field(() => Int) observedContractEnds: number;
  @Field(() => Int, { description: 'Leavers for any other reason: resignation, death, dismissal, transfer out.' })
  observedOtherLeavers: number;
  @Field(() => Int, { description: 'observedInPost − observedRetirements − observedContractEnds.' }) observedStayers: number;
  @Field(() => Float, { description: 'observedStayers × windowMonths / 12, summed: person-years exposed to attrition.' })
  exposureYears: number;
  @Field(() => Int, { description: 'observedRetirements − projectedRetirements (positive: more left than projected).' })
  retirementsError: number;
  @Field(() => Int) contractEndsError: number;
  @Field(() => Float, { description: 'observedOtherLeavers − projectedAttrition.' }) attritionError: number;
  @Field(() => Float, { description: 'observedLeavers − projectedExits.' }) exitsError: number;
  @Field(() => Float, { nullable: true, description: 'exitsError / projectedExits; null when no exit was projected.' }) exitsRelativeError:
    number | null;
  @Field(() => Int, { description: 'Projected to retire in the year and gone from the later version.' }) retirementsProjectedLeft: number;
  @Field(() => Int, { description: 'Projected to retire in the year and still in the later version.' }) retirementsProjectedStayed: number;
  @Field(() => Int, { description: 'Left between the versions having reached pension age, not projected to retire in the year.' })
  retirementsUnprojected: number;
  @Field(() => Int) contractEndsProjectedLeft: number;
  @Field(() => Int) contractEndsProjectedStayed: number;
  @Field(() => Int) contractEndsUnprojected: number;
  @Field(() => Float, {
    nullable: true,
    description: "observedOtherLeavers / exposureYears: an annual attrition rate from the agency's own history; null without exposure.",
  })
  suggestedAttritionRate: number | null;
}

@ObjectType({ description: "One agency's projection for the year against the roster versions that bracket it." })
export class AgencyProjectionAccuracyModel {
  @Field() agencyCode: string;
  @Field() agencyName: string;
  @Field({ description: 'Whether both bracketing versions exist with their rows; the figures are null otherwise.' }) observed: boolean;
  @Field(() => UnobservedReason, { nullable: true }) unobservedReason: UnobservedReason | null;
  @Field({
    description:
      "The day the run's projection for the year starts counting exits from: the run's asOf for its first plan year, else 31 December of the previous plan year.",
  })
  periodStart: string;
  @Field(() => Int, { nullable: true, description: 'The newest roster version taken on or before periodStart.' }) fromVersion:
    number | null;
  @Field(() => String, { nullable: true }) fromAsOf: string | null;
  @Field(() => Int, { nullable: true, description: 'The earliest roster version taken on or after 31 December of the year.' }) toVersion:
    number | null;
  @Field(() => String, { nullable: true }) toAsOf: string | null;
  @Field(() => Int, { nullable: true, description: 'Whole months between fromAsOf and toAsOf (days / 30.436875, rounded).' }) windowMonths:
    number | null;
  @Field(() => AccuracyFiguresModel, { nullable: true }) total: AccuracyFiguresModel | null;
  @Field(() => [AccuracyFiguresModel]) categories: AccuracyFiguresModel[];
}

@ObjectType()
export class ProjectionAccuracyReportModel {
  @Field(() => ID) runId: string;
  @Field(() => Int) year: number;
  @Field(() => [AgencyProjectionAccuracyModel], { description: "The run's agencies the caller may read, by code." })
  agencies: AgencyProjectionAccuracyModel[];
  @Field(() => AccuracyFiguresModel, {
    nullable: true,
    description: 'The observed agencies summed (exposure in person-years); null when none is observed.',
  })
  total: AccuracyFiguresModel | null;
  @Field(() => [AccuracyFiguresModel], { description: 'The observed agencies summed per category.' }) categories: AccuracyFiguresModel[];
}

@ObjectType({ description: 'One employee projected to leave in the year, or who left between the versions without being projected to.' })
export class StaffExitAccuracyModel {
  @Field(() => String, { nullable: true, middleware: [personalData], description: PERSONAL_FIELD_NOTE }) nip: string;
  @Field() positionCode: string;
  @Field(() => String, { nullable: true }) unitCode: string | null;
  @Field(() => PositionCategoryEnum) category: PositionCategory;
  @Field(() => PositionLevelEnum, { nullable: true }) level: PositionLevel | null;
  @Field(() => EmploymentTypeEnum) employmentType: string;
  @Field(() => ExitAccuracyStatusEnum) status: ExitAccuracyStatus;
  @Field(() => ProjectedExitKindEnum, { nullable: true }) projectedExit: ProjectedExitKind | null;
  @Field(() => Int, {
    nullable: true,
    description: 'The plan year the run counted this exit in (for an unprojected leaver: another year, or null).',
  })
  projectedExitYear: number | null;
  @Field(() => String, { nullable: true }) projectedLastDay: string | null;
  @Field(() => ObservedExitKindEnum, { nullable: true, description: 'Null while still in post.' }) observedExit: ObservedExitKind | null;
  @Field(() => String, { nullable: true }) observedLastDay: string | null;
}

@ObjectType()
export class StaffExitAccuracyEdge {
  @Field() cursor: string;
  @Field(() => StaffExitAccuracyModel) node: StaffExitAccuracyModel;
}

@ObjectType()
export class StaffExitAccuracyPageInfo {
  @Field(() => String, { nullable: true }) endCursor: string | null;
  @Field() hasNextPage: boolean;
}

@ObjectType()
export class StaffExitAccuracyConnection {
  @Field(() => Int) totalCount: number;
  @Field(() => [StaffExitAccuracyEdge]) edges: StaffExitAccuracyEdge[];
  @Field(() => StaffExitAccuracyPageInfo) pageInfo: StaffExitAccuracyPageInfo;
}
