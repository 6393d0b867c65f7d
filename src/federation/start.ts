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
import { SUBGRAPHS } from './subgraph-schema';
import { buildSubgraphs, composeSupergraph } from './supergraph';

export const SUPERGRAPH_FILE = path.join(PROJECT_ROOT, 'supergraph.graphql');
/** The subgraph whose WebSocket endpoint serves the partner stream (the events module is in it). */
const STREAM_SUBGRAPH = 'sales';

/** Which part of the federation this process runs (see the README, "Federated mode"). */
export type FederationRole =
  /** The gateway and the five subgraphs in this process (`npm run start:federated`). */
  | { kind: 'all' }
  /** One subgraph on `PORT` (`--subgraph=<name>`): no migrations, no seed (the gateway's start, or `npm run migration:up`, does those). */
  | { kind: 'subgraph'; name: string }
  /** The gateway only on `PORT` (`--gateway`), the subgraphs at `FEDERATION_SUBGRAPH_URLS` (`users=http://…/graphql,…`). */
  | { kind: 'gateway'; subgraphUrls: Record<string, string> };

export interface FederatedOptions {
  config: AppConfig;
  logger: Logger;
  /** Sees every SQL statement sent, by any subgraph or the gateway. */
  onQuery?: (sql: string) => void;
  role?: FederationRole;
}

/** `users=http://a:4001/graphql,sales=http://b:4002/graphql`, checked to name every subgraph once. */
export function parseSubgraphUrls(text: string | undefined): Record<string, string> {
  const urls: Record<string, string> = {};
  for (const entry of (text ?? '').split(',').map((part) => part.trim()).filter(Boolean)) {
    const [name, url] = entry.split('=');
    if (!name || !url || !/^https?:\/\//.test(url)) throw new ConfigError('FEDERATION_SUBGRAPH_URLS', `has a bad entry ${JSON.stringify(entry)} (expected name=http://host:port/graphql)`);
    urls[name] = url;
  }
  const missing = SUBGRAPHS.map((spec) => spec.name).filter((name) => !urls[name]);
  if (missing.length) throw new ConfigError('FEDERATION_SUBGRAPH_URLS', `misses ${missing.join(', ')}`);
  return urls;
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
export async function startFederated({ config, logger, onQuery, role = { kind: 'all' } }: FederatedOptions): Promise<RunningFederation> {
  const stack: (() => Promise<void>)[] = [];
  const stop = async () => {
    while (stack.length) await stack.pop()!();
  };
  try {
    if ((config.env === 'production' || role.kind !== 'all') && !config.federationSecret) {
      throw new ConfigError('FEDERATION_SECRET', role.kind === 'all' ? 'is required when NODE_ENV=production' : 'is required when the gateway and the subgraphs run in separate processes');
    }
    if (role.kind === 'subgraph' && !SUBGRAPHS.some((spec) => spec.name === role.name)) {
      throw new ConfigError('--subgraph', `must be one of ${SUBGRAPHS.map((spec) => spec.name).join(', ')} (got ${JSON.stringify(role.name)})`);
    }
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
    if (role.kind !== 'subgraph') await applyMigrations(orm, logger);
    if (config.demoSeed && role.kind !== 'subgraph') {
      const { seedDemoDataIfEmpty } = require('../seed/demo') as typeof import('../seed/demo');
      await seedDemoDataIfEmpty({ orm, config, logger, tokens, app });
    }

    const subgraphUrls: Record<string, string> = role.kind === 'gateway' ? { ...role.subgraphUrls } : {};
    const served = role.kind === 'all' ? subgraphs : role.kind === 'subgraph' ? subgraphs.filter((subgraph) => subgraph.spec.name === role.name) : [];
    for (const subgraph of served) {
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
      // In one process: loopback, any free port. Alone: the configured host and port.
      const port = role.kind === 'all' ? await server.listen(0, '127.0.0.1') : await server.listen(config.port, config.host);
      stack.push(server.close);
      subgraphUrls[name] = `http://${role.kind === 'all' ? '127.0.0.1' : shownHostOf(config.host)}:${port}/graphql`;
      subgraphLogger.debug({ url: subgraphUrls[name] }, `subgraph ${name} listening`);
      if (role.kind === 'subgraph') return { url: subgraphUrls[name], port, orm, databaseUrl, subgraphUrls, secret, stop };
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
    return { url: `http://${shownHostOf(config.host)}:${port}/graphql`, port, orm, databaseUrl, subgraphUrls, secret, stop };
  } catch (error) {
    await stop().catch((stopError) => logger.error({ err: stopError }, 'error while stopping after a failed start'));
    throw error;
  }
}

function shownHostOf(host: string): string {
  return host === '0.0.0.0' || host === '::' ? 'localhost' : host;
}
