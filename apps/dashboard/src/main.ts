import DOMPurify from 'dompurify';
import { marked } from 'marked';
import { AgePyramid, ApiError, FormasiApi, Need, PlanRun, ProposalBoard, SummaryRow, User } from './api';
import { chartIn, flowOption, funnelOption, HeatCell, heatmapOption, pyramidOption, waveOption } from './charts';
import { escapeHtml, fmt, fmtPercent, fmtRupiah, fmtWhole } from './format';
import { applyLabels, currentLang, Lang, LabelKey, setLang, t } from './i18n';
import './style.css';

// The token lives in this tab's session storage only, never in a URL.
const TOKEN_KEY = 'formasi.token';
const NATION = '';

const $ = <T extends HTMLElement = HTMLElement>(id: string): T => document.getElementById(id) as T;

interface State {
  user: User | null;
  agencies: Array<{ code: string; name: string }>;
  agency: string; // NATION or an agency code
  runs: PlanRun[];
  run: PlanRun | null;
  year: number | null;
  summary: SummaryRow[];
  needs: Need[];
  pyramid: AgePyramid | null;
  board: ProposalBoard | null;
}

const api = new FormasiApi(sessionStorage.getItem(TOKEN_KEY));
const state: State = {
  user: null,
  agencies: [],
  agency: NATION,
  runs: [],
  run: null,
  year: null,
  summary: [],
  needs: [],
  pyramid: null,
  board: null,
};

const canPlan = (): boolean => state.user?.role === 'ADMIN' || state.user?.role === 'PLANNER';
const unlimited = (): boolean =>
  (state.user?.agencyCodes.length ?? 0) === 0 && state.user?.role !== 'AGENCY_OPERATOR' && state.user?.role !== 'AGENCY_HEAD';

function showError(where: HTMLElement, e: unknown): void {
  where.hidden = false;
  where.textContent = e instanceof Error ? e.message : String(e);
}

async function signIn(email: string, password: string): Promise<void> {
  const { token, user } = await api.login(email, password);
  sessionStorage.setItem(TOKEN_KEY, token);
  await enter(user);
}

function signOut(): void {
  api.signOut();
  sessionStorage.removeItem(TOKEN_KEY);
  state.user = null;
  $('app').hidden = true;
  $('signin').hidden = false;
  $('who').hidden = true;
  $('signout').hidden = true;
}

async function enter(user: User): Promise<void> {
  state.user = user;
  $('signin').hidden = true;
  $('app').hidden = false;
  $('who').hidden = false;
  $('signout').hidden = false;
  $('who').textContent = `${user.displayName} · ${user.role}`;
  $('start-run').hidden = !canPlan();
  state.agencies = await api.agencies();
  const options = [
    ...(unlimited() ? [{ code: NATION, name: t('nation') }] : []),
    ...state.agencies.map((a) => ({ code: a.code, name: `${a.code} — ${a.name}` })),
  ];
  $<HTMLSelectElement>('agency').innerHTML = options
    .map((o) => `<option value="${escapeHtml(o.code)}">${escapeHtml(o.name)}</option>`)
    .join('');
  state.agency = options.find((o) => o.code !== NATION)?.code ?? NATION;
  $<HTMLSelectElement>('agency').value = state.agency;
  if (state.agencies.length === 0) return showEmpty(t('noAgencies'));
  await loadRuns();
}

function showEmpty(message: string | null): void {
  $('empty').hidden = message === null;
  $('empty').textContent = message ?? '';
  $('panels').hidden = message !== null;
}

async function loadRuns(selectId?: string): Promise<void> {
  const agencyCode = state.agency === NATION ? null : state.agency;
  // an agency's page lists its own runs and the national ones (they include it)
  const runs = await api.runs(agencyCode);
  state.runs = runs.filter((r) => r.status === 'SUCCEEDED' && (agencyCode === null ? r.agencyCode === null : true));
  const select = $<HTMLSelectElement>('run');
  select.innerHTML = state.runs
    .map(
      (r) =>
        `<option value="${r.id}">${escapeHtml(`${r.agencyCode ?? t('nationScope')} · ${r.years[0]}–${r.years.at(-1)} · ${r.createdAt.slice(0, 16).replace('T', ' ')}`)}</option>`,
    )
    .join('');
  state.run = state.runs.find((r) => r.id === selectId) ?? state.runs[0] ?? null;
  if (state.run) select.value = state.run.id;
  if (!state.run) {
    showEmpty(`${t('noRuns')} ${t(canPlan() ? 'noRunsPlanner' : 'noRunsReader')}`);
    await loadPyramid();
    return;
  }
  showEmpty(null);
  await loadRun();
}

async function loadRun(): Promise<void> {
  const run = state.run!;
  const rows = await api.summary(run.id);
  // per year: one agency's row, or the sum over every agency the caller may see
  const mine = rows.filter((r) => state.agency === NATION || r.agencyCode === state.agency);
  state.summary = run.years.map((year) => {
    const of = mine.filter((r) => r.year === year);
    const sum = (k: keyof SummaryRow): number => of.reduce((s, r) => s + (Number(r[k]) || 0), 0);
    const costed = of.some((r) => r.formationCost !== null);
    return {
      agencyCode: state.agency || null,
      year,
      requiredFte: sum('requiredFte'),
      required: sum('required'),
      existing: sum('existing'),
      supplyEnd: sum('supplyEnd'),
      formation: sum('formation'),
      formationCost: costed ? sum('formationCost') : null,
      uncostedFormation: sum('uncostedFormation'),
      retirements: sum('retirements'),
      contractEnds: sum('contractEnds'),
      attrition: sum('attrition'),
    };
  });
  state.year = run.years[0]!;
  $<HTMLSelectElement>('year').innerHTML = run.years.map((y) => `<option value="${y}">${y}</option>`).join('');
  renderGlance();
  $<HTMLSelectElement>('proposal-year').innerHTML = run.years.map((y) => `<option value="${y}">${y}</option>`).join('');
  await Promise.all([loadNeeds(), loadPyramid(), loadBoard(run.years[0]!)]);
}

function renderGlance(): void {
  const years = state.summary;
  if (!years.length) return;
  const total = (k: 'formation' | 'retirements' | 'contractEnds' | 'attrition' | 'uncostedFormation'): number =>
    years.reduce((s, y) => s + y[k], 0);
  const costed = years.filter((y) => y.formationCost !== null);
  const cost = costed.length ? costed.reduce((s, y) => s + (y.formationCost ?? 0), 0) : null;
  const kpi = (key: LabelKey, value: string, id: string, note = ''): string =>
    `<div class="kpi" data-kpi="${id}"><span class="kpi-label">${t(key)}</span><span class="kpi-value">${value}</span>${note ? `<span class="kpi-note">${note}</span>` : ''}</div>`;
  $('kpis').innerHTML = [
    kpi('totalFormation', fmtWhole(total('formation')), 'formation', `${years[0]!.year}–${years.at(-1)!.year}`),
    kpi('requiredLast', fmtWhole(years.at(-1)!.required), 'required', `FTE ${fmt(years.at(-1)!.requiredFte)}`),
    kpi('existingFirst', fmt(years[0]!.existing), 'existing'),
    kpi('exitsTotal', fmt(total('retirements') + total('contractEnds') + total('attrition')), 'exits'),
    kpi(
      'cost',
      cost === null ? '—' : fmtRupiah(cost),
      'cost',
      total('uncostedFormation') ? `${fmtWhole(total('uncostedFormation'))} ${t('uncosted')}` : '',
    ),
  ].join('');
  chartIn($('chart-flow')).setOption(flowOption(years), true);
  const cols: Array<[LabelKey, (y: SummaryRow) => string]> = [
    ['formation', (y) => fmtWhole(y.formation)],
    ['retirements', (y) => fmtWhole(y.retirements)],
    ['contractEnds', (y) => fmtWhole(y.contractEnds)],
    ['attrition', (y) => fmt(y.attrition)],
    ['required', (y) => fmtWhole(y.required)],
    ['existing', (y) => fmt(y.existing)],
    ['cost', (y) => (y.formationCost === null ? '—' : fmtRupiah(y.formationCost))],
  ];
  $('year-table').innerHTML =
    `<thead><tr><th>${t('year')}</th>${years.map((y) => `<th>${y.year}</th>`).join('')}</tr></thead><tbody>` +
    cols.map(([key, cell]) => `<tr data-row="${key}"><th>${t(key)}</th>${years.map((y) => `<td>${cell(y)}</td>`).join('')}</tr>`).join('') +
    '</tbody>';
}

interface HeatCellWithNeed extends HeatCell {
  need: Need | null;
  sums: { required: number; supplyEnd: number; formation: number; existing: number };
}
let heatCells: HeatCellWithNeed[] = [];

async function loadNeeds(): Promise<void> {
  const run = state.run!;
  state.needs = await api.needs(run.id, state.year!, state.agency === NATION ? null : state.agency);
  renderHeatmap();
}

function renderHeatmap(): void {
  const nation = state.agency === NATION;
  $('gap-hint').textContent = t(nation ? 'gapHintNation' : 'gapHintAgency');
  if (nation) {
    // agency × category from sums; the pressure of a group is that of its sums
    const groups = new Map<string, HeatCellWithNeed>();
    for (const n of state.needs) {
      const key = `${n.agencyCode}|${n.category}`;
      const g = groups.get(key) ?? {
        x: n.agencyCode,
        y: n.category,
        pressure: 0,
        need: null,
        sums: { required: 0, supplyEnd: 0, formation: 0, existing: 0 },
      };
      g.sums.required += n.required;
      g.sums.supplyEnd += n.supplyEnd;
      g.sums.formation += n.formation;
      g.sums.existing += n.existing;
      groups.set(key, g);
    }
    heatCells = [...groups.values()].map((g) => ({
      ...g,
      pressure: g.sums.required > 0 ? (g.sums.required - g.sums.supplyEnd) / g.sums.required : 0,
    }));
  } else {
    heatCells = state.needs.map((n) => ({
      x: n.unitCode ?? '—',
      y: n.positionCode,
      pressure: n.pressure,
      need: n,
      sums: { required: n.required, supplyEnd: n.supplyEnd, formation: n.formation, existing: n.existing },
    }));
  }
  const chart = chartIn($('chart-heatmap'));
  chart.setOption(heatmapOption(heatCells, t(nation ? 'agency' : 'unit'), t(nation ? 'category' : 'position')), true);
  chart.off('click');
  chart.on('click', (p) => {
    const [x, y] = p.data as [number, number, number];
    const xs = [...new Set(heatCells.map((c) => c.x))].sort();
    const ys = [...new Set(heatCells.map((c) => c.y))].sort();
    const cell = heatCells.find((c) => c.x === xs[x] && c.y === ys[y]);
    if (cell) void explain(cell);
  });
  $('explanation').innerHTML = `<p class="hint">${t('clickCell')}</p>`;
}

async function explain(cell: HeatCellWithNeed): Promise<void> {
  const box = $('explanation');
  const n = cell.need;
  const rows: Array<[LabelKey, string]> = n
    ? [
        ['required', `${fmtWhole(n.required)} (FTE ${fmt(n.requiredFte)})`],
        ['existing', fmt(n.existing)],
        ['retirements', fmtWhole(n.retirements)],
        ['contractEnds', fmtWhole(n.contractEnds)],
        ['attrition', fmt(n.attrition)],
        ['formation', fmtWhole(n.formation)],
        ['pressure', fmtPercent(n.pressure)],
      ]
    : [
        ['required', fmtWhole(cell.sums.required)],
        ['existing', fmt(cell.sums.existing)],
        ['formation', fmtWhole(cell.sums.formation)],
        ['pressure', fmtPercent(cell.pressure)],
      ];
  const title = `${escapeHtml(cell.x)} · ${escapeHtml(cell.y)} · ${state.year}`;
  const table = `<table class="numbers cell-numbers">${rows.map(([k, v]) => `<tr><th>${t(k)}</th><td>${v}</td></tr>`).join('')}</table>`;
  box.innerHTML = `<h3>${title}</h3>${table}`;
  if (!n) {
    box.insertAdjacentHTML('beforeend', `<p class="hint">${t('gapHintNation')}</p>`);
    return;
  }
  try {
    const markdown = await api.explanation(state.run!.id, n);
    // the trace quotes names and documents from the data: rendered, then sanitised
    const html = DOMPurify.sanitize(await marked.parse(markdown));
    box.insertAdjacentHTML('beforeend', `<div class="markdown" data-testid="explanation-markdown">${html}</div>`);
  } catch (e) {
    box.insertAdjacentHTML('beforeend', `<p class="error">${escapeHtml(e instanceof Error ? e.message : String(e))}</p>`);
  }
}

async function loadPyramid(): Promise<void> {
  const card = $('age-card');
  const hint = $('age-hint');
  const pyramidEl = $('chart-pyramid');
  const waveEl = $('chart-wave');
  if (state.agency === NATION) {
    hint.textContent = t('pickAgencyForAge');
    pyramidEl.hidden = waveEl.hidden = true;
    return;
  }
  card.hidden = false;
  state.pyramid = await api.agePyramid(state.agency, state.run?.asOf ?? null);
  const p = state.pyramid;
  if (p.total === 0) {
    hint.textContent = t('noRoster');
    pyramidEl.hidden = waveEl.hidden = true;
    return;
  }
  pyramidEl.hidden = waveEl.hidden = false;
  const byAge = new Map<number, number>();
  for (const r of p.retirementAges) byAge.set(r.age, (byAge.get(r.age) ?? 0) + r.staff);
  const rules = [...byAge].map(([age, staff]) => `${t('retirementAge')} ${age}: ${fmtWhole(staff)} ${t('staff')}`).join(' · ');
  hint.textContent = `${fmtWhole(p.total)} ${t('staff')} · ${t('ageOn')} ${p.asOf} · ${rules}${p.pastRetirement ? ` · ${fmtWhole(p.pastRetirement)} ${t('pastRetirement')}` : ''}`;
  chartIn(pyramidEl).setOption(pyramidOption(p), true);
  chartIn(waveEl).setOption(waveOption(p), true);
}

// the proposal cycle in the order the API lists it; a returned proposal was in verification, a withdrawn one is not live
const FUNNEL = ['DRAFT', 'SUBMITTED', 'SIGNED', 'IN_VERIFICATION', 'VERIFIED', 'DETERMINED'];
const REACHED: Record<string, number> = {
  ...Object.fromEntries(FUNNEL.map((s, i) => [s, i])),
  RETURNED: FUNNEL.indexOf('IN_VERIFICATION'),
};

async function loadBoard(year: number): Promise<void> {
  // the board is national: the API answers it to accounts that are not limited to agencies
  $('proposal-card').hidden = !unlimited();
  if (!unlimited()) return;
  state.board = await api.proposalBoard(year);
  renderBoard();
}

function renderBoard(): void {
  const b = state.board;
  if (!b) return;
  const label = (s: string): string => t(`state${s}` as LabelKey);
  const reached = FUNNEL.map((_, k) => b.states.filter((s) => (REACHED[s.state] ?? -1) >= k).reduce((n, s) => n + s.count, 0));
  const stages = [{ name: t('stateAgencies'), value: b.agencies }, ...FUNNEL.map((s, k) => ({ name: label(s), value: reached[k]! }))];
  $('proposal-hint').textContent = `${t('proposalHint')} ${t('notStarted')}: ${fmtWhole(b.notStarted)}.`;
  chartIn($('chart-funnel')).setOption(funnelOption(stages), true);
  $('proposal-table').innerHTML =
    `<thead><tr><th>${t('state')}</th><th>${t('now')}</th><th>${t('averageHours')}</th></tr></thead><tbody>` +
    b.states
      .map((s) => `<tr data-state="${s.state}"><th>${label(s.state)}</th><td>${fmtWhole(s.count)}</td><td>${fmt(s.averageHours)}</td></tr>`)
      .join('') +
    '</tbody>';
}

async function startRun(): Promise<void> {
  const button = $<HTMLButtonElement>('start-run');
  const agencyCode = state.agency === NATION ? null : state.agency;
  const years = state.run?.years ?? [
    new Date().getFullYear() + 1,
    new Date().getFullYear() + 2,
    new Date().getFullYear() + 3,
    new Date().getFullYear() + 4,
    new Date().getFullYear() + 5,
  ];
  const asOf = state.run?.asOf ?? `${years[0]! - 1}-12-31`;
  button.disabled = true;
  $('live').hidden = false;
  const bar = $('progress-bar');
  const text = $('progress-text');
  const show = (progress: number, status: string, error?: string | null): void => {
    bar.style.width = `${progress}%`;
    bar.setAttribute('aria-valuenow', String(progress));
    bar.dataset.status = status;
    const label = status === 'SUCCEEDED' ? t('done') : status === 'FAILED' ? t('failed') : t('running');
    text.textContent = `${label}: ${progress} %${error ? ` — ${error}` : ''}`;
  };
  try {
    const run = await api.startRun(agencyCode, asOf, years);
    show(run.progress, run.status);
    let last = run.status;
    await api.watchRun(run.id, (r) => {
      last = r.status;
      show(r.progress, r.status, r.error);
    });
    if (last === 'SUCCEEDED') await loadRuns(run.id);
  } catch (e) {
    text.textContent = e instanceof ApiError || e instanceof Error ? e.message : String(e);
  } finally {
    button.disabled = false;
  }
}

function relabel(): void {
  applyLabels();
  if (!state.user) return;
  $<HTMLSelectElement>('agency').querySelector(`option[value="${NATION}"]`)?.replaceChildren(t('nation'));
  if (state.run) {
    renderGlance();
    renderHeatmap();
    renderBoard();
    if (state.pyramid && state.agency !== NATION && state.pyramid.total > 0) {
      chartIn($('chart-pyramid')).setOption(pyramidOption(state.pyramid), true);
      chartIn($('chart-wave')).setOption(waveOption(state.pyramid), true);
    }
  }
}

function wire(): void {
  $<HTMLSelectElement>('lang').value = currentLang();
  $<HTMLSelectElement>('lang').addEventListener('change', (e) => {
    setLang((e.target as HTMLSelectElement).value as Lang);
    relabel();
  });
  $<HTMLFormElement>('signin-form').addEventListener('submit', (e) => {
    e.preventDefault();
    $('signin-error').hidden = true;
    signIn($<HTMLInputElement>('email').value, $<HTMLInputElement>('password').value).catch((err: unknown) => {
      showError($('signin-error'), `${t('signInFailed')}: ${err instanceof Error ? err.message : String(err)}`);
    });
  });
  $('signout').addEventListener('click', signOut);
  $<HTMLSelectElement>('agency').addEventListener('change', (e) => {
    state.agency = (e.target as HTMLSelectElement).value;
    void loadRuns();
  });
  $<HTMLSelectElement>('run').addEventListener('change', (e) => {
    state.run = state.runs.find((r) => r.id === (e.target as HTMLSelectElement).value) ?? null;
    if (state.run) void loadRun();
  });
  $<HTMLSelectElement>('year').addEventListener('change', (e) => {
    state.year = Number((e.target as HTMLSelectElement).value);
    void loadNeeds();
  });
  $<HTMLSelectElement>('proposal-year').addEventListener('change', (e) => void loadBoard(Number((e.target as HTMLSelectElement).value)));
  $('start-run').addEventListener('click', () => void startRun());
}

wire();
setLang(currentLang());
applyLabels();
if (api.signedIn) {
  api.me().then(enter, () => signOut());
}
