import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Role } from './auth/roles';
import type { TokenService } from './auth/tokens';
import type { AppConfig } from './config';
import type { AuthFailure } from './errors';
import { LoaderRegistry } from './loaders';
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
  logger: Logger;
  config: AppConfig;
  tokens: TokenService;
  /** The WebSocket the operation runs on, when it runs on one (a subscription). */
  connection?: { close(code: number, reason: string): void };
  /** The server process's long-lived services (the event stream's hub). */
  services: ServiceRegistry;
}

export function createRequestContext(fields: Omit<RequestContext, 'loaders' | 'services'> & { services?: ServiceRegistry }): RequestContext {
  return { ...fields, services: fields.services ?? new ServiceRegistry(), loaders: new LoaderRegistry(fields.em) };
}

/** The viewer of a resolver that declares roles: root-field policies guarantee it is there. */
export function viewerOf(ctx: RequestContext): Viewer {
  if (!ctx.viewer) throw new Error('viewerOf called on an unauthenticated request');
  return ctx.viewer;
}
