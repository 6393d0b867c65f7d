import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema, type PubSub } from 'type-graphql';
import { applyPersonalData } from '../auth/personal-data';
import { authChecker } from '../auth/auth-checker';
import type { AppWiring } from '../module';
import { applyRootFieldPolicies } from './root-fields';
import { DateTimeISO } from './scalars';

/** type-graphql asks for a PubSub once there is a subscription; ours declare their own `subscribe`. */
const NO_PUB_SUB: PubSub = {
  publish: () => {
    throw new Error('no PubSub: subscriptions declare their own subscribe');
  },
  subscribe: () => {
    throw new Error('no PubSub: subscriptions declare their own subscribe');
  },
};

/**
 * The schema of the installed modules' resolvers (of `modules` only when given: a federation
 * subgraph's), with root-field policies and field access applied.
 */
export async function buildAppSchema(app: AppWiring, modules?: string[]): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: app.resolvers(modules),
    authChecker,
    authMode: 'error',
    validate: { forbidUnknownValues: false },
    // Every `Date` field uses the range-checked DateTimeISO (same name and output as type-graphql's default).
    scalarsMap: [{ type: Date, scalar: DateTimeISO }],
    pubSub: NO_PUB_SUB,
  });
  return applyPersonalData(applyRootFieldPolicies(schema));
}

const HEADER = '# Emitted from the code by `npm run schema:emit`: do not edit by hand. The public contract is in ../shared/contract.\n\n';

/** The committed `schema.graphql`: sorted so that its diff shows real changes only. */
export function printAppSchema(schema: GraphQLSchema): string {
  return HEADER + printSchema(lexicographicSortSchema(schema)) + '\n';
}
