import { ConfigValidationError, loadConfig } from '@formasi/config';
import { embeddedDataNotice, startupFailureText } from './database-url';
import { EmbeddedPostgresError } from './embedded-postgres-access';

describe('what a starting process prints about its database', () => {
  const config = loadConfig({});
  const handle = { url: 'postgres://postgres:postgres@127.0.0.1:54329/postgres', stop: async () => {} };

  it('says where the embedded data lives, and why when it is not the folder asked for', () => {
    expect(embeddedDataNotice(config, { ...handle, dataDir: '/srv/formasi/.data/postgres', movedBecause: null })).toBe(
      'Embedded PostgreSQL data: /srv/formasi/.data/postgres',
    );
    expect(
      embeddedDataNotice(config, {
        ...handle,
        dataDir: '/var/lib/formasi/embedded-postgres/data/root-formasi-.data-postgres-23b80baa2daf',
        movedBecause: 'the "postgres" user cannot enter /root, on the way to /root/formasi/.data/postgres',
      }),
    ).toBe(
      'Embedded PostgreSQL data: /var/lib/formasi/embedded-postgres/data/root-formasi-.data-postgres-23b80baa2daf ' +
        '(not .data/postgres: the "postgres" user cannot enter /root, on the way to /root/formasi/.data/postgres)',
    );
    expect(embeddedDataNotice(config, { ...handle, dataDir: null, movedBecause: null })).toBeNull();
  });

  it('prints a refused embedded start or a wrong setting as its sentence alone, anything else with its stack', () => {
    expect(startupFailureText(new EmbeddedPostgresError('embedded PostgreSQL cannot start: why; what to set'))).toBe(
      'embedded PostgreSQL cannot start: why; what to set',
    );
    expect(startupFailureText(new ConfigValidationError(['PORT must be an integer (got "x")']))).toBe(
      'Invalid configuration:\n  - PORT must be an integer (got "x")',
    );
    const other = new Error('connection refused');
    expect(startupFailureText(other)).toBe(other.stack);
    expect(startupFailureText('plain')).toBe('plain');
  });
});
