import { setTimeout as sleep } from 'node:timers/promises';
import { Client, type PoolClient } from 'pg';
import { copyBinaryIn, CopyBinaryWriter } from '@formasi/database';

// Imports and plan runs store their rows through one binary COPY loop. Against a real PostgreSQL:
// rows fed in groups are stored whole; a feed that throws or gives up stores nothing and leaves
// the connection usable; a COPY that fails while rows are still being made says so at the next
// send or wait, without a rejection that no one awaits.

const COPY = 'COPY staged (n, name) FROM STDIN WITH (FORMAT binary)';

describe('binary COPY in', () => {
  let client: PoolClient;
  const stored = async (): Promise<{ rows: number; sum: number }> =>
    (await client.query<{ rows: number; sum: number }>('SELECT count(*)::int AS rows, coalesce(sum(n), 0)::int AS sum FROM staged'))
      .rows[0]!;

  beforeAll(async () => {
    client = new Client({ connectionString: process.env.DATABASE_URL }) as PoolClient;
    await client.connect();
    await client.query('CREATE TEMP TABLE staged (n int NOT NULL, name text)');
  });

  afterEach(async () => {
    await client.query('TRUNCATE staged');
  });

  afterAll(async () => {
    await client.end();
  });

  /** Rows from..to as (n, 'row n'), each tenth name NULL. */
  const write = (w: CopyBinaryWriter, from: number, to: number): void => {
    for (let n = from; n <= to; n++) {
      w.row(2);
      w.int4(n);
      if (n % 10 === 0) w.null();
      else w.text(`row ${n}`);
    }
  };

  it.each([
    ['while its stream is full', undefined],
    ['only past a queue of 64 KiB', 64 << 10],
  ])('stores every group of rows it is fed, waiting between groups %s', async (_, queueBytes) => {
    const w = new CopyBinaryWriter();
    await copyBinaryIn(
      client,
      COPY,
      async (copy) => {
        // groups of 10 000 rows, each several of the writer's 128 KiB chunks
        for (let from = 1; from <= 30000; from += 10000) {
          write(w, from, from + 9999);
          copy.send(w);
          await copy.ready();
        }
        copy.send(w, true);
      },
      queueBytes,
    );
    // 1 + 2 + … + 30 000 = 30 000 · 30 001 / 2
    expect(await stored()).toEqual({ rows: 30000, sum: 450015000 });
    const { rows } = await client.query('SELECT n, name FROM staged WHERE n IN (1, 10, 29999, 30000) ORDER BY n');
    expect(rows).toEqual([
      { n: 1, name: 'row 1' },
      { n: 10, name: null },
      { n: 29999, name: 'row 29999' },
      { n: 30000, name: null },
    ]);
  });

  it('stores nothing when the feed throws, rethrows its error, and leaves the connection usable', async () => {
    const w = new CopyBinaryWriter();
    const broken = new RangeError('row 20001 has no NIP');
    await expect(
      copyBinaryIn(client, COPY, async (copy) => {
        write(w, 1, 20000);
        copy.send(w);
        await copy.ready();
        throw broken;
      }),
    ).rejects.toBe(broken);
    expect(await stored()).toEqual({ rows: 0, sum: 0 });
  });

  it('stores nothing when the feed resolves false, without an error', async () => {
    const w = new CopyBinaryWriter();
    await expect(
      copyBinaryIn(client, COPY, async (copy) => {
        write(w, 1, 20000);
        copy.send(w);
        return false;
      }),
    ).resolves.toBeUndefined();
    expect(await stored()).toEqual({ rows: 0, sum: 0 });
  });

  it('gives the error of a COPY that fails while rows are still being made to the next wait, and to the caller', async () => {
    const unhandled: unknown[] = [];
    const keep = (e: unknown): number => unhandled.push(e);
    process.on('unhandledRejection', keep);
    try {
      const w = new CopyBinaryWriter();
      let waits = 0;
      const copying = copyBinaryIn(client, COPY, async (copy) => {
        // a row of one field where the table has two: PostgreSQL refuses it as it arrives
        w.row(1);
        w.int4(1);
        copy.send(w, true);
        // the feed goes on making rows (an engine computing the next agency) until a wait tells it
        while (waits < 1000) {
          await sleep(10);
          waits++;
          await copy.ready();
        }
        throw new Error('no wait told the feed of the failed COPY');
      });
      await expect(copying).rejects.toThrow('row field count is 1, expected 2');
      expect(waits).toBeGreaterThan(0);
      await sleep(50);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', keep);
    }
    expect(await stored()).toEqual({ rows: 0, sum: 0 });
  });
});
