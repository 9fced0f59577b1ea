import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source.options';

/** Applies pending migrations; safe to call on every start and from several processes. */
export async function runMigrations(url: string): Promise<string[]> {
  const ds = new DataSource(dataSourceOptions(url));
  await ds.initialize();
  try {
    // advisory lock: two processes starting at once must not both create the schema
    await ds.query('SELECT pg_advisory_lock(7341001)');
    try {
      const applied = await ds.runMigrations({ transaction: 'each' });
      return applied.map((m) => m.name);
    } finally {
      await ds.query('SELECT pg_advisory_unlock(7341001)');
    }
  } finally {
    await ds.destroy();
  }
}
