import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { DatabaseHealth } from '../../src/core/http/database-health';

// The server every test run uses (TEST_DATABASE_URL, or the embedded one of the global set-up).
const serverUrl = new URL(process.env.CLARO_TEST_SERVER_URL!);
const role = `claro_health_${randomBytes(3).toString('hex')}`;
let admin: pg.Client;

beforeAll(async () => {
  admin = new pg.Client({ connectionString: serverUrl.toString() });
  await admin.connect();
  // A role that may open no connection at all: the server refuses it with "too many connections".
  await admin.query(`create role ${role} login password 'x' connection limit 0`);
});

afterAll(async () => {
  await admin.query(`drop role if exists ${role}`);
  await admin.end();
});

function urlAs(user: string, password: string): string {
  const url = new URL(serverUrl.toString());
  url.username = user;
  url.password = password;
  return url.toString();
}

it('is reachable when the server answers', async () => {
  expect(await new DatabaseHealth(serverUrl.toString(), 0).isReachable()).toBe(true);
});

it('stays reachable when the server refuses a connection for having too many (it is up, only busy)', async () => {
  expect(await new DatabaseHealth(urlAs(role, 'x'), 0).isReachable()).toBe(true);
});

it('is unreachable when nothing answers, or the server refuses the login', async () => {
  const closedPort = new URL(serverUrl.toString());
  closedPort.port = '1';
  expect(await new DatabaseHealth(closedPort.toString(), 0, 1000).isReachable()).toBe(false);
  expect(await new DatabaseHealth(urlAs('claro_no_such_role', 'x'), 0).isReachable()).toBe(false);
});
