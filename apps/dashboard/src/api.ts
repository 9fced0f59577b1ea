// The dashboard's only way to data: the public GraphQL API, with the signed-in user's token.
// Every operation is written with graphql() and typed from the API's schema by GraphQL Code
// Generator (apps/dashboard/codegen.ts, output in ./gql): a renamed or removed field fails the
// typecheck, not the planner's browser.
import { Client, createClient } from 'graphql-ws';
import { graphql } from './gql';
import type {
  AgePyramidQuery,
  AgenciesQuery,
  FormationNeedsPageQuery,
  FormationSummaryQuery,
  MeQuery,
  PlanRunProgressSubscription,
  PlanRunsQuery,
  ProposalBoardQuery,
  TypedDocumentString,
} from './gql/graphql';

export type User = MeQuery['me'];
export type Role = User['role'];
export type Agency = AgenciesQuery['agencies'][number];
export type PlanRun = PlanRunsQuery['planRuns'][number];
export type SummaryRow = FormationSummaryQuery['formationSummary'][number];
export type Need = FormationNeedsPageQuery['formationNeeds']['nodes'][number];
export type AgePyramid = AgePyramidQuery['agePyramid'];
export type ProposalBoard = ProposalBoardQuery['proposalBoard'];
type RunProgress = PlanRunProgressSubscription['planRunProgress'];

const LOGIN = graphql(`
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
`);
const ME = graphql(`
  query Me {
    me {
      email
      displayName
      role
      agencyCodes
    }
  }
`);
const AGENCIES = graphql(`
  query Agencies {
    agencies {
      code
      name
    }
  }
`);
const PLAN_RUNS = graphql(`
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
`);
const FORMATION_SUMMARY = graphql(`
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
`);
const FORMATION_NEEDS_PAGE = graphql(`
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
`);
const CELL_EXPLANATION = graphql(`
  query CellExplanation($runId: ID!, $agencyCode: String!, $unitCode: String, $positionCode: String!, $year: Int!) {
    cellExplanationMarkdown(runId: $runId, agencyCode: $agencyCode, unitCode: $unitCode, positionCode: $positionCode, year: $year)
  }
`);
const AGE_PYRAMID = graphql(`
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
`);
const PROPOSAL_BOARD = graphql(`
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
`);
const START_PLAN_RUN = graphql(`
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
`);
const PLAN_RUN_PROGRESS = graphql(`
  subscription PlanRunProgress($runId: ID!) {
    planRunProgress(runId: $runId) {
      status
      progress
      error
    }
  }
`);

export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

export class FormasiApi {
  private ws: Client | null = null;

  constructor(private token: string | null) {}

  get signedIn(): boolean {
    return this.token !== null;
  }

  private async request<TResult, TVariables>(document: TypedDocumentString<TResult, TVariables>, variables?: TVariables): Promise<TResult> {
    const res = await fetch(new URL('../graphql', window.location.href), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
      body: JSON.stringify({ query: document.toString(), variables: variables ?? {} }),
    });
    const body = (await res.json()) as { data?: TResult; errors?: Array<{ message: string; extensions?: { code?: string } }> };
    if (body.errors?.length) throw new ApiError(body.errors.map((e) => e.message).join('; '), body.errors[0]!.extensions?.code);
    return body.data as TResult;
  }

  async login(email: string, password: string): Promise<{ token: string; user: User }> {
    const data = await this.request(LOGIN, { email, password });
    this.token = data.login.token;
    return data.login;
  }

  signOut(): void {
    this.token = null;
    void this.ws?.dispose();
    this.ws = null;
  }

  async me(): Promise<User> {
    return (await this.request(ME)).me;
  }

  async agencies(): Promise<Agency[]> {
    return (await this.request(AGENCIES)).agencies;
  }

  async runs(agencyCode: string | null): Promise<PlanRun[]> {
    return (await this.request(PLAN_RUNS, { agencyCode })).planRuns;
  }

  async summary(runId: string): Promise<SummaryRow[]> {
    return (await this.request(FORMATION_SUMMARY, { runId })).formationSummary;
  }

  /** Every cell of one year (of one agency, or of all the caller may see), page by page. */
  async needs(runId: string, year: number, agencyCode: string | null, maxPages = 40): Promise<Need[]> {
    const all: Need[] = [];
    let after: string | null = null;
    for (let page = 0; page < maxPages; page++) {
      const { formationNeeds }: FormationNeedsPageQuery = await this.request(FORMATION_NEEDS_PAGE, {
        runId,
        filter: { year, agencyCode },
        after,
      });
      all.push(...formationNeeds.nodes);
      if (!formationNeeds.pageInfo.hasNextPage) break;
      after = formationNeeds.pageInfo.endCursor ?? null;
    }
    return all;
  }

  async explanation(runId: string, n: Pick<Need, 'agencyCode' | 'unitCode' | 'positionCode' | 'year'>): Promise<string> {
    const variables = { runId, agencyCode: n.agencyCode, unitCode: n.unitCode, positionCode: n.positionCode, year: n.year };
    return (await this.request(CELL_EXPLANATION, variables)).cellExplanationMarkdown;
  }

  async agePyramid(agencyCode: string, asOf: string | null): Promise<AgePyramid> {
    return (await this.request(AGE_PYRAMID, { agencyCode, asOf })).agePyramid;
  }

  /** National: the API answers it to accounts not limited to agencies. */
  async proposalBoard(year: number): Promise<ProposalBoard> {
    return (await this.request(PROPOSAL_BOARD, { year })).proposalBoard;
  }

  async startRun(agencyCode: string | null, asOf: string, years: number[]): Promise<PlanRun> {
    return (await this.request(START_PLAN_RUN, { input: { agencyCode, asOf, years } })).startPlanRun;
  }

  /** planRunProgress over graphql-ws until the run finishes; resolves with the last state. */
  watchRun(runId: string, onProgress: (run: RunProgress) => void): Promise<void> {
    const url = new URL('../graphql', window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    this.ws ??= createClient({ url: url.toString(), lazy: true, connectionParams: () => ({ authorization: `Bearer ${this.token}` }) });
    const ws = this.ws;
    return new Promise((resolve, reject) => {
      ws.subscribe<PlanRunProgressSubscription>(
        { query: PLAN_RUN_PROGRESS.toString(), variables: { runId } },
        {
          next: (msg) => {
            if (msg.errors?.length) reject(new ApiError(msg.errors.map((e) => e.message).join('; '), undefined));
            else if (msg.data) onProgress(msg.data.planRunProgress);
          },
          error: (e) => reject(e instanceof Error ? e : new Error(String(e))),
          complete: () => resolve(),
        },
      );
    });
  }
}
