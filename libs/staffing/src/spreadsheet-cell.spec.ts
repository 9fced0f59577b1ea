import { csvField, csvRecord, fromSpreadsheetText, spreadsheetCell, spreadsheetText } from './spreadsheet-cell';

describe('spreadsheet cells: formula injection', () => {
  it.each(['=HYPERLINK("http://x","klik")', '+62 812', '-1+2', '@SUM(A1)', '\tdata', '\rdata', '=1'])(
    'guards %j with an apostrophe and reads it back unchanged',
    (text) => {
      expect(spreadsheetText(text)).toBe(`'${text}`);
      expect(fromSpreadsheetText(spreadsheetText(text))).toBe(text);
    },
  );

  it('leaves ordinary text, plain decimal numbers and other apostrophes alone', () => {
    expect(spreadsheetText('Budi Santoso')).toBe('Budi Santoso');
    expect(spreadsheetText('-3')).toBe('-3');
    expect(spreadsheetText('-0.25')).toBe('-0.25');
    expect(spreadsheetText('-')).toBe("'-");
    expect(fromSpreadsheetText("'Rapat")).toBe("'Rapat");
    expect(fromSpreadsheetText("'")).toBe("'");
  });

  it('quotes CSV fields after guarding them; numbers as numbers', () => {
    expect(csvField('=cmd|"/c calc"!A0')).toBe(`"'=cmd|""/c calc""!A0"`);
    expect(csvField('-2+3')).toBe("'-2+3");
    expect(csvField('Jl. Merdeka, 1')).toBe('"Jl. Merdeka, 1"');
    expect(csvField(-7)).toBe('-7');
    expect(csvField(null)).toBe('');
    expect(csvRecord(['@x', 12, null, 'a;b'])).toBe(`'@x,12,,"a;b"\r\n`);
  });

  it('keeps XLSX numbers as numbers and guards text', () => {
    expect(spreadsheetCell(-4)).toBe(-4);
    expect(spreadsheetCell('=A1')).toBe("'=A1");
    expect(spreadsheetCell(null)).toBeNull();
  });
});
