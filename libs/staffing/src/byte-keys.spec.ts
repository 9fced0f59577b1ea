import { ByteKeys } from './byte-keys';

describe('ByteKeys', () => {
  it('finds every key from bytes inside a larger buffer, and nothing else', () => {
    const codes = Array.from({ length: 300 }, (_, i) => `U${String(i).padStart(3, '0')}`).concat(['PENGADMIN', 'ANALIS-SDM', 'Ω', '']);
    const keys = new ByteKeys(codes.map((c, i): [string, number] => [c, i]));
    codes.forEach((code, i) => {
      const buf = Buffer.from(`x,${code},y`);
      expect(keys.get(buf, 2, buf.length - 2)).toBe(i);
    });
    const miss = Buffer.from('U300,U00,U0000,PENGADMI,pengadmin');
    for (const [s, e] of [
      [0, 4],
      [5, 8],
      [9, 14],
      [15, 23],
      [24, 33],
    ])
      expect(keys.get(miss, s!, e!)).toBeUndefined();
  });

  it('tells apart keys that differ only in bytes the hash does not read', () => {
    const codes = ['AXBAC', 'AXBBC', 'AXBCC', 'AXBDC'];
    const keys = new ByteKeys(codes.map((c, i): [string, number] => [c, i]));
    codes.forEach((code, i) => expect(keys.get(Buffer.from(code), 0, 5)).toBe(i));
    expect(keys.get(Buffer.from('AXBEC'), 0, 5)).toBeUndefined();
  });

  it('answers with the first value of two equal keys', () => {
    expect(
      new ByteKeys([
        ['A', 1],
        ['A', 2],
      ]).get(Buffer.from('A'), 0, 1),
    ).toBe(1);
  });
});
