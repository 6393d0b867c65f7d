import pg from 'pg';
import { firstErrorOf, postGraphql, postRaw } from '../support/http';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../support/server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ captureLogs: true, env: { READINESS_CHECK_MS: '200' } });
});
afterAll(async () => {
  await setConnectionsAllowed(true).catch(() => undefined);
  await server?.stop();
});

const base = () => server.url.replace(/\/graphql$/, '');
const databaseName = () => new URL(server.databaseUrl).pathname.slice(1);

/** Makes the test's own database unreachable (or reachable again) without touching the shared server. */
async function setConnectionsAllowed(allowed: boolean): Promise<void> {
  const admin = new pg.Client({ connectionString: process.env.CLARO_TEST_SERVER_URL });
  await admin.connect();
  try {
    await admin.query(`alter database "${databaseName()}" allow_connections ${allowed}`);
    if (!allowed) await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [databaseName()]);
  } finally {
    await admin.end();
  }
}

/** Polls until `check` holds (a state change, not a timing: the readiness check is cached for 200 ms). */
async function eventually<T>(probe: () => Promise<T>, check: (value: T) => boolean, attempts = 100): Promise<T> {
  let value = await probe();
  for (let i = 0; i < attempts && !check(value); i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await probe();
  }
  return value;
}

describe('database outage', () => {
  it('answers 503 on /ready and SERVICE_UNAVAILABLE (HTTP 503) on operations while the database is unreachable, and recovers without a restart', async () => {
    const login = await postGraphql(server.url, { query: 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', variables: { e: server.staff.ADMIN.email, p: TEST_PASSWORD } });
    const token = (login.body!.data!.login as { token: string }).token;
    const ask = () => postGraphql(server.url, { query: '{ me { id } customers(first: 1) { totalCount } }' }, { authorization: `Bearer ${token}` });
    expect((await ask()).body?.errors).toBeUndefined();
    expect((await fetch(`${base()}/ready`)).status).toBe(200);

    await setConnectionsAllowed(false);
    const ready = await eventually(() => fetch(`${base()}/ready`), (response) => response.status === 503);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'database unreachable' });

    const refused = await ask();
    expect(refused.status).toBe(503);
    expect(firstErrorOf(refused)).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    expect(refused.text).not.toMatch(/select|staff|ECONN|at .*\.ts/i);
    const anonymous = await postGraphql(server.url, { query: '{ __typename }' });
    expect(anonymous.status).toBe(503);
    const warned = server.logs.filter((line) => line.level === 40 && /database is unreachable/.test(String(line.msg)));
    expect(warned.length).toBeGreaterThan(0);
    expect(warned.every((line) => typeof line.requestId === 'string')).toBe(true);
    expect(server.logs.filter((line) => (line.level as number) >= 50)).toEqual([]);

    await setConnectionsAllowed(true);
    expect((await eventually(() => fetch(`${base()}/ready`), (response) => response.status === 200)).status).toBe(200);
    // The pool may hand out a connection the outage killed once: the next operation goes through.
    const recovered = await eventually(ask, (answer) => answer.status === 200 && !answer.body?.errors, 5);
    expect(recovered.body?.errors).toBeUndefined();
    expect(recovered.body?.data).toMatchObject({ me: { id: server.staff.ADMIN.id } });
  });

  it('answers SERVICE_UNAVAILABLE, not INTERNAL_SERVER_ERROR, when the connections drop under a running server', async () => {
    const login = await postGraphql(server.url, { query: 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', variables: { e: server.staff.ADMIN.email, p: TEST_PASSWORD } });
    const token = (login.body!.data!.login as { token: string }).token;
    const ask = () => postGraphql(server.url, { query: '{ me { id } customers(first: 1) { totalCount } }' }, { authorization: `Bearer ${token}` });
    expect((await ask()).body?.errors).toBeUndefined();
    const admin = new pg.Client({ connectionString: process.env.CLARO_TEST_SERVER_URL });
    await admin.connect();
    try {
      await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [databaseName()]);
    } finally {
      await admin.end();
    }
    const answers = await Promise.all(Array.from({ length: 4 }, ask));
    expect(answers.map((answer) => answer.status).filter((status) => status !== 200 && status !== 503)).toEqual([]);
    expect(answers.filter((answer) => /INTERNAL_SERVER_ERROR/.test(answer.text))).toEqual([]);
  });
});

describe('malformed requests', () => {
  const malformed: [string, string, Record<string, string>][] = [
    ['broken JSON', '{"query": "{ __typename }"', {}],
    ['a bare string', '"hello', {}],
    ['a huge body', JSON.stringify({ query: '{ __typename }', variables: { x: 'a'.repeat(1_100_000) } }), {}],
    ['a wrong charset', '{"query":"{ __typename }"}', { 'content-type': 'application/json; charset=klingon' }],
  ];

  it.each(malformed)('answers %s with a JSON BAD_REQUEST error and a 4xx status, without stack or paths', async (_name, body, headers) => {
    const answer = await postRaw(server.url, body, headers);
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    expect(answer.body).toEqual({ errors: [{ message: expect.any(String), extensions: { code: 'BAD_REQUEST' } }] });
    expect(answer.text).not.toMatch(/node_modules|\/work\/|at \w+ \(|<html|stack/i);
  });

  it.each([
    ['no query', { variables: {} }],
    ['variables that are not an object', { query: '{ __typename }', variables: 'x' }],
    ['an unknown operation name', { query: 'query A { __typename }', operationName: 'B' }],
    ['a query that is not a string', { query: 42 }],
    ['extensions that are not an object', { query: '{ __typename }', extensions: 'x' }],
  ])('answers Apollo\'s request errors (%s) with their 4xx code, not as internal errors', async (_name, payload) => {
    const answer = await postGraphql(server.url, payload);
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    expect(answer.text).not.toMatch(/INTERNAL_SERVER_ERROR/);
  });
});
