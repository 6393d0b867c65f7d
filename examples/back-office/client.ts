import { createHash } from 'node:crypto';
import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';

/** SHA-256 of the query text, hex: what automatic persisted queries identify an operation by. */
export function sha256(query: string): string {
  return createHash('sha256').update(query).digest('hex');
}

export interface ClientOptions {
  /** The API, e.g. http://localhost:4000/graphql. */
  url: string;
  /** A token from `login`, sent as `Authorization: Bearer <token>`; none to log in. */
  token?: string;
  /** For tests and logging: the fetch the HTTP link uses. */
  fetch?: typeof fetch;
}

/**
 * An Apollo Client for the claro-graph API. Operations go as automatic persisted queries: the
 * first time only the query's hash is sent; the server answers PERSISTED_QUERY_NOT_FOUND, and the
 * link sends the query once with its hash, which registers it; after that the hash alone is enough
 * (smaller requests). Nothing is cached between calls: every read asks the server.
 */
export function createClient({ url, token, fetch: fetchImpl }: ClientOptions): ApolloClient {
  const http = new HttpLink({ uri: url, headers: token ? { authorization: `Bearer ${token}` } : {}, ...(fetchImpl ? { fetch: fetchImpl } : {}) });
  return new ApolloClient({
    link: ApolloLink.from([new PersistedQueryLink({ sha256 }), http]),
    cache: new InMemoryCache(),
    defaultOptions: {
      query: { fetchPolicy: 'no-cache' },
      mutate: { fetchPolicy: 'no-cache' },
    },
  });
}
