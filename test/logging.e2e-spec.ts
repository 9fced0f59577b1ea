import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { E2eApp, startE2eApp } from './support/e2e-app';

const LOGIN = 'mutation Login($e: String!, $p: String!) { login(email: $e, password: $p) { token } }';
const ME = 'query Me { me { email } }';
const PASSWORD = 'kata-sandi-rahasia-0042';
const COOKIE_SECRET = 'sesi-rahasia-0042';

interface LogLine {
  level: number;
  msg?: string;
  requestId?: string;
  method?: string;
  route?: string;
  operation?: string;
  status?: number;
  ms?: number;
  userId?: string | null;
  [key: string]: unknown;
}

describe('Logs: one line per request, a request id, no credentials', () => {
  let e2e: E2eApp;
  // everything the API logs, at its most verbose level, as written
  const written: string[] = [];
  const lines = (): LogLine[] =>
    written
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as LogLine);
  const requestLines = (requestId: string): LogLine[] => lines().filter((l) => l.requestId === requestId && l.status !== undefined);

  beforeAll(async () => {
    e2e = await startE2eApp({ env: { LOG_LEVEL: 'trace' }, logDestination: { write: (s: string) => void written.push(s) } });
  });
  afterAll(() => e2e.close());

  it('signs in, calls with the token and an API key, and neither secret (nor the password or a cookie) reaches the log', async () => {
    const created = await e2e.gql<{ createUser: { id: string } }>('mutation($i: CreateUserInput!) { createUser(input: $i) { id } }', {
      i: { email: 'pencatat@uji.go.id', displayName: 'Pencatat', role: 'ADMIN', agencyCodes: [], password: PASSWORD },
    });
    const userId = created.data!.createUser.id;

    const login = await request(e2e.app.getHttpServer())
      .post('/graphql')
      .send({ query: LOGIN, operationName: 'Login', variables: { e: 'pencatat@uji.go.id', p: PASSWORD } });
    const token = (login.body as { data: { login: { token: string } } }).data.login.token;
    expect(token).toMatch(/^ey/);

    const withToken = await request(e2e.app.getHttpServer())
      .post('/graphql')
      .set('authorization', `Bearer ${token}`)
      .set('cookie', `sesi=${COOKIE_SECRET}`)
      .send({
        query: 'mutation Key($i: CreateApiKeyInput!) { createApiKey(input: $i) { key } }',
        operationName: 'Key',
        variables: { i: { userId, name: 'SIMPEG' } },
      });
    const apiKey = (withToken.body as { data: { createApiKey: { key: string } } }).data.createApiKey.key;
    expect(apiKey).toMatch(/^fmk_/);

    const withKey = await request(e2e.app.getHttpServer())
      .post('/graphql')
      .set('x-api-key', apiKey)
      .send({ query: ME, operationName: 'Me' });
    expect(withKey.body).toEqual({ data: { me: { email: 'pencatat@uji.go.id' } } });
    const keyAsAuthorization = await request(e2e.app.getHttpServer())
      .post('/graphql')
      .set('authorization', `ApiKey ${apiKey}`)
      .send({ query: ME });
    expect(keyAsAuthorization.body).toEqual({ data: { me: { email: 'pencatat@uji.go.id' } } });
    // a wrong credential is refused and not logged either
    const wrongKey = `${apiKey.slice(0, -6)}ZZZZZZ`;
    const refused = await request(e2e.app.getHttpServer()).post('/graphql').set('x-api-key', wrongKey).send({ query: ME });
    expect((refused.body as { errors: Array<{ extensions: { code: string } }> }).errors[0]!.extensions.code).toBe('UNAUTHENTICATED');
    // a REST route with the token, and an inline password in a query document
    await request(e2e.app.getHttpServer()).get(`/runs/${randomUUID()}/formation.csv`).set('authorization', `Bearer ${token}`);
    await request(e2e.app.getHttpServer())
      .post('/graphql')
      .send({ query: `mutation { login(email: "pencatat@uji.go.id", password: "${PASSWORD}") { token } }` });

    const all = written.join('');
    expect(all.length).toBeGreaterThan(0);
    for (const secret of [token, apiKey, apiKey.split('_').at(-1)!, wrongKey, PASSWORD, COOKIE_SECRET]) expect(all).not.toContain(secret);
    expect(all.toLowerCase()).not.toContain('bearer');

    // one concise line per request: method, route (the pattern, not the ids), status, time, user, request id
    const meLine = requestLines(withKey.headers['x-request-id'] as string);
    expect(meLine).toHaveLength(1);
    expect(meLine[0]).toMatchObject({ method: 'POST', route: '/graphql', operation: 'Me', status: 200, userId, msg: 'POST /graphql 200' });
    expect(meLine[0]!.ms).toEqual(expect.any(Number));
    expect(Object.keys(meLine[0]!).sort()).toEqual(
      ['level', 'method', 'ms', 'msg', 'operation', 'pid', 'hostname', 'requestId', 'route', 'status', 'time', 'userId'].sort(),
    );
    const loginLine = requestLines(login.headers['x-request-id'] as string);
    expect(loginLine).toEqual([expect.objectContaining({ operation: 'Login', status: 200, userId: null })]);
    const csv = lines().find((l) => l.route === '/runs/:runId/formation.csv');
    expect(csv).toMatchObject({ method: 'GET', status: 404, userId });
  });

  it('returns a request id, keeps a sane one the client sends, and puts it on the audit record of that request', async () => {
    const mine = `uji-${randomUUID()}`;
    const res = await e2e
      .http()
      .post('/graphql')
      .set('x-request-id', mine)
      .send({
        query: 'mutation($i: UpsertAgencyInput!) { upsertAgency(input: $i) { code } }',
        variables: { i: { code: 'KAB-LOG', name: 'Kabupaten Log', kind: 'REGENCY' } },
      });
    expect(res.headers['x-request-id']).toBe(mine);
    const [audit] = await e2e.sql<{ request_id: string; action: string }>(
      `SELECT request_id, action FROM audit_log WHERE agency_code = 'KAB-LOG'`,
    );
    expect(audit).toEqual({ request_id: mine, action: expect.any(String) });
    expect(requestLines(mine)).toHaveLength(1);
    const page = await e2e.gql<{ auditLog: { entries: Array<{ requestId: string; agencyCode: string }> } }>(
      'query($r: String) { auditLog(filter: { requestId: $r }) { entries { requestId agencyCode } } }',
      { r: mine },
    );
    expect(page.data!.auditLog.entries).toEqual([{ requestId: mine, agencyCode: 'KAB-LOG' }]);

    // a request id that is too long, too short or not plain is replaced by a new one
    for (const bad of ['x'.repeat(129), 'abc', 'dua kata {} <script>']) {
      const other = await e2e.http().post('/graphql').set('x-request-id', bad).send({ query: ME });
      expect(other.headers['x-request-id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    // each request has its own
    const [a, b] = await Promise.all([e2e.http().post('/graphql').send({ query: ME }), e2e.http().post('/graphql').send({ query: ME })]);
    expect(a.headers['x-request-id']).not.toBe(b.headers['x-request-id']);
  });
});
