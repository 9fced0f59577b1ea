import { JwtService } from '@nestjs/jwt';
import { DataSource } from 'typeorm';
import { systemActor } from '@formasi/database';
import { AuditService } from '../apps/api/src/audit/audit.service';
import { E2eApp, startE2eApp } from './support/e2e-app';
import { loadSmallRegency, mutate, UPSERT_AGENCY, UPSERT_UNIT } from './support/reference-data';
import { runPlan } from './planner-tools.fixture';
import { importFile } from './fixtures/standards/standards-helpers';

// Signing in, tokens and keys, what each role sees of personal data and of other agencies,
// and the audit log: written in the transaction of the change, and never rewritten.

const PASSWORD = 'kata-sandi-yang-panjang-1';
const SECRET = 'the-e2e-signing-secret-of-32-characters';
const LOGIN = 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token expiresAt user { email role agencyCodes } } }';
const ME = '{ me { email role agencyCodes } }';

describe('access control', () => {
  let e2e: E2eApp;

  beforeAll(async () => {
    e2e = await startE2eApp({ env: { LOGIN_MAX_FAILURES: '3', JWT_TTL_SECONDS: '600', JWT_SECRET: SECRET } });
    await loadSmallRegency(e2e);
    await mutate(e2e, UPSERT_AGENCY, { i: { code: 'KAB-LAIN', name: 'Kabupaten Lain', kind: 'REGENCY', regionCode: '33.98' } });
    await mutate(e2e, UPSERT_UNIT, { i: { agencyCode: 'KAB-LAIN', code: 'DINKES', name: 'Dinas Kesehatan' } });
  });

  afterAll(async () => {
    await e2e?.close();
  });

  const createUser = (email: string, role: string, agencyCodes: string[] = [], password: string | null = PASSWORD) =>
    mutate<{ createUser: { id: string } }>(e2e, 'mutation($i: CreateUserInput!) { createUser(input: $i) { id } }', {
      i: { email, displayName: email, role, agencyCodes, password },
    });

  describe('signing in', () => {
    it('issues a token that expires after JWT_TTL_SECONDS and names the account', async () => {
      await createUser('Operator@Uji.go.id', 'AGENCY_OPERATOR', ['KAB-UJI']);
      const before = Date.now();
      const res = await e2e.gql<{
        login: { token: string; expiresAt: string; user: { email: string; role: string; agencyCodes: string[] } };
      }>(LOGIN, { e: 'operator@uji.go.id', p: PASSWORD }, null);
      expect(res.errors).toBeUndefined();
      expect(res.data!.login.user).toEqual({ email: 'operator@uji.go.id', role: 'AGENCY_OPERATOR', agencyCodes: ['KAB-UJI'] });
      const ttl = new Date(res.data!.login.expiresAt).getTime() - before;
      expect(ttl).toBeGreaterThan(595_000);
      expect(ttl).toBeLessThan(605_000);
      const me = await e2e.gql<{ me: { email: string } }>(ME, {}, res.data!.login.token);
      expect(me.data!.me.email).toBe('operator@uji.go.id');
    });

    it('refuses a wrong password, and locks the email after LOGIN_MAX_FAILURES failures', async () => {
      await createUser('lockme@uji.go.id', 'VIEWER');
      for (let i = 0; i < 3; i++) {
        const res = await e2e.gql(LOGIN, { e: 'lockme@uji.go.id', p: 'wrong-password-000' }, null);
        expect(res.errors![0]).toMatchObject({ message: 'wrong email or password', extensions: { code: 'UNAUTHENTICATED' } });
      }
      // the right password no longer helps while the lock lasts
      const locked = await e2e.gql(LOGIN, { e: 'lockme@uji.go.id', p: PASSWORD }, null);
      expect(locked.errors![0]).toMatchObject({ extensions: { code: 'TOO_MANY_REQUESTS' } });
      const failures = await e2e.sql<{ n: number }>(
        `SELECT count(*)::int AS n FROM audit_log WHERE action = 'login.failed' AND actor_email = 'lockme@uji.go.id'`,
      );
      expect(failures[0]!.n).toBe(3);
    });

    it('refuses forged, expired and malformed tokens', async () => {
      const [user] = await e2e.sql<{ id: string }>(`SELECT id FROM app_user WHERE email = 'operator@uji.go.id'`);
      const claims = { sub: user!.id, ver: 0 };
      const opts = { issuer: 'formasi', audience: 'formasi-api' };
      const right = new JwtService({ secret: SECRET });
      expect((await e2e.gql(ME, {}, right.sign(claims, { ...opts, expiresIn: 60 }))).errors).toBeUndefined();
      const bad = [
        new JwtService({ secret: 'a-secret-that-is-not-the-servers-own-0123' }).sign(claims, { ...opts, expiresIn: 60 }), // forged
        right.sign(claims, { ...opts, expiresIn: -10 }), // expired
        right.sign(claims, { issuer: 'formasi', audience: 'another-service', expiresIn: 60 }), // meant for someone else
        right.sign(claims, { ...opts, expiresIn: 60, algorithm: 'HS512' }), // an algorithm the server does not take
        `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`,
        'not.a.token',
      ];
      for (const token of bad) {
        const res = await e2e.gql(ME, {}, token);
        expect(res.errors![0]).toMatchObject({
          message: 'the token is invalid or has expired; sign in again',
          extensions: { code: 'UNAUTHENTICATED' },
        });
      }
      const other = await e2e.http(null).post('/graphql').set('authorization', 'Basic dXNlcjpwYXNz').send({ query: ME });
      expect(other.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    });

    it('ends the tokens of a deactivated account or a changed password at once', async () => {
      const { createUser: u } = await createUser('leaver@uji.go.id', 'VIEWER');
      const login = await e2e.gql<{ login: { token: string } }>(LOGIN, { e: 'leaver@uji.go.id', p: PASSWORD }, null);
      const token = login.data!.login.token;
      expect((await e2e.gql(ME, {}, token)).errors).toBeUndefined();
      const changed = await e2e.gql<{ changePassword: boolean }>(
        'mutation { changePassword(currentPassword: "kata-sandi-yang-panjang-1", newPassword: "kata-sandi-baru-yang-panjang") }',
        {},
        token,
      );
      expect(changed.data!.changePassword).toBe(true);
      expect((await e2e.gql(ME, {}, token)).errors![0]!.message).toBe('the token is no longer valid; sign in again');
      const again = await e2e.gql<{ login: { token: string } }>(LOGIN, { e: 'leaver@uji.go.id', p: 'kata-sandi-baru-yang-panjang' }, null);
      await mutate(e2e, 'mutation($i: UpdateUserInput!) { updateUser(input: $i) { active } }', { i: { id: u.id, active: false } });
      expect((await e2e.gql(ME, {}, again.data!.login.token)).errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
      expect((await e2e.gql(LOGIN, { e: 'leaver@uji.go.id', p: 'kata-sandi-baru-yang-panjang' }, null)).errors![0]!.message).toBe(
        'wrong email or password',
      );
    });

    it('will not demote or deactivate the last active ADMIN', async () => {
      const [admin] = await e2e.sql<{ id: string }>(`SELECT id FROM app_user WHERE role = 'ADMIN' ORDER BY created_at LIMIT 1`);
      const res = await e2e.gql('mutation($i: UpdateUserInput!) { updateUser(input: $i) { id } }', {
        i: { id: admin!.id, role: 'PLANNER' },
      });
      expect(res.errors![0]).toMatchObject({ extensions: { code: 'CONFLICT' }, message: expect.stringContaining('last active ADMIN') });
    });

    it('validates accounts: operators need an agency, national roles take none', async () => {
      const res = await e2e.gql('mutation($i: CreateUserInput!) { createUser(input: $i) { id } }', {
        i: { email: 'x@uji.go.id', displayName: 'X', role: 'AGENCY_OPERATOR', agencyCodes: [], password: 'short' },
      });
      expect(res.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
      const planner = await e2e.gql<unknown>('mutation($i: CreateUserInput!) { createUser(input: $i) { id } }', {
        i: { email: 'p@uji.go.id', displayName: 'P', role: 'PLANNER', agencyCodes: ['KAB-UJI', 'KAB-NOPE'] },
      });
      expect(planner.errors![0]!.extensions!.fieldErrors).toEqual([
        { field: 'agencyCodes', message: 'PLANNER works on every agency; leave the agencies out' },
        { field: 'agencyCodes.1', row: 1, message: 'agency KAB-NOPE does not exist' },
      ]);
    });
  });

  describe('API keys', () => {
    it('lets an agency HR system submit as its account until the key is revoked', async () => {
      const { createUser: u } = await createUser('simpeg@uji.go.id', 'AGENCY_OPERATOR', ['KAB-UJI'], null);
      const created = await mutate<{ createApiKey: { key: string; apiKey: { id: string; prefix: string } } }>(
        e2e,
        'mutation($u: ID!) { createApiKey(input: { userId: $u, name: "SIMPEG Uji" }) { key apiKey { id prefix } } }',
        { u: u.id },
      );
      const { key, apiKey } = created.createApiKey;
      expect(key).toMatch(new RegExp(`^fmk_${apiKey.prefix}_[A-Za-z0-9_-]{43}$`));
      // only the hash is stored
      const [stored] = await e2e.sql<{ keyHash: string }>('SELECT key_hash AS "keyHash" FROM api_key WHERE id = $1', [apiKey.id]);
      expect(key).not.toContain(stored!.keyHash);
      const asKey = (k: string) => e2e.http(null).post('/graphql').set('x-api-key', k).send({ query: ME });
      expect((await asKey(key)).body.data.me).toEqual({ email: 'simpeg@uji.go.id', role: 'AGENCY_OPERATOR', agencyCodes: ['KAB-UJI'] });
      expect((await e2e.http(null).post('/graphql').set('authorization', `ApiKey ${key}`).send({ query: ME })).body.data.me.email).toBe(
        'simpeg@uji.go.id',
      );
      // the key reaches its own agency only
      const other = await e2e
        .http(null)
        .post('/staffing/KAB-LAIN/submissions')
        .set('x-api-key', key)
        .attach('file', Buffer.from('nip\n'), 'r.csv');
      expect(other.status).toBe(403);
      expect((await asKey(`${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`)).body.errors[0].message).toBe('the API key is not valid');
      await mutate(e2e, 'mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }', { id: apiKey.id });
      expect((await asKey(key)).body.errors[0].message).toBe('the API key has been revoked or has expired');
    });
  });

  describe('agencies and personal data', () => {
    let run: string;
    let operatorLain: string;
    let planner: string;
    let operatorUji: string;

    beforeAll(async () => {
      run = await runPlan(e2e, null, [2027]);
      operatorLain = await e2e.tokenFor('AGENCY_OPERATOR', ['KAB-LAIN']);
      operatorUji = await e2e.tokenFor('AGENCY_OPERATOR', ['KAB-UJI']);
      planner = await e2e.tokenFor('PLANNER');
    });

    it('shows an operator only their agencies, also in lists, totals and roll-ups of a national run', async () => {
      const agencies = await e2e.gql<{ agencies: Array<{ code: string }> }>('{ agencies { code } }', {}, operatorLain);
      expect(agencies.data!.agencies.map((a) => a.code)).toEqual(['KAB-LAIN']);
      const needs =
        '{ formationNeeds(runId: "RUN", first: 500) { totalCount totals { requiredFte } edges { node { agencyCode } } } }'.replace(
          'RUN',
          run,
        );
      const all = await e2e.gql<{ formationNeeds: { totalCount: number; edges: Array<{ node: { agencyCode: string } }> } }>(
        needs,
        {},
        planner,
      );
      expect(new Set(all.data!.formationNeeds.edges.map((e) => e.node.agencyCode))).toEqual(new Set(['KAB-UJI']));
      // KAB-LAIN has no cells in the run: its operator sees none of KAB-UJI's, and zero totals
      const lain = await e2e.gql<{ formationNeeds: { totalCount: number; totals: { requiredFte: number } } }>(needs, {}, operatorLain);
      expect(lain.data!.formationNeeds).toMatchObject({ totalCount: 0, totals: { requiredFte: 0 } });
      const summary = await e2e.gql<{ formationSummary: unknown[] }>(
        `{ formationSummary(runId: "${run}", groupBy: CATEGORY) { category requiredFte } }`,
        {},
        operatorLain,
      );
      expect(summary.data!.formationSummary).toEqual([]);
      const csv = await e2e.http(operatorLain).get(`/runs/${run}/formation.csv`).expect(200);
      expect(csv.text.trim().split('\n')).toHaveLength(1); // the header only
      const own = await e2e.http(operatorUji).get(`/runs/${run}/formation.csv`).expect(200);
      expect(own.text).toContain('KAB-UJI');
    });

    it('explains a cell to a planner without NIPs or birth dates, and with them to the operator', async () => {
      const explain = `{ cellExplanation(runId: "${run}", agencyCode: "KAB-UJI", unitCode: "PKM-A", positionCode: "PERAWAT", year: 2027) }`;
      type Staff = Array<{ nip: string; birthDate: string; lastDayInPost: string }>;
      const forPlanner = await e2e.gql<{ cellExplanation: { staff: Staff } }>(explain, {}, planner);
      const forOperator = await e2e.gql<{ cellExplanation: { staff: Staff } }>(explain, {}, operatorUji);
      const p = forPlanner.data!.cellExplanation.staff;
      const o = forOperator.data!.cellExplanation.staff;
      expect(p).toHaveLength(o.length);
      expect(o.map((s) => s.nip)).toContain('196903152000032001');
      expect(p.map((s) => s.nip)).toEqual(o.map((_, i) => `#${i + 1}`));
      expect(new Set(p.map((s) => s.birthDate))).toEqual(new Set(['(hidden)']));
      // the retirement that drives the 2027 exit is still there to recompute the cell
      expect(p.map((s) => s.lastDayInPost)).toEqual(o.map((s) => s.lastDayInPost));
      const md = await e2e.gql<{ cellExplanationMarkdown: string }>(
        explain.replace('cellExplanation', 'cellExplanationMarkdown'),
        {},
        planner,
      );
      expect(md.data!.cellExplanationMarkdown).not.toContain('196903152000032001');
      expect(md.data!.cellExplanationMarkdown).not.toContain('1969-03-15');
    });
  });

  describe('audit log', () => {
    it('records who changed what, with the rows before and after, in the transaction of the change', async () => {
      await mutate(e2e, UPSERT_UNIT, { i: { agencyCode: 'KAB-LAIN', code: 'DINKES', name: 'Dinas Kesehatan dan KB' } });
      const page = await e2e.gql<{
        auditLog: {
          entries: Array<{
            action: string;
            actorEmail: string;
            actorRole: string;
            via: string;
            agencyCode: string;
            entityKey: string;
            changes: Array<{ table: string; op: string; before: { name: string }; after: { name: string } }>;
          }>;
        };
      }>(
        '{ auditLog(first: 1, filter: { action: "upsertOrgUnit" }) { entries { action actorEmail actorRole via agencyCode entityKey changes { table op before after } } } }',
      );
      const [entry] = page.data!.auditLog.entries;
      expect(entry).toMatchObject({
        action: 'upsertOrgUnit',
        actorRole: 'ADMIN',
        via: 'TOKEN',
        agencyCode: 'KAB-LAIN',
        entityKey: 'DINKES',
      });
      expect(entry!.actorEmail).toMatch(/^admin-\d+@e2e\.formasi\.test$/);
      expect(entry!.changes).toHaveLength(1);
      expect(entry!.changes[0]).toMatchObject({
        table: 'org_unit',
        op: 'UPDATE',
        before: { name: 'Dinas Kesehatan' },
        after: { name: 'Dinas Kesehatan dan KB' },
      });
      // secrets stay out of the log: a user's row is recorded without its password hash
      const [userRow] = await e2e.sql<{ after: Record<string, unknown> }>(
        `SELECT after FROM audit_change WHERE table_name = 'app_user' AND op = 'INSERT' LIMIT 1`,
      );
      expect(userRow!.after).toHaveProperty('email');
      expect(userRow!.after).not.toHaveProperty('password_hash');
      // the record was written by the very transaction that changed the row
      const [tie] = await e2e.sql<{ same: boolean }>(
        `SELECT (l.tx_id % 4294967296)::text = u.xmin::text AS same
           FROM audit_log l, org_unit u JOIN agency a ON a.id = u.agency_id
          WHERE l.action = 'upsertOrgUnit' AND a.code = 'KAB-LAIN' AND u.code = 'DINKES' ORDER BY l.id DESC LIMIT 1`,
      );
      expect(tie!.same).toBe(true);
    });

    it('keeps no record of a change that rolled back, and no change without a record', async () => {
      const audit = e2e.app.get(AuditService);
      const db = e2e.app.get(DataSource);
      const [{ n: before }] = await e2e.sql<{ n: number }>('SELECT count(*)::int AS n FROM audit_log');
      // the change fails half-way (a unit under a parent that does not exist): record and row go together
      await expect(
        audit.transaction(systemActor('test'), { action: 'halfway' }, async (tx) => {
          await tx.query(`UPDATE agency SET name = 'Setengah jalan' WHERE code = 'KAB-LAIN'`);
          await tx.query(
            `INSERT INTO org_unit (agency_id, parent_id, code, name) SELECT id, gen_random_uuid(), 'X', 'X' FROM agency WHERE code = 'KAB-LAIN'`,
          );
        }),
      ).rejects.toThrow(/foreign key/);
      const [{ n: after }] = await e2e.sql<{ n: number }>('SELECT count(*)::int AS n FROM audit_log');
      expect(after).toBe(before);
      expect((await e2e.sql<{ name: string }>(`SELECT name FROM agency WHERE code = 'KAB-LAIN'`))[0]!.name).toBe('Kabupaten Lain');
      // a write that skips the audit is refused by the database itself
      await expect(db.query(`UPDATE agency SET name = 'Diam-diam' WHERE code = 'KAB-LAIN'`)).rejects.toThrow(
        /change to agency without an audit record/,
      );
    });

    it('pages newest first by number, not by text ("36" after "4")', async () => {
      const ids: number[] = [];
      let after: string | null = null;
      do {
        const res: { data?: { auditLog: { entries: Array<{ id: string }>; endCursor: string | null; hasNextPage: boolean } } } =
          await e2e.gql('query($a: String) { auditLog(first: 7, after: $a) { entries { id } endCursor hasNextPage } }', { a: after });
        ids.push(...res.data!.auditLog.entries.map((e) => Number(e.id)));
        after = res.data!.auditLog.hasNextPage ? res.data!.auditLog.endCursor : null;
      } while (after);
      const [{ n }] = await e2e.sql<{ n: number }>('SELECT count(*)::int AS n FROM audit_log');
      expect(ids).toHaveLength(n);
      expect(ids).toEqual([...ids].sort((a, b) => b - a));
    });

    it('is append-only', async () => {
      const db = e2e.app.get(DataSource);
      await expect(
        db.query(`UPDATE audit_log SET actor_email = 'someone-else' WHERE id = (SELECT min(id) FROM audit_log)`),
      ).rejects.toThrow(/append-only/);
      await expect(db.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
      await expect(db.query('DELETE FROM audit_change')).rejects.toThrow(/append-only/);
      await expect(db.query('TRUNCATE audit_log CASCADE')).rejects.toThrow(/append-only/);
    });

    it('records plan runs, uploads and quota decisions with their outcome, and no password or key', async () => {
      const rows = await e2e.sql<{ action: string; summary: Record<string, unknown>; changes: string }>(
        `SELECT l.action, l.summary, coalesce(string_agg(c.after::text, ' '), '') AS changes
           FROM audit_log l LEFT JOIN audit_change c ON c.audit_id = l.id GROUP BY l.id ORDER BY l.id`,
      );
      const actions = rows.map((r) => r.action);
      expect(actions).toEqual(
        expect.arrayContaining([
          'startPlanRun',
          'planRun.succeeded',
          'createUser',
          'createApiKey',
          'revokeApiKey',
          'login',
          'login.failed',
          'changePassword',
          'upsertEmployees',
        ]),
      );
      expect(rows.find((r) => r.action === 'planRun.succeeded')!.summary).toMatchObject({
        cells: expect.any(Number),
        agencies: 2,
        attempt: 1,
      });
      expect(rows.find((r) => r.action === 'upsertEmployees')!.summary).toMatchObject({
        inserted: expect.any(Number),
        updated: 0,
        deactivated: 0,
      });
      const all = JSON.stringify(rows);
      expect(all).not.toContain(PASSWORD);
      expect(all).not.toContain('password_hash');
      expect(all).not.toContain('key_hash');
    });
  });
  describe('national data and other agencies', () => {
    const STANDARD =
      'mutation($i: UpsertWorkloadStandardInput!) { upsertWorkloadStandard(input: $i) { positionCode agencyCode unitCode } }';
    const TARGETS = 'mutation($i: UpsertTargetsInput!) { upsertDevelopmentTargets(input: $i) { id } }';
    const activities = [{ kind: 'SERVICE', name: 'Mengagendakan surat', annualVolume: 9000, minutesPerUnit: 30 }];
    const NATIONAL_FILE =
      'kode_jabatan,kode_unit,jenis_tugas,uraian_tugas,beban_kerja,norma_waktu,satuan_waktu\nDOKTER,,tugas pokok,Pemeriksaan,4000,15,menit\n';
    /** Every standard, activity, target and version there is: a refused call must leave all of it as it was. */
    const footprint = () =>
      e2e.sql(
        `SELECT (SELECT count(*)::int FROM workload_standard) AS standards,
                (SELECT count(*)::int FROM workload_standard WHERE unit_id IS NULL) AS "nationalStandards",
                (SELECT count(*)::int FROM workload_activity) AS activities,
                (SELECT count(*)::int FROM development_target) AS targets,
                (SELECT coalesce(json_agg(v ORDER BY v), '[]') FROM (
                   SELECT s.kind || ':' || coalesce(a.code, 'national') || ':' || s.version || ':' || s.status AS v
                     FROM standards_submission s LEFT JOIN agency a ON a.id = s.agency_id WHERE s.version IS NOT NULL) x) AS versions`,
      );
    let operatorUji: string;

    beforeAll(async () => {
      operatorUji = await e2e.tokenFor('AGENCY_OPERATOR', ['KAB-UJI']);
    });

    it("refuses an agency's operator every write of national data or of another agency, and writes nothing", async () => {
      const national = await importFile(e2e, 'standards', null, NATIONAL_FILE, 'abk-nasional.csv');
      expect(national).toMatchObject({ status: 'VALIDATED', errorCount: 0 });
      const before = await footprint();
      expect(before[0]).toMatchObject({ nationalStandards: 0 });
      const refusals: Array<[string, Record<string, unknown>, string]> = [
        // an agency named without a unit is still the position-wide standard: national
        [
          STANDARD,
          { i: { positionCode: 'PENGADMIN', agencyCode: 'KAB-UJI', activities } },
          'upsertWorkloadStandard without unitCode writes the position-wide (national) standard; this account is limited to its own agencies',
        ],
        [
          STANDARD,
          { i: { positionCode: 'PENGADMIN', activities } },
          'upsertWorkloadStandard without unitCode writes the position-wide (national) standard; this account is limited to its own agencies',
        ],
        [
          STANDARD,
          { i: { positionCode: 'PENGADMIN', agencyCode: 'KAB-LAIN', unitCode: 'DINKES', activities } },
          'upsertWorkloadStandard is not allowed for agency KAB-LAIN',
        ],
        [
          TARGETS,
          { i: { agencyCode: 'KAB-LAIN', targets: [{ indicator: 'kunjungan', year: 2027, value: 1, source: 'RENSTRA' }] } },
          'upsertDevelopmentTargets is not allowed for agency KAB-LAIN',
        ],
        [
          'mutation($id: ID!) { commitStandardsSubmission(id: $id) { id } }',
          { id: national.id },
          'commitStandardsSubmission is not allowed: it belongs to another agency',
        ],
      ];
      for (const [query, variables, message] of refusals) {
        const res = await e2e.gql(query, variables, operatorUji);
        expect(res.errors).toEqual([expect.objectContaining({ message, extensions: expect.objectContaining({ code: 'FORBIDDEN' }) })]);
      }
      const upload = await e2e.http(operatorUji).post('/standards/submissions').attach('file', Buffer.from(NATIONAL_FILE), 'abk.csv');
      expect(upload.status).toBe(403);
      const targetsFile = await e2e.http(operatorUji).post('/targets/KAB-LAIN/submissions').attach('file', Buffer.from('x'), 't.csv');
      expect(targetsFile.status).toBe(403);
      expect(await footprint()).toEqual(before);
      expect((await e2e.sql(`SELECT status FROM standards_submission WHERE id = $1`, [national.id]))[0]).toEqual({ status: 'VALIDATED' });
    });

    it('lets the operator write its own units, and the admin national standards (named without an agency)', async () => {
      const own = await e2e.gql(
        STANDARD,
        { i: { positionCode: 'PENGADMIN', agencyCode: 'KAB-UJI', unitCode: 'PKM-A', activities } },
        operatorUji,
      );
      expect(own).toEqual({ data: { upsertWorkloadStandard: { positionCode: 'PENGADMIN', agencyCode: 'KAB-UJI', unitCode: 'PKM-A' } } });
      // an agency without a unit is ambiguous for everyone: the admin is told to name the unit or neither
      const before = await footprint();
      const ambiguous = await e2e.gql(STANDARD, { i: { positionCode: 'PENGADMIN', agencyCode: 'KAB-UJI', activities } });
      expect(ambiguous.errors![0]).toMatchObject({
        extensions: {
          code: 'BAD_USER_INPUT',
          fieldErrors: [
            {
              field: 'unitCode',
              message:
                'unitCode is required with agencyCode: a standard belongs to a unit of that agency, or (both left out) to the whole position',
            },
          ],
        },
      });
      expect(await footprint()).toEqual(before);
      const national = await e2e.gql(STANDARD, { i: { positionCode: 'PENGADMIN', activities } });
      expect(national).toEqual({ data: { upsertWorkloadStandard: { positionCode: 'PENGADMIN', agencyCode: null, unitCode: null } } });
      const [after] = await e2e.sql<{ nationalStandards: number; versions: string[] }>(
        `SELECT (SELECT count(*)::int FROM workload_standard WHERE unit_id IS NULL) AS "nationalStandards",
                (SELECT array_agg(version ORDER BY version) FROM standards_submission WHERE kind = 'STANDARDS' AND agency_id IS NULL AND version IS NOT NULL) AS versions`,
      );
      expect(after).toEqual({ nationalStandards: 1, versions: [1] });
      // planners set targets of any agency
      const planner = await e2e.tokenFor('PLANNER');
      const targets = await e2e.gql<{ upsertDevelopmentTargets: unknown[] }>(
        TARGETS,
        { i: { agencyCode: 'KAB-LAIN', targets: [{ indicator: 'kunjungan', year: 2027, value: 1, source: 'RENSTRA' }] } },
        planner,
      );
      expect(targets.data!.upsertDevelopmentTargets).toHaveLength(1);
    });
  });
});
