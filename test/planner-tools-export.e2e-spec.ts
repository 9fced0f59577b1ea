import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { FormationExportService } from '../apps/api/src/exports/formation-export.service';
import { E2eApp, startE2eApp } from './support/e2e-app';
import { loadPlannerRegency, runPlan } from './planner-tools.fixture';

interface Need {
  agencyCode: string;
  unitCode: string | null;
  positionCode: string;
  category: string;
  level: string | null;
  year: number;
  existing: number;
  required: number;
  retirements: number;
  formation: number;
  attrition: number;
  expectedAttrition: number;
}

// supertest buffers text only; an XLSX body is collected as bytes
const binary = (res: import('supertest').Response, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

const key = (agency: unknown, unit: unknown, position: unknown) => `${agency}|${unit ?? ''}|${position}`;

describe('planner tools: formation export', () => {
  let e2e: E2eApp;
  let runId: string;
  let needs: Map<string, Need>;

  beforeAll(async () => {
    e2e = await startE2eApp();
    await loadPlannerRegency(e2e);
    runId = await runPlan(e2e);
    const res = await e2e.gql<{ formationNeeds: { nodes: Need[] } }>(
      `query($runId: ID!) { formationNeeds(runId: $runId, first: 500) { nodes {
         agencyCode unitCode positionCode category level year existing required retirements formation attrition expectedAttrition } } }`,
      { runId },
    );
    expect(res.errors).toBeUndefined();
    needs = new Map(res.data!.formationNeeds.nodes.map((n) => [`${key(n.agencyCode, n.unitCode, n.positionCode)}|${n.year}`, n]));
    expect(needs.size).toBe(10); // 5 cells × 2 years
  });

  afterAll(async () => {
    await e2e?.close();
  });

  const get = (path: string) => e2e.http().get(path);

  it('writes one CSV line per position and unit with the figures of formationNeeds, in Indonesian by default', async () => {
    const res = await get(`/runs/${runId}/formation.csv`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const rows = parse(res.text, { bom: true }) as string[][];
    expect(rows[0]).toEqual([
      'Instansi',
      'Unit Kerja',
      'Jabatan',
      'Kategori',
      'Jenjang',
      'Pegawai yang Ada',
      'Kebutuhan 2027',
      'Pensiun 2027',
      'Formasi 2027',
      'Keluar (orang) 2027',
      'Perkiraan Keluar 2027',
      'Kebutuhan 2028',
      'Pensiun 2028',
      'Formasi 2028',
      'Keluar (orang) 2028',
      'Perkiraan Keluar 2028',
    ]);
    const lines = rows.slice(1);
    expect(lines.map((l) => `${l[1]} ${l[2]}`)).toEqual([
      'DINKES DOKTER',
      'DINKES PENGADMIN',
      'PKM-A PERAWAT',
      'PKM-B PENGADMIN',
      'PKM-C PENGADMIN',
    ]);
    for (const l of lines) {
      const y27 = needs.get(`${key(l[0], l[1], l[2])}|2027`)!;
      const y28 = needs.get(`${key(l[0], l[1], l[2])}|2028`)!;
      expect(l.slice(3, 5)).toEqual([y27.category, y27.level ?? '']);
      expect(l.slice(5).map(Number)).toEqual([
        y27.existing,
        y27.required,
        y27.retirements,
        y27.formation,
        y27.attrition,
        y27.expectedAttrition,
        y28.required,
        y28.retirements,
        y28.formation,
        y28.attrition,
        y28.expectedAttrition,
      ]);
    }
    // the nurse line worked out by hand: 4 in post, 2027 required 6 with one retirement and 3 to recruit, 2028 required 8 and 2;
    // the policy has no attrition, so none is expected and none counted
    expect(lines[2]).toEqual([
      'KAB-UJI',
      'PKM-A',
      'PERAWAT',
      'FUNGSIONAL',
      'TERAMPIL',
      '4',
      '6',
      '1',
      '3',
      '0',
      '0',
      '8',
      '0',
      '2',
      '0',
      '0',
    ]);

    const en = await get(`/runs/${runId}/formation.csv?lang=en`);
    expect((parse(en.text, { bom: true }) as string[][])[0]!.slice(0, 7)).toEqual([
      'Agency',
      'Unit',
      'Position',
      'Category',
      'Level',
      'Existing',
      'Required 2027',
    ]);
  });

  it('writes an XLSX sheet per year, numbers as numbers, and a summary of formulas', async () => {
    const res = await get(`/runs/${runId}/formation.xlsx`).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as Buffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['2027', '2028', 'Ringkasan']);

    for (const year of [2027, 2028]) {
      const ws = wb.getWorksheet(String(year))!;
      expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual([
        'Instansi',
        'Unit Kerja',
        'Jabatan',
        'Kategori',
        'Jenjang',
        'Pegawai yang Ada',
        'Kebutuhan',
        'Pensiun',
        'Formasi',
        'Keluar (orang)',
        'Perkiraan Keluar',
      ]);
      expect(ws.rowCount).toBe(6);
      for (let r = 2; r <= 6; r++) {
        const v = (ws.getRow(r).values as unknown[]).slice(1);
        const need = needs.get(`${key(v[0], v[1], v[2])}|${year}`)!;
        expect(v.slice(3)).toEqual([
          need.category,
          need.level ?? undefined,
          need.existing,
          need.required,
          need.retirements,
          need.formation,
          need.attrition,
          need.expectedAttrition,
        ]);
        expect(typeof v[5]).toBe('number');
      }
    }

    const summary = wb.getWorksheet('Ringkasan')!;
    const sumOf = (year: number, f: (n: Need) => number) =>
      [...needs.values()].filter((n) => n.year === year).reduce((s, n) => s + f(n), 0);
    // 2027: existing 1 + 1 + 4 + 0 + 2 = 8, required 0 + 1 + 6 + 1 + 0 = 8, one retirement, formation 1 + 3 + 1 = 5
    expect(sumOf(2027, (n) => n.existing)).toBe(8);
    expect(sumOf(2027, (n) => n.formation)).toBe(5);
    for (const [row, year] of [
      [2, 2027],
      [3, 2028],
    ] as const) {
      const cells = (summary.getRow(row).values as unknown[]).slice(1);
      expect(cells[0]).toBe(year);
      const cols = ['F', 'G', 'H', 'I'];
      const fields: Array<(n: Need) => number> = [(n) => n.existing, (n) => n.required, (n) => n.retirements, (n) => n.formation];
      cells.slice(1).forEach((c, i) => {
        const cell = c as { formula: string; result?: number };
        expect(cell.formula).toBe(`SUM('${year}'!${cols[i]}2:${cols[i]}6)`);
        // exceljs leaves out a cached result of 0; a spreadsheet recomputes it on opening
        expect(cell.result ?? 0).toBe(sumOf(year, fields[i]!));
      });
    }
    const total = (summary.getRow(4).values as unknown[]).slice(1);
    expect(total[0]).toBe('Jumlah');
    expect(total[3]).toEqual({ formula: 'SUM(D2:D3)', result: 1 });
    expect(total[4]).toEqual({ formula: 'SUM(E2:E3)', result: 5 + 2 });
  });

  it('streams the same files when every page holds only two cells', async () => {
    const exportService = e2e.app.get(FormationExportService);
    const csv = (await get(`/runs/${runId}/formation.csv`)).text;
    const xlsx = async () => {
      const res = await get(`/runs/${runId}/formation.xlsx`).buffer(true).parse(binary);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.body as Buffer);
      return wb.worksheets.map((w) => w.getSheetValues());
    };
    const whole = await xlsx();
    exportService.pageRows = 2;
    try {
      expect((await get(`/runs/${runId}/formation.csv`)).text).toBe(csv);
      expect(await xlsx()).toEqual(whole);
    } finally {
      exportService.pageRows = 1000;
    }
  });

  it('answers an unknown run 404 and a bad language 400 before streaming anything', async () => {
    const missing = await get('/runs/00000000-0000-4000-8000-000000000000/formation.csv');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('NOT_FOUND');
    expect((await get('/runs/not-a-run/formation.xlsx')).status).toBe(404);
    const lang = await get(`/runs/${runId}/formation.csv?lang=fr`);
    expect(lang.status).toBe(400);
    expect(lang.body.code).toBe('BAD_USER_INPUT');
  });
});
