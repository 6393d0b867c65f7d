import { ApolloClient, CombinedGraphQLErrors, HttpLink, InMemoryCache, type OperationVariables, type TypedDocumentNode } from '@apollo/client';

/**
 * The real client front-end teams use, over HTTP, with nothing cached between calls.
 * `query`/`mutate` give the data or throw; `error` gives the single GraphQL error an operation
 * must fail with.
 */
export class TestClient {
  constructor(readonly apollo: ApolloClient) {}

  async query<T, V extends OperationVariables>(query: TypedDocumentNode<T, V>, variables?: V): Promise<T> {
    const result = await this.apollo.query<T, V>({ query, variables, errorPolicy: 'all' } as ApolloClient.QueryOptions<T, V>);
    if (result.error) throw result.error;
    return result.data as T;
  }

  async mutate<T, V extends OperationVariables>(mutation: TypedDocumentNode<T, V>, variables?: V): Promise<T> {
    const result = await this.apollo.mutate<T, V>({ mutation, variables, errorPolicy: 'all' } as ApolloClient.MutateOptions<T, V>);
    if (result.error) throw result.error;
    return result.data as T;
  }

  /** The GraphQL error the operation fails with (query or mutation), as the client sees it. */
  async error<T, V extends OperationVariables>(document: TypedDocumentNode<T, V>, variables?: V): Promise<GraphQLErrorSeen> {
    const isMutation = document.definitions.some((d) => d.kind === 'OperationDefinition' && d.operation === 'mutation');
    const result = isMutation
      ? await this.apollo.mutate<T, V>({ mutation: document, variables, errorPolicy: 'all' } as ApolloClient.MutateOptions<T, V>)
      : await this.apollo.query<T, V>({ query: document, variables, errorPolicy: 'all' } as ApolloClient.QueryOptions<T, V>);
    if (!result.error) throw new Error(`expected the operation to fail, got ${JSON.stringify(result.data)}`);
    if (!CombinedGraphQLErrors.is(result.error)) throw result.error;
    const [first] = result.error.errors;
    return { message: first.message, code: first.extensions?.code as string, extensions: first.extensions ?? {}, data: result.data, all: result.error.errors };
  }
}

export interface GraphQLErrorSeen {
  message: string;
  code: string;
  extensions: Record<string, unknown>;
  data: unknown;
  all: readonly { message: string; extensions?: Record<string, unknown> }[];
}

export function apolloClient(uri: string, token?: string): TestClient {
  return new TestClient(
    new ApolloClient({
      link: new HttpLink({ uri, headers: token ? { authorization: `Bearer ${token}` } : {} }),
      cache: new InMemoryCache(),
      defaultOptions: {
        query: { fetchPolicy: 'no-cache' },
        mutate: { fetchPolicy: 'no-cache' },
      },
    }),
  );
}
