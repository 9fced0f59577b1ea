import 'reflect-metadata';
import { ConfigValidationError, loadConfig } from '@formasi/config';
import { resolveDatabase, runMigrations } from '@formasi/database';
import { configureQueueBackend } from '@formasi/queue';
import { closeOnSignals, createApiApp } from '../apps/api/src/bootstrap';
import { PlanRunService } from '../apps/api/src/plan-runs/plan-run.service';
import { DEMO_AGENCY, DEMO_YEARS } from './demo-data';
import { seedDemo } from './seed-demo';

/**
 * `npm start`: embedded PostgreSQL (unless DATABASE_URL is set), migrations, the demo regency,
 * and the API with the plan-run worker in the same process.
 */
async function main(): Promise<void> {
  const config = loadConfig({ WORKER_IN_PROCESS: 'true', ...process.env });
  const say = (m: string): void => void process.stdout.write(`${m}\n`);
  say(config.databaseUrl ? 'Using DATABASE_URL' : `Starting embedded PostgreSQL in ${config.embeddedPg.dir} (port ${config.embeddedPg.port})`);
  const db = await resolveDatabase(config);
  const applied = await runMigrations(db.url);
  if (applied.length) say(`Applied migrations: ${applied.join(', ')}`);
  const seeded = await seedDemo(db.url);
  say(`Demo data: ${DEMO_AGENCY.code} with ${seeded.units} units, ${seeded.positions} positions, ${seeded.employees} employees`);

  const queue = configureQueueBackend({ redisUrl: config.redisUrl, databaseUrl: db.url });
  const app = await createApiApp({ config, databaseUrl: db.url, queue });
  closeOnSignals(app, db.stop);
  await app.listen(config.port);

  // a first plan, so the tour's queries have something to show
  const runs = app.get(PlanRunService);
  const existing = (await runs.list(50)).find((r) => r.agencyCode === DEMO_AGENCY.code && r.status === 'SUCCEEDED');
  const run = existing ?? (await runs.start({ agencyCode: DEMO_AGENCY.code, asOf: `${DEMO_YEARS[0]! - 1}-12-31`, years: DEMO_YEARS }));
  const url = `http://localhost:${config.port}/graphql`;
  say('');
  say(`Formasi is running (queue backend: ${queue.kind}, worker in process: ${config.workerInProcess}).`);
  say(`  GraphQL (Apollo Sandbox in a browser): ${url}`);
  say(`  Health: http://localhost:${config.port}/health`);
  say(`  Demo plan run: ${run.id}`);
  say(`  Try: curl -s ${url} -H 'content-type: application/json' \\`);
  say(`         -d '{"query":"{ formationSummary(runId: \\"${run.id}\\", groupBy: UNIT, year: ${DEMO_YEARS[0]}) { unitCode requiredFte existing formation wisnRatio } }"}'`);
  say('Stop with Ctrl+C.');
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof ConfigValidationError ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
