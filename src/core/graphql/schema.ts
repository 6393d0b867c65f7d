import { isObjectType, lexicographicSortSchema, OperationTypeNode, printSchema, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { AuthenticationError, AuthorizationError, buildSchema, getMetadataStorage, type PubSub } from 'type-graphql';
import { applyPersonalData } from '../auth/personal-data';
import { authChecker } from '../auth/auth-checker';
import { Role } from '../auth/roles';
import type { RequestContext } from '../context';
import type { AppWiring } from '../module';
import { callLazyFields } from './lazy-fields';
import { applyRootFieldPolicies } from './root-fields';
import { setRowReads } from './answer-selection';
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
  resolvePlainFieldsDirectly();
  const resolvers = app.resolvers(modules);
  const schema = await buildSchema({
    resolvers,
    authChecker,
    authMode: 'error',
    validate: { forbidUnknownValues: false },
    // Every `Date` field uses the range-checked DateTimeISO (same name and output as type-graphql's default).
    scalarsMap: [{ type: Date, scalar: DateTimeISO }],
    pubSub: NO_PUB_SUB,
  });
  describeRootTypes(schema);
  describeAccess(schema);
  recordRowReads(schema);
  callFieldResolversDirectly(schema, resolvers);
  callLazyFields(schema);
  return applyPersonalData(applyRootFieldPolicies(schema));
}

/**
 * A field with no resolver method, no middleware and no role reads its property: graphql-js's
 * default resolver does just that, without type-graphql's wrapper (an object and two closures per
 * call: over a thousand calls for a page of 50 sales). Declared with type-graphql's own `simple`
 * option, for the fields that leave it unset; a field with `@UseMiddleware` or `@Authorized`
 * keeps type-graphql's resolver. (With global middlewares, which would wrap every field, this
 * must go.) Fields are wrapped after the build as before (`applyPersonalData`, execution limits).
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

/**
 * What each field of an object type reads of its parent's row (see answer-selection.ts): a field
 * that type-graphql left without a resolver reads its own property; any other (a resolver method,
 * a field with middleware or roles) what it declares with `ROW_READS`, else anything.
 */
function recordRowReads(schema: GraphQLSchema): void {
  const storage = getMetadataStorage();
  for (const objectType of storage.objectTypes) {
    const type = schema.getType(objectType.name);
    if (!isObjectType(type)) continue;
    const properties = new Map((objectType.fields ?? []).map((field) => [field.schemaName, field.name]));
    for (const field of Object.values(type.getFields())) setRowReads(field, field.resolve ? null : [properties.get(field.name) ?? field.name]);
  }
}

type ParamOf = (root: any, ctx: unknown, info: unknown) => unknown;

/**
 * A field resolver method (`@FieldResolver` in a resolver class) with no middleware, whose
 * parameters are only `@Root()`, `@Ctx()` and `@Info()`, is called directly: type-graphql's
 * resolver would, on every call, build its resolver data, look the class's instance up, and sort
 * and map the parameters (a fresh array each time; on a page of 50 sales, hundreds of calls). Its
 * `@Root()` conversion is kept only where it does nothing (a parent typed `Row<…>`, an object).
 * A role (`@Authorized` on the method: a customer's subscriptions, 50 checks a page) is checked
 * first by the same `authChecker`, failing with type-graphql's own errors. Methods with arguments
 * (validated by type-graphql) or middlewares keep type-graphql's resolver; wrappers applied after
 * the build (personal data, execution limits) wrap either. The
 * resolver classes are stateless: each gets one instance of its own here, as type-graphql's
 * default container does. (With global middlewares or a DI container, this must go, as must
 * `resolvePlainFieldsDirectly`.)
 */
function callFieldResolversDirectly(schema: GraphQLSchema, resolvers: readonly Function[]): void {
  const storage = getMetadataStorage();
  const instances = new Map<Function, Record<string, Function>>();
  for (const resolver of storage.fieldResolvers) {
    const { target } = resolver;
    if (resolver.kind !== 'external' || !resolvers.includes(target) || resolver.middlewares?.length || !resolver.getObjectType) continue;
    if (storage.authorizedResolver.some((a) => a.target === target) || storage.resolverMiddlewares.some((m) => m.target === target)) continue;
    const objectClass = resolver.getObjectType();
    const type = schema.getType(storage.objectTypes.find((o) => o.target === objectClass)?.name ?? '');
    const field = isObjectType(type) ? type.getFields()[resolver.schemaName] : undefined;
    const params = [...(resolver.params ?? [])].sort((a, b) => a.index - b.index);
    const getters = params.map((param): ParamOf | null => {
      if (param.kind === 'context') return param.propertyName ? (_root, ctx) => (ctx as Record<string, unknown>)[param.propertyName!] : (_root, ctx) => ctx;
      if (param.kind === 'info') return (_root, _ctx, info) => info;
      if (param.kind === 'root' && (!param.getType || param.getType() === Object)) return param.propertyName ? (root) => root[param.propertyName!] : (root) => root;
      return null;
    });
    if (!field || getters.some((getter) => getter === null)) continue;
    let instance = instances.get(target);
    if (!instance) instances.set(target, (instance = new (target as new () => Record<string, Function>)()));
    const self = instance;
    const method = self[resolver.methodName];
    const [first, second] = params;
    const plainRoot = first?.kind === 'root' && !first.propertyName;
    const call = (
      params.length === 1 && plainRoot
        ? (root) => method.call(self, root)
        : params.length === 2 && plainRoot && second.kind === 'context' && !second.propertyName
          ? (root, _args, ctx) => method.call(self, root, ctx)
          : (root, _args, ctx, info) => method.apply(self, (getters as ParamOf[]).map((get) => get(root, ctx, info)))
    ) as GraphQLFieldResolver<unknown, RequestContext>;
    const { roles } = resolver;
    field.resolve = roles
      ? (root, args, ctx: RequestContext, info) =>
          // As type-graphql's AuthMiddleware (authMode 'error'); a rejection, as its async middleware gave.
          authChecker({ root, args, context: ctx, info }, roles as Role[])
            ? call(root, args, ctx, info)
            : Promise.reject(roles.length === 0 ? new AuthenticationError() : new AuthorizationError())
      : call;
  }
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
