import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { storeRoster } from './roster-upload';

describe('storeRoster', () => {
  const dir = mkdtempSync(join(tmpdir(), 'formasi-upload-'));

  it('stores the bytes under a new id with their size and SHA-256, across chunks', async () => {
    const parts = ['nip,nama\n', '198505052010011001,Budi Santoso\n', 'ñ'.repeat(70000)];
    const stored = await storeRoster(Readable.from(parts.map((p) => Buffer.from(p))), dir);
    const whole = Buffer.from(parts.join(''));
    expect(stored.path).toBe(join(dir, stored.id));
    expect(stored.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(readFileSync(stored.path).equals(whole)).toBe(true);
    expect(stored.size).toBe(whole.length);
    expect(stored.sha256).toBe(createHash('sha256').update(whole).digest('hex'));
  });

  it('leaves no file behind when the upload breaks off', async () => {
    const broken = new Readable({
      read() {
        this.push(Buffer.from('nip,nama\n'));
        this.destroy(new Error('connection reset'));
      },
    });
    const before = readdirSync(dir).length;
    await expect(storeRoster(broken, dir)).rejects.toThrow('connection reset');
    expect(readdirSync(dir)).toHaveLength(before);
  });
});
