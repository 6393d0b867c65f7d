import type { GatewayExecutor, GatewayGraphQLRequestContext, GatewayInterface } from '@apollo/server-gateway-interface';
import { execute, type DocumentNode, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';

type Compiled = CompiledQuery | ExecutionResult;

/**
 * Queries run as functions compiled from the operation (graphql-jit) rather than by graphql-js's
 * interpreter, which, for every field of every object, builds a path, looks the field up, collects
 * its arguments and tracks promises: on a page of 50 sales with their lines, over a thousand fields
 * and 18 % of the request's CPU (with the promises). The compiled function calls the same resolvers (with their
 * personal-data and execution-limit wrappers) and serializes with the same scalars, so answers
 * and errors are those of graphql-js (the whole test suite runs through it).
 *
 * Apollo Server has no executor option of its own; its gateway interface is the documented way to
 * run operations with another executor: this "gateway" serves the process's own schema, once, and
 * executes. Parsing, validation, plugins, error formatting and HTTP stay Apollo's.
 *
 * Mutations and subscriptions keep graphql-js: a mutation's cost is its writes, not its execution,
 * and their ordering rules are best left to the reference implementation.
 */
export function compiledExecution(schema: GraphQLSchema): GatewayInterface {
  // Apollo keeps one parsed document per query text (its document store, bounded): compiled
  // operations live as long as their document does.
  const compiled = new WeakMap<DocumentNode, Map<string, Compiled>>();

  const compiledFor = (document: DocumentNode, operationName: string | undefined): Compiled => {
    let byName = compiled.get(document);
    if (!byName) compiled.set(document, (byName = new Map()));
    let query = byName.get(operationName ?? '');
    if (!query) {
      // Errors are created where they happen; their stack traces are never sent (nor logged for client errors).
      query = compileQuery(schema, document, operationName, { disablingCapturingStackErrors: true });
      byName.set(operationName ?? '', query);
    }
    return query;
  };

  // The operation name as requested (the context's is the one Apollo found, null when none is).
  const interpreted = ({ document, request, context }: GatewayGraphQLRequestContext): Promise<ExecutionResult> =>
    Promise.resolve(execute({ schema, document, contextValue: context, variableValues: request.variables, operationName: request.operationName }));

  const executor: GatewayExecutor = async (requestContext) => {
    const { document, operation, request, context } = requestContext;
    // Apollo executes an unknown operation name too: graphql-js's refusal is the one clients know.
    if (operation?.operation !== 'query') return (await interpreted(requestContext)) as never;
    const query = compiledFor(document, request.operationName ?? undefined);
    if (!isCompiledQuery(query)) return (await interpreted(requestContext)) as never;
    const result = await query.query(undefined, context, request.variables);
    // No `data` at all: the variables were refused before anything ran. graphql-js words those
    // errors as clients (and Apollo's BAD_USER_INPUT) expect, and decides alone whether to run it.
    return (result.data === undefined ? await interpreted(requestContext) : result) as never;
  };

  return {
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: '' });
      return () => {};
    },
    load: async () => ({ executor }),
    stop: async () => {},
  };
}
