import { timingSafeEqual } from 'node:crypto';
import type http from 'node:http';
import { Role } from '../core/auth/roles';
import type { Viewer } from '../core/context';
import type { AuthFailure } from '../core/errors';

/**
 * What the gateway tells a subgraph about the request it verified: the viewer (the token was
 * checked once, at the gateway), or why there is none, the client's address (login throttling)
 * and the request id (logs). A subgraph believes these only with the gateway's shared secret.
 */
export const FORWARDED = {
  SECRET: 'x-claro-gateway-secret',
  VIEWER: 'x-claro-viewer',
  AUTH_FAILURE: 'x-claro-auth-failure',
  CLIENT_ADDRESS: 'x-claro-client-address',
  REQUEST_ID: 'x-request-id',
} as const;

export interface ForwardedIdentity {
  viewer: Viewer | null;
  authFailure: AuthFailure | null;
  clientAddress?: string;
  requestId?: string;
}

export function forwardedHeaders(secret: string, identity: ForwardedIdentity): Record<string, string> {
  return {
    [FORWARDED.SECRET]: secret,
    ...(identity.viewer ? { [FORWARDED.VIEWER]: Buffer.from(JSON.stringify(identity.viewer)).toString('base64url') } : {}),
    ...(identity.authFailure ? { [FORWARDED.AUTH_FAILURE]: identity.authFailure } : {}),
    ...(identity.clientAddress ? { [FORWARDED.CLIENT_ADDRESS]: identity.clientAddress } : {}),
    ...(identity.requestId ? { [FORWARDED.REQUEST_ID]: identity.requestId } : {}),
  };
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}

/** The request carries the gateway's secret (compared in constant time). */
export function fromGateway(req: http.IncomingMessage, secret: string): boolean {
  const given = Buffer.from(header(req, FORWARDED.SECRET) ?? '');
  const expected = Buffer.from(secret);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const AUTH_FAILURES: readonly string[] = ['MISSING_TOKEN', 'INVALID_TOKEN', 'EXPIRED_TOKEN', 'REVOKED_TOKEN'];

/** The identity the gateway forwarded; call only once `fromGateway` holds. */
export function forwardedIdentity(req: http.IncomingMessage): ForwardedIdentity {
  const encoded = header(req, FORWARDED.VIEWER);
  let viewer: Viewer | null = null;
  if (encoded) {
    const parsed = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')) as Viewer;
    if (typeof parsed.id !== 'string' || !Object.values(Role).includes(parsed.role)) throw new Error('malformed forwarded viewer');
    viewer = { id: parsed.id, email: String(parsed.email), name: String(parsed.name), role: parsed.role };
  }
  const failure = header(req, FORWARDED.AUTH_FAILURE);
  return {
    viewer,
    authFailure: viewer ? null : ((failure && AUTH_FAILURES.includes(failure) ? failure : 'MISSING_TOKEN') as AuthFailure),
    clientAddress: header(req, FORWARDED.CLIENT_ADDRESS),
    requestId: header(req, FORWARDED.REQUEST_ID),
  };
}
