// Runs once before every test file, outside jest's module sandbox. TEST_DATABASE_URL names a server
// to use (CI: the machine's PostgreSQL); without it an embedded PostgreSQL is started in a throwaway
// folder, so `npm test` also passes with no server at all (as root too, from any folder).
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startPostgresServer, type PostgresServer } from '../../src/core/db/postgres-server';

declare global {
  // eslint-disable-next-line no-var
  var __CLARO_TEST_POSTGRES__: PostgresServer | undefined;
}

export default async function globalSetup(): Promise<void> {
  // Rows narrowed to what an operation reads throw when code reads more (src/core/db/rows.ts).
  process.env.CLARO_STRICT_NARROW_ROWS = '1';
  process.env.CLARO_TEST_RUN_ID = `t${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  if (process.env.TEST_DATABASE_URL) {
    process.env.CLARO_TEST_SERVER_URL = process.env.TEST_DATABASE_URL;
    return;
  }
  const clusterDir = path.join(os.tmpdir(), `claro-graph-test-pg-${process.pid}`);
  rmSync(clusterDir, { recursive: true, force: true });
  const server = await startPostgresServer({
    clusterDir,
    port: 0,
    password: 'postgres',
    authMethod: 'password', // a throwaway local server: no SCRAM hashing on each of the run's many connections
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off'],
  });
  globalThis.__CLARO_TEST_POSTGRES__ = server;
  process.env.CLARO_TEST_SERVER_URL = `postgres://postgres:postgres@127.0.0.1:${server.port}/postgres`;
  console.log(`\nTEST_DATABASE_URL is not set: using an embedded PostgreSQL on port ${server.port}`);
}
