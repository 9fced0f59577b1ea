/**
 * A lookup keyed by the bytes of a field, so a million rows find their codes without making a
 * string of each one. Built once per file from a few hundred codes into typed arrays: the keys'
 * bytes end to end and an open-addressed table of slots, so a lookup is a hash of a few bytes,
 * a slot read or two and one byte comparison.
 */
export class ByteKeys<T> {
  private readonly values: T[] = [];
  /** All keys' bytes, key i at [starts[i], starts[i + 1]). */
  private readonly bytes: Buffer;
  private readonly starts: Int32Array;
  /** Index + 1 of the key in each slot, 0 when empty; at most a quarter of the slots are used. */
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(entries: Iterable<[string, T]>) {
    const keys: Buffer[] = [];
    for (const [text, value] of entries) {
      keys.push(Buffer.from(text, 'utf8'));
      this.values.push(value);
    }
    this.bytes = Buffer.concat(keys);
    this.starts = new Int32Array(keys.length + 1);
    keys.forEach((key, i) => (this.starts[i + 1] = this.starts[i]! + key.length));
    let size = 16;
    while (size < keys.length * 4) size *= 2;
    this.slots = new Int32Array(size);
    this.mask = size - 1;
    keys.forEach((key, i) => {
      // of two equal keys the first answers
      if (this.find(key, 0, key.length) < 0) this.slots[this.free(key)] = i + 1;
    });
  }

  get(buf: Buffer, start: number, end: number): T | undefined {
    const i = this.find(buf, start, end);
    return i < 0 ? undefined : this.values[i];
  }

  /** The index of the key that is bytes [start, end) of `buf`, or -1. */
  private find(buf: Buffer, start: number, end: number): number {
    const n = end - start,
      bytes = this.bytes,
      starts = this.starts,
      slots = this.slots,
      mask = this.mask;
    let s = hashBytes(buf, start, end) & mask;
    for (;;) {
      const k = slots[s]! - 1;
      if (k < 0) return -1;
      const from = starts[k]!;
      if (starts[k + 1]! - from === n) {
        let i = 0;
        while (i < n && bytes[from + i] === buf[start + i]) i++;
        if (i === n) return k;
      }
      s = (s + 1) & mask;
    }
  }

  private free(key: Buffer): number {
    let s = hashBytes(key, 0, key.length) & this.mask;
    while (this.slots[s] !== 0) s = (s + 1) & this.mask;
    return s;
  }
}

/**
 * Mixes the length with the first two, the middle and the last byte: no loop over the field,
 * and enough to tell apart codes like U001…U299 or PENGADMIN and PERAWAT; `find` compares
 * the bytes anyway.
 */
function hashBytes(buf: Buffer, start: number, end: number): number {
  const n = end - start;
  if (n === 0) return 0;
  const h = (buf[start]! << 24) | (buf[start + (n > 1 ? 1 : 0)]! << 16) | (buf[start + (n >> 1)]! << 8) | buf[end - 1]!;
  const x = Math.imul(h ^ Math.imul(n, 0x9e3779b1), 0x85ebca6b);
  return (x ^ (x >>> 15)) >>> 0;
}
