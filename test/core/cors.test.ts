import { loadConfig } from '../../src/core/config';
import { startTestServer, TEST_JWT_SECRET, type TestServer } from '../support/server';

/**
 * Browser apps on other origins: allowed ones (CORS_ORIGINS; any localhost origin by default
 * outside production) get their preflight answered and the CORS headers; others are refused.
 * Credentials go in the Authorization header, never cookies: no Allow-Credentials.
 */
let byDefault: TestServer;
let configured: TestServer;

beforeAll(async () => {
  [byDefault, configured] = await Promise.all([
    startTestServer(),
    startTestServer({ env: { CORS_ORIGINS: 'https://backoffice.claro.example, https://pos.claro.example:8443' } }),
  ]);
});
afterAll(() => Promise.all([byDefault?.stop(), configured?.stop()]));

function preflight(server: TestServer, origin: string, path = '/graphql') {
  return fetch(`${new URL(server.url).origin}${path}`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
  });
}

describe('CORS', () => {
  it('answers a preflight from an allowed origin with the methods and headers a GraphQL client sends', async () => {
    const answer = await preflight(byDefault, 'http://localhost:5173');
    expect(answer.status).toBe(204);
    expect(answer.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(answer.headers.get('access-control-allow-methods')).toContain('POST');
    expect(answer.headers.get('access-control-allow-headers')?.toLowerCase()).toEqual(expect.stringContaining('authorization'));
    expect(answer.headers.get('access-control-allow-credentials')).toBeNull();
    expect(answer.headers.get('vary')).toContain('Origin');

    const csv = await preflight(byDefault, 'http://127.0.0.1:3000', '/reports/salesReport.csv');
    expect(csv.status).toBe(204);
    expect(csv.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:3000');
  });

  it('refuses a preflight from any other origin, and gives its requests no CORS headers', async () => {
    const answer = await preflight(byDefault, 'https://evil.example');
    expect(answer.status).toBe(403);
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();

    const request = await fetch(byDefault.url, {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(request.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('gives an allowed origin the CORS headers on the answer itself, credentials by header only', async () => {
    const answer = await fetch(configured.url, {
      method: 'POST',
      headers: { origin: 'https://backoffice.claro.example', 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('access-control-allow-origin')).toBe('https://backoffice.claro.example');
    expect(answer.headers.get('access-control-allow-credentials')).toBeNull();
    expect(answer.headers.get('access-control-expose-headers')).toContain('X-Request-Id');
  });

  it('takes the allowed origins from CORS_ORIGINS, which then replace the localhost default', async () => {
    expect((await preflight(configured, 'https://pos.claro.example:8443')).headers.get('access-control-allow-origin')).toBe('https://pos.claro.example:8443');
    expect((await preflight(configured, 'https://pos.claro.example')).status).toBe(403);
    expect((await preflight(configured, 'http://localhost:5173')).status).toBe(403);
  });

  it('allows no origin in production unless configured, and refuses a malformed CORS_ORIGINS at start', () => {
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: TEST_JWT_SECRET }).corsOrigins).toEqual([]);
    expect(loadConfig({ NODE_ENV: 'development' }).corsOrigins).toBe('localhost');
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: TEST_JWT_SECRET, CORS_ORIGINS: 'https://a.example,https://b.example' }).corsOrigins).toEqual([
      'https://a.example',
      'https://b.example',
    ]);
    expect(() => loadConfig({ CORS_ORIGINS: 'https://a.example/app' })).toThrow(
      'Invalid configuration: CORS_ORIGINS must be a comma-separated list of origins such as https://backoffice.example.com ("https://a.example/app" is not one)',
    );
  });
});
