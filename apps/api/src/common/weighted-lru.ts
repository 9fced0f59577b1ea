/**
 * A least-recently-used cache bounded by the total weight of its values (rows, employees…),
 * not their count: one national summary can weigh as much as a hundred small ones. A value
 * heavier than the whole budget is not kept. Values are frozen deeply when stored, since every
 * later reader shares them: a reader that tried to change one would throw instead of changing
 * what the next request is answered.
 */
export class WeightedLru<V> {
  private readonly entries = new Map<string, { value: V; weight: number }>();
  private readonly loading = new Map<string, Promise<V>>();
  private total = 0;

  constructor(
    readonly maxWeight: number,
    private readonly weigh: (value: V) => number,
  ) {}

  get(key: string): V | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    // most recently used last: Map keeps insertion order
    this.entries.delete(key);
    this.entries.set(key, e);
    return e.value;
  }

  /**
   * The value kept under `key`, or `load`'s, kept for the next caller. Callers that ask while it
   * loads wait for the same load: fifty clients asking for a summary not yet kept sum it once, not
   * fifty times. A load that fails is not kept; the next caller tries again.
   */
  getOrLoad(key: string, load: () => Promise<V>): Promise<V> {
    const kept = this.get(key);
    if (kept !== undefined) return Promise.resolve(kept);
    let pending = this.loading.get(key);
    if (!pending) {
      pending = load()
        .then((value) => this.set(key, value))
        .finally(() => this.loading.delete(key));
      this.loading.set(key, pending);
    }
    return pending;
  }

  set(key: string, value: V): V {
    const weight = Math.max(1, this.weigh(value));
    this.delete(key);
    deepFreeze(value);
    if (weight > this.maxWeight) return value;
    this.entries.set(key, { value, weight });
    this.total += weight;
    for (const [k, e] of this.entries) {
      if (this.total <= this.maxWeight) break;
      this.entries.delete(k);
      this.total -= e.weight;
    }
    return value;
  }

  delete(key: string): void {
    const e = this.entries.get(key);
    if (!e) return;
    this.entries.delete(key);
    this.total -= e.weight;
  }

  get size(): number {
    return this.entries.size;
  }

  get weight(): number {
    return this.total;
  }
}

function deepFreeze(value: unknown): void {
  // a typed array's elements cannot be frozen (Object.freeze throws)
  if (value === null || typeof value !== 'object' || Object.isFrozen(value) || ArrayBuffer.isView(value)) return;
  Object.freeze(value);
  for (const v of Object.values(value)) deepFreeze(v);
}
