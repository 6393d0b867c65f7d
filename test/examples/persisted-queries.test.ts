import { graphql } from '../__generated__';
import { Role } from '../../src/core/auth/roles';
import { createClient, sha256 } from '../../examples/back-office/client';
import { startTestServer, type TestServer } from '../support/server';

/**
 * Automatic persisted queries with Apollo Client's persisted-queries link (the example client's
 * link): the first request sends the hash only, the server answers PERSISTED_QUERY_NOT_FOUND, the
 * link sends the query with its hash (registering it), and from then on the hash alone is answered,
 * by any client.
 */

const WhoAmI = graphql(`
  query PersistedWhoAmI {
    me { id email role }
  }
`);

interface Exchange {
  body: { query?: string; extensions?: { persistedQuery?: { version: number; sha256Hash: string } } };
  answer: { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };
}

/** A fetch that keeps every request body and response body it carries. */
function recordingFetch(exchanges: Exchange[]): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    const answer = (await response.clone().json()) as Exchange['answer'];
    exchanges.push({ body: JSON.parse(String(init?.body)), answer });
    return response;
  };
}

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

it('registers the query after a PERSISTED_QUERY_NOT_FOUND, then answers the hash alone', async () => {
  const first: Exchange[] = [];
  const client = createClient({ url: server.url, token: server.tokenOf(Role.ANALYST), fetch: recordingFetch(first) });
  const { data } = await client.query({ query: WhoAmI });
  expect(data?.me).toMatchObject({ id: server.staff.ANALYST.id, role: 'ANALYST' });

  // The hash alone, refused as unknown; then the query with its hash, answered.
  expect(first).toHaveLength(2);
  // The hash of the query text the client sends (Apollo Client adds __typename before hashing).
  const hash = sha256(first[1].body.query!);
  expect(first[1].body.query).toContain('__typename');
  expect(first[0].body.query).toBeUndefined();
  expect(first[0].body.extensions?.persistedQuery).toEqual({ version: 1, sha256Hash: hash });
  expect(first[0].answer.errors?.map((error) => error.extensions?.code)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
  expect(first[1].body.query).toContain('PersistedWhoAmI');
  expect(first[1].body.extensions?.persistedQuery?.sha256Hash).toBe(hash);
  expect(first[1].answer.data).toBeDefined();

  // Another client (another app, another user): the hash alone is enough now.
  const later: Exchange[] = [];
  const other = createClient({ url: server.url, token: server.tokenOf(Role.SALES_AGENT), fetch: recordingFetch(later) });
  const again = await other.query({ query: WhoAmI });
  expect(again.data?.me).toMatchObject({ id: server.staff.SALES_AGENT.id, role: 'SALES_AGENT' });
  expect(later).toHaveLength(1);
  expect(later[0].body.query).toBeUndefined();
  expect(later[0].body.extensions?.persistedQuery?.sha256Hash).toBe(hash);
  expect(later[0].answer.errors).toBeUndefined();
});

it('refuses a hash that does not match the query sent with it', async () => {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${server.tokenOf(Role.ANALYST)}` },
    body: JSON.stringify({ query: '{ me { id } }', extensions: { persistedQuery: { version: 1, sha256Hash: sha256('{ me { email } }') } } }),
  });
  expect(response.status).toBe(400);
  const answer = (await response.json()) as Exchange['answer'];
  expect(answer.data).toBeUndefined();
  expect(answer.errors?.[0].extensions).toEqual({ code: 'BAD_REQUEST', detail: 'PERSISTED_QUERY_HASH_MISMATCH' });
});
