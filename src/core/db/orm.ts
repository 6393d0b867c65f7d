import path from 'node:path';
import { DefaultLogger, type LoggerOptions, type LogContext, type EntityClass } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { defineConfig, MikroORM, PostgreSqlDriver, type Options } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { PROJECT_ROOT } from '../config';

/** True under swc-node/jest (TypeScript sources), false when running the build in `dist/`. */
const RUNNING_FROM_SOURCE = __filename.endsWith('.ts');

/** Committed migrations (TypeScript) and, in the build, their compiled copies. */
export const MIGRATIONS_SOURCE_DIR = path.join(PROJECT_ROOT, 'migrations');
const MIGRATIONS_RUNTIME_DIR = RUNNING_FROM_SOURCE ? MIGRATIONS_SOURCE_DIR : path.join(PROJECT_ROOT, 'dist', 'migrations');

interface PgConnection {
  on(event: 'error', listener: (error: Error) => void): void;
  query(sql: string, callback: (error: Error | null) => void): void;
}

export interface OrmOptions {
  clientUrl: string;
  entities: EntityClass<unknown>[];
  logger?: Logger;
  /** Called with every SQL statement sent; used to count statements per request in tests and benches. */
  onQuery?: (sql: string) => void;
  poolSize?: number;
  /**
   * PostgreSQL ends a pool connection left idle inside a transaction this long (0: never). Such a
   * transaction also holds back the partner event stream: events become readable only once every
   * older transaction has ended.
   */
  idleInTransactionTimeoutSeconds?: number;
}

/**
 * Sends MikroORM's SQL log to pino (at debug level, with timings) and to `onQuery`.
 * Other MikroORM namespaces (discovery, info) stay at their own level.
 */
class SqlLogger extends DefaultLogger {
  constructor(
    options: LoggerOptions,
    private readonly pino: Logger | undefined,
    private readonly onQuery: ((sql: string) => void) | undefined,
  ) {
    super(options);
  }

  override log(namespace: string, message: string, context?: LogContext): void {
    if (namespace === 'query') return;
    if (context?.level === 'error' || context?.level === 'warning') this.pino?.warn({ namespace }, message);
    else this.pino?.debug({ namespace }, message);
  }

  override logQuery(context: { query: string; took?: number; level?: string } & LogContext): void {
    this.onQuery?.(context.query);
    if (this.pino?.isLevelEnabled('debug')) this.pino.debug({ sql: context.query, tookMs: context.took }, 'sql');
  }
}

export function ormConfig({ clientUrl, entities, logger, onQuery, poolSize = 10, idleInTransactionTimeoutSeconds = 0 }: OrmOptions): Options {
  return defineConfig({
    driver: PostgreSqlDriver,
    clientUrl,
    entities,
    extensions: [Migrator],
    // Resolve the db name from the URL and create the database if it is missing.
    ensureDatabase: true,
    forceUtcTimezone: true,
    // Tables that are no entity's (their migrations own them): the schema diff leaves them alone.
    schemaGenerator: { skipTables: ['login_throttle'] },
    // A request must use its own fork: the global EntityManager refuses work.
    allowGlobalContext: false,
    pool: {
      min: 0,
      max: poolSize,
      // Per connection: JIT off (a backend that JIT-compiled one big report ran later queries about
      // twice as slowly, measured), and a connection dropped by a database restart logged in our
      // JSON log (the pool discards it; test/core/errors.test.ts shows the server recovers).
      afterCreate: (connection: PgConnection, done: (error: Error | null, connection: PgConnection) => void) => {
        connection.on('error', (error) => logger?.warn({ err: error }, 'database connection lost'));
        const settings = `set jit = off; set idle_in_transaction_session_timeout = ${Math.trunc(idleInTransactionTimeoutSeconds * 1000)}`;
        connection.query(settings, (error) => done(error, connection));
      },
    },
    debug: ['query', 'discovery', 'info'],
    loggerFactory: (options) => new SqlLogger(options, logger?.child({ component: 'orm' }), onQuery),
    preferTs: RUNNING_FROM_SOURCE,
    // Migrations are plain CommonJS modules in both builds; MikroORM's default `import()`
    // breaks under jest's VM (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING_FLAG).
    dynamicImportProvider: async (id: string) => require(id),
    migrations: {
      path: MIGRATIONS_RUNTIME_DIR,
      pathTs: MIGRATIONS_SOURCE_DIR,
      glob: '!(*.d).{js,ts}',
      transactional: true,
      allOrNothing: true,
      // Diff against the real database, not a snapshot file, so a missing migration is always seen.
      snapshot: false,
      emit: 'ts',
      fileName: (timestamp: string, name?: string) => `Migration${timestamp}${name ? `_${name}` : ''}`,
    },
  });
}

export function initOrm(options: OrmOptions): Promise<MikroORM> {
  return MikroORM.init(ormConfig(options));
}

export { MikroORM };
