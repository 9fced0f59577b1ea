import { getIntrospectionQuery } from 'graphql';
import { E2eApp, GqlResponse, startE2eApp } from './support/e2e-app';

// Limits that refuse a request before any resolver runs, and the HTTP hardening around them.

const post = (e2e: E2eApp, body: unknown, headers: Record<string, string> = {}): import('supertest').Test =>
  e2e
    .http()
    .post('/graphql')
    .set(headers)
    .send(body as object);

/** `__type` and `fields { type }` reference each other, so introspection nests without end. */
function deepIntrospection(levels: number): string {
  let inner = 'name';
  for (let i = 0; i < levels; i++) inner = `fields { type { ${inner} } }`;
  return `{ __type(name: "Agency") { ${inner} } }`;
}

/** Each fragment spreads the one before twice: a few hundred bytes that select 3 × 2^13 fields. */
function fragmentFanOut(levels: number): string {
  const fragments = ['fragment F0 on Query { agencies { code name } }'];
  for (let i = 1; i <= levels; i++) fragments.push(`fragment F${i} on Query { ...F${i - 1} ...F${i - 1} }`);
  return `query { ...F${levels} }\n${fragments.join('\n')}`;
}

describe('abuse limits with the default configuration (development)', () => {
  let e2e: E2eApp;

  beforeAll(async () => {
    e2e = await startE2eApp({ env: { NODE_ENV: 'development' } });
  });

  afterAll(async () => {
    await e2e?.close();
  });

  it('refuses an introspection depth bomb, and keeps ordinary queries and introspection', async () => {
    // Formasi's own types nest only a few levels; introspection types nest without end
    const bomb = await e2e.gql(deepIntrospection(10));
    expect(bomb.data).toBeUndefined();
    expect(bomb.errors).toEqual([
      expect.objectContaining({ message: 'Maximum introspection depth exceeded', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }),
    ]);

    // the standard introspection query (Sandbox, code generators) stays within the limit
    const introspection = await e2e.gql<{ __schema: { queryType: { name: string } } }>(getIntrospectionQuery());
    expect(introspection.errors).toBeUndefined();
    expect(introspection.data!.__schema.queryType.name).toBe('Query');
    expect((await e2e.gql('{ agencies { code units { code parentCode } } }')).errors).toBeUndefined();
  });

  it('refuses a complexity bomb built from fragments', async () => {
    const res = await post(e2e, { query: fragmentFanOut(13) });
    expect(res.status).toBe(400);
    const body = res.body as GqlResponse<unknown>;
    expect(body.data).toBeUndefined();
    expect(body.errors).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(/^Operation is too complex( \(\d+\))?; the limit is 5000 fields$/),
        extensions: { code: 'QUERY_TOO_COMPLEX', limit: 5000 },
      }),
    ]);
    expect((await e2e.gql(fragmentFanOut(4))).errors).toBeUndefined(); // 48 fields
  });

  it('refuses an alias flood', async () => {
    const flood = `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: agencies { code }`).join(' ')} }`;
    const res = await e2e.gql(flood);
    expect(res.data).toBeUndefined();
    expect(res.errors).toEqual([
      expect.objectContaining({
        message: 'Operation uses more than 30 aliased fields; the limit is 30',
        extensions: { code: 'TOO_MANY_ALIASES', limit: 30 },
      }),
    ]);
    const fine = await e2e.gql(`{ ${Array.from({ length: 30 }, (_, i) => `a${i}: agencies { code }`).join(' ')} }`);
    expect(fine.errors).toBeUndefined();
  });

  it('answers a batch up to the limit and refuses a larger one whole', async () => {
    const op = { query: '{ agencies { code } }' };
    const ok = await post(
      e2e,
      Array.from({ length: 10 }, () => op),
    );
    expect(ok.status).toBe(200);
    expect(ok.body).toHaveLength(10);

    const tooMany = await post(
      e2e,
      Array.from({ length: 11 }, () => op),
    );
    expect(tooMany.status).toBe(400);
    expect(tooMany.body).toEqual({
      errors: [{ message: 'A batch may hold at most 10 operations; this one has 11', extensions: { code: 'BATCH_TOO_LARGE', limit: 10 } }],
    });
  });

  it('sends security headers, relaxes the CSP only for the Sandbox page, and allows any origin', async () => {
    const res = await post(e2e, { query: '{ agencies { code } }' }, { Origin: 'https://elsewhere.example.org' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['strict-transport-security']).toMatch(/max-age=/);
    expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(res.headers['content-security-policy']).not.toMatch(/apollographql/);
    expect(res.headers['access-control-allow-origin']).toBe('https://elsewhere.example.org');
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['cache-control']).toBe('no-store');

    const sandbox = await e2e.http().get('/graphql').set('Accept', 'text/html');
    expect(sandbox.status).toBe(200);
    expect(sandbox.text).toMatch(/embeddable-sandbox/);
    expect(sandbox.headers['content-security-policy']).toMatch(
      /script-src 'self' 'unsafe-inline' https:\/\/embeddable-sandbox\.cdn\.apollographql\.com/,
    );
  });
});

describe('abuse limits in production mode', () => {
  let e2e: E2eApp;

  beforeAll(async () => {
    e2e = await startE2eApp({
      env: { NODE_ENV: 'production', JWT_SECRET: 'an-e2e-secret-of-at-least-32-characters', CORS_ORIGINS: 'https://formasi.example.go.id' },
    });
  });

  afterAll(async () => {
    await e2e?.close();
  });

  it('refuses introspection and offers no Sandbox', async () => {
    const res = await e2e.gql('{ __schema { queryType { name } } }');
    expect(res.data).toBeUndefined();
    expect(res.errors![0]!.extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.errors![0]!.message).toMatch(/introspection is not allowed/);

    const page = await e2e.http().get('/graphql').set('Accept', 'text/html');
    expect(page.text).not.toMatch(/sandbox/i);
  });

  it('gives no stack traces and no schema hints in errors', async () => {
    const typo = await e2e.gql('{ agencie { code } }');
    expect(typo.errors).toEqual([
      {
        message: expect.stringMatching(/Cannot query field "agencie"/),
        locations: expect.any(Array),
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      },
    ]);
    expect(typo.errors![0]!.message).not.toMatch(/Did you mean/);

    const missing = await e2e.gql('{ planRun(id: "00000000-0000-0000-0000-000000000000") { id } }');
    expect(JSON.stringify(missing.errors)).not.toMatch(/stacktrace|\.ts:\d+|at [A-Za-z]+ \(/);
  });

  it('allows only the configured origins', async () => {
    const listed = await post(e2e, { query: '{ agencies { code } }' }, { Origin: 'https://formasi.example.go.id' });
    expect(listed.headers['access-control-allow-origin']).toBe('https://formasi.example.go.id');
    const other = await post(e2e, { query: '{ agencies { code } }' }, { Origin: 'https://elsewhere.example.org' });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    expect(other.headers['content-security-policy']).toMatch(/default-src 'self'/);
  });
});

describe('tight limits: depth and rate per IP address', () => {
  let e2e: E2eApp;

  beforeAll(async () => {
    e2e = await startE2eApp({ env: { RATE_LIMIT_MAX_REQUESTS: '3', RATE_LIMIT_WINDOW_SECONDS: '60', GRAPHQL_MAX_DEPTH: '2' } });
  });

  afterAll(async () => {
    await e2e?.close();
  });

  it('refuses a query nested deeper than the configured depth before any resolver runs', async () => {
    const deep = `{ compareRuns(a: "1", b: "2") { ...Cells } }
      fragment Cells on RunComparison { cells { before { formation } } }`;
    const res = await e2e.gql(deep);
    expect(res.data).toBeUndefined();
    expect(res.errors).toEqual([
      expect.objectContaining({
        message: 'Operation nests fields more than 2 levels deep; the limit is 2',
        extensions: { code: 'QUERY_TOO_DEEP', limit: 2 },
      }),
    ]);
  });

  it('answers TOO_MANY_REQUESTS after the limit (HTTP 429 on REST routes), counting a request once however many root fields it has', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await post(e2e, { query: '{ agencies { code } positions { code } }' });
      expect(res.status).toBe(200);
      expect(res.body.errors).toBeUndefined();
      expect(res.headers['x-ratelimit-remaining-ip']).toBe(String(2 - i));
    }
    const refused = await post(e2e, { query: '{ agencies { code } }' });
    // @nestjs/apollo keeps GraphQL execution answers at HTTP 200 so clients read `errors`
    expect(refused.status).toBe(200);
    expect(Number(refused.headers['retry-after-ip'])).toBeGreaterThan(0);
    expect(refused.body).toEqual({
      data: null,
      errors: [
        expect.objectContaining({
          message: 'Too many requests from this address or account; wait a few seconds and try again',
          extensions: { code: 'TOO_MANY_REQUESTS' },
        }),
      ],
    });

    // REST routes share the address's allowance; health probes are never throttled
    expect((await e2e.http().get('/runs/00000000-0000-0000-0000-000000000000/formation.csv')).status).toBe(429);
    expect((await e2e.http().get('/health')).status).toBe(200);
  });
});

describe('tight limits: rate per signed-in user and parser tokens', () => {
  let e2e: E2eApp;

  beforeAll(async () => {
    e2e = await startE2eApp({
      env: {
        RATE_LIMIT_MAX_REQUESTS: '1000',
        RATE_LIMIT_USER_MAX_REQUESTS: '2',
        RATE_LIMIT_WINDOW_SECONDS: '60',
        GRAPHQL_MAX_TOKENS: '200',
      },
    });
  });

  afterAll(async () => {
    await e2e?.close();
  });

  it('limits each account on its own, whatever address it comes from', async () => {
    const [first, second] = [await e2e.tokenFor('VIEWER'), await e2e.tokenFor('VIEWER')];
    for (let i = 0; i < 2; i++) expect((await e2e.gql('{ me { email } }', {}, first)).errors).toBeUndefined();
    const refused = await e2e.gql('{ me { email } }', {}, first);
    expect(refused.errors).toEqual([expect.objectContaining({ extensions: { code: 'TOO_MANY_REQUESTS' } })]);
    // the same address, another account: its own allowance
    expect((await e2e.gql('{ me { email } }', {}, second)).errors).toBeUndefined();
  });

  it('stops parsing a document with more tokens than GRAPHQL_MAX_TOKENS', async () => {
    const huge = `{ ${Array.from({ length: 60 }, () => 'positions { code name }').join(' ')} }`;
    const res = await e2e.gql(huge, {}, null);
    expect(res.data).toBeUndefined();
    expect(res.errors).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(/Document contains more th(an|at) 200 tokens/),
        extensions: { code: 'GRAPHQL_PARSE_FAILED' },
      }),
    ]);
  });
});
