import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { Readable } from 'node:stream';
import { checkXlsxArchive } from './xlsx-archive.guard';
import { workbookReader, xlsxSheets } from './xlsx-sheets';

/** Two sheets (the second hidden), strings shared, with a blank row 2 on the first. */
async function workbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const data = wb.addWorksheet('Data & Catatan');
  data.getRow(1).values = ['NIP', 'Nama'];
  data.getRow(3).values = ['198001012010011001', 'Siti'];
  data.getRow(4).values = ['198001012010011002', 'Budi'];
  wb.addWorksheet('Lama', { state: 'hidden' }).addRow(['x']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The same archive with its entries in another order: shared strings and relationships first, the sheet list last. */
async function reordered(bytes: Buffer): Promise<Buffer> {
  const source = await JSZip.loadAsync(bytes);
  const names = Object.keys(source.files).filter((n) => !source.files[n]!.dir);
  const rank = (n: string): number =>
    n === 'xl/_rels/workbook.xml.rels'
      ? 0
      : n === 'xl/sharedStrings.xml'
        ? 1
        : n.startsWith('xl/worksheets/')
          ? 2
          : n === 'xl/workbook.xml'
            ? 4
            : 3;
  const out = new JSZip();
  for (const n of names.sort((a, b) => rank(a) - rank(b))) out.file(n, await source.files[n]!.async('nodebuffer'));
  return out.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

async function readAll(bytes: Buffer): Promise<{ name?: string; state?: string; rows: unknown[][] }[]> {
  const archive = await checkXlsxArchive(bytes);
  const sheets = [];
  for await (const sheet of xlsxSheets(workbookReader(Readable.from([bytes])), archive)) {
    const rows: unknown[][] = [];
    for await (const row of sheet.rows) rows.push([row.number, ...(row.values as unknown[]).slice(1)]);
    sheets.push({ name: sheet.name, state: sheet.state, rows });
  }
  return sheets;
}

const expected = [
  {
    name: 'Data & Catatan',
    state: 'visible',
    rows: [
      [1, 'NIP', 'Nama'],
      [3, '198001012010011001', 'Siti'],
      [4, '198001012010011002', 'Budi'],
    ],
  },
  { name: 'Lama', state: 'hidden', rows: [[1, 'x']] },
];

describe('XLSX sheets streamed after the archive check', () => {
  it('counts the rows of each worksheet in the check', async () => {
    const archive = await checkXlsxArchive(await workbook());
    expect(Object.fromEntries(archive.rows)).toEqual({ 'xl/worksheets/sheet1.xml': 3, 'xl/worksheets/sheet2.xml': 1 });
    expect(archive.workbookXml.toString('utf8')).toContain('name="Data &amp; Catatan"');
  });

  it('reads names, states and rows as written', async () => {
    expect(await readAll(await workbook())).toEqual(expected);
  });

  it('reads an archive that holds the sheet list after its sheets, which exceljs alone fails on', async () => {
    const bytes = await reordered(await workbook());
    const alone = async (): Promise<void> => {
      for await (const sheet of workbookReader(Readable.from([bytes]))) for await (const _ of sheet) void _;
    };
    await expect(alone()).rejects.toThrow("Cannot read properties of undefined (reading 'sheets')");
    expect(await readAll(bytes)).toEqual(expected);
  });

  it('refuses a sheet that yields fewer rows than the check counted', async () => {
    const bytes = await workbook();
    const archive = await checkXlsxArchive(bytes);
    const short = { ...archive, rows: new Map([...archive.rows, ['xl/worksheets/sheet1.xml', 4]]) };
    const read = async (): Promise<void> => {
      for await (const sheet of xlsxSheets(workbookReader(Readable.from([bytes])), short)) for await (const _ of sheet.rows) void _;
    };
    await expect(read()).rejects.toThrow(
      'the XLSX file could not be read whole: sheet Data & Catatan holds 4 rows and 3 were read; upload it again',
    );
  });
});
