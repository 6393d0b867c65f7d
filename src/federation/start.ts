import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { applyMigrations, EMBEDDED_DATABASE } from '../app';
import { resolveJwtSecret } from '../core/auth/jwt-secret';
import { LoginThrottle } from '../core/auth/login-throttle';
import { configurePasswordHashing } from '../core/auth/password';
import { TokenService } from '../core/auth/tokens';
import { ConfigError, PROJECT_ROOT, type AppConfig } from '../core/config';
import { startEmbeddedPostgres } from '../core/db/embedded-postgres';
import { initOrm, type MikroORM } from '../core/db/orm';
import { buildAppSchema } from '../core/graphql/schema';
import { startBackgroundJobs } from '../core/jobs';
import { ServiceRegistry } from '../core/services';
import { installAppModules } from '../modules';
import { authenticate } from '../modules/users';
import { createGateway } from './gateway';
import { createSubgraphServer } from './subgraph-server';
import { buildSubgraphs, composeSupergraph } from './supergraph';

export const SUPERGRAPH_FILE = path.join(PROJECT_ROOT, 'supergraph.graphql');
/** The subgraph whose WebSocket endpoint serves the partner stream (the events module is in it). */
const STREAM_SUBGRAPH = 'sales';

export interface FederatedOptions {
  config: AppConfig;
  logger: Logger;
  /** Sees every SQL statement sent, by any subgraph or the gateway. */
  onQuery?: (sql: string) => void;
}

export interface RunningFederation {
  url: string;
  port: number;
  /** The gateway's ORM (token checks, migrations, seed). */
  orm: MikroORM;
  databaseUrl: string;
  subgraphUrls: Record<string, string>;
  secret: string;
  stop(): Promise<void>;
}

/**
 * The federated mode in one process: the database (embedded when `DATABASE_URL` is unset),
 * migrations and demo seed once, then the five subgraphs each on its own loopback port with its
 * own ORM (pool and EntityManager forks, as separate services would have), running its modules'
 * jobs and services, then the gateway on `PORT`. The gateway serves the committed
 * `supergraph.graphql`; it refuses to start when that file is not what the code composes.
 */
export async function startFederated({ config, logger, onQuery }: FederatedOptions): Promise<RunningFederation> {
  const stack: (() => Promise<void>)[] = [];
  const stop = async () => {
    while (stack.length) await stack.pop()!();
  };
  try {
    if (config.env === 'production' && !config.federationSecret) throw new ConfigError('FEDERATION_SECRET', 'is required when NODE_ENV=production');
    const secret = config.federationSecret ?? randomBytes(32).toString('base64url');

    const app = installAppModules();
    const wholeSchema = await buildAppSchema(app);
    const subgraphs = await buildSubgraphs(app, wholeSchema);
    const supergraphSdl = await readFile(SUPERGRAPH_FILE, 'utf8').catch(() => '');
    if (supergraphSdl !== composeSupergraph(subgraphs)) {
      throw new Error('supergraph.graphql is missing or differs from what the subgraphs compose: run `npm run supergraph:compose` and commit it');
    }

    let databaseUrl = config.databaseUrl;
    if (!databaseUrl) {
      logger.info({ dataDir: config.dataDir }, 'DATABASE_URL is not set: starting an embedded PostgreSQL');
      const embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPostgresPort, logger });
      stack.push(embedded.stop);
      databaseUrl = embedded.urlFor(EMBEDDED_DATABASE);
    }
    configurePasswordHashing({ concurrency: config.login.hashConcurrency, queueLimit: config.login.hashQueue });
    const tokens = new TokenService(await resolveJwtSecret(config, logger), config.jwtTtl);
    const ormOptions = { clientUrl: databaseUrl, entities: app.entities, logger, onQuery, idleInTransactionTimeoutSeconds: config.dbIdleInTransactionTimeoutSeconds };
    const orm = await initOrm(ormOptions);
    stack.push(() => orm.close(true));
    await applyMigrations(orm, logger);
    if (config.demoSeed) {
      const { seedDemoDataIfEmpty } = require('../seed/demo') as typeof import('../seed/demo');
      await seedDemoDataIfEmpty({ orm, config, logger, tokens, app });
    }

    const subgraphUrls: Record<string, string> = {};
    for (const subgraph of subgraphs) {
      const { name, modules } = subgraph.spec;
      const subgraphLogger = logger.child({ subgraph: name });
      const subgraphOrm = await initOrm({ ...ormOptions, logger: subgraphLogger });
      stack.push(() => subgraphOrm.close(true));
      const services = new ServiceRegistry();
      for (const startServices of app.services(modules)) stack.push(await startServices({ orm: subgraphOrm, config, logger: subgraphLogger, databaseUrl, services }));
      stack.push(startBackgroundJobs(app.jobs(modules), { orm: subgraphOrm, config, logger: subgraphLogger, tokens, app }));
      const server = await createSubgraphServer({
        subgraph,
        orm: subgraphOrm,
        config,
        logger: subgraphLogger,
        tokens,
        app,
        services,
        secret,
        webSocket: name === STREAM_SUBGRAPH ? { authenticate: (em, bearer) => authenticate(em, tokens, bearer) } : undefined,
        loginThrottle: modules.includes('users') ? new LoginThrottle(subgraphOrm.em.getKnex(), config.login) : undefined,
      });
      const port = await server.listen(0, '127.0.0.1');
      stack.push(server.close);
      subgraphUrls[name] = `http://127.0.0.1:${port}/graphql`;
      subgraphLogger.debug({ url: subgraphUrls[name] }, `subgraph ${name} listening`);
    }

    let ready = false;
    const gateway = await createGateway({
      supergraphSdl,
      subgraphUrls,
      streamSubgraph: STREAM_SUBGRAPH,
      secret,
      wholeSchema,
      orm,
      config,
      logger,
      authenticate: (em, bearer) => authenticate(em, tokens, bearer),
      isReady: () => ready,
    });
    const port = await gateway.listen(config.port, config.host);
    stack.push(gateway.close);
    ready = true;
    const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
    return { url: `http://${shownHost}:${port}/graphql`, port, orm, databaseUrl, subgraphUrls, secret, stop };
  } catch (error) {
    await stop().catch((stopError) => logger.error({ err: stopError }, 'error while stopping after a failed start'));
    throw error;
  }
}
