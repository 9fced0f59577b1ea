/**
 * A lookup keyed by the bytes of a field, so a million rows find their codes without making a
 * string of each one. Built once per file from a few hundred codes.
 */
export class ByteKeys<T> {
  private readonly buckets = new Map<number, Array<{ key: Buffer; value: T }>>();

  constructor(entries: Iterable<[string, T]>) {
    for (const [text, value] of entries) {
      const key = Buffer.from(text, 'utf8');
      const h = hashBytes(key, 0, key.length);
      const bucket = this.buckets.get(h);
      if (bucket) bucket.push({ key, value });
      else this.buckets.set(h, [{ key, value }]);
    }
  }

  get(buf: Buffer, start: number, end: number): T | undefined {
    const bucket = this.buckets.get(hashBytes(buf, start, end));
    if (!bucket) return undefined;
    const n = end - start;
    next: for (const e of bucket) {
      if (e.key.length !== n) continue;
      for (let i = 0; i < n; i++) if (e.key[i] !== buf[start + i]) continue next;
      return e.value;
    }
    return undefined;
  }
}

/** FNV-1a, 32 bits. */
function hashBytes(buf: Buffer, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i]!, 0x01000193);
  return h >>> 0;
}
