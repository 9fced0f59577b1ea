import { Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createHash, createSecretKey, randomBytes, timingSafeEqual } from 'node:crypto';
import { AppConfig } from '@formasi/config';

export interface AccessTokenClaims {
  sub: string;
  /** The user's token version at sign-in; raising it (password change, deactivation) ends the token. */
  ver: number;
}

export interface IssuedToken {
  token: string;
  expiresAt: Date;
}

const ISSUER = 'formasi';
const AUDIENCE = 'formasi-api';
export const API_KEY_PREFIX = 'fmk';

/** Signed access tokens (HS256 JWT) and API-key secrets. */
@Injectable()
export class TokenService {
  private readonly jwt: JwtService;
  private readonly ttlSeconds: number;

  constructor(config: AppConfig) {
    let secret = config.auth.jwtSecret;
    if (!secret) {
      secret = randomBytes(48).toString('base64');
      if (config.nodeEnv === 'development')
        new Logger('Auth').warn('JWT_SECRET is unset: tokens are signed with a random secret and end when this process stops');
    }
    this.ttlSeconds = config.auth.tokenTtlSeconds;
    // a KeyObject, not the string: given a string, jsonwebtoken first tries to read it as a PEM
    // public key on every verification and throws, which cost more CPU than the rest of a request
    const key = createSecretKey(Buffer.from(secret, 'utf8'));
    this.jwt = new JwtService({
      secretOrKeyProvider: () => key,
      signOptions: { algorithm: 'HS256', issuer: ISSUER, audience: AUDIENCE, expiresIn: this.ttlSeconds },
      verifyOptions: { algorithms: ['HS256'], issuer: ISSUER, audience: AUDIENCE },
    });
  }

  async issue(claims: AccessTokenClaims): Promise<IssuedToken> {
    const token = await this.jwt.signAsync({ ...claims });
    return { token, expiresAt: new Date(Date.now() + this.ttlSeconds * 1000) };
  }

  /** The claims of a valid token, or null for a forged, expired or malformed one. */
  async verify(token: string): Promise<AccessTokenClaims | null> {
    try {
      const claims = await this.jwt.verifyAsync<Partial<AccessTokenClaims>>(token);
      return typeof claims.sub === 'string' && typeof claims.ver === 'number' ? { sub: claims.sub, ver: claims.ver } : null;
    } catch {
      return null;
    }
  }
}

/** A new API key: `fmk_<prefix>_<secret>`; the prefix finds the row, the secret's SHA-256 proves it. */
export function newApiKey(): { key: string; prefix: string; hash: string } {
  const prefix = randomBytes(6).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { key: `${API_KEY_PREFIX}_${prefix}_${secret}`, prefix, hash: sha256(secret) };
}

export function parseApiKey(key: string): { prefix: string; secret: string } | null {
  const m = /^fmk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/.exec(key.trim());
  return m ? { prefix: m[1]!, secret: m[2]! } : null;
}

// A 256-bit random secret needs no slow hash: SHA-256 cannot be brute-forced back to it.
export const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}
