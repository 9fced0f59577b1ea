import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

// The import boundaries of .dependency-cruiser.cjs: the real tree keeps them, and a tree that
// breaks each of them once (test/fixtures/boundaries) is caught rule by rule.
const root = join(__dirname, '..');
const config = join(root, '.dependency-cruiser.cjs');
// the package's exports hide its bin; it is installed at the root (a dev dependency)
const depcruise = join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}

function violations(cwd: string, paths: string[]): Violation[] {
  let out: string;
  try {
    out = execFileSync(process.execPath, [depcruise, ...paths, '--config', config, '--output-type', 'json'], {
      cwd,
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    });
  } catch (e) {
    // exits non-zero when it finds violations; the report is on stdout all the same
    out = (e as { stdout?: string }).stdout ?? '';
    if (!out) throw e;
  }
  const report = JSON.parse(out) as { summary: { violations: Violation[] } };
  return report.summary.violations;
}

const brief = (vs: Violation[]): string[] =>
  vs.map((v) => `${v.rule.name}: ${v.from} -> ${v.to.replace(/^.*node_modules\//, 'node_modules/')}`).sort();

describe('import boundaries', () => {
  jest.setTimeout(120_000);

  it('holds in apps, libs, scripts and the tests', () => {
    expect(brief(violations(root, ['apps', 'libs', 'scripts', 'test/support', 'bench']))).toEqual([]);
  });

  it('catches each forbidden arrow in a tree that breaks them', () => {
    const found = brief(violations(join(root, 'test/fixtures/boundaries'), ['apps', 'libs']));
    expect(found).toEqual(
      [
        'api-not-worker: apps/api/src/app.module.ts -> apps/worker/src/plan-run.processor.ts',
        'cli-not-apps: apps/cli/src/main.ts -> apps/api/src/app.module.ts',
        'libs-not-apps: libs/queue/src/job.ts -> apps/api/src/app.module.ts',
        'no-circular: libs/staffing/src/roster.ts -> libs/staffing/src/rules.ts',
        'planning-is-pure: libs/planning/src/engine.ts -> libs/database/src/index.ts',
        'planning-is-pure: libs/planning/src/engine.ts -> node_modules/@nestjs/common/index.js',
        'planning-no-io: libs/planning/src/engine.ts -> fs',
        'queue-not-database: libs/queue/src/job.ts -> libs/database/src/index.ts',
        'worker-not-api: apps/worker/src/worker.module.ts -> apps/api/src/app.module.ts',
      ].sort(),
    );
  });
});
