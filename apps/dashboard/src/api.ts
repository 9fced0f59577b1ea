// The dashboard's only way to data: the public GraphQL API, with the signed-in user's token.
import { Client, createClient } from 'graphql-ws';

export type Role = 'ADMIN' | 'PLANNER' | 'AGENCY_OPERATOR' | 'VIEWER' | 'AGENCY_HEAD' | 'VERIFIER' | 'MINISTRY';

export interface User {
  email: string;
  displayName: string;
  role: Role;
  agencyCodes: string[];
}
export interface Agency {
  code: string;
  name: string;
}
export interface PlanRun {
  id: string;
  agencyCode: string | null;
  asOf: string;
  years: number[];
  status: string;
  progress: number;
  createdAt: string;
  error: string | null;
}
export interface SummaryRow {
  agencyCode: string | null;
  year: number;
  requiredFte: number;
  required: number;
  existing: number;
  supplyEnd: number;
  formation: number;
  formationCost: number | null;
  uncostedFormation: number;
  retirements: number;
  contractEnds: number;
  attrition: number;
}
export interface Need {
  agencyCode: string;
  unitCode: string | null;
  positionCode: string;
  category: string;
  year: number;
  requiredFte: number;
  required: number;
  existing: number;
  retirements: number;
  contractEnds: number;
  attrition: number;
  supplyEnd: number;
  formation: number;
  pressure: number;
  formationCost: number | null;
}
export interface AgePyramid {
  agencyCode: string;
  asOf: string;
  total: number;
  pastRetirement: number;
  rosterVersion: number | null;
  bands: Array<{ ageFrom: number; ageTo: number; sex: 'M' | 'F'; employmentType: 'PNS' | 'PPPK'; count: number }>;
  retirementAges: Array<{ age: number; rule: string; staff: number }>;
  wave: Array<{ year: number; retirements: number; contractEnds: number }>;
}

export interface ProposalBoard {
  year: number;
  agencies: number;
  notStarted: number;
  states: Array<{ state: string; count: number; averageHours: number }>;
}

export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

const RUN_FIELDS = 'id agencyCode asOf years status progress createdAt error';
const NEED_FIELDS =
  'agencyCode unitCode positionCode category year requiredFte required existing retirements contractEnds attrition supplyEnd formation pressure formationCost';

export class FormasiApi {
  private ws: Client | null = null;

  constructor(private token: string | null) {}

  get signedIn(): boolean {
    return this.token !== null;
  }

  private async request<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const res = await fetch(new URL('../graphql', window.location.href), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: T; errors?: Array<{ message: string; extensions?: { code?: string } }> };
    if (body.errors?.length) throw new ApiError(body.errors.map((e) => e.message).join('; '), body.errors[0]!.extensions?.code);
    return body.data as T;
  }

  async login(email: string, password: string): Promise<{ token: string; user: User }> {
    const data = await this.request<{ login: { token: string; user: User } }>(
      'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token user { email displayName role agencyCodes } } }',
      { e: email, p: password },
    );
    this.token = data.login.token;
    return data.login;
  }

  signOut(): void {
    this.token = null;
    void this.ws?.dispose();
    this.ws = null;
  }

  async me(): Promise<User> {
    return (await this.request<{ me: User }>('{ me { email displayName role agencyCodes } }')).me;
  }

  async agencies(): Promise<Agency[]> {
    return (await this.request<{ agencies: Agency[] }>('{ agencies { code name } }')).agencies;
  }

  async runs(agencyCode: string | null): Promise<PlanRun[]> {
    const q = `query($c: String) { planRuns(agencyCode: $c, first: 50) { ${RUN_FIELDS} } }`;
    return (await this.request<{ planRuns: PlanRun[] }>(q, { c: agencyCode })).planRuns;
  }

  async summary(runId: string): Promise<SummaryRow[]> {
    const q = `query($r: ID!) { formationSummary(runId: $r, groupBy: AGENCY) {
      agencyCode year requiredFte required existing supplyEnd formation formationCost uncostedFormation retirements contractEnds attrition } }`;
    return (await this.request<{ formationSummary: SummaryRow[] }>(q, { r: runId })).formationSummary;
  }

  /** Every cell of one year (of one agency, or of all the caller may see), page by page. */
  async needs(runId: string, year: number, agencyCode: string | null, maxPages = 40): Promise<Need[]> {
    const q = `query($r: ID!, $f: FormationFilter, $after: String) { formationNeeds(runId: $r, filter: $f, first: 500, after: $after) {
      nodes { ${NEED_FIELDS} } pageInfo { hasNextPage endCursor } } }`;
    const all: Need[] = [];
    let after: string | null = null;
    for (let page = 0; page < maxPages; page++) {
      type Page = { formationNeeds: { nodes: Need[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };
      const data: Page = await this.request<Page>(q, { r: runId, f: { year, agencyCode }, after });
      all.push(...data.formationNeeds.nodes);
      if (!data.formationNeeds.pageInfo.hasNextPage) break;
      after = data.formationNeeds.pageInfo.endCursor;
    }
    return all;
  }

  async explanation(runId: string, n: Pick<Need, 'agencyCode' | 'unitCode' | 'positionCode' | 'year'>): Promise<string> {
    const q =
      'query($r: ID!, $a: String!, $u: String, $p: String!, $y: Int!) { cellExplanationMarkdown(runId: $r, agencyCode: $a, unitCode: $u, positionCode: $p, year: $y) }';
    return (
      await this.request<{ cellExplanationMarkdown: string }>(q, { r: runId, a: n.agencyCode, u: n.unitCode, p: n.positionCode, y: n.year })
    ).cellExplanationMarkdown;
  }

  async agePyramid(agencyCode: string, asOf: string | null): Promise<AgePyramid> {
    const q = `query($c: String!, $asOf: String) { agePyramid(agencyCode: $c, asOf: $asOf, years: 10) {
      agencyCode asOf total pastRetirement rosterVersion bands { ageFrom ageTo sex employmentType count }
      retirementAges { age rule staff } wave { year retirements contractEnds } } }`;
    return (await this.request<{ agePyramid: AgePyramid }>(q, { c: agencyCode, asOf })).agePyramid;
  }

  /** National: the API answers it to accounts not limited to agencies. */
  async proposalBoard(year: number): Promise<ProposalBoard> {
    const q = 'query($y: Int!) { proposalBoard(year: $y) { year agencies notStarted states { state count averageHours } } }';
    return (await this.request<{ proposalBoard: ProposalBoard }>(q, { y: year })).proposalBoard;
  }

  async startRun(agencyCode: string | null, asOf: string, years: number[]): Promise<PlanRun> {
    const q = `mutation($i: StartPlanRunInput!) { startPlanRun(input: $i) { ${RUN_FIELDS} } }`;
    return (await this.request<{ startPlanRun: PlanRun }>(q, { i: { agencyCode, asOf, years } })).startPlanRun;
  }

  /** planRunProgress over graphql-ws until the run finishes; resolves with the last state. */
  watchRun(runId: string, onProgress: (run: Pick<PlanRun, 'status' | 'progress' | 'error'>) => void): Promise<void> {
    const url = new URL('../graphql', window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    this.ws ??= createClient({ url: url.toString(), lazy: true, connectionParams: () => ({ authorization: `Bearer ${this.token}` }) });
    const ws = this.ws;
    return new Promise((resolve, reject) => {
      ws.subscribe<{ planRunProgress: Pick<PlanRun, 'status' | 'progress' | 'error'> }>(
        { query: 'subscription($id: ID!) { planRunProgress(runId: $id) { status progress error } }', variables: { id: runId } },
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
