import { decodeJwt, errors, jwtVerify, SignJWT } from 'jose';
import type { AuthFailure } from '../errors';

const ISSUER = 'claro-graph';
const AUDIENCE = 'claro-graph-api';

export interface AccessTokenClaims {
  staffId: string;
  /** Bumped when a staff member's password changes or the account is deactivated or reactivated: older tokens stop working. */
  tokenVersion: number;
}

/** How many verified tokens a process remembers (about 300 bytes each). */
const VERIFIED_TOKENS_KEPT = 10_000;

export class TokenService {
  private readonly key: Uint8Array;

  /**
   * Tokens whose signature and claims checked out, with their expiry (seconds): a token is the
   * same string on every request of a session, so its signature is checked once, not per request
   * (jose's verification was a twentieth of a `{ me { id } }` request's CPU). Revocation is not
   * affected: it is the staff check's (account active, token version), run on every request.
   * The oldest entries go first once full.
   */
  private readonly verified = new Map<string, { claims: AccessTokenClaims; expiresAt: number }>();

  constructor(
    secret: string,
    private readonly ttl: string,
  ) {
    this.key = new TextEncoder().encode(secret);
  }

  async sign(claims: AccessTokenClaims): Promise<{ token: string; expiresAt: Date }> {
    const token = await new SignJWT({ ver: claims.tokenVersion })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(claims.staffId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(this.ttl)
      .sign(this.key);
    const { exp } = decodeJwt(token);
    return { token, expiresAt: new Date(exp! * 1000) };
  }

  /** When a token (already verified) stops being valid; null if it never does. */
  expiryOf(token: string): Date | null {
    const { exp } = decodeJwt(token);
    return typeof exp === 'number' ? new Date(exp * 1000) : null;
  }

  async verify(token: string): Promise<AccessTokenClaims | AuthFailure> {
    const known = this.verified.get(token);
    if (known) {
      // As jose: expired once `exp` is not after the current second.
      if (known.expiresAt > Math.floor(Date.now() / 1000)) return known.claims;
      this.verified.delete(token);
      return 'EXPIRED_TOKEN';
    }
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ['HS256'],
        // A token that never expires would outlive every revocation but the secret's.
        requiredClaims: ['exp', 'sub'],
      });
      if (typeof payload.sub !== 'string' || typeof payload.ver !== 'number') return 'INVALID_TOKEN';
      const claims = { staffId: payload.sub, tokenVersion: payload.ver };
      if (this.verified.size >= VERIFIED_TOKENS_KEPT) this.verified.delete(this.verified.keys().next().value!);
      this.verified.set(token, { claims, expiresAt: payload.exp! });
      return claims;
    } catch (error) {
      return error instanceof errors.JWTExpired ? 'EXPIRED_TOKEN' : 'INVALID_TOKEN';
    }
  }
}
