import path from 'node:path';
import type { Logger } from 'pino';
import { readOrCreateSecret } from '../secrets';
import { startPostgresServer } from './postgres-server';

export interface EmbeddedPostgres {
  /** Connection URL of the server's `postgres` database. */
  adminUrl: string;
  urlFor(database: string): string;
  stop(): Promise<void>;
}

interface EmbeddedPostgresOptions {
  /** The cluster lives in `<dataDir>/postgres`; the superuser's password beside it. */
  dataDir: string;
  /** 0: any free port. */
  port: number;
  logger: Logger;
}

/**
 * Starts the embedded PostgreSQL of `npm start` and the database commands, creating its cluster on
 * first use and reusing it (with its data) afterwards. As root, when the `postgres` user the server
 * runs as cannot reach `<dataDir>/postgres`, the cluster lives under `/var/lib/claro-graph` and
 * `<dataDir>/postgres` links to it (see `startPostgresServer`). A failure is an
 * `EmbeddedPostgresError` whose message says what failed and what to do.
 */
export async function startEmbeddedPostgres({ dataDir, port, logger }: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const { secret: password } = await readOrCreateSecret(path.join(dataDir, 'postgres-password'));
  const server = await startPostgresServer({
    clusterDir: path.join(dataDir, 'postgres'),
    port,
    password,
    authMethod: 'scram-sha-256',
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'timezone=UTC'],
    onInfo: (message, details) => logger.info(details, message),
    onOutput: (line) => logger.trace({ postgres: line }, 'embedded postgres'),
  });
  logger.info({ port: server.port, clusterDir: server.dataDir }, 'embedded PostgreSQL started');

  const urlFor = (database: string) => `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${server.port}/${database}`;
  return {
    adminUrl: urlFor('postgres'),
    urlFor,
    stop: async () => {
      await server.stop();
      logger.info('embedded PostgreSQL stopped');
    },
  };
}
