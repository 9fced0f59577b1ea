import { parse } from 'csv-parse/sync';
import { csvRecords, CsvSyntaxError } from './csv-records';

async function read(text: string, delimiter: ',' | ';' = ',', chunkSize = 7): Promise<Array<{ rowNo: number; cells: string[] }>> {
  async function* chunks(): AsyncGenerator<string> {
    for (let i = 0; i < text.length; i += chunkSize) yield text.slice(i, i + chunkSize);
  }
  const out: Array<{ rowNo: number; cells: string[] }> = [];
  for await (const batch of csvRecords(chunks(), delimiter, 3)) out.push(...batch);
  return out;
}

const reference = (text: string, delimiter = ','): string[][] =>
  parse(text, { bom: true, delimiter, relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][];

describe('csvRecords', () => {
  const cases: Array<[string, string, ',' | ';']> = [
    ['plain lines, a missing last newline', 'a,b,c\n1,2,3\n4,5,6', ','],
    ['CRLF, a BOM, blank lines and ragged rows', '\uFEFFnip;nama\r\n\r\n1;Budi\r\n2\r\n3;Ani;extra\r\n', ';'],
    ['spaces around cells and quotes', ' a , "b c" ,c \n', ','],
    ['quoted delimiters, escaped quotes and a newline inside quotes', 'x,"Siti, S.Kep ""Ners""","two\nlines",y\nz,"",w\n', ','],
    ['empty cells and a quoted empty cell', ',,\n"",a,\n', ','],
  ];
  it.each(cases)('reads %s like csv-parse, in any chunking', async (_, text, delimiter) => {
    const expected = reference(text, delimiter);
    for (const size of [1, 3, 7, 1000]) {
      const got = await read(text, delimiter, size);
      expect(got.map((r) => r.cells)).toEqual(expected);
      expect(got.map((r) => r.rowNo)).toEqual(expected.map((_, i) => i + 1));
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
