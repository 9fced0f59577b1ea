/* eslint-disable */
import * as types from './graphql';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      token\n      user {\n        email\n        displayName\n        role\n        agencyCodes\n      }\n    }\n  }\n": typeof types.LoginDocument,
    "\n  query Me {\n    me {\n      email\n      displayName\n      role\n      agencyCodes\n    }\n  }\n": typeof types.MeDocument,
    "\n  query Agencies {\n    agencies {\n      code\n      name\n    }\n  }\n": typeof types.AgenciesDocument,
    "\n  query PlanRuns($agencyCode: String) {\n    planRuns(agencyCode: $agencyCode, first: 50) {\n      id\n      agencyCode\n      asOf\n      years\n      status\n      progress\n      createdAt\n      error\n    }\n  }\n": typeof types.PlanRunsDocument,
    "\n  query FormationSummary($runId: ID!) {\n    formationSummary(runId: $runId, groupBy: AGENCY) {\n      agencyCode\n      year\n      requiredFte\n      required\n      existing\n      supplyEnd\n      formation\n      formationCost\n      uncostedFormation\n      retirements\n      contractEnds\n      attrition\n    }\n  }\n": typeof types.FormationSummaryDocument,
    "\n  query FormationNeedsPage($runId: ID!, $filter: FormationFilter, $after: String) {\n    formationNeeds(runId: $runId, filter: $filter, first: 500, after: $after) {\n      nodes {\n        agencyCode\n        unitCode\n        positionCode\n        category\n        year\n        requiredFte\n        required\n        existing\n        retirements\n        contractEnds\n        attrition\n        supplyEnd\n        formation\n        pressure\n        formationCost\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.FormationNeedsPageDocument,
    "\n  query CellExplanation($runId: ID!, $agencyCode: String!, $unitCode: String, $positionCode: String!, $year: Int!) {\n    cellExplanationMarkdown(runId: $runId, agencyCode: $agencyCode, unitCode: $unitCode, positionCode: $positionCode, year: $year)\n  }\n": typeof types.CellExplanationDocument,
    "\n  query AgePyramid($agencyCode: String!, $asOf: String) {\n    agePyramid(agencyCode: $agencyCode, asOf: $asOf, years: 10) {\n      agencyCode\n      asOf\n      total\n      pastRetirement\n      rosterVersion\n      bands {\n        ageFrom\n        ageTo\n        sex\n        employmentType\n        count\n      }\n      retirementAges {\n        age\n        rule\n        staff\n      }\n      wave {\n        year\n        retirements\n        contractEnds\n      }\n    }\n  }\n": typeof types.AgePyramidDocument,
    "\n  query ProposalBoard($year: Int!) {\n    proposalBoard(year: $year) {\n      year\n      agencies\n      notStarted\n      states {\n        state\n        count\n        averageHours\n      }\n    }\n  }\n": typeof types.ProposalBoardDocument,
    "\n  mutation StartPlanRun($input: StartPlanRunInput!) {\n    startPlanRun(input: $input) {\n      id\n      agencyCode\n      asOf\n      years\n      status\n      progress\n      createdAt\n      error\n    }\n  }\n": typeof types.StartPlanRunDocument,
    "\n  subscription PlanRunProgress($runId: ID!) {\n    planRunProgress(runId: $runId) {\n      status\n      progress\n      error\n    }\n  }\n": typeof types.PlanRunProgressDocument,
};
const documents: Documents = {
    "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      token\n      user {\n        email\n        displayName\n        role\n        agencyCodes\n      }\n    }\n  }\n": types.LoginDocument,
    "\n  query Me {\n    me {\n      email\n      displayName\n      role\n      agencyCodes\n    }\n  }\n": types.MeDocument,
    "\n  query Agencies {\n    agencies {\n      code\n      name\n    }\n  }\n": types.AgenciesDocument,
    "\n  query PlanRuns($agencyCode: String) {\n    planRuns(agencyCode: $agencyCode, first: 50) {\n      id\n      agencyCode\n      asOf\n      years\n      status\n      progress\n      createdAt\n      error\n    }\n  }\n": types.PlanRunsDocument,
    "\n  query FormationSummary($runId: ID!) {\n    formationSummary(runId: $runId, groupBy: AGENCY) {\n      agencyCode\n      year\n      requiredFte\n      required\n      existing\n      supplyEnd\n      formation\n      formationCost\n      uncostedFormation\n      retirements\n      contractEnds\n      attrition\n    }\n  }\n": types.FormationSummaryDocument,
    "\n  query FormationNeedsPage($runId: ID!, $filter: FormationFilter, $after: String) {\n    formationNeeds(runId: $runId, filter: $filter, first: 500, after: $after) {\n      nodes {\n        agencyCode\n        unitCode\n        positionCode\n        category\n        year\n        requiredFte\n        required\n        existing\n        retirements\n        contractEnds\n        attrition\n        supplyEnd\n        formation\n        pressure\n        formationCost\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.FormationNeedsPageDocument,
    "\n  query CellExplanation($runId: ID!, $agencyCode: String!, $unitCode: String, $positionCode: String!, $year: Int!) {\n    cellExplanationMarkdown(runId: $runId, agencyCode: $agencyCode, unitCode: $unitCode, positionCode: $positionCode, year: $year)\n  }\n": types.CellExplanationDocument,
    "\n  query AgePyramid($agencyCode: String!, $asOf: String) {\n    agePyramid(agencyCode: $agencyCode, asOf: $asOf, years: 10) {\n      agencyCode\n      asOf\n      total\n      pastRetirement\n      rosterVersion\n      bands {\n        ageFrom\n        ageTo\n        sex\n        employmentType\n        count\n      }\n      retirementAges {\n        age\n        rule\n        staff\n      }\n      wave {\n        year\n        retirements\n        contractEnds\n      }\n    }\n  }\n": types.AgePyramidDocument,
    "\n  query ProposalBoard($year: Int!) {\n    proposalBoard(year: $year) {\n      year\n      agencies\n      notStarted\n      states {\n        state\n        count\n        averageHours\n      }\n    }\n  }\n": types.ProposalBoardDocument,
    "\n  mutation StartPlanRun($input: StartPlanRunInput!) {\n    startPlanRun(input: $input) {\n      id\n      agencyCode\n      asOf\n      years\n      status\n      progress\n      createdAt\n      error\n    }\n  }\n": types.StartPlanRunDocument,
    "\n  subscription PlanRunProgress($runId: ID!) {\n    planRunProgress(runId: $runId) {\n      status\n      progress\n      error\n    }\n  }\n": types.PlanRunProgressDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      token\n      user {\n        email\n        displayName\n        role\n        agencyCodes\n      }\n    }\n  }\n"): typeof import('./graphql').LoginDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me {\n    me {\n      email\n      displayName\n      role\n      agencyCodes\n    }\n  }\n"): typeof import('./graphql').MeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Agencies {\n    agencies {\n      code\n      name\n    }\n  }\n"): typeof import('./graphql').AgenciesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PlanRuns($agencyCode: String) {\n    planRuns(agencyCode: $agencyCode, first: 50) {\n      id\n      agencyCode\n      asOf\n      years\n      status\n      progress\n      createdAt\n      error\n    }\n  }\n"): typeof import('./graphql').PlanRunsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FormationSummary($runId: ID!) {\n    formationSummary(runId: $runId, groupBy: AGENCY) {\n      agencyCode\n      year\n      requiredFte\n      required\n      existing\n      supplyEnd\n      formation\n      formationCost\n      uncostedFormation\n      retirements\n      contractEnds\n      attrition\n    }\n  }\n"): typeof import('./graphql').FormationSummaryDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FormationNeedsPage($runId: ID!, $filter: FormationFilter, $after: String) {\n    formationNeeds(runId: $runId, filter: $filter, first: 500, after: $after) {\n      nodes {\n        agencyCode\n        unitCode\n        positionCode\n        category\n        year\n        requiredFte\n        required\n        existing\n        retirements\n        contractEnds\n        attrition\n        supplyEnd\n        formation\n        pressure\n        formationCost\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): typeof import('./graphql').FormationNeedsPageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CellExplanation($runId: ID!, $agencyCode: String!, $unitCode: String, $positionCode: String!, $year: Int!) {\n    cellExplanationMarkdown(runId: $runId, agencyCode: $agencyCode, unitCode: $unitCode, positionCode: $positionCode, year: $year)\n  }\n"): typeof import('./graphql').CellExplanationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AgePyramid($agencyCode: String!, $asOf: String) {\n    agePyramid(agencyCode: $agencyCode, asOf: $asOf, years: 10) {\n      agencyCode\n      asOf\n      total\n      pastRetirement\n      rosterVersion\n      bands {\n        ageFrom\n        ageTo\n        sex\n        employmentType\n        count\n      }\n      retirementAges {\n        age\n        rule\n        staff\n      }\n      wave {\n        year\n        retirements\n        contractEnds\n      }\n    }\n  }\n"): typeof import('./graphql').AgePyramidDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ProposalBoard($year: Int!) {\n    proposalBoard(year: $year) {\n      year\n      agencies\n      notStarted\n      states {\n        state\n        count\n        averageHours\n      }\n    }\n  }\n"): typeof import('./graphql').ProposalBoardDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartPlanRun($input: StartPlanRunInput!) {\n    startPlanRun(input: $input) {\n      id\n      agencyCode\n      asOf\n      years\n      status\n      progress\n      createdAt\n      error\n    }\n  }\n"): typeof import('./graphql').StartPlanRunDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription PlanRunProgress($runId: ID!) {\n    planRunProgress(runId: $runId) {\n      status\n      progress\n      error\n    }\n  }\n"): typeof import('./graphql').PlanRunProgressDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
