import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '@formasi/config';
import { embeddedDataNotice, resolveDatabase, runMigrations, startupFailureText } from '@formasi/database';
import { configureQueueBackend } from '@formasi/queue';
import { closeOnSignals, createApiApp } from '../apps/api/src/bootstrap';
import { TokenService } from '../apps/api/src/auth/token.service';
import { ProcessorsModule } from '../apps/worker/src/processors.module';
import { PlanRunService } from '../apps/api/src/plan-runs/plan-run.service';
import { systemActor } from '@formasi/database';
import { DEMO_ACCOUNTS, DEMO_AGENCY, DEMO_PASSWORD, DEMO_YEARS } from './demo-data';
import { seedDemoProposals } from './demo-proposals';
import { seedDemo } from './seed-demo';

/**
 * `npm start`: embedded PostgreSQL (unless DATABASE_URL is set), migrations, the demo regency,
 * and the API with the plan-run worker in the same process.
 */
async function main(): Promise<void> {
  const config = loadConfig({ WORKER_IN_PROCESS: 'true', ...process.env });
  const say = (m: string): void => void process.stdout.write(`${m}\n`);
  say(config.databaseUrl ? 'Using DATABASE_URL' : `Starting embedded PostgreSQL (port ${config.embeddedPg.port})`);
  const db = await resolveDatabase(config);
  const notice = embeddedDataNotice(config, db);
  if (notice) say(notice);
  const applied = await runMigrations(db.url);
  if (applied.length) say(`Applied migrations: ${applied.join(', ')}`);
  const seeded = await seedDemo(db.url);
  say(`Demo data: ${DEMO_AGENCY.code} with ${seeded.units} units, ${seeded.positions} positions, ${seeded.employees} employees`);

  const queue = configureQueueBackend({ redisUrl: config.redisUrl, databaseUrl: db.url, prefix: config.queuePrefix });
  // the demo composes the worker's processors into the API process (WORKER_IN_PROCESS=false leaves them out)
  const app = await createApiApp({ config, databaseUrl: db.url, queue, extraImports: config.workerInProcess ? [ProcessorsModule] : [] });
  closeOnSignals(app, db.stop);
  await app.listen(config.port);

  // a first plan, so the tour's queries have something to show
  const runs = app.get(PlanRunService);
  const existing = (await runs.list(50)).find((r) => r.agencyCode === DEMO_AGENCY.code && r.status === 'SUCCEEDED');
  const run =
    existing ??
    (await runs.start(systemActor('demo'), { agencyCode: DEMO_AGENCY.code, asOf: `${DEMO_YEARS[0]! - 1}-12-31`, years: DEMO_YEARS }));
  const url = `http://localhost:${config.port}/graphql`;
  say('');
  say(`Formasi is running (queue backend: ${queue.kind}, worker in process: ${config.workerInProcess}).`);
  say(`  GraphQL (Apollo Sandbox in a browser): ${url}`);
  say(`  Dashboard: http://localhost:${config.port}/dashboard/  (sign in as a demo account below, password ${DEMO_PASSWORD})`);
  say(`  Health: http://localhost:${config.port}/health`);
  say(`  Demo plan run: ${run.id}`);
  // demo accounts have no password: sign them in here, with this process's token settings
  const tokens = app.get(TokenService);
  const ds = app.get(DataSource);
  say(`  Demo accounts (password ${DEMO_PASSWORD}; tokens valid for this process, until they expire):`);
  let adminToken = '';
  for (const a of DEMO_ACCOUNTS) {
    const [user] = (await ds.query('SELECT id, token_version AS ver FROM app_user WHERE email = $1', [a.email])) as Array<{
      id: string;
      ver: number;
    }>;
    const { token, expiresAt } = await tokens.issue({ sub: user!.id, ver: user!.ver });
    if (a.role === 'ADMIN') adminToken = token;
    say(`    ${a.role.padEnd(15)} ${a.email}  (until ${expiresAt.toISOString()})`);
    say(`      ${token}`);
  }
  say(`  Try: export FORMASI_TOKEN=${adminToken}`);
  say(`       curl -s ${url} -H 'content-type: application/json' -H "authorization: Bearer $FORMASI_TOKEN" \\`);
  say(
    `         -d '{"query":"{ formationSummary(runId: \\"${run.id}\\", groupBy: UNIT, year: ${DEMO_YEARS[0]}) { unitCode requiredFte existing formation wisnRatio } }"}'`,
  );
  say('  Own accounts with passwords: npm run -s formasi -- create-user --email you@agency.go.id --role ADMIN (then the login mutation).');
  say('Stop with Ctrl+C.');

  // once the plan is computed: the first year's proposal determined, the second's signed (docs/proposals.md)
  for (;;) {
    const status = (await runs.get(run.id)).status;
    if (status === 'FAILED') return say(`Demo plan run ${run.id} failed; no demo proposals.`);
    if (status === 'SUCCEEDED') break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const proposals = await seedDemoProposals(app, run.id, [DEMO_YEARS[0]!, DEMO_YEARS[1]!]);
  say(`Demo proposals: ${proposals.map((p) => `${p.year} ${p.state} ${p.id}`).join(', ')}`);
  say(`  Try: { proposalBoard(year: ${DEMO_YEARS[1]}) { states { state count } } } (docs/proposals.md)`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${startupFailureText(e)}\n`);
  process.exit(1);
});
