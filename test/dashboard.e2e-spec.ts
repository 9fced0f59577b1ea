import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { DEMO_ACCOUNTS, DEMO_AGENCY, DEMO_PASSWORD, DEMO_YEARS } from '../scripts/demo-data';
import { seedDemoProposals } from '../scripts/demo-proposals';
import { seedDemo } from '../scripts/seed-demo';
import { E2eApp, startE2eApp, waitForRun } from './support/e2e-app';
import { mutate, START_RUN, UPSERT_AGENCY, UPSERT_UNIT } from './support/reference-data';

// The dashboard in Debian's chromium (never a downloaded browser), against the demo data,
// signed in through the login mutation like a person would. Screenshots go to .artifacts/dashboard.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = join(__dirname, '..', '.artifacts', 'dashboard');
const OTHER = 'KOTA-LAIN';
const OTHER_EMAIL = 'operator@kota-lain.e2e.formasi.test';
const OTHER_PASSWORD = 'kota-lain-operator-2026';

const id = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 0 });
const rupiah = new Intl.NumberFormat('id-ID', { style: 'currency', currency: 'IDR', maximumFractionDigits: 0 });
const email = (role: string): string => DEMO_ACCOUNTS.find((a) => a.role === role)!.email;

interface YearRow {
  year: number;
  formation: number;
  retirements: number;
  contractEnds: number;
  required: number;
  formationCost: number | null;
}

describe('dashboard in a browser', () => {
  let e2e: E2eApp;
  let browser: Browser;
  let base: string;
  let runId: string;
  let years: YearRow[];
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    // the page the API serves is the one built from apps/dashboard now
    execFileSync(
      process.execPath,
      [join(__dirname, '..', 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'apps/dashboard/vite.config.mjs'],
      { cwd: join(__dirname, '..'), stdio: 'pipe' },
    );
    mkdirSync(SHOTS, { recursive: true });
    e2e = await startE2eApp({ env: { RATE_LIMIT_MAX_REQUESTS: '100000', RATE_LIMIT_USER_MAX_REQUESTS: '100000' } });
    const [{ db }] = await e2e.sql<{ db: string }>('SELECT current_database() AS db');
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = `/${db}`;
    await seedDemo(url.toString());
    await mutate(e2e, UPSERT_AGENCY, { i: { code: OTHER, name: 'Pemerintah Kota Lain', kind: 'CITY', regionCode: '32.98' } });
    await mutate(e2e, UPSERT_UNIT, { i: { agencyCode: OTHER, code: 'SETDA', name: 'Sekretariat Daerah' } });
    await mutate(e2e, 'mutation($i: CreateUserInput!) { createUser(input: $i) { id } }', {
      i: { email: OTHER_EMAIL, displayName: 'Operator Kota Lain', role: 'AGENCY_OPERATOR', agencyCodes: [OTHER], password: OTHER_PASSWORD },
    });
    const started = await mutate<{ startPlanRun: { id: string } }>(e2e, START_RUN, {
      i: { agencyCode: DEMO_AGENCY.code, asOf: `${DEMO_YEARS[0]! - 1}-12-31`, years: DEMO_YEARS },
    });
    runId = started.startPlanRun.id;
    expect((await waitForRun(e2e, runId)).status).toBe('SUCCEEDED');
    // the demo's proposals: the first year's determined, the second's signed by the agency head
    await seedDemoProposals(e2e.app, runId, [DEMO_YEARS[0]!, DEMO_YEARS[1]!]);
    const summary = await e2e.gql<{ formationSummary: YearRow[] }>(
      'query($r: ID!) { formationSummary(runId: $r, groupBy: AGENCY) { year formation retirements contractEnds required formationCost } }',
      { r: runId },
    );
    years = summary.data!.formationSummary;
    await e2e.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(e2e.app.getHttpServer().address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await e2e?.close();
  });

  async function signIn(who: string, password = DEMO_PASSWORD): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    contexts.push(context);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    (page as Page & { problems: string[] }).problems = problems;
    await page.goto(`${base}/dashboard`);
    await page.fill('#email', who);
    await page.fill('#password', password);
    await page.click('#signin-form button[type=submit]');
    await page.waitForSelector('#app:not([hidden])');
    return page;
  }

  const textOf = (page: Page, selector: string): Promise<string> => page.locator(selector).innerText();
  const svgTexts = (page: Page, chart: string): Promise<string[]> => page.locator(`${chart} svg text`).allTextContents();

  it("serves the built page at /dashboard with the API's security headers, and refuses a wrong password", async () => {
    const res = await e2e.http(null).get('/dashboard').redirects(1).expect(200);
    expect(res.text).toContain('<script type="module"');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${base}/dashboard/`);
    await page.fill('#email', email('PLANNER'));
    await page.fill('#password', 'not-the-password');
    await page.click('#signin-form button[type=submit]');
    await page.waitForSelector('#signin-error:not([hidden])');
    expect(await textOf(page, '#signin-error')).toContain('Gagal masuk');
    expect(await page.locator('#app').isHidden()).toBe(true);
    // the token is never put in a URL
    expect(page.url()).toBe(`${base}/dashboard/`);
  });

  it.each(['ADMIN', 'PLANNER', 'AGENCY_OPERATOR', 'AGENCY_HEAD', 'VIEWER'])(
    'shows the run at a glance to the %s with the numbers of the run',
    async (role) => {
      const page = await signIn(email(role));
      await page.waitForSelector('#kpis [data-kpi=formation]');
      expect(await page.locator('#agency').inputValue()).toBe(DEMO_AGENCY.code);
      expect(await page.locator('#run').inputValue()).toBe(runId);
      const total = years.reduce((s, y) => s + y.formation, 0);
      expect(await textOf(page, '[data-kpi=formation] .kpi-value')).toBe(id.format(total));
      expect(await textOf(page, '[data-kpi=required] .kpi-value')).toBe(id.format(years.at(-1)!.required));
      const cost = years.reduce((s, y) => s + (y.formationCost ?? 0), 0);
      expect((await textOf(page, '[data-kpi=cost] .kpi-value')).replace(/\s/g, ' ')).toBe(rupiah.format(cost).replace(/\s/g, ' '));
      // one column per plan year: formation, retirements and contract ends as the run stored them
      const cells = async (row: string): Promise<string[]> => page.locator(`#year-table tr[data-row=${row}] td`).allInnerTexts();
      expect(await cells('formation')).toEqual(years.map((y) => id.format(y.formation)));
      expect(await cells('retirements')).toEqual(years.map((y) => id.format(y.retirements)));
      expect(await cells('contractEnds')).toEqual(years.map((y) => id.format(y.contractEnds)));
      // the chart drew the years on its axis and the formation of each year over its bar
      const flow = await svgTexts(page, '#chart-flow');
      for (const y of years) expect(flow).toContain(String(y.year));
      for (const y of years.filter((r) => r.formation > 0)) expect(flow).toContain(id.format(y.formation));
      expect(await page.locator('#chart-flow svg path').count()).toBeGreaterThan(years.length * 2);
      // only planners and admins may start runs; unlimited readers may also look at the nation
      expect(await page.locator('#start-run').isVisible()).toBe(role === 'ADMIN' || role === 'PLANNER');
      const agencies = await page.locator('#agency option').evaluateAll((os) => os.map((o) => (o as unknown as { value: string }).value));
      expect(agencies).toEqual(role.startsWith('AGENCY_') ? [DEMO_AGENCY.code] : ['', DEMO_AGENCY.code, OTHER]);
      // the proposal board is national: shown to accounts not limited to agencies
      expect(await page.locator('#proposal-card').isVisible()).toBe(!role.startsWith('AGENCY_'));
      await page.screenshot({ path: join(SHOTS, `glance-${role.toLowerCase()}.png`), fullPage: true });
      expect((page as Page & { problems: string[] }).problems).toEqual([]);
    },
  );

  it('draws the gap heatmap, and a click on a cell shows its numbers and its explanation', async () => {
    const page = await signIn(email('PLANNER'));
    await page.waitForSelector('#chart-heatmap svg text');
    const year = DEMO_YEARS[0]!;
    const needs = await e2e.gql<{
      formationNeeds: { nodes: Array<{ unitCode: string; positionCode: string; pressure: number; formation: number; required: number }> };
    }>(
      'query($r: ID!, $y: Int!) { formationNeeds(runId: $r, filter: { year: $y }, first: 500) { nodes { unitCode positionCode pressure formation required } } }',
      { r: runId, y: year },
    );
    const nodes = needs.data!.formationNeeds.nodes;
    const pct = new Intl.NumberFormat('id-ID', { style: 'percent', maximumFractionDigits: 0 });
    const labels = await svgTexts(page, '#chart-heatmap');
    // every cell of the year is on the map with its pressure; every unit and position on an axis
    for (const n of nodes) expect(labels).toContain(pct.format(n.pressure));
    for (const u of new Set(nodes.map((n) => n.unitCode))) expect(labels).toContain(u);
    const top = nodes[0]!; // sorted by pressure: the most pressing cell
    await page
      .locator('#chart-heatmap svg text', { hasText: new RegExp(`^${pct.format(top.pressure)}$`) })
      .first()
      .click();
    await page.waitForSelector('[data-testid=explanation-markdown]');
    const title = await textOf(page, '#explanation h3');
    const [unit, position] = title.split(' · ');
    const clicked = nodes.find((n) => n.unitCode === unit && n.positionCode === position)!;
    expect(clicked.pressure).toBe(top.pressure);
    expect(title).toBe(`${unit} · ${position} · ${year}`);
    const numbers = await page.locator('#explanation .cell-numbers td').allInnerTexts();
    expect(numbers).toContain(id.format(clicked.formation));
    const markdown = await e2e.gql<{ cellExplanationMarkdown: string }>(
      `query($r: ID!, $u: String, $p: String!, $y: Int!) { cellExplanationMarkdown(runId: $r, agencyCode: "${DEMO_AGENCY.code}", unitCode: $u, positionCode: $p, year: $y) }`,
      { r: runId, u: unit, p: position, y: year },
    );
    // the Markdown rendered as HTML: its first heading is a heading on the page, its tables are tables
    const heading = /^#+ (.+)$/m.exec(markdown.data!.cellExplanationMarkdown)![1]!.replace(/[`*]/g, '');
    expect(await page.locator('[data-testid=explanation-markdown] :is(h1,h2,h3,h4)').first().innerText()).toBe(heading);
    expect(await page.locator('[data-testid=explanation-markdown] table').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(SHOTS, 'gap-explanation.png'), fullPage: true });
  });

  it("draws the age pyramid of the current roster with the policy's retirement ages, and the wave of exits", async () => {
    const page = await signIn(email('VIEWER'));
    await page.waitForSelector('#chart-pyramid svg text');
    const res = await e2e.gql<{
      agePyramid: {
        total: number;
        bands: Array<{ ageFrom: number }>;
        retirementAges: Array<{ age: number }>;
        wave: Array<{ year: number; retirements: number }>;
      };
    }>(
      `query { agePyramid(agencyCode: "${DEMO_AGENCY.code}", asOf: "${DEMO_YEARS[0]! - 1}-12-31") { total bands { ageFrom } retirementAges { age } wave { year retirements } } }`,
    );
    const p = res.data!.agePyramid;
    expect(p.total).toBeGreaterThanOrEqual(250);
    expect(await textOf(page, '#age-hint')).toContain(`${id.format(p.total)} pegawai`);
    const pyramid = await svgTexts(page, '#chart-pyramid');
    for (const from of new Set(p.bands.map((b) => b.ageFrom))) expect(pyramid).toContain(`${from}–${from + 4}`);
    for (const age of new Set(p.retirementAges.map((r) => r.age))) expect(pyramid).toContain(`BUP ${age}`);
    const wave = await svgTexts(page, '#chart-wave');
    expect(wave).toContain(String(DEMO_YEARS[0]));
    expect(wave).toContain(String(DEMO_YEARS[0]! + 9));
    for (const w of p.wave.filter((x) => x.retirements > 0)) expect(wave).toContain(id.format(w.retirements));
    // English labels on request; numbers stay Indonesian
    await page.selectOption('#lang', 'en');
    expect(await textOf(page, '#age-card h2')).toBe('Age and retirement wave');
    expect(await svgTexts(page, '#chart-pyramid')).toContain(`Retirement age ${p.retirementAges[0]!.age}`);
    await page.screenshot({ path: join(SHOTS, 'age-pyramid.png'), fullPage: true });
  });

  it('shows the proposal cycle as a funnel: how many agencies reached each stage, per year', async () => {
    const page = await signIn(email('PLANNER'));
    await page.waitForSelector('#chart-funnel svg text');
    // two agencies; the demo regency's proposal for the first year is determined, so it passed every stage
    const first = await svgTexts(page, '#chart-funnel');
    for (const stage of [
      'Instansi: 2',
      'Draf: 1',
      'Diajukan: 1',
      'Ditandatangani PPK: 1',
      'Diverifikasi: 1',
      'Terverifikasi: 1',
      'Ditetapkan: 1',
    ]) {
      expect(first).toContain(stage);
    }
    expect(await textOf(page, '#proposal-table tr[data-state=DETERMINED] td:nth-of-type(1)')).toBe('1');
    expect(await textOf(page, '#proposal-hint')).toContain('Belum mulai: 1.');
    // the second year's proposal is signed by the agency head and not yet taken for verification
    await page.selectOption('#proposal-year', String(DEMO_YEARS[1]));
    await page.waitForSelector('#proposal-table tr[data-state=SIGNED] td:nth-of-type(1):text-is("1")');
    const second = await svgTexts(page, '#chart-funnel');
    for (const stage of [
      'Instansi: 2',
      'Draf: 1',
      'Diajukan: 1',
      'Ditandatangani PPK: 1',
      'Diverifikasi: 0',
      'Terverifikasi: 0',
      'Ditetapkan: 0',
    ]) {
      expect(second).toContain(stage);
    }
    await page.screenshot({ path: join(SHOTS, 'proposal-funnel.png'), fullPage: true });
  });

  it('starts a run and follows its progress bar to 100 %', async () => {
    const page = await signIn(email('PLANNER'));
    await page.waitForSelector('#kpis [data-kpi=formation]');
    await page.click('#start-run');
    await page.waitForSelector('#progress-bar[data-status=SUCCEEDED]', { timeout: 60_000 });
    expect(await page.locator('#progress-bar').getAttribute('aria-valuenow')).toBe('100');
    expect(await textOf(page, '#progress-text')).toBe('Selesai: 100 %');
    // the new run is stored, listed and shown
    const [newest] = await e2e.sql<{ id: string; status: string }>('SELECT id, status FROM plan_run ORDER BY created_at DESC LIMIT 1');
    expect(newest).toMatchObject({ status: 'SUCCEEDED' });
    expect(newest!.id).not.toBe(runId);
    await page.waitForFunction(`document.getElementById('run').value === ${JSON.stringify(newest!.id)}`);
    await page.screenshot({ path: join(SHOTS, 'live-run.png'), fullPage: true });
  });

  it('shows a limited account its own agency only, with what to do next', async () => {
    const page = await signIn(OTHER_EMAIL, OTHER_PASSWORD);
    await page.waitForSelector('#empty:not([hidden])');
    const agencies = await page.locator('#agency option').evaluateAll((os) => os.map((o) => (o as unknown as { value: string }).value));
    expect(agencies).toEqual([OTHER]);
    expect(await page.locator('#run option').count()).toBe(0);
    expect(await textOf(page, '#empty')).toBe(
      'Belum ada perhitungan selesai untuk pilihan ini. Minta perencana menjalankan perhitungan; hasilnya akan tampil di sini.',
    );
    expect(await page.content()).not.toContain(DEMO_AGENCY.code);
    // the API behind the page refuses the other agency to this account as well
    const token = await page.evaluate<string | null>("sessionStorage.getItem('formasi.token')");
    const res = await e2e.gql(`{ agePyramid(agencyCode: "${DEMO_AGENCY.code}") { total } }`, {}, token);
    expect(res.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    await page.screenshot({ path: join(SHOTS, 'limited-account.png'), fullPage: true });
  });
});
