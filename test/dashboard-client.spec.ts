import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

// The dashboard's GraphQL client is typed from schema.gql and the operations in
// apps/dashboard/src by GraphQL Code Generator. A schema or operation change without
// `npm run codegen` leaves stale types; this fails then, naming the stale files.
const root = join(__dirname, '..');

describe('dashboard GraphQL client', () => {
  jest.setTimeout(60_000);

  it('is generated from the current schema and operations (npm run codegen)', () => {
    const check = spawnSync(join(root, 'node_modules/.bin/graphql-codegen'), ['--config', 'apps/dashboard/codegen.ts', '--check'], {
      cwd: root,
      encoding: 'utf8',
    });
    const report = `${check.stdout}${check.stderr}`;
    expect({ status: check.status, stale: report.includes('stale') ? report : '' }).toEqual({ status: 0, stale: '' });
  });
});
