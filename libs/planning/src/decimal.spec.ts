import fc from 'fast-check';
import { addDecimals, decimalFromText, decimalOf, DecimalSum, decimalText, divideDecimals } from './decimal';

const text = (s: string): string => {
  const q = divideDecimals(...(s.split('/').map((x) => decimalFromText(x.trim())) as [never, never]));
  return q === null ? 'null' : decimalText(q);
};

describe('exact decimals as PostgreSQL numeric holds them', () => {
  it('takes a number as its shortest decimal text, exponents included', () => {
    expect(decimalOf(6.25)).toEqual({ units: 625n, scale: 2 });
    expect(decimalOf(0.1 + 0.2)).toEqual({ units: 30000000000000004n, scale: 17 });
    expect(decimalOf(1e-7)).toEqual({ units: 1n, scale: 7 });
    expect(decimalOf(1.5e21)).toEqual({ units: 1500000000000000000000n, scale: 0 });
    // 2^60 prints as 1152921504606847000, and that is the value PostgreSQL stores
    expect(decimalText(decimalOf(2 ** 60))).toBe('1152921504606847000');
    expect(decimalOf(-3)).toEqual({ units: -3n, scale: 0 });
    expect(() => decimalOf(Number.NaN)).toThrow('NaN is not a finite number');
    expect(() => decimalFromText('1.2.3')).toThrow('"1.2.3" is not a decimal');
  });

  it('prints exactly the display scale', () => {
    expect(decimalText({ units: 5n, scale: 4 })).toBe('0.0005');
    expect(decimalText({ units: -125n, scale: 2 })).toBe('-1.25');
    expect(decimalText({ units: 20n, scale: 0 })).toBe('20');
    expect(decimalText(decimalFromText('2.50'))).toBe('2.50');
  });

  it('sums exactly at the largest scale, skipping nulls, null when nothing was added (sum(numeric))', () => {
    const s = new DecimalSum();
    expect(s.value()).toBeNull();
    s.add(null);
    expect(s.value()).toBeNull();
    for (const n of [0.1, 0.2, 3, 1.25]) s.add(n);
    // as doubles: 0.1 + 0.2 + 3 + 1.25 = 4.550000000000001
    expect(decimalText(s.value()!)).toBe('4.55');
    const big = new DecimalSum();
    for (let i = 0; i < 5; i++) big.add(2 ** 50);
    big.add(0.5);
    expect(decimalText(big.value()!)).toBe('5629499534213120.5');
    expect(decimalText(addDecimals(decimalFromText('1.5'), decimalFromText('2.25')))).toBe('3.75');
  });

  it('sums any numbers exactly as big-integer addition of their texts does (fast paths and all)', () => {
    // whole numbers, fractions with up to 24 digits after the point, negatives, exponents, 2^53 and beyond
    const number = fc.oneof(
      fc.integer({ min: -1e9, max: 1e9 }),
      fc.double({ min: -1e6, max: 1e6, noNaN: true }),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.constantFrom(0.1, 1e-7, 1.5e-20, 123456789012345.6, 2 ** 53, -(2 ** 60), 2 ** 53 + 2),
    );
    fc.assert(
      fc.property(fc.array(number, { minLength: 1, maxLength: 40 }), (numbers) => {
        const sum = new DecimalSum();
        for (const n of numbers) sum.add(n);
        const exact = numbers.map(decimalOf).reduce(addDecimals);
        expect(decimalText(sum.value()!)).toBe(decimalText(exact));
      }),
      { numRuns: 3000 },
    );
  });

  it('divides as numeric division does: 16 significant digits at least, rounded half away from zero', () => {
    // each expected text is what PostgreSQL 15 printed for the same division
    expect(text('8 / 11.45')).toBe('0.69868995633187772926');
    expect(text('2 / 1.2')).toBe('1.6666666666666667');
    expect(text('8 / 4')).toBe('2.0000000000000000');
    expect(text('0 / 3.5')).toBe('0.00000000000000000000');
    expect(text('12345.678 / 0.0003')).toBe('41152260.000000000000');
    expect(text('0.00012 / 98765.4321')).toBe('0.0000000012149999999848125000');
    expect(text('10.45 / 8')).toBe('1.3062500000000000');
    expect(text('-7 / 3')).toBe('-2.3333333333333333');
    expect(text('5 / 2.00')).toBe('2.5000000000000000');
    expect(text('1 / 3')).toBe('0.33333333333333333333');
    expect(text('9999 / 9999')).toBe('1.00000000000000000000');
    expect(text('1.0000000000000002 / 3')).toBe('0.33333333333333340000');
    expect(text('3 / 0')).toBe('null');
  });
});
