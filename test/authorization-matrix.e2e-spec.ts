import { GraphQLSchemaHost } from '@nestjs/graphql';
import { createClient } from 'graphql-ws';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import type { Role } from '@formasi/database';
import { E2eApp, GqlResponse, startE2eApp, waitForRun } from './support/e2e-app';
import {
  RETIREMENT_AGES,
  START_RUN,
  UPSERT_AGENCY,
  UPSERT_EMPLOYEES,
  UPSERT_POLICY,
  UPSERT_POSITION,
  UPSERT_PROFILE,
  UPSERT_STANDARD,
  UPSERT_TARGETS,
  UPSERT_UNIT,
  mutate,
} from './support/reference-data';
import { pns, report, toCsv, upload } from './fixtures/staffing/staffing-helpers';
import { report as standardsReport } from './fixtures/standards/standards-helpers';

// Who may do what, for every operation the API has: one table, one row per GraphQL root field
// and REST route, each checked for every role against its own agency and another agency.
// A new operation without a row here fails the coverage tests below.

type Actor = 'ADMIN' | 'PLANNER' | 'OPERATOR' | 'VIEWER' | 'VIEWER_A' | 'HEAD' | 'VERIFIER' | 'MINISTRY';
/** all: any agency; own: only KAB-A (the actor's agency); none: refused. */
type Reach = 'all' | 'own' | 'none';
type Allow = Record<Actor, Reach>;
type Side = 'own' | 'other';

const ACTORS: Record<Actor, { role: Role; agencies: string[] }> = {
  ADMIN: { role: 'ADMIN', agencies: [] },
  PLANNER: { role: 'PLANNER', agencies: [] },
  OPERATOR: { role: 'AGENCY_OPERATOR', agencies: ['KAB-A'] },
  VIEWER: { role: 'VIEWER', agencies: [] },
  VIEWER_A: { role: 'VIEWER', agencies: ['KAB-A'] },
  HEAD: { role: 'AGENCY_HEAD', agencies: ['KAB-A'] },
  VERIFIER: { role: 'VERIFIER', agencies: [] },
  MINISTRY: { role: 'MINISTRY', agencies: [] },
};

const allow = (
  admin: Reach,
  planner: Reach,
  operator: Reach,
  viewer: Reach,
  viewerA: Reach,
  head: Reach = 'none',
  verifier: Reach = 'none',
  ministry: Reach = 'none',
): Allow => ({
  ADMIN: admin,
  PLANNER: planner,
  OPERATOR: operator,
  VIEWER: viewer,
  VIEWER_A: viewerA,
  HEAD: head,
  VERIFIER: verifier,
  MINISTRY: ministry,
});
// an agency's data, readable by all who may see it
const EVERYONE_OWN = allow('all', 'all', 'own', 'all', 'own', 'own', 'all', 'all');
const EVERYONE = allow('all', 'all', 'all', 'all', 'all', 'all', 'all', 'all'); // national catalogue, own account
const ADMIN_ONLY = allow('all', 'none', 'none', 'none', 'none');
const PLANNING = allow('all', 'all', 'none', 'none', 'none');
const NATIONAL_READ = allow('all', 'all', 'none', 'all', 'none'); // across agencies: unlimited accounts
const AGENCY_EDIT = allow('all', 'none', 'own', 'none', 'none');
// the proposal cycle: the agency side drafts and signs, verifiers verify, the ministry determines
const AGENCY_SIDE = allow('all', 'none', 'own', 'none', 'none', 'own');
const HEAD_ONLY = allow('none', 'none', 'none', 'none', 'none', 'own');
const VERIFIER_ONLY = allow('none', 'none', 'none', 'none', 'none', 'none', 'all');
const MINISTRY_ONLY = allow('none', 'none', 'none', 'none', 'none', 'none', 'none', 'all');
const OUTCOME_RECORDERS = allow('all', 'none', 'own', 'none', 'none', 'none', 'all');
const BOARD = allow('all', 'all', 'none', 'all', 'none', 'none', 'all', 'all'); // national: unlimited accounts

/** What each side of a case points at. */
interface Fixture {
  agency: string;
  other: string;
  unit: string;
  run: string;
  nationalRun: string;
  submission: string;
  allocation: string;
  userId: string;
  apiKeyId: string;
  scenario: string;
  proposal: string;
  decidedProposal: string;
  attachment: string;
}

interface Case {
  /** The GraphQL root field, or `METHOD /route/:param` as the router knows it. */
  op: string;
  allow: Allow;
  /** Whether the other agency is a separate case (operations on one agency's data). */
  sided: boolean;
  gql?: (f: Fixture, side: Side) => { query: string; variables?: Record<string, unknown> };
  rest?: (
    f: Fixture,
    side: Side,
  ) => {
    method: 'get' | 'post';
    path: string;
    file?: string;
    fileName?: string;
    fields?: Record<string, string>;
  };
  ws?: true;
  /** Error codes an allowed call may still answer (the guard let it through). */
  allowedErrors?: string[];
}

// a move the guard let through may still find the proposal in another state (an earlier row moved it)
const MOVE_ERRORS = ['WRONG_STATE', 'CONFLICT', 'BAD_USER_INPUT'];
const agencyOf = (f: Fixture, side: Side): string => (side === 'own' ? f.agency : f.other);
const q = (query: string, variables: Record<string, unknown> = {}) => ({ query, variables });
let emails = 0;

const CASES: Case[] = [
  // reference data
  { op: 'agencies', allow: EVERYONE, sided: false, gql: () => q('{ agencies { code } }') },
  {
    op: 'agency',
    allow: EVERYONE_OWN,
    sided: true,
    gql: (f, s) => q('query($c: String!) { agency(code: $c) { code units { code } } }', { c: agencyOf(f, s) }),
  },
  { op: 'positions', allow: EVERYONE, sided: false, gql: () => q('{ positions { code } }') },
  {
    op: 'workloadStandards',
    allow: EVERYONE_OWN,
    sided: true,
    gql: (f, s) => q('query($c: String) { workloadStandards(agencyCode: $c) { id } }', { c: agencyOf(f, s) }),
  },
  {
    op: 'developmentTargets',
    allow: EVERYONE_OWN,
    sided: true,
    gql: (f, s) => q('query($c: String!) { developmentTargets(agencyCode: $c) { id } }', { c: agencyOf(f, s) }),
  },
  {
    op: 'agePyramid',
    allow: EVERYONE_OWN,
    sided: true,
    gql: (f, s) => q('query($c: String!) { agePyramid(agencyCode: $c) { total } }', { c: agencyOf(f, s) }),
  },
  {
    op: 'upsertAgency',
    allow: ADMIN_ONLY,
    sided: true,
    gql: (f, s) =>
      q(UPSERT_AGENCY, {
        i: { code: agencyOf(f, s), name: `Kabupaten ${agencyOf(f, s)}`, kind: 'REGENCY', regionCode: s === 'own' ? '33.01' : '33.02' },
      }),
  },
  {
    op: 'upsertOrgUnit',
    allow: AGENCY_EDIT,
    sided: true,
    gql: (f, s) => q(UPSERT_UNIT, { i: { agencyCode: agencyOf(f, s), code: f.unit, name: 'Dinas Kesehatan' } }),
  },
  {
    op: 'upsertPosition',
    allow: ADMIN_ONLY,
    sided: false,
    gql: () => q(UPSERT_POSITION, { i: { code: 'PERAWAT', name: 'Perawat Terampil', category: 'FUNGSIONAL', level: 'TERAMPIL' } }),
  },
  {
    op: 'upsertWorkloadStandard',
    allow: AGENCY_EDIT,
    sided: true,
    gql: (f, s) =>
      q(UPSERT_STANDARD, { i: { positionCode: 'PERAWAT', agencyCode: agencyOf(f, s), unitCode: f.unit, activities: STANDARD } }),
  },
  {
    op: 'upsertDevelopmentTargets',
    allow: allow('all', 'all', 'own', 'none', 'none'),
    sided: true,
    gql: (f, s) =>
      q(UPSERT_TARGETS, {
        i: {
          agencyCode: agencyOf(f, s),
          targets: [{ unitCode: f.unit, indicator: 'kunjungan', year: 2027, value: 7500, source: 'RENSTRA' }],
        },
      }),
  },
  {
    op: 'upsertWorkingTimeProfile',
    allow: PLANNING,
    sided: false,
    gql: () => q(UPSERT_PROFILE, { i: { code: 'ABK-1250', name: 'ABK 1.250 jam', hoursPerYear: 1250 } }),
  },
  {
    op: 'upsertPlanningPolicy',
    allow: PLANNING,
    sided: true,
    gql: (f, s) =>
      q(UPSERT_POLICY, {
        i: {
          agencyCode: agencyOf(f, s),
          workingTimeProfileCode: 'ABK-1250',
          rounding: 'HALF_UP',
          attritionRate: 0,
          renewContracts: false,
          retirementAges: RETIREMENT_AGES,
        },
      }),
  },
  // before upsertEmployees, which writes a newer roster version: committing the current one again is a no-op
  {
    op: 'commitStaffingSubmission',
    allow: AGENCY_EDIT,
    sided: true,
    gql: (f, s) => q('mutation($id: ID!) { commitStaffingSubmission(id: $id) { id status } }', { id: submissionOf(f, s) }),
  },
  {
    op: 'upsertEmployees',
    allow: AGENCY_EDIT,
    sided: true,
    gql: (f, s) => q(UPSERT_EMPLOYEES, { i: { agencyCode: agencyOf(f, s), rows: [employee(s === 'own' ? 101 : 201)] } }),
  },
  // plans and results
  {
    op: 'startPlanRun',
    allow: PLANNING,
    sided: true,
    gql: (f, s) => q(START_RUN, { i: { agencyCode: agencyOf(f, s), asOf: '2026-12-31', years: [2027] } }),
  },
  {
    op: 'planRuns',
    allow: EVERYONE_OWN,
    sided: true,
    gql: (f, s) => q('query($c: String) { planRuns(agencyCode: $c) { id } }', { c: agencyOf(f, s) }),
  },
  { op: 'planRun', allow: EVERYONE_OWN, sided: true, gql: (f, s) => q('query($id: ID!) { planRun(id: $id) { id } }', { id: runOf(f, s) }) },
  {
    op: 'planRunProgress',
    allow: EVERYONE_OWN,
    sided: true,
    ws: true,
    gql: (f, s) => q('subscription($id: ID!) { planRunProgress(runId: $id) { status } }', { id: runOf(f, s) }),
  },
  {
    op: 'formationNeeds',
    allow: EVERYONE_OWN,
    sided: true,
    gql: (f, s) => q('query($r: ID!) { formationNeeds(runId: $r) { totalCount } }', { r: runOf(f, s) }),
  },
  {
    op: 'formationSummary',
    allow: EVERYONE_OWN,
    sided: true,
    gql: (f, s) => q('query($r: ID!) { formationSummary(runId: $r, groupBy: AGENCY) { agencyCode } }', { r: runOf(f, s) }),
  },
  {
    op: 'cellExplanation',
    allow: EVERYONE_OWN,
    sided: true,
    gql: (f, s) =>
      q(
        'query($r: ID!, $c: String!, $u: String) { cellExplanation(runId: $r, agencyCode: $c, unitCode: $u, positionCode: "PERAWAT", year: 2027) }',
        { r: f.nationalRun, c: agencyOf(f, s), u: f.unit },
      ),
  },
  {
    op: 'cellExplanationMarkdown',
    allow: EVERYONE_OWN,
    sided: true,
    gql: (f, s) =>
      q(
        'query($r: ID!, $c: String!, $u: String) { cellExplanationMarkdown(runId: $r, agencyCode: $c, unitCode: $u, positionCode: "PERAWAT", year: 2027) }',
        { r: f.nationalRun, c: agencyOf(f, s), u: f.unit },
      ),
  },
  // planner tools: national reads and quota decisions
  {
    op: 'projectionAccuracy',
    allow: EVERYONE_OWN,
    sided: true,
    gql: (f, s) =>
      q('query($r: ID!) { projectionAccuracy(runId: $r, year: 2027) { agencies { agencyCode observed } } }', { r: runOf(f, s) }),
  },
  {
    op: 'projectionAccuracyStaff',
    allow: EVERYONE_OWN,
    sided: true,
    allowedErrors: ['BAD_USER_INPUT'],
    gql: (f, s) =>
      q('query($r: ID!, $c: String!) { projectionAccuracyStaff(runId: $r, year: 2027, agencyCode: $c) { totalCount } }', {
        r: f.nationalRun,
        c: agencyOf(f, s),
      }),
  },
  {
    op: 'compareRuns',
    allow: NATIONAL_READ,
    sided: false,
    gql: (f) =>
      q('query($a: ID!, $b: ID!) { compareRuns(a: $a, b: $b) { cells { positionCode } } }', { a: f.nationalRun, b: f.nationalRun }),
  },
  {
    op: 'transferHints',
    allow: NATIONAL_READ,
    sided: false,
    gql: (f) => q('query($r: ID!) { transferHints(runId: $r, year: 2027, scope: REGION) { positionCode } }', { r: f.nationalRun }),
  },
  {
    op: 'allocateQuota',
    allow: PLANNING,
    sided: false,
    gql: (f) =>
      q('mutation($i: AllocateQuotaInput!) { allocateQuota(input: $i) { id } }', { i: { runId: f.nationalRun, year: 2027, quota: 1 } }),
  },
  {
    op: 'quotaAllocation',
    allow: NATIONAL_READ,
    sided: false,
    gql: (f) => q('query($id: ID!) { quotaAllocation(id: $id) { id } }', { id: f.allocation }),
  },
  {
    op: 'quotaAllocations',
    allow: NATIONAL_READ,
    sided: false,
    gql: (f) => q('query($r: ID!) { quotaAllocations(runId: $r) { id } }', { r: f.nationalRun }),
  },
  // scenarios and stored roll-ups (ministry planning)
  {
    op: 'createScenario',
    allow: PLANNING,
    sided: false,
    gql: () =>
      q('mutation($i: CreateScenarioInput!) { createScenario(input: $i) { id } }', {
        i: { name: `Matrix ${++emails}`, overrides: { attritionRate: 0.02 } },
      }),
  },
  {
    op: 'updateScenario',
    allow: PLANNING,
    sided: false,
    gql: (f) =>
      q('mutation($i: UpdateScenarioInput!) { updateScenario(input: $i) { id } }', { i: { id: f.scenario, description: 'checked' } }),
  },
  { op: 'scenario', allow: NATIONAL_READ, sided: false, gql: (f) => q('query($id: ID!) { scenario(id: $id) { id } }', { id: f.scenario }) },
  { op: 'scenarios', allow: NATIONAL_READ, sided: false, gql: () => q('{ scenarios { id } }') },
  {
    op: 'formationRollUp',
    allow: NATIONAL_READ,
    sided: false,
    gql: (f) => q('query($r: ID!) { formationRollUp(runId: $r, scope: NATION) { requiredFte } }', { r: f.nationalRun }),
  },
  // staffing submissions
  {
    op: 'staffingSubmission',
    allow: EVERYONE_OWN,
    sided: true,
    gql: (f, s) => q('query($id: ID!) { staffingSubmission(id: $id) { id status } }', { id: submissionOf(f, s) }),
  },
  {
    op: 'staffingSubmissions',
    allow: EVERYONE_OWN,
    sided: true,
    gql: (f, s) => q('query($c: String!) { staffingSubmissions(agencyCode: $c) { id } }', { c: agencyOf(f, s) }),
  },
  // standards and targets imports
  {
    op: 'standardsSubmission',
    allow: EVERYONE_OWN,
    sided: true,
    gql: (f, s) => q('query($id: ID!) { standardsSubmission(id: $id) { id status } }', { id: standardsOf(s) }),
  },
  {
    op: 'standardsSubmissions',
    allow: EVERYONE_OWN,
    sided: true,
    gql: (f, s) => q('query($c: String) { standardsSubmissions(kind: STANDARDS, agencyCode: $c) { id } }', { c: agencyOf(f, s) }),
  },
  // committed in setup: committing again is a no-op; planners commit targets, not standards
  {
    op: 'commitStandardsSubmission',
    allow: AGENCY_EDIT,
    sided: true,
    gql: (f, s) => q('mutation($id: ID!) { commitStandardsSubmission(id: $id) { id status } }', { id: standardsOf(s) }),
  },
  {
    op: 'planRunInputVersions',
    allow: EVERYONE_OWN,
    sided: true,
    gql: (f, s) => q('query($r: ID!) { planRunInputVersions(runId: $r) { standards } }', { r: runOf(f, s) }),
  },
  {
    op: 'rosterAtVersion',
    allow: EVERYONE_OWN,
    sided: true,
    gql: (f, s) => q('query($c: String!) { rosterAtVersion(agencyCode: $c, version: 1) { totalCount } }', { c: agencyOf(f, s) }),
  },
  // accounts and the audit log
  {
    op: 'login',
    allow: EVERYONE,
    sided: false,
    gql: () => q('mutation { login(email: "nobody@e2e.formasi.test", password: "not-a-password") { token } }'),
    allowedErrors: ['UNAUTHENTICATED'],
  },
  { op: 'me', allow: EVERYONE, sided: false, gql: () => q('{ me { email role agencyCodes } }') },
  {
    op: 'changePassword',
    allow: EVERYONE,
    sided: false,
    gql: () => q('mutation { changePassword(currentPassword: "not-the-password", newPassword: "a-new-password-123") }'),
    allowedErrors: ['UNAUTHENTICATED'],
  },
  { op: 'users', allow: ADMIN_ONLY, sided: false, gql: () => q('{ users { email } }') },
  {
    op: 'createUser',
    allow: ADMIN_ONLY,
    sided: false,
    gql: () =>
      q('mutation($i: CreateUserInput!) { createUser(input: $i) { id } }', {
        i: { email: `matrix-${++emails}@e2e.formasi.test`, displayName: 'Matrix', role: 'VIEWER', agencyCodes: [] },
      }),
  },
  {
    op: 'updateUser',
    allow: ADMIN_ONLY,
    sided: false,
    gql: (f) => q('mutation($i: UpdateUserInput!) { updateUser(input: $i) { id } }', { i: { id: f.userId, displayName: 'Renamed' } }),
  },
  { op: 'apiKeys', allow: ADMIN_ONLY, sided: false, gql: () => q('{ apiKeys { id } }') },
  {
    op: 'createApiKey',
    allow: ADMIN_ONLY,
    sided: false,
    gql: (f) => q('mutation($u: ID!) { createApiKey(input: { userId: $u, name: "SIMPEG" }) { key } }', { u: f.userId }),
  },
  {
    op: 'revokeApiKey',
    allow: ADMIN_ONLY,
    sided: false,
    gql: (f) => q('mutation($id: ID!) { revokeApiKey(id: $id) { id } }', { id: f.apiKeyId }),
  },
  { op: 'auditLog', allow: ADMIN_ONLY, sided: false, gql: () => q('{ auditLog(first: 5) { entries { action } } }') },
  // formation proposals: queries and documents first, then the moves (a withdrawal ends the proposal)
  {
    op: 'proposal',
    allow: EVERYONE_OWN,
    sided: true,
    gql: (f, s) => q('query($id: ID!) { proposal(id: $id) { id state } }', { id: proposalOf(f, s) }),
  },
  {
    op: 'proposals',
    allow: EVERYONE_OWN,
    sided: true,
    gql: (f, s) => q('query($c: String) { proposals(agencyCode: $c) { totalCount } }', { c: agencyOf(f, s) }),
  },
  { op: 'proposalBoard', allow: BOARD, sided: false, gql: () => q('{ proposalBoard(year: 2027) { agencies } }') },
  {
    op: 'proposalChanged',
    allow: EVERYONE_OWN,
    sided: true,
    ws: true,
    gql: (f, s) =>
      q('subscription($id: ID!) { proposalChanged(proposalId: $id) { action } }', {
        id: s === 'own' ? f.decidedProposal : DECIDED_B,
      }),
  },
  {
    op: 'proposalPolicy',
    allow: EVERYONE_OWN,
    sided: true,
    gql: (f, s) => q('query($c: String) { proposalPolicy(agencyCode: $c) { defaultGroup } }', { c: agencyOf(f, s) }),
  },
  {
    op: 'upsertProposalPolicy',
    allow: PLANNING,
    sided: true,
    gql: (f, s) =>
      q('mutation($i: UpsertProposalPolicyInput!) { upsertProposalPolicy(input: $i) { agencyCode } }', {
        i: { agencyCode: agencyOf(f, s) },
      }),
  },
  {
    op: 'POST /proposals/:proposalId/attachments',
    allow: AGENCY_SIDE,
    sided: true,
    rest: (f, s) => ({
      method: 'post',
      path: `/proposals/${proposalOf(f, s)}/attachments`,
      file: PDF,
      fileName: 'peta-jabatan.pdf',
      fields: { kind: 'PETA_JABATAN' },
    }),
  },
  {
    op: 'GET /proposals/:proposalId/attachments/:attachmentId',
    allow: EVERYONE_OWN,
    sided: true,
    rest: (f, s) => ({ method: 'get', path: `/proposals/${proposalOf(f, s)}/attachments/${s === 'own' ? f.attachment : ATTACHMENT_B}` }),
  },
  {
    op: 'GET /proposals/:proposalId/rincian.csv',
    allow: EVERYONE_OWN,
    sided: true,
    rest: (f, s) => ({ method: 'get', path: `/proposals/${proposalOf(f, s)}/rincian.csv` }),
  },
  {
    op: 'GET /proposals/:proposalId/rincian.xlsx',
    allow: EVERYONE_OWN,
    sided: true,
    rest: (f, s) => ({ method: 'get', path: `/proposals/${proposalOf(f, s)}/rincian.xlsx` }),
  },
  {
    op: 'POST /proposals/:proposalId/determination',
    allow: MINISTRY_ONLY,
    sided: true,
    allowedErrors: ['WRONG_STATE'],
    rest: (f, s) => ({ method: 'post', path: `/proposals/${proposalOf(f, s)}/determination`, file: 'jenis_pengadaan\n', fields: {} }),
  },
  // recruitment outcomes of determined lines: the agency or BKN records them, the agency's readers read them
  {
    op: 'recordRecruitmentOutcomes',
    allow: OUTCOME_RECORDERS,
    sided: true,
    allowedErrors: ['WRONG_STATE', 'BAD_USER_INPUT'],
    gql: (f, s) =>
      q('mutation($i: RecordRecruitmentOutcomesInput!) { recordRecruitmentOutcomes(input: $i) { applied } }', {
        i: {
          proposalId: proposalOf(f, s),
          dryRun: true,
          lines: [{ lineId: proposalOf(f, s), applicants: 0, passed: 0, optimalisasi: 0, withdrew: 0, appointed: 0, unfilled: 0 }],
        },
      }),
  },
  {
    op: 'recruitmentOutcomes',
    allow: EVERYONE_OWN,
    sided: true,
    allowedErrors: ['WRONG_STATE'],
    gql: (f, s) => q('query($id: ID!) { recruitmentOutcomes(proposalId: $id) { lineId } }', { id: proposalOf(f, s) }),
  },
  {
    op: 'appointeeMatches',
    allow: EVERYONE_OWN,
    sided: true,
    allowedErrors: ['WRONG_STATE'],
    gql: (f, s) => q('query($id: ID!) { appointeeMatches(proposalId: $id) { missing } }', { id: proposalOf(f, s) }),
  },
  {
    op: 'recruitmentFunnel',
    allow: EVERYONE_OWN,
    sided: true,
    gql: (f, s) => q('query($c: String) { recruitmentFunnel(agencyCode: $c) { determined } }', { c: agencyOf(f, s) }),
  },
  {
    op: 'GET /proposals/:proposalId/outcomes.csv',
    allow: EVERYONE_OWN,
    sided: true,
    allowedErrors: ['WRONG_STATE'],
    rest: (f, s) => ({ method: 'get', path: `/proposals/${proposalOf(f, s)}/outcomes.csv` }),
  },
  {
    op: 'POST /proposals/:proposalId/outcomes',
    allow: OUTCOME_RECORDERS,
    sided: true,
    allowedErrors: ['WRONG_STATE', 'BAD_USER_INPUT'],
    rest: (f, s) => ({ method: 'post', path: `/proposals/${proposalOf(f, s)}/outcomes`, file: 'line_id\n', fields: { dryRun: 'true' } }),
  },
  {
    op: 'GET /outcomes/funnel.csv',
    allow: EVERYONE_OWN,
    sided: true,
    rest: (f, s) => ({ method: 'get', path: `/outcomes/funnel.csv?agencyCode=${agencyOf(f, s)}` }),
  },
  {
    op: 'createProposalFromRun',
    allow: AGENCY_EDIT,
    sided: true,
    allowedErrors: ['CONFLICT'],
    gql: (f, s) =>
      q('mutation($i: CreateProposalFromRunInput!) { createProposalFromRun(input: $i) { id } }', {
        i: { runId: runOf(f, s), agencyCode: agencyOf(f, s), year: 2027 },
      }),
  },
  {
    op: 'updateProposalLines',
    allow: AGENCY_EDIT,
    sided: true,
    allowedErrors: MOVE_ERRORS,
    gql: (f, s) => move('updateProposalLines', 'UpdateProposalLinesInput', proposalOf(f, s)),
  },
  {
    op: 'submitProposal',
    allow: AGENCY_EDIT,
    sided: true,
    allowedErrors: MOVE_ERRORS,
    gql: (f, s) => move('submitProposal', 'ProposalActionInput', proposalOf(f, s)),
  },
  {
    op: 'signProposal',
    allow: HEAD_ONLY,
    sided: true,
    allowedErrors: MOVE_ERRORS,
    gql: (f, s) => move('signProposal', 'SignProposalInput', proposalOf(f, s), { signerName: 'Kepala', signerNip: '197001011995031001' }),
  },
  {
    op: 'takeProposalForVerification',
    allow: VERIFIER_ONLY,
    sided: true,
    allowedErrors: MOVE_ERRORS,
    gql: (f, s) => move('takeProposalForVerification', 'ProposalActionInput', proposalOf(f, s)),
  },
  {
    op: 'returnProposal',
    allow: VERIFIER_ONLY,
    sided: true,
    allowedErrors: MOVE_ERRORS,
    gql: (f, s) => move('returnProposal', 'ReturnProposalInput', proposalOf(f, s), { reason: 'Lengkapi ABK' }),
  },
  {
    op: 'verifyProposal',
    allow: VERIFIER_ONLY,
    sided: true,
    allowedErrors: MOVE_ERRORS,
    gql: (f, s) => move('verifyProposal', 'VerifyProposalInput', proposalOf(f, s)),
  },
  {
    op: 'determineProposal',
    allow: MINISTRY_ONLY,
    sided: true,
    allowedErrors: MOVE_ERRORS,
    gql: (f, s) =>
      move('determineProposal', 'DetermineProposalInput', proposalOf(f, s), {
        decreeNumber: 'B/1/2027',
        decreeDate: '2027-03-01',
      }),
  },
  {
    op: 'withdrawProposal',
    allow: AGENCY_SIDE,
    sided: true,
    allowedErrors: MOVE_ERRORS,
    gql: (f, s) => move('withdrawProposal', 'WithdrawProposalInput', proposalOf(f, s), { reason: 'Dihitung ulang' }),
  },
  // REST routes beside GraphQL
  { op: 'GET /health', allow: EVERYONE, sided: false, rest: () => ({ method: 'get', path: '/health' }) },
  { op: 'GET /staffing/template.csv', allow: EVERYONE, sided: false, rest: () => ({ method: 'get', path: '/staffing/template.csv' }) },
  { op: 'GET /staffing/template.xlsx', allow: EVERYONE, sided: false, rest: () => ({ method: 'get', path: '/staffing/template.xlsx' }) },
  {
    op: 'POST /staffing/:agencyCode/submissions',
    allow: AGENCY_EDIT,
    sided: true,
    rest: (f, s) => ({
      method: 'post',
      path: `/staffing/${agencyOf(f, s)}/submissions`,
      file: roster(s === 'own' ? 'A' : 'B', s === 'own' ? 301 : 401),
    }),
  },
  {
    op: 'GET /staffing/submissions/:id/errors.csv',
    allow: AGENCY_EDIT,
    sided: true,
    rest: (f, s) => ({ method: 'get', path: `/staffing/submissions/${submissionOf(f, s)}/errors.csv` }),
  },
  { op: 'GET /standards/template.csv', allow: EVERYONE, sided: false, rest: () => ({ method: 'get', path: '/standards/template.csv' }) },
  { op: 'GET /standards/template.xlsx', allow: EVERYONE, sided: false, rest: () => ({ method: 'get', path: '/standards/template.xlsx' }) },
  { op: 'GET /targets/template.csv', allow: EVERYONE, sided: false, rest: () => ({ method: 'get', path: '/targets/template.csv' }) },
  { op: 'GET /targets/template.xlsx', allow: EVERYONE, sided: false, rest: () => ({ method: 'get', path: '/targets/template.xlsx' }) },
  {
    op: 'POST /standards/submissions',
    allow: AGENCY_EDIT,
    sided: true,
    rest: (f, s) => ({ method: 'post', path: `/standards/submissions?agencyCode=${agencyOf(f, s)}`, file: STANDARDS_FILE }),
  },
  {
    op: 'POST /targets/:agencyCode/submissions',
    allow: allow('all', 'all', 'own', 'none', 'none'),
    sided: true,
    rest: (f, s) => ({ method: 'post', path: `/targets/${agencyOf(f, s)}/submissions`, file: TARGETS_FILE }),
  },
  {
    op: 'GET /standards/submissions/:id/errors.csv',
    allow: EVERYONE_OWN,
    sided: true,
    rest: (f, s) => ({ method: 'get', path: `/standards/submissions/${standardsOf(s)}/errors.csv` }),
  },
  {
    op: 'GET /standards/export.csv',
    allow: EVERYONE_OWN,
    sided: true,
    rest: (f, s) => ({ method: 'get', path: `/standards/export.csv?agencyCode=${agencyOf(f, s)}` }),
  },
  {
    op: 'GET /standards/export.xlsx',
    allow: EVERYONE_OWN,
    sided: true,
    rest: (f, s) => ({ method: 'get', path: `/standards/export.xlsx?agencyCode=${agencyOf(f, s)}` }),
  },
  {
    op: 'GET /targets/:agencyCode/export.csv',
    allow: EVERYONE_OWN,
    sided: true,
    rest: (f, s) => ({ method: 'get', path: `/targets/${agencyOf(f, s)}/export.csv?layout=wide` }),
  },
  {
    op: 'GET /targets/:agencyCode/export.xlsx',
    allow: EVERYONE_OWN,
    sided: true,
    rest: (f, s) => ({ method: 'get', path: `/targets/${agencyOf(f, s)}/export.xlsx` }),
  },
  {
    op: 'GET /runs/:runId/projection-accuracy.csv',
    allow: EVERYONE_OWN,
    sided: true,
    rest: (f, s) => ({ method: 'get', path: `/runs/${runOf(f, s)}/projection-accuracy.csv?year=2027` }),
  },
  {
    op: 'GET /runs/:runId/formation.csv',
    allow: EVERYONE_OWN,
    sided: true,
    rest: (f, s) => ({ method: 'get', path: `/runs/${runOf(f, s)}/formation.csv` }),
  },
  {
    op: 'GET /runs/:runId/formation.xlsx',
    allow: EVERYONE_OWN,
    sided: true,
    rest: (f, s) => ({ method: 'get', path: `/runs/${runOf(f, s)}/formation.xlsx` }),
  },
];

const STANDARD = [
  { kind: 'SERVICE', name: 'Asuhan keperawatan', driverIndicator: 'kunjungan', driverFactor: 1, minutesPerUnit: 10 },
  { kind: 'SUPPORT', name: 'Rapat dan pelaporan', percentOfWorkingTime: 20 },
];
function employee(seq: number) {
  return {
    nip: `19900101201503${seq > 200 ? 2 : 1}${String(seq).padStart(3, '0')}`,
    name: `Pegawai ${seq}`,
    birthDate: '1990-01-01',
    sex: seq > 200 ? 'F' : 'M',
    employmentType: 'PNS',
    positionCode: 'PERAWAT',
    unitCode: 'DINKES',
    tmt: '2015-03-01',
  };
}
function roster(agency: 'A' | 'B', seq: number): string {
  return toCsv([pns(seq, `Perawat ${agency}`, '1991-05-05', agency === 'A' ? 'M' : 'F', 'PERAWAT', 'DINKES', '2016-04-01')]);
}
// per-agency runs for planRun and results; results of the national run filtered by agency
const runOf = (f: Fixture, s: Side): string => (s === 'own' ? f.run : RUN_B);
const submissionOf = (f: Fixture, s: Side): string => (s === 'own' ? f.submission : SUBMISSION_B);
const STANDARDS_FILE =
  'kode_jabatan,kode_unit,uraian_tugas,beban_kerja,norma_waktu,satuan_waktu\nPERAWAT,DINKES,Asuhan keperawatan,7500,10,menit\n';
const TARGETS_FILE = 'indikator,kode_unit,tahun,target,sumber\nkunjungan,DINKES,2027,7500,RENSTRA\n';
const STANDARDS: Record<Side, string> = { own: '', other: '' };
const standardsOf = (s: Side): string => STANDARDS[s];
const proposalOf = (f: Fixture, s: Side): string => (s === 'own' ? f.proposal : PROPOSAL_B);
let RUN_B = '';
let SUBMISSION_B = '';
let PROPOSAL_B = '';
let DECIDED_B = '';
let ATTACHMENT_B = '';
const PDF = '%PDF-1.4\n% peta jabatan\n';
const move = (mutation: string, inputType: string, id: string, extra: Record<string, unknown> = {}) =>
  q(`mutation($i: ${inputType}!) { ${mutation}(input: $i) { id } }`, { i: { id, ...extra } });

const denied = (codes: string[]): boolean => codes.includes('FORBIDDEN') || codes.includes('UNAUTHENTICATED_SIGN_IN');

describe('authorization matrix', () => {
  let e2e: E2eApp;
  let f: Fixture;
  const tokens = {} as Record<Actor, string>;

  beforeAll(async () => {
    // some 450 requests from one address and five accounts: the rate limits are another test's
    e2e = await startE2eApp({ env: { RATE_LIMIT_MAX_REQUESTS: '100000', RATE_LIMIT_USER_MAX_REQUESTS: '100000' } });
    await e2e.app.listen(0, '127.0.0.1'); // subscriptions need a real socket
    for (const code of ['KAB-A', 'KAB-B']) {
      await mutate(e2e, UPSERT_AGENCY, {
        i: { code, name: `Kabupaten ${code}`, kind: 'REGENCY', regionCode: code === 'KAB-A' ? '33.01' : '33.02' },
      });
      await mutate(e2e, UPSERT_UNIT, { i: { agencyCode: code, code: 'DINKES', name: 'Dinas Kesehatan' } });
    }
    await mutate(e2e, UPSERT_POSITION, { i: { code: 'PERAWAT', name: 'Perawat Terampil', category: 'FUNGSIONAL', level: 'TERAMPIL' } });
    await mutate(e2e, UPSERT_PROFILE, { i: { code: 'ABK-1250', name: 'ABK 1.250 jam', hoursPerYear: 1250 } });
    await mutate(e2e, UPSERT_POLICY, {
      i: {
        workingTimeProfileCode: 'ABK-1250',
        rounding: 'HALF_UP',
        attritionRate: 0,
        renewContracts: false,
        retirementAges: RETIREMENT_AGES,
      },
    });
    for (const code of ['KAB-A', 'KAB-B']) {
      await mutate(e2e, UPSERT_STANDARD, { i: { positionCode: 'PERAWAT', agencyCode: code, unitCode: 'DINKES', activities: STANDARD } });
      await mutate(e2e, UPSERT_TARGETS, {
        i: { agencyCode: code, targets: [{ unitCode: 'DINKES', indicator: 'kunjungan', year: 2027, value: 7500, source: 'RENSTRA' }] },
      });
    }
    const run = async (agencyCode: string | null): Promise<string> => {
      const started = await mutate<{ startPlanRun: { id: string } }>(e2e, START_RUN, {
        i: { agencyCode, asOf: '2026-12-31', years: [2027] },
      });
      expect((await waitForRun(e2e, started.startPlanRun.id)).status).toBe('SUCCEEDED');
      return started.startPlanRun.id;
    };
    const validated = async (agency: 'A' | 'B', seq: number): Promise<string> => {
      const receipt = await upload(e2e, roster(agency, seq), 'roster.csv', { agency: `KAB-${agency}` });
      expect((await report(e2e, receipt.submission.id)).status).toBe('VALIDATED');
      return receipt.submission.id;
    };
    const submission = await validated('A', 1);
    SUBMISSION_B = await validated('B', 2);
    // committed, so version 1 exists to read; committing again is the no-op the matrix calls
    for (const id of [submission, SUBMISSION_B])
      await mutate(e2e, 'mutation($id: ID!) { commitStaffingSubmission(id: $id) { id } }', { id });
    for (const [side, code] of [
      ['own', 'KAB-A'],
      ['other', 'KAB-B'],
    ] as const) {
      const res = await e2e
        .http()
        .post(`/standards/submissions?agencyCode=${code}`)
        .attach('file', Buffer.from(STANDARDS_FILE), 'abk.csv')
        .expect(202);
      STANDARDS[side] = (res.body as { submission: { id: string } }).submission.id;
      expect((await standardsReport(e2e, STANDARDS[side])).status).toBe('VALIDATED');
      await mutate(e2e, 'mutation($id: ID!) { commitStandardsSubmission(id: $id) { id } }', { id: STANDARDS[side] });
    }
    const allocation = await mutate<{ allocateQuota: { id: string } }>(
      e2e,
      'mutation($i: AllocateQuotaInput!) { allocateQuota(input: $i) { id } }',
      { i: { runId: await run(null), year: 2027, quota: 1 } },
    );
    const [national] = await e2e.sql<{ id: string }>('SELECT run_id AS id FROM quota_allocation WHERE id = $1', [
      allocation.allocateQuota.id,
    ]);
    const user = await mutate<{ createUser: { id: string } }>(
      e2e,
      'mutation { createUser(input: { email: "hr-system@e2e.formasi.test", displayName: "SIMPEG", role: AGENCY_OPERATOR, agencyCodes: ["KAB-A"] }) { id } }',
      {},
    );
    const key = await mutate<{ createApiKey: { apiKey: { id: string } } }>(
      e2e,
      'mutation($u: ID!) { createApiKey(input: { userId: $u, name: "SIMPEG" }) { apiKey { id } } }',
      { u: user.createUser.id },
    );
    RUN_B = await run('KAB-B');
    const scenario = await mutate<{ createScenario: { id: string } }>(
      e2e,
      'mutation { createScenario(input: { name: "Baseline +2% attrition", overrides: { attritionRate: 0.02 } }) { id } }',
      {},
    );
    const runA = await run('KAB-A');
    // per agency: a withdrawn proposal (decided: a subscription to it ends at once) and a live DRAFT with a document
    const proposals = async (runId: string, agencyCode: string): Promise<[string, string, string]> => {
      const create = 'mutation($i: CreateProposalFromRunInput!) { createProposalFromRun(input: $i) { id } }';
      const input = { runId, agencyCode, year: 2027 };
      const decided = (await mutate<{ createProposalFromRun: { id: string } }>(e2e, create, { i: input })).createProposalFromRun.id;
      const withdraw = 'mutation($i: WithdrawProposalInput!) { withdrawProposal(input: $i) { id } }';
      await mutate(e2e, withdraw, { i: { id: decided, reason: 'Dihitung ulang' } });
      const live = (await mutate<{ createProposalFromRun: { id: string } }>(e2e, create, { i: input })).createProposalFromRun.id;
      const res = await e2e.http().post(`/proposals/${live}/attachments`).field('kind', 'ABK').attach('file', Buffer.from(PDF), 'abk.pdf');
      expect(res.status).toBe(201);
      return [live, decided, (res.body as { id: string }).id];
    };
    const [proposalA, decidedA, attachmentA] = await proposals(runA, 'KAB-A');
    [PROPOSAL_B, DECIDED_B, ATTACHMENT_B] = await proposals(RUN_B, 'KAB-B');
    f = {
      agency: 'KAB-A',
      other: 'KAB-B',
      unit: 'DINKES',
      run: runA,
      nationalRun: national!.id,
      submission,
      allocation: allocation.allocateQuota.id,
      userId: user.createUser.id,
      apiKeyId: key.createApiKey.apiKey.id,
      scenario: scenario.createScenario.id,
      proposal: proposalA,
      decidedProposal: decidedA,
      attachment: attachmentA,
    };
    for (const [name, a] of Object.entries(ACTORS) as Array<[Actor, (typeof ACTORS)[Actor]]>)
      tokens[name] = await e2e.tokenFor(a.role, a.agencies);
  });

  afterAll(async () => {
    await e2e?.close();
  });

  it('has a row for every GraphQL root field', () => {
    const schema = e2e.app.get(GraphQLSchemaHost).schema;
    const fields = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].flatMap((t) =>
      Object.keys(t?.getFields() ?? {}),
    );
    const covered = new Set(CASES.filter((c) => c.gql).map((c) => c.op));
    expect(fields.filter((name) => !covered.has(name))).toEqual([]);
    expect([...covered].filter((name) => !fields.includes(name))).toEqual([]);
  });

  it('has a row for every REST route', () => {
    const router = (
      e2e.app.getHttpAdapter().getInstance() as { router: { stack: Array<{ route?: { path: string; methods: Record<string, boolean> } }> } }
    ).router;
    const routes = router.stack
      // '/{*path}' is Nest's middleware for every path (the request logger), not an endpoint
      .filter((l) => l.route && l.route.path !== '/graphql' && l.route.path !== '/{*path}')
      .flatMap((l) => Object.keys(l.route!.methods).map((m) => `${m.toUpperCase()} ${l.route!.path}`));
    const covered = CASES.filter((c) => c.rest).map((c) => c.op);
    expect([...new Set(routes)].sort()).toEqual([...covered].sort());
  });

  const rows = CASES.flatMap((c) =>
    (Object.keys(ACTORS) as Actor[]).flatMap((actor) =>
      (c.sided ? (['own', 'other'] as Side[]) : (['own'] as Side[])).map((side) => {
        const reach = c.allow[actor];
        const allowed = reach === 'all' || (reach === 'own' && side === 'own');
        return { c, actor, side, allowed };
      }),
    ),
  );

  it.each(
    rows.map((r) => [
      `${r.c.op} by ${r.actor} on ${r.c.sided ? `${r.side} agency` : 'national data'}: ${r.allowed ? 'allowed' : 'refused'}`,
      r,
    ]),
  )('%s', async (_name, r) => {
    const { codes, status } = await call(r.c, tokens[r.actor], r.side);
    if (r.allowed) {
      expect(denied(codes)).toBe(false);
      expect(codes.filter((code) => !(r.c.allowedErrors ?? []).includes(code))).toEqual([]);
      // a refusal the guard let through (the proposal in another state) is an allowed answer too
      if (status !== undefined) expect(status < 400 || (r.c.allowedErrors ?? []).includes(codes[0]!)).toBe(true);
    } else {
      expect(codes).toContain('FORBIDDEN');
      if (status !== undefined) expect(status).toBe(403);
    }
  });

  it.each(
    CASES.filter(
      (c) => !['login', 'GET /health'].includes(c.op) && !c.op.endsWith('/template.csv') && !c.op.endsWith('/template.xlsx'),
    ).map((c) => [c.op, c]),
  )('%s without signing in: UNAUTHENTICATED', async (_op, c) => {
    const { codes, status } = await call(c, null);
    expect(codes).toContain('UNAUTHENTICATED_SIGN_IN');
    if (status !== undefined) expect(status).toBe(401);
  });

  /** Error codes of the answer; the guard's "sign in first" is told apart from a wrong password. */
  async function call(c: Case, token: string | null, side: Side = 'own'): Promise<{ codes: string[]; status?: number }> {
    if (c.rest) {
      const { method, path, file, fileName, fields } = c.rest(f, side);
      let req = e2e.http(token)[method](path);
      if (file) {
        for (const [name, value] of Object.entries(fields ?? { asOf: '2026-06-30' })) req = req.field(name, value);
        req = req.attach('file', Buffer.from(file), fileName ?? 'roster.csv');
      }
      const res = await req;
      const body = res.body as { code?: string; message?: string };
      return { status: res.status, codes: res.status >= 400 ? [codeOf(body.code, body.message)] : [] };
    }
    const { query, variables } = c.gql!(f, side);
    const res = c.ws ? await subscribe(query, variables ?? {}, token) : await e2e.gql(query, variables, token);
    return { codes: (res.errors ?? []).map((e) => codeOf(e.extensions?.code, e.message)) };
  }

  async function subscribe(query: string, variables: Record<string, unknown>, token: string | null): Promise<GqlResponse<unknown>> {
    const { port } = e2e.app.getHttpServer().address() as AddressInfo;
    const client = createClient({
      url: `ws://127.0.0.1:${port}/graphql`,
      webSocketImpl: WebSocket,
      lazy: true,
      retryAttempts: 0,
      connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    });
    try {
      const errors: NonNullable<GqlResponse<unknown>['errors']> = [];
      for await (const event of client.iterate({ query, variables })) errors.push(...((event.errors ?? []) as typeof errors));
      return { errors: errors.length ? errors : undefined };
    } finally {
      await client.dispose();
    }
  }
});

function codeOf(code: unknown, message: string | undefined): string {
  // UNAUTHENTICATED means two things: no credentials (the guard), or a wrong password (an allowed login attempt)
  if (code === 'UNAUTHENTICATED' && (message ?? '').startsWith('sign in first')) return 'UNAUTHENTICATED_SIGN_IN';
  return String(code);
}
