import 'reflect-metadata';
import { runMigrations } from '@formasi/database';

/** `npm run migrate`: applies pending migrations to DATABASE_URL (compose runs it before the API). */
const url = process.env.DATABASE_URL;
if (!url) {
  process.stderr.write('DATABASE_URL is required\n');
  process.exit(1);
}
runMigrations(url)
  .then((applied) => process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'schema is up to date\n'))
  .catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
