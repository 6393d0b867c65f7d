import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Role } from './auth/roles';
import type { LoginThrottle } from './auth/login-throttle';
import type { TokenService } from './auth/tokens';
import type { AppConfig } from './config';
import type { AuthFailure } from './errors';
import { LoaderRegistry } from './loaders';
import type { AppWiring } from './module';
import { ServiceRegistry } from './services';

/** The authenticated staff member making the request, checked against the database on every request. */
export interface Viewer {
  id: string;
  email: string;
  name: string;
  role: Role;
}

/** What every resolver and service receives first. One per request. */
export interface RequestContext {
  requestId: string;
  /** A fork of the global EntityManager for this request only; mutations run it inside a transaction. */
  em: EntityManager;
  viewer: Viewer | null;
  /** Why `viewer` is null when the request carried a token (or that it carried none). */
  authFailure: AuthFailure | null;
  loaders: LoaderRegistry;
  /**
   * Run once the mutation's transaction has committed and the loaders were cleared, e.g. to prime
   * them with rows the mutation wrote, so its answer does not read them back. Dropped on rollback.
   */
  afterCommit: (() => void)[];
  logger: Logger;
  config: AppConfig;
  tokens: TokenService;
  /** The caller's address (the socket's, or X-Forwarded-For's per `TRUST_PROXY`); unset outside HTTP. */
  clientAddress?: string;
  /** Present on the HTTP server: logins are counted and throttled. */
  loginThrottle?: LoginThrottle;
  /** The WebSocket the operation runs on, when it runs on one (a subscription). */
  connection?: { close(code: number, reason: string): void };
  /** The server process's long-lived services (the event stream's hub). */
  services: ServiceRegistry;
  /** What the installed modules registered: hooks (deletion guards), constraint errors. */
  app: AppWiring;
}

export function createRequestContext(
  fields: Omit<RequestContext, 'loaders' | 'afterCommit' | 'services'> & { services?: ServiceRegistry },
): RequestContext {
  const services = fields.services ?? new ServiceRegistry();
  return { ...fields, services, loaders: new LoaderRegistry(fields.em, services), afterCommit: [] };
}

/** The viewer of a resolver that declares roles: root-field policies guarantee it is there. */
export function viewerOf(ctx: RequestContext): Viewer {
  if (!ctx.viewer) throw new Error('viewerOf called on an unauthenticated request');
  return ctx.viewer;
}
