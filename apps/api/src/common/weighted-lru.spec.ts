import { WeightedLru } from './weighted-lru';

const rows = (n: number): Array<{ n: number }> => Array.from({ length: n }, (_, i) => ({ n: i }));

describe('WeightedLru', () => {
  it('evicts the least recently used values once their total weight passes the budget', () => {
    const lru = new WeightedLru<Array<{ n: number }>>(10, (v) => v.length);
    lru.set('a', rows(4));
    lru.set('b', rows(4));
    expect(lru.get('a')).toHaveLength(4); // a is now the most recently used
    lru.set('c', rows(3)); // 11 > 10: b, the least recently used, goes
    expect(lru.get('b')).toBeUndefined();
    expect(lru.get('a')).toHaveLength(4);
    expect(lru.get('c')).toHaveLength(3);
    expect([lru.size, lru.weight]).toEqual([2, 7]);
  });

  it('replaces a key in place and keeps nothing heavier than the whole budget', () => {
    const lru = new WeightedLru<Array<{ n: number }>>(10, (v) => v.length);
    lru.set('a', rows(6));
    lru.set('a', rows(2));
    expect([lru.size, lru.weight]).toEqual([1, 2]);
    const huge = lru.set('h', rows(11));
    expect(huge).toHaveLength(11);
    expect(lru.get('h')).toBeUndefined();
    expect(lru.get('a')).toHaveLength(2);
    lru.delete('a');
    expect([lru.size, lru.weight]).toEqual([0, 0]);
  });

  it('freezes what it keeps, deeply, so no reader can change the next answer', () => {
    const lru = new WeightedLru<{ plan: { employees: Array<{ nip: string }> }; bytes: Uint8Array }>(10, () => 1);
    const v = lru.set('p', { plan: { employees: [{ nip: '1' }] }, bytes: new Uint8Array([1, 2]) });
    expect(() => {
      'use strict';
      v.plan.employees[0]!.nip = '2';
    }).toThrow(TypeError);
    expect(() => v.plan.employees.push({ nip: '3' })).toThrow(TypeError);
    expect(lru.get('p')!.plan.employees).toEqual([{ nip: '1' }]);
  });

  it('loads a missing value once for every caller that asks while it loads, and keeps no failed load', async () => {
    const lru = new WeightedLru<number[]>(10, (v) => v.length);
    let loads = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const load = async (): Promise<number[]> => {
      loads++;
      await gate;
      return [loads];
    };
    const both = Promise.all([lru.getOrLoad('s', load), lru.getOrLoad('s', load)]);
    release();
    expect(await both).toEqual([[1], [1]]);
    expect(await lru.getOrLoad('s', load)).toEqual([1]);
    expect(loads).toBe(1);

    await expect(lru.getOrLoad('f', () => Promise.reject(new Error('database down')))).rejects.toThrow('database down');
    expect(lru.get('f')).toBeUndefined();
    expect(await lru.getOrLoad('f', async () => [7])).toEqual([7]);
  });
});
