import { civilFromDays, CopyBinaryReader, CopyBinaryWriter, daysFromCivil, uuidArrayLiteral } from './copy-binary';

// The reader against bytes the writer encodes: the same rows, however the stream is cut into chunks.

interface Row {
  id: string | null;
  code: string | null;
  name: string | null;
  small: number | null;
  count: number | null;
  share: number | null;
  born: string | null;
  bornNumber: number | null;
}

const ROWS: Row[] = [
  {
    id: '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
    code: 'PERAWAT',
    name: 'Sé 𝔘 Ñusantara',
    small: -2,
    count: 2147483647,
    share: 0.1,
    born: '1969-03-15',
    bornNumber: 19690315,
  },
  { id: null, code: null, name: null, small: null, count: null, share: null, born: null, bornNumber: null },
  {
    id: '00000000-0000-0000-0000-000000000000',
    code: '',
    name: '',
    small: 32767,
    count: -1,
    share: -0,
    born: '2024-02-29',
    bornNumber: 20240229,
  },
  {
    id: 'ffffffff-ffff-ffff-ffff-ffffffffffff',
    code: 'PERAWAT',
    name: 'x'.repeat(70_000),
    small: 0,
    count: 0,
    share: 1e300,
    born: '1899-12-31',
    bornNumber: 21560101,
  },
];

function encode(rows: Row[]): Buffer {
  const w = new CopyBinaryWriter();
  for (const r of rows) {
    w.row(8);
    if (r.id === null) w.null();
    else w.bytes(Buffer.from(r.id.replace(/-/g, ''), 'hex'));
    w.text(r.code);
    w.text(r.name);
    if (r.small === null) w.null();
    else w.int2(r.small);
    if (r.count === null) w.null();
    else w.int4(r.count);
    if (r.share === null) w.null();
    else w.float8(r.share);
    w.date(r.born === null ? 0 : Number(r.born.replace(/-/g, '')));
    w.date(r.bornNumber ?? 0);
  }
  return Buffer.concat(w.take(true));
}

function decode(chunks: Buffer[]): Row[] {
  const reader = new CopyBinaryReader();
  const rows: Row[] = [];
  let counted = 0;
  for (const chunk of chunks) {
    counted += reader.rows(chunk, (r) => {
      rows.push({
        id: r.uuid(),
        code: r.code(),
        name: r.text(),
        small: r.int2(),
        count: r.int4(),
        share: r.float8(),
        born: r.date(),
        bornNumber: r.dateNumber(),
      });
    });
  }
  reader.end();
  expect(counted).toBe(rows.length);
  return rows;
}

describe('binary COPY reader', () => {
  const bytes = encode(ROWS);

  it('reads every type, NULLs, non-ASCII text and a row larger than a chunk from one whole stream', () => {
    const rows = decode([bytes]);
    expect(rows).toEqual(ROWS);
    expect(Object.is(rows[2]!.share, -0)).toBe(true);
  });

  it('reads the same rows whatever byte the stream is cut at, one cut or byte by byte', () => {
    // every cut in the header and the first rows, then cuts across the large row and the trailer
    const cuts = [...Array.from({ length: 200 }, (_, i) => i), 1000, 40_000, bytes.length - 3, bytes.length - 2, bytes.length - 1];
    for (const cut of cuts) expect(decode([bytes.subarray(0, cut), bytes.subarray(cut)])).toEqual(ROWS);
    const small = encode(ROWS.slice(0, 3));
    expect(decode(Array.from(small, (b) => Buffer.from([b])))).toEqual(ROWS.slice(0, 3));
  });

  it('hands over the same string for a repeated code, and keeps distinct codes apart beyond its table', () => {
    const w = new CopyBinaryWriter();
    const codes = Array.from({ length: 10_000 }, (_, i) => `UNIT-${i % 5000}`);
    for (const c of codes) {
      w.row(1);
      w.text(c);
    }
    const read: string[] = [];
    new CopyBinaryReader().rows(Buffer.concat(w.take(true)), (r) => read.push(r.code()!));
    expect(read).toEqual(codes);
    const [first] = decode([bytes]);
    expect(first!.code).toBe('PERAWAT');
  });

  it('refuses a row read short or past its end, a stream without its trailer and bytes that are no binary COPY', () => {
    expect(() => new CopyBinaryReader().rows(bytes, (r) => void r.uuid())).toThrow('a row of 8 fields was read only in part');
    expect(() => new CopyBinaryReader().rows(bytes, (r) => [1, 2, 3, 4, 5, 6, 7, 8, 9].forEach(() => r.skip()))).toThrow(
      'a row of 8 fields was read past its end',
    );
    const reader = new CopyBinaryReader();
    reader.rows(bytes.subarray(0, 60), (r) => Array.from({ length: 8 }, () => r.skip()));
    expect(() => reader.end()).toThrow('binary COPY ended without its trailer');
    expect(() => new CopyBinaryReader().rows(Buffer.from('COPY-TEXT\tnot binary at all\n'), () => undefined)).toThrow('not a binary COPY');
  });

  it('turns day counts back into the calendar, leap days, centuries and years before 1 included', () => {
    expect(civilFromDays(0)).toEqual({ year: 1970, month: 1, day: 1 });
    expect(civilFromDays(19782)).toEqual({ year: 2024, month: 2, day: 29 });
    expect(civilFromDays(-25508)).toEqual({ year: 1900, month: 3, day: 1 });
    expect(civilFromDays(157419)).toEqual({ year: 2400, month: 12, day: 31 });
    for (let d = -800_000; d <= 800_000; d += 997) {
      const { year, month, day } = civilFromDays(d);
      expect(daysFromCivil(year, month, day)).toBe(d);
    }
  });

  it('writes only uuids into a COPY query', () => {
    expect(uuidArrayLiteral(['0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0', 'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF'])).toBe(
      "'{0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0,FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF}'::uuid[]",
    );
    expect(uuidArrayLiteral([])).toBe("'{}'::uuid[]");
    expect(() => uuidArrayLiteral(["0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0'}'::uuid[]); DROP TABLE x; --"])).toThrow('not a uuid');
  });
});
