import fc from 'fast-check';
import { numericGroups, CopyBinaryWriter, daysFromCivil, encodeFields } from './copy-binary';

describe('binary COPY writer', () => {
  it('counts days like the calendar, leap days and centuries included', () => {
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
    expect(daysFromCivil(1969, 12, 31)).toBe(-1);
    expect(daysFromCivil(2000, 1, 1)).toBe(10957);
    expect(daysFromCivil(2024, 2, 29)).toBe(19782);
    expect(daysFromCivil(1900, 3, 1)).toBe(-25508);
    expect(daysFromCivil(2400, 12, 31)).toBe(157419);
  });

  it('writes the signature, one row of each kind of field and the trailer', () => {
    const w = new CopyBinaryWriter();
    w.row(5);
    w.bytes(Buffer.from('000000000000000000000000000000ff', 'hex'));
    w.int4(7);
    w.date(20000102);
    w.text('Sé\0');
    w.null();
    const out = Buffer.concat(w.take(true));
    expect(out.subarray(0, 11).toString('latin1')).toBe('PGCOPY\n\xff\r\n\0');
    expect(out.readInt32BE(11)).toBe(0);
    expect(out.readInt32BE(15)).toBe(0);
    let at = 19;
    expect(out.readInt16BE(at)).toBe(5);
    expect(out.readInt32BE((at += 2))).toBe(16);
    expect(out[at + 4 + 15]).toBe(0xff);
    expect(out.readInt32BE((at += 20))).toBe(4);
    expect(out.readInt32BE(at + 4)).toBe(7);
    expect(out.readInt32BE((at += 8) + 4)).toBe(1); // days since 2000-01-01
    expect(out.readInt32BE((at += 8))).toBe(3); // "Sé" in UTF-8, the NUL dropped
    expect(out.toString('utf8', at + 4, at + 7)).toBe('Sé');
    expect(out.readInt32BE((at += 7))).toBe(-1);
    expect(out.readInt16BE((at += 4))).toBe(-1);
    expect(out.length).toBe(at + 2);
  });

  it('writes integers big-endian, negative ones too, and dates in and beyond the month table', () => {
    const w = new CopyBinaryWriter();
    const ints = [0, 1, -1, 255, 256, -256, 0x12345678, -0x12345678, 2147483647, -2147483648];
    const dates = [20000101, 19991231, 19000101, 18991231, 19700101, 20240229, 21551231, 21560101, 24001231, 10000101];
    w.row(ints.length + dates.length);
    for (const n of ints) w.int4(n);
    for (const ymd of dates) w.date(ymd);
    const out = Buffer.concat(w.take(true));
    let at = 21;
    for (const n of ints) {
      expect(out.readInt32BE(at)).toBe(4);
      expect(out.readInt32BE(at + 4)).toBe(n);
      at += 8;
    }
    for (const ymd of dates) {
      const days = daysFromCivil(Math.floor(ymd / 10000), Math.floor(ymd / 100) % 100, ymd % 100) - 10957;
      expect({ ymd, days: out.readInt32BE(at + 4) }).toEqual({ ymd, days });
      at += 8;
    }
  });

  it('writes smallints as two big-endian bytes with their length word', () => {
    const w = new CopyBinaryWriter();
    w.row(3);
    for (const n of [2031, -2, 32767]) w.int2(n);
    const out = Buffer.concat(w.take(true));
    expect([0, 6, 12].map((k) => [out.readInt32BE(21 + k), out.readInt16BE(25 + k)])).toEqual([
      [2, 2031],
      [2, -2],
      [2, 32767],
    ]);
    expect(out.readInt16BE(39)).toBe(-1);
  });

  it('splits numerics into base-10000 digits around the decimal point, as PostgreSQL stores them', () => {
    expect(numericGroups(0)).toEqual({ groups: [], weight: 0, dscale: 0 });
    expect(numericGroups(1250)).toEqual({ groups: [1250], weight: 0, dscale: 0 });
    expect(numericGroups(12345.678)).toEqual({ groups: [1, 2345, 6780], weight: 1, dscale: 3 });
    expect(numericGroups(0.0001)).toEqual({ groups: [1], weight: -1, dscale: 4 });
    expect(numericGroups(1e-7)).toEqual({ groups: [10], weight: -2, dscale: 7 });
    expect(numericGroups(1.5e21)).toEqual({ groups: [15], weight: 5, dscale: 0 });
    expect(numericGroups(2.1333333333333333)).toEqual({ groups: [2, 1333, 3333, 3333, 3333], weight: 0, dscale: 16 });
    expect(numericGroups(-3.5)).toEqual({ groups: [3, 5000], weight: 0, dscale: 1 });
  });

  it('writes a numeric field: length, digit count, weight, sign, scale, digits', () => {
    const w = new CopyBinaryWriter();
    w.row(2);
    w.numeric(-3.5);
    w.numeric(null);
    const out = Buffer.concat(w.take(true));
    expect([
      out.readInt32BE(21),
      out.readInt16BE(25),
      out.readInt16BE(27),
      out.readUInt16BE(29),
      out.readInt16BE(31),
      out.readInt16BE(33),
      out.readInt16BE(35),
    ]).toEqual([12, 2, 0, 0x4000, 1, 3, 5000]);
    expect(out.readInt32BE(37)).toBe(-1);
    expect(() => w.numeric(Number.NaN)).toThrow('not finite');
  });

  it('writes every number as the digits numericGroups gives its shortest text', () => {
    // the writer's own digit loop against the text-based splitting, over integers, fractions,
    // numbers below 1 with leading zero digits, and the forms String() writes with an exponent
    const fieldOf = (n: number): number[] => {
      const w = new CopyBinaryWriter();
      w.row(1);
      w.numeric(n);
      const out = Buffer.concat(w.take(true));
      const count = out.readInt16BE(25);
      return [
        count,
        out.readInt16BE(27),
        out.readUInt16BE(29),
        out.readInt16BE(31),
        ...Array.from({ length: count }, (_, i) => out.readInt16BE(33 + 2 * i)),
      ];
    };
    const expected = (n: number): number[] => {
      const { groups, weight, dscale } = numericGroups(n);
      return [groups.length, weight, n < 0 ? 0x4000 : 0, dscale, ...groups];
    };
    for (const n of [
      0,
      1,
      10000,
      1e8,
      99990000,
      123456789012345,
      1e15,
      2.5e20,
      0.5,
      0.0001,
      0.00012,
      1e-7,
      3.14159,
      12345.678,
      -3.5,
      2.1333333333333333,
      1 / 3,
      120.00000000000001,
    ]) {
      // twice: the second time its digits come from the table of recent fractions
      expect([n, fieldOf(n)]).toEqual([n, expected(n)]);
      expect([n, fieldOf(n)]).toEqual([n, expected(n)]);
    }
    fc.assert(
      fc.property(
        fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.double({ min: -1e6, max: 1e6, noNaN: true })),
        (n) => {
          expect(fieldOf(n)).toEqual(expected(n));
        },
      ),
      { numRuns: 5000 },
    );
    // a few values over and over, as expected attrition and pressure come: hits, and slots shared by two values
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: 1, maxLength: 8 }), fc.nat(), (values, seed) => {
        for (let i = 0; i < 50; i++) {
          const n = values[(seed + i * 7) % values.length]!;
          expect(fieldOf(n)).toEqual(expected(n));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('writes decimal text as the numeric PostgreSQL reads from it, scale as written', () => {
    const fields = (text: string): number[] => {
      const w = new CopyBinaryWriter();
      w.row(1);
      w.decimal(text);
      const out = Buffer.concat(w.take(true));
      const n = out.readInt16BE(25);
      const head = [out.readInt32BE(21), n, out.readInt16BE(27), out.readUInt16BE(29), out.readInt16BE(31)];
      return [...head, ...Array.from({ length: n }, (_, i) => out.readInt16BE(33 + 2 * i))];
    };
    // length, digit count, weight, sign, display scale, then the base-10000 digits
    expect(fields('1250000.5')).toEqual([14, 3, 1, 0, 1, 125, 0, 5000]);
    expect(fields('-3.50')).toEqual([12, 2, 0, 0x4000, 2, 3, 5000]);
    expect(fields('30.0')).toEqual([12, 2, 0, 0, 1, 30, 0]);
    expect(fields('0.00125')).toEqual([14, 3, 0, 0, 5, 0, 12, 5000]);
    expect(fields('120')).toEqual([10, 1, 0, 0, 0, 120]);
    expect(fields('12345')).toEqual([12, 2, 1, 0, 0, 1, 2345]);
    expect(() => new CopyBinaryWriter().decimal('1e5')).toThrow('"1e5" is not a decimal');
  });

  it('cuts chunks at row boundaries and keeps a row larger than the slack whole', () => {
    const w = new CopyBinaryWriter();
    const big = 'x'.repeat(200_000);
    for (let i = 0; i < 20; i++) {
      w.row(1);
      w.text(big);
    }
    const chunks = w.take(true);
    expect(chunks.length).toBeGreaterThan(1);
    const out = Buffer.concat(chunks);
    expect(out.length).toBe(19 + 20 * (2 + 4 + 200_000) + 2);
  });

  it('writes fields encoded once exactly as text and null fields', () => {
    const a = new CopyBinaryWriter();
    a.row(3);
    a.encoded(encodeFields('M', null, 'Ωmega'));
    const b = new CopyBinaryWriter();
    b.row(3);
    b.text('M');
    b.null();
    b.text('Ωmega');
    expect(Buffer.concat(a.take(true)).equals(Buffer.concat(b.take(true)))).toBe(true);
  });

  it('writes byte ranges short and long, across chunks and past the slack of one, as the same text', () => {
    const source = Buffer.from(Array.from({ length: 100_000 }, (_, i) => String.fromCharCode(65 + (i % 26))).join(''));
    const lengths = [0, 1, 31, 32, 33, 200, 70_000, 5];
    const a = new CopyBinaryWriter();
    const b = new CopyBinaryWriter();
    for (let r = 0; r < 400; r++) {
      const n = lengths[r % lengths.length]!,
        start = (r * 7919) % (source.length - n);
      a.row(1);
      a.bytes(source, start, start + n);
      b.row(1);
      b.text(source.toString('latin1', start, start + n));
    }
    const chunks = a.take(true);
    expect(chunks.length).toBeGreaterThan(20);
    expect(Buffer.concat(chunks).equals(Buffer.concat(b.take(true)))).toBe(true);
  });
});
