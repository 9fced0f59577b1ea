import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '@formasi/config';
import type { Role } from '@formasi/database';
import { UnauthenticatedError } from '../common/auth-errors';
import { DomainError, DomainErrorCode } from '../common/domain-error';
import { AuditService } from '../audit/audit.service';
import { Actor } from './actor';
import { spendPasswordTime, verifyPassword } from '@formasi/accounts';
import { IssuedToken, TokenService, parseApiKey, sameHash, sha256 } from './token.service';

/** Where a request comes from, for the audit log. */
export interface RequestOrigin {
  ip: string | null;
  userAgent: string | null;
  /** The request id its log lines carry. */
  requestId: string | null;
}

interface UserRow {
  id: string;
  email: string;
  role: Role;
  active: boolean;
  tokenVersion: number;
  passwordHash: string | null;
  agencyIds: string[];
  agencyCodes: string[];
}

const USER_SQL = `SELECT u.id, u.email, u.role, u.active, u.token_version AS "tokenVersion", u.password_hash AS "passwordHash",
    coalesce(array_agg(a.id ORDER BY a.code) FILTER (WHERE a.id IS NOT NULL), '{}') AS "agencyIds",
    coalesce(array_agg(a.code ORDER BY a.code) FILTER (WHERE a.id IS NOT NULL), '{}') AS "agencyCodes"
  FROM app_user u LEFT JOIN user_agency ua ON ua.user_id = u.id LEFT JOIN agency a ON a.id = ua.agency_id`;

export const LOGIN_FAILED = 'login.failed';

/** Signs people in and turns a request's credentials into an Actor. */
@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tokens: TokenService,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  /** Email and password for a token; failures are logged, and too many lock the email for a while. */
  async login(emailInput: string, password: string, origin: RequestOrigin): Promise<IssuedToken & { actor: Actor }> {
    const email = emailInput.trim().toLowerCase();
    const { loginMaxFailures, loginLockoutMinutes } = this.config.auth;
    const [{ failures }] = (await this.db.query(
      `SELECT count(*)::int AS failures FROM audit_log
        WHERE actor_email = $1 AND action = $2 AND at > now() - make_interval(mins => $3)`,
      [email, LOGIN_FAILED, loginLockoutMinutes],
    )) as Array<{ failures: number }>;
    if (failures >= loginMaxFailures) {
      throw new DomainError(
        DomainErrorCode.TOO_MANY_ATTEMPTS,
        `too many failed sign-ins for this email; try again in ${loginLockoutMinutes} minutes`,
      );
    }
    const user = await this.user('email', email);
    const ok = user ? await verifyPassword(user.passwordHash, password) : (await spendPasswordTime(password), false);
    if (!user || !ok || !user.active) {
      await this.audit.record(
        { id: user?.id ?? null, email, role: user?.role ?? null, via: 'PASSWORD', ...origin },
        { action: LOGIN_FAILED, summary: { reason: !user || !ok ? 'wrong email or password' : 'account deactivated' } },
      );
      throw new UnauthenticatedError('wrong email or password');
    }
    const actor = this.toActor(user, 'TOKEN', origin);
    const issued = await this.tokens.issue({ sub: user.id, ver: user.tokenVersion });
    await this.audit.record(
      { ...actor, via: 'PASSWORD' },
      { action: 'login', entity: 'user', entityKey: user.id, summary: { expiresAt: issued.expiresAt } },
    );
    return { ...issued, actor };
  }

  /**
   * The actor behind `Authorization: Bearer <jwt>` or `X-API-Key` (also `Authorization: ApiKey …`);
   * null when the request carries neither. Bad credentials throw.
   */
  async authenticate(headers: Record<string, unknown>, origin: RequestOrigin): Promise<Actor | null> {
    const authorization = typeof headers['authorization'] === 'string' ? headers['authorization'] : '';
    const apiKeyHeader = typeof headers['x-api-key'] === 'string' ? headers['x-api-key'] : '';
    const [scheme, value] = authorization.split(/\s+/, 2) as [string, string | undefined];
    if (/^bearer$/i.test(scheme) && value) return this.fromToken(value, origin);
    if (/^apikey$/i.test(scheme) && value) return this.fromApiKey(value, origin);
    if (apiKeyHeader) return this.fromApiKey(apiKeyHeader, origin);
    if (authorization) throw new UnauthenticatedError('unsupported Authorization header: use "Bearer <token>" or "ApiKey <key>"');
    return null;
  }

  private async fromToken(token: string, origin: RequestOrigin): Promise<Actor> {
    const claims = await this.tokens.verify(token);
    if (!claims) throw new UnauthenticatedError('the token is invalid or has expired; sign in again');
    const user = await this.user('id', claims.sub);
    if (!user || !user.active || user.tokenVersion !== claims.ver)
      throw new UnauthenticatedError('the token is no longer valid; sign in again');
    return this.toActor(user, 'TOKEN', origin);
  }

  private async fromApiKey(key: string, origin: RequestOrigin): Promise<Actor> {
    const parsed = parseApiKey(key);
    if (!parsed) throw new UnauthenticatedError('the API key is malformed');
    const [row] = (await this.db.query(
      `SELECT k.id AS "keyId", k.key_hash AS "keyHash", (k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > now())) AS usable, k.user_id AS "userId"
         FROM api_key k WHERE k.prefix = $1`,
      [parsed.prefix],
    )) as Array<{ keyId: string; keyHash: string; usable: boolean; userId: string }>;
    if (!row || !sameHash(row.keyHash, sha256(parsed.secret))) throw new UnauthenticatedError('the API key is not valid');
    if (!row.usable) throw new UnauthenticatedError('the API key has been revoked or has expired');
    const user = await this.user('id', row.userId);
    if (!user || !user.active) throw new UnauthenticatedError('the API key belongs to a deactivated account');
    // bookkeeping, not an audited change: the key is used, not altered
    await this.db.query(
      "UPDATE api_key SET last_used_at = now() WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')",
      [row.keyId],
    );
    return this.toActor(user, 'API_KEY', origin);
  }

  /** The account with its agencies, by id or by (lower-case) email. */
  private async user(by: 'id' | 'email', key: string): Promise<UserRow | undefined> {
    const [row] = (await this.db.query(`${USER_SQL} WHERE u.${by} = $1 GROUP BY u.id`, [key])) as UserRow[];
    return row;
  }

  private toActor(user: UserRow, via: Actor['via'], origin: RequestOrigin): Actor {
    // ADMIN, PLANNER and MINISTRY work nationally; a VIEWER or VERIFIER without agencies reaches
    // everything; an AGENCY_OPERATOR or AGENCY_HEAD only ever reaches the agencies assigned to them
    const limited =
      user.role === 'AGENCY_OPERATOR' ||
      user.role === 'AGENCY_HEAD' ||
      ((user.role === 'VIEWER' || user.role === 'VERIFIER') && user.agencyIds.length > 0);
    return {
      id: user.id,
      email: user.email,
      role: user.role,
      via,
      ip: origin.ip,
      userAgent: origin.userAgent,
      requestId: origin.requestId,
      agencyIds: limited ? user.agencyIds : null,
      agencyCodes: limited ? user.agencyCodes : null,
    };
  }
}
