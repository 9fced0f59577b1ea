import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuditActor, Role } from '@formasi/database';
import { UnauthenticatedError } from '../common/auth-errors';
import { DomainError, DomainErrorCode, FieldError, InputValidationError, NotFoundError } from '../common/domain-error';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../auth/actor';
import { agencyRuleProblem, hashPassword, verifyPassword } from '@formasi/accounts';
import { newApiKey } from '../auth/token.service';
import { ApiKeyModel, CreatedApiKeyModel, UserModel } from './user.model';
import { CreateApiKeyInput, CreateUserInput, UpdateUserInput } from './user.input';

const USER_COLUMNS = `u.id, u.email, u.display_name AS "displayName", u.role, u.active, (u.password_hash IS NOT NULL) AS "hasPassword", u.created_at AS "createdAt",
  coalesce((SELECT array_agg(a.code ORDER BY a.code) FROM user_agency ua JOIN agency a ON a.id = ua.agency_id WHERE ua.user_id = u.id), '{}') AS "agencyCodes"`;
const KEY_COLUMNS = `k.id, k.user_id AS "userId", u.email AS "userEmail", k.name, k.prefix, k.created_at AS "createdAt",
  k.expires_at AS "expiresAt", k.revoked_at AS "revokedAt", k.last_used_at AS "lastUsedAt"`;

function agencyRuleErrors(role: Role, codes: string[]): FieldError[] {
  const problem = agencyRuleProblem(role, codes.length);
  return problem ? [{ field: 'agencyCodes', message: problem }] : [];
}

/** Accounts and API keys; every change is audited, never with a password or key in it. */
@Injectable()
export class UserService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  list(): Promise<UserModel[]> {
    return this.db.query(`SELECT ${USER_COLUMNS} FROM app_user u ORDER BY u.email`);
  }

  async get(id: string, db: Pick<EntityManager, 'query'> = this.db): Promise<UserModel> {
    const [row] = (await db.query(`SELECT ${USER_COLUMNS} FROM app_user u WHERE u.id = $1`, [id])) as UserModel[];
    if (!row) throw new NotFoundError('user', id);
    return row;
  }

  async create(actor: AuditActor, input: CreateUserInput): Promise<UserModel> {
    const email = input.email.trim().toLowerCase();
    const errors = agencyRuleErrors(input.role, input.agencyCodes);
    const agencyIds = await this.agencyIds(input.agencyCodes, errors);
    const [taken] = await this.db.query('SELECT 1 FROM app_user WHERE email = $1', [email]);
    if (taken) errors.push({ field: 'email', message: `a user with email ${email} exists already` });
    if (errors.length > 0) throw new InputValidationError(errors);
    const hash = input.password ? await hashPassword(input.password) : null;
    return this.audit.transaction(
      actor,
      { action: 'createUser', entity: 'user', summary: { email, role: input.role, agencies: input.agencyCodes } },
      async (tx, record) => {
        const [{ id }] = (await tx.query(
          'INSERT INTO app_user (email, display_name, role, password_hash) VALUES ($1, $2, $3, $4) RETURNING id',
          [email, input.displayName, input.role, hash],
        )) as Array<{ id: string }>;
        await tx.query('INSERT INTO user_agency (user_id, agency_id) SELECT $1, unnest($2::uuid[])', [id, agencyIds]);
        await record.amend({ entityKey: id });
        return this.get(id, tx);
      },
    );
  }

  async update(actor: AuditActor, input: UpdateUserInput): Promise<UserModel> {
    const current = await this.get(input.id);
    const role = input.role ?? current.role;
    const codes = input.agencyCodes ?? current.agencyCodes;
    const errors = agencyRuleErrors(role, codes);
    const agencyIds = await this.agencyIds(codes, errors);
    if (errors.length > 0) throw new InputValidationError(errors);
    const hash = input.password ? await hashPassword(input.password) : null;
    return this.audit.transaction(
      actor,
      { action: 'updateUser', entity: 'user', entityKey: input.id, summary: { email: current.email } },
      async (tx) => {
        // lock the admins so two updates cannot both remove "the last one"
        const admins = (await tx.query(`SELECT id FROM app_user WHERE role = 'ADMIN' AND active FOR UPDATE`)) as Array<{ id: string }>;
        const staysAdmin = role === 'ADMIN' && input.active !== false;
        if (!staysAdmin && admins.length === 1 && admins[0]!.id === input.id) {
          throw new DomainError(DomainErrorCode.CONFLICT, 'this is the last active ADMIN: make another user ADMIN first');
        }
        // a new password, a deactivation or a role change ends the tokens issued before it
        const endsTokens = hash !== null || input.active === false || role !== current.role || input.agencyCodes != null;
        await tx.query(
          `UPDATE app_user SET display_name = coalesce($2, display_name), role = $3, active = coalesce($4, active),
           password_hash = coalesce($5, password_hash), token_version = token_version + $6::int, updated_at = now()
         WHERE id = $1`,
          [input.id, input.displayName ?? null, role, input.active ?? null, hash, endsTokens ? 1 : 0],
        );
        if (input.agencyCodes != null) {
          await tx.query('DELETE FROM user_agency WHERE user_id = $1 AND NOT (agency_id = ANY($2::uuid[]))', [input.id, agencyIds]);
          await tx.query('INSERT INTO user_agency (user_id, agency_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING', [
            input.id,
            agencyIds,
          ]);
        }
        return this.get(input.id, tx);
      },
    );
  }

  async changeOwnPassword(actor: Actor, currentPassword: string, newPassword: string): Promise<void> {
    const [row] = (await this.db.query('SELECT password_hash AS hash FROM app_user WHERE id = $1', [actor.id])) as Array<{
      hash: string | null;
    }>;
    if (!row || !(await verifyPassword(row.hash, currentPassword))) throw new UnauthenticatedError('the current password is wrong');
    const hash = await hashPassword(newPassword);
    await this.audit.transaction(actor, { action: 'changePassword', entity: 'user', entityKey: actor.id }, async (tx) => {
      await tx.query('UPDATE app_user SET password_hash = $2, token_version = token_version + 1, updated_at = now() WHERE id = $1', [
        actor.id,
        hash,
      ]);
    });
  }

  listApiKeys(userId: string | null): Promise<ApiKeyModel[]> {
    return this.db.query(
      `SELECT ${KEY_COLUMNS} FROM api_key k JOIN app_user u ON u.id = k.user_id WHERE ($1::uuid IS NULL OR k.user_id = $1) ORDER BY k.created_at DESC`,
      [userId],
    );
  }

  async createApiKey(actor: AuditActor, input: CreateApiKeyInput): Promise<CreatedApiKeyModel> {
    const user = await this.get(input.userId).catch(() => null);
    if (!user) throw new InputValidationError([{ field: 'userId', message: `user ${input.userId} does not exist` }]);
    if (input.expiresAt && input.expiresAt.getTime() <= Date.now())
      throw new InputValidationError([{ field: 'expiresAt', message: 'expiresAt must be in the future' }]);
    const { key, prefix, hash } = newApiKey();
    return this.audit.transaction(
      actor,
      { action: 'createApiKey', entity: 'apiKey', summary: { user: user.email, name: input.name, prefix } },
      async (tx, record) => {
        const [{ id }] = (await tx.query(
          'INSERT INTO api_key (user_id, name, prefix, key_hash, expires_at) VALUES ($1, $2, $3, $4, $5) RETURNING id',
          [input.userId, input.name, prefix, hash, input.expiresAt ?? null],
        )) as Array<{ id: string }>;
        await record.amend({ entityKey: id });
        return { key, apiKey: (await this.keyById(tx, id))! };
      },
    );
  }

  async revokeApiKey(actor: AuditActor, id: string): Promise<ApiKeyModel> {
    return this.audit.transaction(actor, { action: 'revokeApiKey', entity: 'apiKey', entityKey: id }, async (tx) => {
      await tx.query('UPDATE api_key SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL', [id]);
      const apiKey = await this.keyById(tx, id);
      if (!apiKey) throw new NotFoundError('API key', id);
      return apiKey;
    });
  }

  private async keyById(db: Pick<EntityManager, 'query'>, id: string): Promise<ApiKeyModel | undefined> {
    const [row] = (await db.query(`SELECT ${KEY_COLUMNS} FROM api_key k JOIN app_user u ON u.id = k.user_id WHERE k.id = $1`, [
      id,
    ])) as ApiKeyModel[];
    return row;
  }

  private async agencyIds(codes: string[], errors: FieldError[]): Promise<string[]> {
    const rows = (await this.db.query('SELECT id, code FROM agency WHERE code = ANY($1::text[])', [codes])) as Array<{
      id: string;
      code: string;
    }>;
    const known = new Map(rows.map((r) => [r.code, r.id]));
    codes.forEach((c, i) => {
      if (!known.has(c)) errors.push({ field: `agencyCodes.${i}`, row: i, message: `agency ${c} does not exist` });
    });
    return [...new Set(codes)].flatMap((c) => (known.has(c) ? [known.get(c)!] : []));
  }
}
