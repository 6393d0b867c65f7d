import { lexicographicSortSchema, OperationTypeNode, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema, getMetadataStorage, type PubSub } from 'type-graphql';
import { applyFieldAccess } from '../auth/field-access';
import { authChecker } from '../auth/auth-checker';
import { Role } from '../auth/roles';
import { registerConstraintErrors } from '../errors';
import type { AppModule } from '../module';
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

/** The one schema of the process, from every module's resolvers, with root-field policies applied. */
export async function buildAppSchema(modules: AppModule[]): Promise<GraphQLSchema> {
  for (const module of modules) registerConstraintErrors(module.constraintErrors ?? {});
  const schema = await buildSchema({
    resolvers: modules.flatMap((module) => module.resolvers) as [Function, ...Function[]],
    authChecker,
    authMode: 'error',
    validate: { forbidUnknownValues: false },
    // Every `Date` field uses the range-checked DateTimeISO (same name and output as type-graphql's default).
    scalarsMap: [{ type: Date, scalar: DateTimeISO }],
    pubSub: NO_PUB_SUB,
  });
  describeRootTypes(schema);
  describeAccess(schema);
  return applyFieldAccess(applyRootFieldPolicies(schema));
}

/** type-graphql builds the root types itself, without a way to describe them: described here. */
const ROOT_TYPE_DESCRIPTIONS: [OperationTypeNode, string][] = [
  [OperationTypeNode.QUERY, 'Every read. Each operation says who may call it (ADMIN may call all); every one needs a token (`Authorization: Bearer <token>` from `login`).'],
  [OperationTypeNode.MUTATION, 'Every change, each in one transaction (nothing is written when it fails). Each operation says who may call it; every one but `login` needs a token.'],
  [OperationTypeNode.SUBSCRIPTION, 'Live streams over WebSocket (graphql-ws, the token as `authorization: "Bearer …"` in `connection_init`): the partners’ sale-event stream.'],
];

function describeRootTypes(schema: GraphQLSchema): void {
  for (const [operation, description] of ROOT_TYPE_DESCRIPTIONS) {
    const type = schema.getRootType(operation);
    if (type) type.description = description;
  }
}

/**
 * Appends who may call each operation, and read each field that has its own role check, to its
 * description, from the same `@Authorized` rules the server enforces (so the two cannot drift).
 * Only to fields that have a description of their own: the description test still finds the others.
 */
function describeAccess(schema: GraphQLSchema): void {
  const metadata = getMetadataStorage();
  const roots = [
    [schema.getQueryType(), metadata.queries, 'Who may call it'],
    [schema.getMutationType(), metadata.mutations, 'Who may call it'],
    [schema.getSubscriptionType(), metadata.subscriptions, 'Who may subscribe'],
  ] as const;
  for (const [type, resolvers, prefix] of roots) {
    for (const resolver of resolvers) {
      const field = type?.getFields()[resolver.schemaName];
      if (field?.description) field.description += ` ${prefix}: ${whoMay(resolver.roles)}.`;
    }
  }
  for (const resolver of metadata.fieldResolvers) {
    if (resolver.roles === undefined) continue;
    const owner = schema.getType(metadata.objectTypes.find((object) => object.target === resolver.getObjectType?.())?.name ?? '');
    const field = owner && 'getFields' in owner ? owner.getFields()[resolver.schemaName] : undefined;
    if (field?.description) field.description += ` Who may read it: ${whoMay(resolver.roles)}.`;
  }
}

/** `@Authorized(...roles)` in words; ADMIN may do whatever any other role may. */
function whoMay(roles: readonly string[] | undefined): string {
  if (roles === undefined) return 'anyone, without a token';
  if (roles.length === 0) return 'any signed-in staff member';
  return [Role.ADMIN, ...roles.filter((role) => role !== Role.ADMIN)].join(', ');
}

const HEADER = '# Emitted from the code by `npm run schema:emit`: do not edit by hand. The public contract is in ../shared/contract.\n\n';

/** The committed `schema.graphql`: sorted so that its diff shows real changes only. */
export function printAppSchema(schema: GraphQLSchema): string {
  return HEADER + printSchema(lexicographicSortSchema(schema)) + '\n';
}
