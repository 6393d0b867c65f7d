import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema, getMetadataStorage, type PubSub } from 'type-graphql';
import { applyFieldAccess } from '../auth/field-access';
import { authChecker } from '../auth/auth-checker';
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
  resolvePlainFieldsDirectly();
  const schema = await buildSchema({
    resolvers: modules.flatMap((module) => module.resolvers) as [Function, ...Function[]],
    authChecker,
    authMode: 'error',
    validate: { forbidUnknownValues: false },
    // Every `Date` field uses the range-checked DateTimeISO (same name and output as type-graphql's default).
    scalarsMap: [{ type: Date, scalar: DateTimeISO }],
    pubSub: NO_PUB_SUB,
  });
  return applyFieldAccess(applyRootFieldPolicies(schema));
}

/**
 * A field with no resolver method, no middleware and no role reads its property: graphql-js's
 * default resolver does just that, without type-graphql's wrapper (an object and two closures per
 * call: over a thousand calls for a page of 50 sales). Declared with type-graphql's own `simple`
 * option, for the fields that leave it unset; a field with `@UseMiddleware` or `@Authorized`
 * keeps type-graphql's resolver. (With global middlewares, which would wrap every field, this
 * must go.) Fields are wrapped after the build as before (`applyFieldAccess`, execution limits).
 */
function resolvePlainFieldsDirectly(): void {
  const storage = getMetadataStorage();
  const wrapped = (target: Function, name: string) =>
    storage.resolverMiddlewares.some((m) => m.target === target) ||
    storage.middlewares.some((m) => m.target === target && m.fieldName === name) ||
    storage.authorizedFields.some((a) => a.target === target && a.fieldName === name);
  for (const field of storage.fields) {
    if (field.simple === undefined && field.name === field.schemaName && !wrapped(field.target, field.name)) field.simple = true;
  }
}

const HEADER = '# Emitted from the code by `npm run schema:emit`: do not edit by hand. The public contract is in ../shared/contract.\n\n';

/** The committed `schema.graphql`: sorted so that its diff shows real changes only. */
export function printAppSchema(schema: GraphQLSchema): string {
  return HEADER + printSchema(lexicographicSortSchema(schema)) + '\n';
}
