import { SignJWT } from 'jose';
import { passwordHashingStats, resetPasswordHashingPeaks } from '../../src/core/auth/password';
import { firstErrorOf, postGraphql } from '../support/http';
import { startTestServer, TEST_JWT_SECRET, TEST_PASSWORD, type TestServer } from '../support/server';

const LOGIN = 'mutation Login($email: String!, $password: String!) { login(email: $email, password: $password) { token staff { id } } }';
const ME = '{ me { id } }';

// Each login hashes a password (0.5–1 s, longer on a busy machine).
jest.setTimeout(120_000);

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ env: { LOGIN_MAX_ATTEMPTS_PER_EMAIL: '3', LOGIN_MAX_ATTEMPTS_PER_ADDRESS: '1000', LOGIN_WINDOW_SECONDS: '600' } });
});
afterAll(() => server?.stop());

const login = (target: TestServer, email: string, password: string, headers: Record<string, string> = {}) =>
  postGraphql(target.url, { query: LOGIN, variables: { email, password } }, headers);

const asToken = (target: TestServer, token: string, query = ME) => postGraphql(target.url, { query }, { authorization: `Bearer ${token}` });

async function createStaff(email: string, password: string): Promise<string> {
  const answer = await postGraphql(
    server.url,
    { query: 'mutation($input: CreateStaffInput!) { createStaff(input: $input) { id } }', variables: { input: { email, name: 'Someone', role: 'ANALYST', password } } },
    { authorization: `Bearer ${await adminToken()}` },
  );
  return (answer.body!.data!.createStaff as { id: string }).id;
}

let cachedAdminToken: string | undefined;
async function adminToken(): Promise<string> {
  if (!cachedAdminToken) {
    const answer = await login(server, server.staff.ADMIN.email, TEST_PASSWORD);
    cachedAdminToken = (answer.body!.data!.login as { token: string }).token;
  }
  return cachedAdminToken;
}

describe('login', () => {
  it('runs outside any transaction: one read of the staff row, no BEGIN', async () => {
    server.takeSql();
    const answer = await login(server, server.staff.ANALYST.email, TEST_PASSWORD);
    expect(answer.body?.errors).toBeUndefined();
    const statements = server.takeSql();
    expect(statements.some((sql) => /from "staff"/.test(sql))).toBe(true);
    expect(statements.filter((sql) => /^\s*(begin|start transaction|commit)/i.test(sql))).toEqual([]);
  });

  it('refuses an operation with more than one login (aliases, fragments) before running any', async () => {
    const aliased = await postGraphql(server.url, {
      query: `mutation { a: login(email: "x@test.claro", password: "p") { token } b: login(email: "y@test.claro", password: "p") { token } }`,
    });
    expect(aliased.status).toBe(400);
    expect(firstErrorOf(aliased)).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', extensions: { detail: 'ONCE_PER_OPERATION' } });

    const viaFragment = await postGraphql(server.url, {
      query: `mutation { login(email: "x@test.claro", password: "p") { token } ...More } fragment More on Mutation { again: login(email: "x@test.claro", password: "p") { token } }`,
    });
    expect(firstErrorOf(viaFragment)).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', extensions: { detail: 'ONCE_PER_OPERATION' } });
  });

  it('throttles an email after LOGIN_MAX_ATTEMPTS_PER_EMAIL failures, even with the right password then', async () => {
    const email = 'throttled@test.claro';
    await createStaff(email, 'the-right-password');
    for (let i = 0; i < 3; i++) expect(firstErrorOf(await login(server, email, `wrong-${i}`)).code).toBe('UNAUTHENTICATED');
    const throttled = firstErrorOf(await login(server, email, 'the-right-password'));
    expect(throttled.code).toBe('TOO_MANY_REQUESTS');
    expect(throttled.extensions).toMatchObject({ detail: 'TOO_MANY_ATTEMPTS', retryAfterSeconds: expect.any(Number) });
    expect(throttled.extensions.retryAfterSeconds).toBeGreaterThan(0);
    expect(throttled.extensions.retryAfterSeconds).toBeLessThanOrEqual(600);
    // The same for an unknown email: no telling accounts apart by their throttling either.
    for (let i = 0; i < 3; i++) await login(server, 'nobody-here@test.claro', 'wrong');
    expect(firstErrorOf(await login(server, 'nobody-here@test.claro', 'wrong')).extensions).toMatchObject({ detail: 'TOO_MANY_ATTEMPTS' });
    // Other emails are not affected.
    expect((await login(server, server.staff.ANALYST.email, TEST_PASSWORD)).body?.errors).toBeUndefined();
  });

  it('clears an email\'s count on a successful login', async () => {
    const email = 'forgetful@test.claro';
    await createStaff(email, 'the-right-password');
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 2; i++) expect(firstErrorOf(await login(server, email, 'wrong')).code).toBe('UNAUTHENTICATED');
      expect((await login(server, email, 'the-right-password')).body?.errors).toBeUndefined();
    }
  });

  it('lets one client address have LOGIN_MAX_IN_PROGRESS_PER_ADDRESS (1) login in progress; the others are LOGIN_BUSY at once', async () => {
    const answers = await Promise.all(Array.from({ length: 4 }, (_, i) => login(server, `parallel-${i}@test.claro`, 'wrong')));
    const errors = answers.map(firstErrorOf);
    expect(errors.filter((error) => error.code === 'UNAUTHENTICATED').length).toBeGreaterThanOrEqual(1);
    const refused = errors.filter((error) => error.code === 'TOO_MANY_REQUESTS');
    expect(refused.length).toBeGreaterThanOrEqual(1);
    for (const error of refused) expect(error.extensions).toMatchObject({ detail: 'LOGIN_BUSY', retryAfterSeconds: 1 });
  });

  it('answers an unknown email and a wrong password the same way', async () => {
    const unknown = firstErrorOf(await login(server, 'nobody-else@test.claro', 'whatever'));
    const wrong = firstErrorOf(await login(server, server.staff.PARTNER.email, 'whatever'));
    expect(unknown).toEqual(wrong);
  });
});

describe('login throttling per client address', () => {
  let proxied: TestServer;
  let direct: TestServer;
  beforeAll(async () => {
    const env = { LOGIN_MAX_ATTEMPTS_PER_ADDRESS: '3', LOGIN_MAX_ATTEMPTS_PER_EMAIL: '1000' };
    [proxied, direct] = await Promise.all([startTestServer({ env: { ...env, TRUST_PROXY: 'loopback' } }), startTestServer({ env })]);
  });
  afterAll(async () => {
    await proxied?.stop();
    await direct?.stop();
  });
  const from = (address: string) => ({ 'x-forwarded-for': address });

  it('counts failures per address across emails; behind a trusted proxy the address is X-Forwarded-For\'s', async () => {
    for (let i = 0; i < 3; i++) expect(firstErrorOf(await login(proxied, `guess-${i}@test.claro`, 'wrong', from('203.0.113.7'))).code).toBe('UNAUTHENTICATED');
    const throttled = firstErrorOf(await login(proxied, 'another@test.claro', 'wrong', from('203.0.113.7')));
    expect(throttled).toMatchObject({ code: 'TOO_MANY_REQUESTS', extensions: { detail: 'TOO_MANY_ATTEMPTS' } });
    // Another client is not affected.
    expect((await login(proxied, proxied.staff.ADMIN.email, TEST_PASSWORD, from('203.0.113.8'))).body?.errors).toBeUndefined();
  });

  it('ignores X-Forwarded-For without TRUST_PROXY: the socket address is counted, whatever the header says', async () => {
    for (let i = 0; i < 3; i++) expect(firstErrorOf(await login(direct, `guess-${i}@test.claro`, 'wrong', from(`198.51.100.${i}`))).code).toBe('UNAUTHENTICATED');
    const throttled = firstErrorOf(await login(direct, direct.staff.ADMIN.email, TEST_PASSWORD, from('198.51.100.99')));
    expect(throttled).toMatchObject({ code: 'TOO_MANY_REQUESTS', extensions: { detail: 'TOO_MANY_ATTEMPTS' } });
  });
});

describe('tokens', () => {
  const key = new TextEncoder().encode(TEST_JWT_SECRET);
  const claims = (staffId: string) => new SignJWT({ ver: 0 }).setProtectedHeader({ alg: 'HS256' }).setSubject(staffId).setIssuer('claro-graph').setAudience('claro-graph-api');

  it('refuses a token signed with the real secret but without exp', async () => {
    const forever = await claims(server.staff.ADMIN.id).setIssuedAt().sign(key);
    expect(firstErrorOf(await asToken(server, forever))).toMatchObject({ code: 'UNAUTHENTICATED', extensions: { detail: 'INVALID_TOKEN' } });
    const withExp = await claims(server.staff.ADMIN.id).setIssuedAt().setExpirationTime('1h').sign(key);
    expect((await asToken(server, withExp)).body?.errors).toBeUndefined();
  });

  it('keeps tokens from before a deactivation dead after the reactivation', async () => {
    const id = await createStaff('comeback@test.claro', 'comeback-password');
    const old = ((await login(server, 'comeback@test.claro', 'comeback-password')).body!.data!.login as { token: string }).token;
    expect((await asToken(server, old)).body?.errors).toBeUndefined();
    const admin = { authorization: `Bearer ${await adminToken()}` };
    await postGraphql(server.url, { query: 'mutation($id: ID!) { deactivateStaff(id: $id) { id } }', variables: { id } }, admin);
    expect(firstErrorOf(await asToken(server, old)).extensions.detail).toBe('REVOKED_TOKEN');
    const reactivated = await postGraphql(server.url, { query: 'mutation($id: ID!) { updateStaff(id: $id, input: { active: true }) { active } }', variables: { id } }, admin);
    expect(reactivated.body?.data).toEqual({ updateStaff: { active: true } });
    expect(firstErrorOf(await asToken(server, old)).extensions.detail).toBe('REVOKED_TOKEN');
    const fresh = ((await login(server, 'comeback@test.claro', 'comeback-password')).body!.data!.login as { token: string }).token;
    expect((await asToken(server, fresh)).body?.errors).toBeUndefined();
  });

  it('kills earlier tokens on a password change', async () => {
    const id = await createStaff('rotating@test.claro', 'first-password');
    const old = ((await login(server, 'rotating@test.claro', 'first-password')).body!.data!.login as { token: string }).token;
    await postGraphql(server.url, { query: 'mutation($id: ID!) { updateStaff(id: $id, input: { password: "second-password" }) { id } }', variables: { id } }, { authorization: `Bearer ${await adminToken()}` });
    expect(firstErrorOf(await asToken(server, old)).extensions.detail).toBe('REVOKED_TOKEN');
  });
});

describe('password hashing', () => {
  let busy: TestServer;
  beforeAll(async () => {
    busy = await startTestServer({ env: { PASSWORD_HASH_CONCURRENCY: '1', PASSWORD_HASH_QUEUE: '2', LOGIN_MAX_ATTEMPTS_PER_ADDRESS: '1000', LOGIN_MAX_IN_PROGRESS_PER_ADDRESS: '100' } });
  });
  afterAll(() => busy?.stop());

  it('runs at most PASSWORD_HASH_CONCURRENCY hashes at once, queues PASSWORD_HASH_QUEUE and refuses the rest with LOGIN_BUSY', async () => {
    resetPasswordHashingPeaks();
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => login(busy, `flood-${i}@test.claro`, 'wrong')));
    const codes = answers.map((answer) => firstErrorOf(answer));
    const busyOnes = codes.filter((error) => error.code === 'TOO_MANY_REQUESTS');
    expect(busyOnes.length).toBeGreaterThan(0);
    for (const error of busyOnes) expect(error.extensions).toMatchObject({ detail: 'LOGIN_BUSY', retryAfterSeconds: 1 });
    expect(codes.filter((error) => error.code !== 'TOO_MANY_REQUESTS').every((error) => error.code === 'UNAUTHENTICATED')).toBe(true);
    const stats = passwordHashingStats();
    expect(stats.peakRunning).toBe(1);
    expect(stats.peakQueued).toBeGreaterThan(0);
    expect(stats.peakQueued).toBeLessThanOrEqual(2);
    // Once the flood is over a real login goes through.
    expect((await login(busy, busy.staff.ADMIN.email, TEST_PASSWORD)).body?.errors).toBeUndefined();
  });
});

