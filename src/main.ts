import 'reflect-metadata';
import { startApp } from './app';
import { ConfigError, loadConfig } from './core/config';
import { createLogger } from './core/logger';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config);
  // `--federated` (npm run start:federated): the five subgraphs behind a gateway. The federation
  // code is loaded only then: the single process (the default) pays nothing for it.
  // `--subgraph=<name>` or `--gateway` (FEDERATION_SUBGRAPH_URLS): one part of it per process.
  const subgraph = process.argv.find((arg) => arg.startsWith('--subgraph='))?.slice('--subgraph='.length);
  const gatewayOnly = process.argv.includes('--gateway');
  const federated = process.argv.includes('--federated') || subgraph !== undefined || gatewayOnly;
  let app;
  try {
    if (federated) {
      const { parseSubgraphUrls, startFederated } = require('./federation/start') as typeof import('./federation/start');
      const role = subgraph !== undefined ? ({ kind: 'subgraph', name: subgraph } as const) : gatewayOnly ? ({ kind: 'gateway', subgraphUrls: parseSubgraphUrls(process.env.FEDERATION_SUBGRAPH_URLS) } as const) : ({ kind: 'all' } as const);
      app = await startFederated({ config, logger, role });
    } else {
      app = await startApp({ config, logger });
    }
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    app.stop().then(
      () => process.exit(0),
      (error) => {
        logger.error({ err: error }, 'error while stopping');
        process.exit(1);
      },
    );
  };
  // The process owns shutdown from here: the embedded server's guard (postgres-server.ts) would stop
  // the database under in-flight requests and exit at once; `app.stop()` drains HTTP first, then stops it.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.removeAllListeners(signal);
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));

  const part = subgraph !== undefined ? ` (federation subgraph ${subgraph})` : gatewayOnly ? ' (federation gateway)' : federated ? ' (federated: gateway and five subgraphs)' : '';
  logger.info({ url: app.url }, `claro-graph is ready at ${app.url}${part}`);
  if (config.demoSeed && subgraph === undefined) {
    const { DEMO_PASSWORD, DEMO_STAFF } = require('./seed/demo/users') as typeof import('./seed/demo/users');
    const logins = DEMO_STAFF.map((s) => `${s.email} (${s.role})`).join(', ');
    logger.info(`demo logins (password "${DEMO_PASSWORD}"): ${logins}`);
  }
}

main().catch((error) => {
  process.stderr.write(`claro-graph failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
