import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { AppConfig } from './config';

/** Names a long-lived object of one server process (e.g. the event stream's hub) and its type. */
export class ServiceKey<T> {
  declare private readonly type: T;

  constructor(readonly name: string) {}
}

/**
 * What modules started for this server process, found by key. Each server has its own (tests run
 * several servers in one process), handed to every request through its context.
 */
export class ServiceRegistry {
  private readonly services = new Map<ServiceKey<unknown>, unknown>();

  provide<T>(key: ServiceKey<T>, service: T): void {
    this.services.set(key, service);
  }

  /** The service, or undefined when this process does not run it. */
  find<T>(key: ServiceKey<T>): T | undefined {
    return this.services.get(key) as T | undefined;
  }

  get<T>(key: ServiceKey<T>): T {
    if (!this.services.has(key)) throw new Error(`service ${key.name} is not running in this process`);
    return this.services.get(key) as T;
  }
}

export interface ServiceDependencies {
  orm: MikroORM;
  config: AppConfig;
  logger: Logger;
  /** The database URL, for work that needs a connection of its own outside the pool (LISTEN). */
  databaseUrl: string;
  services: ServiceRegistry;
}

/** Starts a module's long-lived work once the database is migrated; resolves to its stop function. */
export type StartServices = (dependencies: ServiceDependencies) => Promise<() => Promise<void>>;
