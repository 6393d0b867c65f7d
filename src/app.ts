import type { Logger } from 'pino';
import { resolveJwtSecret } from './core/auth/jwt-secret';
import { LoginThrottle } from './core/auth/login-throttle';
import { configurePasswordHashing } from './core/auth/password';
import { TokenService } from './core/auth/tokens';
import type { AppConfig } from './core/config';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './core/db/embedded-postgres';
import { initOrm, type MikroORM } from './core/db/orm';
import { buildAppSchema } from './core/graphql/schema';
import { createHttpServer } from './core/http/server';
import type { AppWiring } from './core/module';
import { startBackgroundJobs } from './core/jobs';
import { ServiceRegistry } from './core/services';
import { installAppModules } from './modules';
import { authenticate, StaffChecks, STAFF_CHECKS } from './modules/users';

/** The database name used on the embedded server. */
export const EMBEDDED_DATABASE = 'claro';

export interface StartOptions {
  config: AppConfig;
  logger: Logger;
  /** Sees every SQL statement sent (tests and benches count them). */
  onQuery?: (sql: string) => void;
}

export interface RunningApp {
  url: string;
  port: number;
  orm: MikroORM;
  /** The database actually used (the embedded one when `DATABASE_URL` is unset). */
  databaseUrl: string;
  /** The installed modules (hooks, constraint errors, jobs) this server runs with. */
  wiring: AppWiring;
  stop(): Promise<void>;
}

/**
 * Starts everything in order: database (embedded when `DATABASE_URL` is unset), HTTP server
 * (answering `/health` at once and 503 on `/ready` and `/graphql`), migrations, demo seed, ready.
 */
export async function startApp({ config, logger, onQuery }: StartOptions): Promise<RunningApp> {
  const stack: (() => Promise<void>)[] = [];
  const stop = async () => {
    while (stack.length) await stack.pop()!();
  };
  try {
    let databaseUrl = config.databaseUrl;
    if (!databaseUrl) {
      logger.info({ dataDir: config.dataDir }, 'DATABASE_URL is not set: starting an embedded PostgreSQL');
      const embedded: EmbeddedPostgres = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPostgresPort, logger });
      stack.push(embedded.stop);
      databaseUrl = embedded.urlFor(EMBEDDED_DATABASE);
    }

    configurePasswordHashing({ concurrency: config.login.hashConcurrency, queueLimit: config.login.hashQueue });
    const tokens = new TokenService(await resolveJwtSecret(config, logger), config.jwtTtl);
    const app = installAppModules();
    const schema = await buildAppSchema(app);
    const orm = await initOrm({ clientUrl: databaseUrl, entities: app.entities, logger, onQuery, idleInTransactionTimeoutSeconds: config.dbIdleInTransactionTimeoutSeconds });
    stack.push(() => orm.close(true));

    let ready = false;
    const services = new ServiceRegistry();
    const staffChecks = new StaffChecks(config.staffCheckCacheMs);
    services.provide(STAFF_CHECKS, staffChecks);
    const http = await createHttpServer({
      schema,
      orm,
      config,
      logger,
      tokens,
      authenticate: (em, bearer, loaders) => authenticate(em, tokens, bearer, loaders, staffChecks),
      services,
      app,
      isReady: () => ready,
      loginThrottle: new LoginThrottle(orm.em.getKnex(), config.login),
      csvReports: app.csvReports,
    });
    const port = await http.listen(config.port, config.host);
    stack.push(http.close);

    await applyMigrations(orm, logger);
    if (config.demoSeed) {
      // Loaded only here: the seed generator is no part of a server without demo data (production).
      const { seedDemoDataIfEmpty } = require('./seed/demo') as typeof import('./seed/demo');
      await seedDemoDataIfEmpty({ orm, config, logger, tokens, app });
    }
    for (const startServices of app.services()) stack.push(await startServices({ orm, config, logger, databaseUrl, services }));
    stack.push(startBackgroundJobs(app.jobs(), { orm, config, logger, tokens, app }));
    ready = true;

    const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
    return { url: `http://${shownHost}:${port}/graphql`, port, orm, databaseUrl, wiring: app, stop };
  } catch (error) {
    await stop().catch((stopError) => logger.error({ err: stopError }, 'error while stopping after a failed start'));
    throw error;
  }
}

export async function applyMigrations(orm: MikroORM, logger: Logger): Promise<void> {
  const migrator = orm.getMigrator();
  const pending = await migrator.getPendingMigrations();
  if (pending.length === 0) {
    logger.info('database schema is up to date');
    return;
  }
  logger.info({ pending: pending.map((m) => m.name) }, `applying ${pending.length} migration(s)`);
  const started = Date.now();
  await migrator.up();
  logger.info({ durationMs: Date.now() - started }, 'migrations applied');
}
