import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { graphql } from '../__generated__';
import { PROJECT_ROOT } from '../../src/core/config';
import { apolloClient } from '../support/client';
import { ENTRY_POINT, entryPointEnv, startEntryPoint, stopEntryPoint } from '../support/entry-point';

/**
 * `npm start` on a machine with no database: the real entry point in a child process, with no
 * DATABASE_URL, an empty data folder, and then a second start over the same folder.
 */
const startServer = (dataDir: string) => startEntryPoint({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' });
const stopServer = stopEntryPoint;

const Login = graphql(`
  mutation StartupLogin($email: String!, $password: String!) {
    login(email: $email, password: $password) { token staff { role } }
  }
`);
const CountCustomers = graphql(`
  query StartupCustomers($search: String) {
    customers(first: 1, filter: { search: $search }) { totalCount }
  }
`);
const CreateCustomer = graphql(`
  mutation StartupCreateCustomer($input: CreateCustomerInput!) {
    createCustomer(input: $input) { id }
  }
`);

describe('npm start without DATABASE_URL', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'claro-graph-start-'));
    chmodSync(dataDir, 0o755); // reachable by the `postgres` user: the cluster stays in it (embedded-postgres.test.ts covers a private folder)
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('starts an embedded PostgreSQL, migrates, seeds demo data, serves, stops cleanly and keeps the data for the next start', async () => {
    let firstToken = '';
    const first = await startServer(dataDir);
    try {
      expect(first.lines.some((l) => l.msg === 'demo data seeded')).toBe(true);
      const ready = await fetch(first.url.replace('/graphql', '/ready'));
      expect(ready.status).toBe(200);

      expect(first.lines.some((l) => l.level === 40 && String(l.msg).startsWith('JWT_SECRET is not set: generated a secret'))).toBe(true);
      const health = await fetch(first.url.replace('/graphql', '/health'));
      expect(await health.json()).toEqual({ status: 'ok' });

      const { login } = await apolloClient(first.url).mutate(Login, { email: 'admin@demo.claro', password: 'demo1234' });
      firstToken = login.token;
      const admin = apolloClient(first.url, login.token);
      expect((await admin.query(CountCustomers, {})).customers.totalCount).toBeGreaterThanOrEqual(20);
      await admin.mutate(CreateCustomer, {
        input: {
          firstName: 'Persistente',
          lastName: 'Reinicio',
          documentType: 'CC',
          documentNumber: '99887766',
          email: 'persistente@example.co',
          phones: ['+573001112233'],
          addresses: [{ kind: 'BILLING', line1: 'Calle 1 # 2-3', city: 'Cali', region: 'Valle del Cauca', countryCode: 'CO' }],
        },
      });
    } finally {
      expect(await stopServer(first)).toBe(0);
    }
    expect(existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);

    const second = await startServer(dataDir);
    try {
      expect(second.lines.some((l) => l.msg === 'database has data: demo seed skipped')).toBe(true);
      // The generated JWT secret was kept in the data folder: a token from the first run still works.
      const admin = apolloClient(second.url, firstToken);
      expect((await admin.query(CountCustomers, { search: 'persistente' })).customers.totalCount).toBe(1);
    } finally {
      expect(await stopServer(second)).toBe(0);
    }
  }, 90_000);
});

describe('configuration errors', () => {
  it.each([
    [{ PORT: 'abc' }, /^Invalid configuration: PORT must be a number/],
    [{ DATABASE_URL: 'mysql://x@y/z' }, /^Invalid configuration: DATABASE_URL must be a postgres:\/\/ URL/],
    [{ NODE_ENV: 'production', DATABASE_URL: 'postgres://x@127.0.0.1:1/z' }, /^Invalid configuration: JWT_SECRET is required when NODE_ENV=production/],
  ])('stops with one line naming the variable: %j', (env, expected) => {
    const result = spawnSync(process.execPath, ENTRY_POINT, { cwd: PROJECT_ROOT, env: entryPointEnv(env), encoding: 'utf8', timeout: 30_000 });
    expect(result.status).toBe(1);
    const output = result.stderr.trim();
    expect(output.split('\n')).toHaveLength(1);
    expect(output).toMatch(expected);
  });
});
