import { decodeJwt, errors, jwtVerify, SignJWT } from 'jose';
import type { AuthFailure } from '../errors';

const ISSUER = 'claro-graph';
const AUDIENCE = 'claro-graph-api';

export interface AccessTokenClaims {
  staffId: string;
  /** Bumped when a staff member's password changes or the account is deactivated or reactivated: older tokens stop working. */
  tokenVersion: number;
}

export class TokenService {
  private readonly key: Uint8Array;

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
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ['HS256'],
        // A token that never expires would outlive every revocation but the secret's.
        requiredClaims: ['exp', 'sub'],
      });
      if (typeof payload.sub !== 'string' || typeof payload.ver !== 'number') return 'INVALID_TOKEN';
      return { staffId: payload.sub, tokenVersion: payload.ver };
    } catch (error) {
      return error instanceof errors.JWTExpired ? 'EXPIRED_TOKEN' : 'INVALID_TOKEN';
    }
  }
}
