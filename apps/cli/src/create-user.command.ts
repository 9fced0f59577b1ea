import 'reflect-metadata';
import { Client } from 'pg';
import { readFileSync } from 'node:fs';
import { loadConfig } from '@formasi/config';
import { ROLES, openAudit, resolveDatabase, runMigrations, systemActor } from '@formasi/database';
import type { Role } from '@formasi/database';
import { MIN_PASSWORD_LENGTH, agencyRuleProblem, hashPassword } from '@formasi/accounts';

const USAGE = `usage: formasi create-user --email EMAIL --role ${ROLES.join('|')} [--name NAME] [--agency CODE ...]
  The password is read from FORMASI_USER_PASSWORD, or else from the first line of standard input
  (at least ${MIN_PASSWORD_LENGTH} characters). An existing account with that email gets the new
  password, role and agencies. Uses DATABASE_URL, or the embedded PostgreSQL when it is unset
  (stop \`npm start\` first: the embedded server takes one process at a time).`;

interface Options {
  email: string;
  role: Role;
  name: string;
  agencies: string[];
}

function parse(args: string[]): Options | string {
  const o: Partial<Options> & { agencies: string[] } = { agencies: [] };
  for (let i = 0; i < args.length; i++) {
    const [flag, value] = [args[i], args[i + 1]];
    if (value === undefined || value.startsWith('--')) return `${flag} needs a value`;
    if (flag === '--email') o.email = value.trim().toLowerCase();
    else if (flag === '--role') o.role = value as Role;
    else if (flag === '--name') o.name = value;
    else if (flag === '--agency') o.agencies.push(value);
    else return `unknown option ${flag}`;
    i++;
  }
  if (!o.email || !/^[^@\s]+@[^@\s]+$/.test(o.email)) return '--email must be an email address';
  if (!o.role || !ROLES.includes(o.role)) return `--role must be one of ${ROLES.join(', ')}`;
  const problem = agencyRuleProblem(o.role, o.agencies.length);
  if (problem) return `${problem} (--agency)`;
  return { email: o.email, role: o.role, name: o.name ?? o.email, agencies: o.agencies };
}

/** The first account (or a reset one) from the command line: `npm run -s formasi -- create-user …`. */
export async function runCreateUser(args: string[]): Promise<number> {
  const options = parse(args);
  if (typeof options === 'string') {
    process.stderr.write(`formasi: ${options}\n${USAGE}\n`);
    return 64;
  }
  const password = (process.env.FORMASI_USER_PASSWORD ?? readFileSync(0, 'utf8').split(/\r?\n/)[0] ?? '').trim();
  if (password.length < MIN_PASSWORD_LENGTH) {
    process.stderr.write(`formasi: the password must be at least ${MIN_PASSWORD_LENGTH} characters\n`);
    return 65;
  }
  const config = loadConfig();
  const db = await resolveDatabase(config);
  const client = new Client({ connectionString: db.url });
  try {
    await runMigrations(db.url);
    await client.connect();
    const { rows: agencies } = await client.query<{ id: string; code: string }>(
      'SELECT id, code FROM agency WHERE code = ANY($1::text[])',
      [options.agencies],
    );
    const missing = options.agencies.filter((c) => !agencies.some((a) => a.code === c));
    if (missing.length > 0) {
      process.stderr.write(`formasi: agency ${missing.join(', ')} does not exist\n`);
      return 65;
    }
    const hash = await hashPassword(password);
    await client.query('BEGIN');
    await openAudit(client, systemActor('cli:create-user'), {
      action: 'createUser',
      entity: 'user',
      summary: { email: options.email, role: options.role, agencies: options.agencies },
    });
    const {
      rows: [user],
    } = await client.query<{ id: string }>(
      `INSERT INTO app_user (email, display_name, role, password_hash) VALUES ($1, $2, $3, $4)
       ON CONFLICT (email) DO UPDATE SET display_name = EXCLUDED.display_name, role = EXCLUDED.role, password_hash = EXCLUDED.password_hash,
         active = true, token_version = app_user.token_version + 1, updated_at = now()
       RETURNING id`,
      [options.email, options.name, options.role, hash],
    );
    await client.query('DELETE FROM user_agency WHERE user_id = $1 AND NOT (agency_id = ANY($2::uuid[]))', [
      user!.id,
      agencies.map((a) => a.id),
    ]);
    await client.query('INSERT INTO user_agency (user_id, agency_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING', [
      user!.id,
      agencies.map((a) => a.id),
    ]);
    await client.query('COMMIT');
    process.stdout.write(`${options.role} ${options.email} is ready (id ${user!.id}); sign in with the login mutation\n`);
    return 0;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    process.stderr.write(`formasi: ${e instanceof Error ? e.message : String(e)}\n`);
    return 70;
  } finally {
    await client.end().catch(() => undefined);
    await db.stop();
  }
}
