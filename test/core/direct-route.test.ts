/**
 * `POST /graphql` with a JSON body is answered without express (src/core/http/direct-graphql-post.ts);
 * the same request sent in chunks (no Content-Length) still goes through express. Both must give
 * the same answer. Express adds a weak ETag to every answer (of no use to a POST) and the direct
 * route does not: that is how these tests know which route answered.
 */
import http from 'node:http';
import { Role } from '../../src/core/auth/roles';
import { startTestServer, type TestServer } from '../support/server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ env: { GRAPHQL_MAX_DEPTH: '6' } });
});
afterAll(() => server?.stop());

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** POSTs `body` to /graphql, with a Content-Length (the direct route) or in chunks (express). */
function post(body: string, route: 'direct' | 'express', headers: Record<string, string> = {}): Promise<Answer> {
  const url = new URL(server.url);
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-type': 'application/json', ...headers } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    request.on('error', reject);
    if (route === 'direct') {
      request.setHeader('content-length', Buffer.byteLength(body));
      request.end(body);
    } else {
      // Two writes without a Content-Length: chunked transfer encoding.
      request.write(body.slice(0, 5));
      request.end(body.slice(5));
    }
  });
}

async function bothRoutes(body: string, headers: Record<string, string> = {}): Promise<{ direct: Answer; express: Answer }> {
  const direct = await post(body, 'direct', headers);
  const express = await post(body, 'express', headers);
  expect(direct.headers.etag).toBeUndefined();
  expect(express.headers.etag).toBeDefined();
  return { direct, express };
}

function expectSameAnswer({ direct, express }: { direct: Answer; express: Answer }): void {
  expect(direct.status).toBe(express.status);
  expect(direct.headers['content-type']).toBe(express.headers['content-type']);
  expect(direct.body).toBe(express.body);
}

const agent = () => ({ authorization: `Bearer ${server.tokenOf(Role.SALES_AGENT)}` });

it('answers an operation, its variables and the viewer as express does', async () => {
  const answers = await bothRoutes(JSON.stringify({ query: 'query Who($n: Int!) { me { email role } products(first: $n) { totalCount } }', variables: { n: 1 } }), agent());
  expectSameAnswer(answers);
  expect(JSON.parse(answers.direct.body)).toEqual({ data: { me: { email: 'sales-agent@test.claro', role: 'SALES_AGENT' }, products: { totalCount: 0 } } });
});

it('echoes the client request id, or gives one, as express does', async () => {
  const { direct, express } = await bothRoutes(JSON.stringify({ query: '{ __typename }' }), { 'x-request-id': 'pos-17.checkout' });
  expect(direct.headers['x-request-id']).toBe('pos-17.checkout');
  expect(express.headers['x-request-id']).toBe('pos-17.checkout');
  const unnamed = await post(JSON.stringify({ query: '{ __typename }' }), 'direct');
  expect(unnamed.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
});

it('answers an unauthenticated caller, a body that is not JSON and one that is not an object as express does', async () => {
  const anonymous = await bothRoutes(JSON.stringify({ query: '{ me { id } }' }));
  expectSameAnswer(anonymous);
  expect(JSON.parse(anonymous.direct.body).errors[0].extensions.code).toBe('UNAUTHENTICATED');

  for (const body of ['{"query": ', '"{ __typename }"', '\ufeff{"query":']) {
    const direct = await post(body, 'direct', agent());
    expect({ status: direct.status, body: JSON.parse(direct.body) }).toEqual({
      status: 400,
      body: { errors: [{ message: 'The request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }] },
    });
    expect(direct.headers['content-type']).toBe('application/json; charset=utf-8');
  }
  const withByteOrderMark = await post(`\ufeff${JSON.stringify({ query: '{ __typename }' })}`, 'direct', agent());
  expect(JSON.parse(withByteOrderMark.body)).toEqual({ data: { __typename: 'Query' } });
});

it('leaves an operation over the limits to express, which refuses it before any other work', async () => {
  const deep = JSON.stringify({ query: '{ sales(first: 1) { edges { node { customer { sales(first: 1) { edges { node { number } } } } } } } }' });
  const direct = await post(deep, 'direct', agent());
  const express = await post(deep, 'express', agent());
  expect(direct.status).toBe(400);
  expect(direct.body).toBe(express.body);
  expect(JSON.parse(direct.body).errors[0].extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', detail: 'QUERY_TOO_DEEP' });
});
