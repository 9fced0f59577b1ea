/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type EmploymentType =
  | 'PNS'
  | 'PPPK';

export type FormationFilter = {
  agencyCode?: string | null | undefined;
  category?: PositionCategory | null | undefined;
  positionCode?: string | null | undefined;
  unitCode?: string | null | undefined;
  year?: number | null | undefined;
};

export type PlanRunStatus =
  | 'FAILED'
  | 'QUEUED'
  | 'RUNNING'
  | 'SUCCEEDED';

export type PositionCategory =
  | 'ADMINISTRATOR'
  | 'FUNGSIONAL'
  | 'JPT'
  | 'PELAKSANA'
  | 'PENGAWAS';

/** DRAFT → SUBMITTED (operator) → SIGNED (agency head, SPTJM) → IN_VERIFICATION (verifier) → RETURNED | VERIFIED → DETERMINED (ministry); WITHDRAWN by the agency before verification. */
export type ProposalState =
  | 'DETERMINED'
  | 'DRAFT'
  | 'IN_VERIFICATION'
  | 'RETURNED'
  | 'SIGNED'
  | 'SUBMITTED'
  | 'VERIFIED'
  | 'WITHDRAWN';

/** ADMIN everything; PLANNER reads all agencies, runs plans, sets quotas and targets; AGENCY_OPERATOR maintains its own agencies; VIEWER reads (optionally limited to agencies); AGENCY_HEAD (PPK) signs its agencies' formation proposals; VERIFIER verifies proposals (optionally limited to agencies); MINISTRY determines them. */
export type Role =
  | 'ADMIN'
  | 'AGENCY_HEAD'
  | 'AGENCY_OPERATOR'
  | 'MINISTRY'
  | 'PLANNER'
  | 'VERIFIER'
  | 'VIEWER';

export type RoundingRule =
  | 'CEIL'
  | 'HALF_UP'
  | 'NONE';

/** M male (NIP digit 1), F female (NIP digit 2) */
export type Sex =
  | 'F'
  | 'M';

export type StartPlanRunInput = {
  /** Omit to plan every agency. */
  agencyCode?: string | null | undefined;
  /** Staffing snapshot date, yyyy-mm-dd. */
  asOf: string;
  attritionRate?: number | null | undefined;
  renewContracts?: boolean | null | undefined;
  rounding?: RoundingRule | null | undefined;
  /** A scenario laid over the baseline inputs; the run's own rounding, attrition and renewal still win. */
  scenarioId?: string | number | null | undefined;
  /** Plan years; default the five years after asOf. */
  years?: Array<number> | null | undefined;
};

export type LoginMutationVariables = Exact<{
  email: string;
  password: string;
}>;


export type LoginMutation = { login: { token: string, user: { email: string, displayName: string, role: Role, agencyCodes: Array<string> } } };

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { me: { email: string, displayName: string, role: Role, agencyCodes: Array<string> } };

export type AgenciesQueryVariables = Exact<{ [key: string]: never; }>;


export type AgenciesQuery = { agencies: Array<{ code: string, name: string }> };

export type PlanRunsQueryVariables = Exact<{
  agencyCode?: string | null | undefined;
}>;


export type PlanRunsQuery = { planRuns: Array<{ id: string, agencyCode: string | null, asOf: string, years: Array<number>, status: PlanRunStatus, progress: number, createdAt: string, error: string | null }> };

export type FormationSummaryQueryVariables = Exact<{
  runId: string | number;
}>;


export type FormationSummaryQuery = { formationSummary: Array<{ agencyCode: string | null, year: number, requiredFte: number, required: number, existing: number, supplyEnd: number, formation: number, formationCost: number | null, uncostedFormation: number, retirements: number, contractEnds: number, attrition: number }> };

export type FormationNeedsPageQueryVariables = Exact<{
  runId: string | number;
  filter?: FormationFilter | null | undefined;
  after?: string | null | undefined;
}>;


export type FormationNeedsPageQuery = { formationNeeds: { nodes: Array<{ agencyCode: string, unitCode: string | null, positionCode: string, category: string, year: number, requiredFte: number, required: number, existing: number, retirements: number, contractEnds: number, attrition: number, supplyEnd: number, formation: number, pressure: number, formationCost: number | null }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type CellExplanationQueryVariables = Exact<{
  runId: string | number;
  agencyCode: string;
  unitCode?: string | null | undefined;
  positionCode: string;
  year: number;
}>;


export type CellExplanationQuery = { cellExplanationMarkdown: string };

export type AgePyramidQueryVariables = Exact<{
  agencyCode: string;
  asOf?: string | null | undefined;
}>;


export type AgePyramidQuery = { agePyramid: { agencyCode: string, asOf: string, total: number, pastRetirement: number, rosterVersion: number | null, bands: Array<{ ageFrom: number, ageTo: number, sex: Sex, employmentType: EmploymentType, count: number }>, retirementAges: Array<{ age: number, rule: string, staff: number }>, wave: Array<{ year: number, retirements: number, contractEnds: number }> } };

export type ProposalBoardQueryVariables = Exact<{
  year: number;
}>;


export type ProposalBoardQuery = { proposalBoard: { year: number, agencies: number, notStarted: number, states: Array<{ state: ProposalState, count: number, averageHours: number }> } };

export type StartPlanRunMutationVariables = Exact<{
  input: StartPlanRunInput;
}>;


export type StartPlanRunMutation = { startPlanRun: { id: string, agencyCode: string | null, asOf: string, years: Array<number>, status: PlanRunStatus, progress: number, createdAt: string, error: string | null } };

export type PlanRunProgressSubscriptionVariables = Exact<{
  runId: string | number;
}>;


export type PlanRunProgressSubscription = { planRunProgress: { status: PlanRunStatus, progress: number, error: string | null } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}

export const LoginDocument = new TypedDocumentString(`
    mutation Login($email: String!, $password: String!) {
  login(email: $email, password: $password) {
    token
    user {
      email
      displayName
      role
      agencyCodes
    }
  }
}
    `) as unknown as TypedDocumentString<LoginMutation, LoginMutationVariables>;
export const MeDocument = new TypedDocumentString(`
    query Me {
  me {
    email
    displayName
    role
    agencyCodes
  }
}
    `) as unknown as TypedDocumentString<MeQuery, MeQueryVariables>;
export const AgenciesDocument = new TypedDocumentString(`
    query Agencies {
  agencies {
    code
    name
  }
}
    `) as unknown as TypedDocumentString<AgenciesQuery, AgenciesQueryVariables>;
export const PlanRunsDocument = new TypedDocumentString(`
    query PlanRuns($agencyCode: String) {
  planRuns(agencyCode: $agencyCode, first: 50) {
    id
    agencyCode
    asOf
    years
    status
    progress
    createdAt
    error
  }
}
    `) as unknown as TypedDocumentString<PlanRunsQuery, PlanRunsQueryVariables>;
export const FormationSummaryDocument = new TypedDocumentString(`
    query FormationSummary($runId: ID!) {
  formationSummary(runId: $runId, groupBy: AGENCY) {
    agencyCode
    year
    requiredFte
    required
    existing
    supplyEnd
    formation
    formationCost
    uncostedFormation
    retirements
    contractEnds
    attrition
  }
}
    `) as unknown as TypedDocumentString<FormationSummaryQuery, FormationSummaryQueryVariables>;
export const FormationNeedsPageDocument = new TypedDocumentString(`
    query FormationNeedsPage($runId: ID!, $filter: FormationFilter, $after: String) {
  formationNeeds(runId: $runId, filter: $filter, first: 500, after: $after) {
    nodes {
      agencyCode
      unitCode
      positionCode
      category
      year
      requiredFte
      required
      existing
      retirements
      contractEnds
      attrition
      supplyEnd
      formation
      pressure
      formationCost
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `) as unknown as TypedDocumentString<FormationNeedsPageQuery, FormationNeedsPageQueryVariables>;
export const CellExplanationDocument = new TypedDocumentString(`
    query CellExplanation($runId: ID!, $agencyCode: String!, $unitCode: String, $positionCode: String!, $year: Int!) {
  cellExplanationMarkdown(
    runId: $runId
    agencyCode: $agencyCode
    unitCode: $unitCode
    positionCode: $positionCode
    year: $year
  )
}
    `) as unknown as TypedDocumentString<CellExplanationQuery, CellExplanationQueryVariables>;
export const AgePyramidDocument = new TypedDocumentString(`
    query AgePyramid($agencyCode: String!, $asOf: String) {
  agePyramid(agencyCode: $agencyCode, asOf: $asOf, years: 10) {
    agencyCode
    asOf
    total
    pastRetirement
    rosterVersion
    bands {
      ageFrom
      ageTo
      sex
      employmentType
      count
    }
    retirementAges {
      age
      rule
      staff
    }
    wave {
      year
      retirements
      contractEnds
    }
  }
}
    `) as unknown as TypedDocumentString<AgePyramidQuery, AgePyramidQueryVariables>;
export const ProposalBoardDocument = new TypedDocumentString(`
    query ProposalBoard($year: Int!) {
  proposalBoard(year: $year) {
    year
    agencies
    notStarted
    states {
      state
      count
      averageHours
    }
  }
}
    `) as unknown as TypedDocumentString<ProposalBoardQuery, ProposalBoardQueryVariables>;
export const StartPlanRunDocument = new TypedDocumentString(`
    mutation StartPlanRun($input: StartPlanRunInput!) {
  startPlanRun(input: $input) {
    id
    agencyCode
    asOf
    years
    status
    progress
    createdAt
    error
  }
}
    `) as unknown as TypedDocumentString<StartPlanRunMutation, StartPlanRunMutationVariables>;
export const PlanRunProgressDocument = new TypedDocumentString(`
    subscription PlanRunProgress($runId: ID!) {
  planRunProgress(runId: $runId) {
    status
    progress
    error
  }
}
    `) as unknown as TypedDocumentString<PlanRunProgressSubscription, PlanRunProgressSubscriptionVariables>;