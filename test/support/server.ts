import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { startApp, type RunningApp } from '../../src/app';
import { hashPassword } from '../../src/core/auth/password';
import { Role } from '../../src/core/auth/roles';
import { TokenService } from '../../src/core/auth/tokens';
import { loadConfig, type AppConfig } from '../../src/core/config';
import type { MikroORM } from '../../src/core/db/orm';
import { Staff } from '../../src/modules/users';
import { apolloClient, type TestClient } from './client';

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';
export const TEST_PASSWORD = 'correct horse battery staple';

/** A real server (HTTP, Apollo, MikroORM) on a free port over its own fresh database. */
export interface TestServer {
  url: string;
  app: RunningApp;
  config: AppConfig;
  databaseUrl: string;
  /** The server's log lines when started with `captureLogs`. */
  logs: Record<string, unknown>[];
  /** One active staff account per role, password `TEST_PASSWORD`. */
  staff: Record<Role, { id: string; email: string }>;
  /** An Apollo Client logged in as the staff member of `role`; `null` for an anonymous one. */
  as(role: Role | null): TestClient;
  withToken(token: string): TestClient;
  /** The bearer token of the staff member of `role` (for WebSocket clients). */
  tokenOf(role: Role): string;
  /** SQL statements sent since the last call (the counter restarts at every call). */
  takeSqlCount(): number;
  /** The SQL text of those statements (the last 10,000), since the last call of either. */
  takeSql(): string[];
  /** Stops the server (keeping the database, so a restart can reuse it). */
  stop(): Promise<void>;
  /** Starts a new server process-equivalent over the same database. */
  restart(): Promise<void>;
}

/** A new, empty database on the run's server (see global-setup.ts), named after this run. */
export async function createTestDatabase(): Promise<string> {
  const serverUrl = process.env.CLARO_TEST_SERVER_URL;
  if (!serverUrl) throw new Error('CLARO_TEST_SERVER_URL is unset: run the tests with jest (global set-up)');
  const name = `claro_${process.env.CLARO_TEST_RUN_ID}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export function testConfig(databaseUrl: string, overrides: Record<string, string> = {}): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    HOST: '127.0.0.1',
    PORT: '0',
    JWT_SECRET: TEST_JWT_SECRET,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DEMO_SEED: 'false',
    DATA_DIR: path.join(os.tmpdir(), 'claro-graph-test-data'),
    // Every request checks its token's account in the database, so statement counts do not depend
    // on how long ago the last request was; test/users/staff-checks.test.ts runs with the default.
    STAFF_CHECK_CACHE_MS: '0',
    ...overrides,
  });
}

export interface TestServerOptions {
  env?: Record<string, string>;
  /** Keep the server's JSON log lines in `server.logs` (at info level and above). */
  captureLogs?: boolean;
}

/** One active staff account per role (password `TEST_PASSWORD`) and a token for each. */
export async function createTestStaff(orm: MikroORM): Promise<{ staff: TestServer['staff']; tokenByRole: Map<Role, string> }> {
  const passwordHash = await hashPassword(TEST_PASSWORD);
  const em = orm.em.fork();
  const accounts = Object.values(Role).map((role) =>
    em.create(Staff, { email: `${role.toLowerCase().replace('_', '-')}@test.claro`, name: `Test ${role}`, role, passwordHash }),
  );
  await em.flush();
  const staff = Object.fromEntries(accounts.map((s) => [s.role, { id: s.id, email: s.email }])) as TestServer['staff'];
  const tokens = new TokenService(TEST_JWT_SECRET, '1h');
  const tokenByRole = new Map<Role, string>();
  for (const account of accounts) tokenByRole.set(account.role, (await tokens.sign({ staffId: account.id, tokenVersion: 0 })).token);
  return { staff, tokenByRole };
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const databaseUrl = await createTestDatabase();
  const config = testConfig(databaseUrl, options.env);
  const logs: Record<string, unknown>[] = [];
  const logger = options.captureLogs
    ? pino({ level: 'info' }, { write: (line: string) => void logs.push(JSON.parse(line)) })
    : pino({ level: config.logLevel });
  let sqlCount = 0;
  let sqlTexts: string[] = [];
  const start = () =>
    startApp({
      config,
      logger,
      onQuery: (sql) => {
        sqlCount++;
        if (sqlTexts.length < 10_000) sqlTexts.push(sql);
      },
    });
  let app = await start();
  const { staff, tokenByRole } = await createTestStaff(app.orm);

  const server: TestServer = {
    get url() {
      return app.url;
    },
    get app() {
      return app;
    },
    config,
    databaseUrl,
    staff,
    logs,
    as: (role) => apolloClient(app.url, role ? tokenByRole.get(role) : undefined),
    withToken: (token) => apolloClient(app.url, token),
    tokenOf: (role) => tokenByRole.get(role)!,
    takeSqlCount: () => {
      const count = sqlCount;
      sqlCount = 0;
      sqlTexts = [];
      return count;
    },
    takeSql: () => {
      const texts = sqlTexts;
      sqlCount = 0;
      sqlTexts = [];
      return texts;
    },
    stop: () => app.stop(),
    restart: async () => {
      await app.stop();
      app = await start();
    },
  };
  return server;
}
