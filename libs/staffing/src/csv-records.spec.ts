import { parse } from 'csv-parse/sync';
import { CsvScanner, CsvSyntaxError } from './csv-records';

/** The text's UTF-8 bytes in chunks of `chunkSize`, so a chunk may end inside a character or the BOM. */
async function read(
  text: string,
  delimiter: ',' | ';' = ',',
  chunkSize = 7,
  byBytes = false,
): Promise<Array<{ rowNo: number; cells: string[] }>> {
  const bytes = Buffer.from(text, 'utf8');
  async function* chunks(): AsyncGenerator<Buffer> {
    for (let i = 0; i < bytes.length; i += chunkSize) yield bytes.subarray(i, i + chunkSize);
  }
  const out: Array<{ rowNo: number; cells: string[] }> = [];
  const fields = (buf: Buffer, bounds: Int32Array, count: number, rowNo: number): boolean => {
    if (!byBytes) return false;
    out.push({ rowNo, cells: Array.from({ length: count }, (_, i) => buf.toString('utf8', bounds[2 * i], bounds[2 * i + 1]).trim()) });
    return true;
  };
  const scanner = new CsvScanner(delimiter, { fields, cells: (cells, rowNo) => out.push({ rowNo, cells }) });
  for await (const chunk of chunks()) scanner.push(chunk);
  scanner.end();
  return out;
}

const reference = (text: string, delimiter = ','): string[][] =>
  parse(text, { bom: true, delimiter, relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][];

describe('CsvScanner as text cells', () => {
  const cases: Array<[string, string, ',' | ';']> = [
    ['plain lines, a missing last newline', 'a,b,c\n1,2,3\n4,5,6', ','],
    ['CRLF, a BOM, blank lines and ragged rows', '\uFEFFnip;nama\r\n\r\n1;Budi\r\n2\r\n3;Ani;extra\r\n', ';'],
    ['spaces around cells and quotes', ' a , "b c" ,c \n', ','],
    ['quoted delimiters, escaped quotes and a newline inside quotes', 'x,"Siti, S.Kep ""Ners""","two\nlines",y\nz,"",w\n', ','],
    ['empty cells and a quoted empty cell', ',,\n"",a,\n', ','],
    ['a row of 100 cells, past the first bounds buffer', `${Array.from({ length: 100 }, (_, i) => i).join(',')}\r\nx,y\r\n`, ','],
    ['names beyond ASCII, quoted and not', '\uFEFFnip,nama\n1,Agüs Sêtiawan\n2,"Dewi, Ratna Ñ"\n3,"Ömer\r\nKüçük",x\r\n', ','],
  ];
  it.each(cases)('reads %s like csv-parse, in any chunking, as cells and as byte ranges', async (_, text, delimiter) => {
    const expected = reference(text, delimiter);
    for (const size of [1, 3, 7, 1000]) {
      for (const byBytes of [false, true]) {
        const got = await read(text, delimiter, size, byBytes);
        expect(got.map((r) => r.cells)).toEqual(expected);
        expect(got.map((r) => r.rowNo)).toEqual(expected.map((_, i) => i + 1));
      }
    }
  });

  it('refuses broken quoting as csv-parse does', async () => {
    await expect(read('a,b\n1,"Budi,2\n')).rejects.toThrow(CsvSyntaxError);
    await expect(read('a,b\n1,"Budi"x,2\n')).rejects.toThrow(/Invalid Closing Quote/);
    await expect(read('a,b\n1,Bu"di\n')).rejects.toThrow(/Invalid Opening Quote/);
    expect(() => reference('a,b\n1,"Budi,2\n')).toThrow();
    expect(() => reference('a,b\n1,"Budi"x,2\n')).toThrow();
    expect(() => reference('a,b\n1,Bu"di\n')).toThrow();
  });
});

describe('CsvScanner', () => {
  it('offers unquoted records as byte ranges and takes them back as cells when refused', () => {
    const seen: string[] = [];
    const scanner = new CsvScanner(';', {
      fields: (buf, bounds, count, rowNo) => {
        const cells = Array.from({ length: count }, (_, i) => buf.toString('utf8', bounds[2 * i], bounds[2 * i + 1]));
        seen.push(`${rowNo} bytes ${cells.join('|')}`);
        return rowNo !== 4;
      },
      cells: (cells, rowNo) => seen.push(`${rowNo} cells ${cells.join('|')}`),
    });
    scanner.push(Buffer.from('a;b\r\n1; x \n2;"y;z"\n'));
    scanner.push(Buffer.from('3;w'));
    scanner.end();
    expect(seen).toEqual(['1 bytes a|b', '2 bytes 1| x ', '3 cells 2|y;z', '4 bytes 3|w', '4 cells 3|w']);
  });
});
