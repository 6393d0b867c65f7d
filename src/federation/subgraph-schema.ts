import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import {
  isEnumType,
  isObjectType,
  isScalarType,
  isSpecifiedScalarType,
  Kind,
  parse,
  printSchema,
  visit,
  type ConstDirectiveNode,
  type DefinitionNode,
  type DocumentNode,
  type GraphQLSchema,
  type ObjectTypeDefinitionNode,
} from 'graphql';
import { getMetadataStorage } from 'type-graphql';
import type { RequestContext } from '../core/context';
import { UnauthenticatedError } from '../core/errors';
import { buildAppSchema } from '../core/graphql/schema';
import { applyExecutionLimits } from '../core/graphql/operation-limits';
import type { AppWiring, EntityType } from '../core/module';

/** A domain served as its own federation subgraph: its name in the supergraph and the modules it serves. */
export interface SubgraphSpec {
  name: string;
  modules: string[];
}

/** The five subgraphs: one per domain, the partner event stream with sales (it reads the sales outbox). */
export const SUBGRAPHS: SubgraphSpec[] = [
  // The data subject's rights and the audit trail are about people and staff: served with users.
  { name: 'users', modules: ['users', 'privacy', 'audit'] },
  { name: 'services', modules: ['services'] },
  { name: 'catalog', modules: ['catalog'] },
  { name: 'sales', modules: ['sales', 'events'] },
  { name: 'reporting', modules: ['reporting'] },
];

export const FEDERATION_LINK = 'https://specs.apollo.dev/federation/v2.3';
const ROOT_TYPES = new Set(['Query', 'Mutation', 'Subscription']);

export interface Subgraph {
  spec: SubgraphSpec;
  /** The subgraph's SDL with its federation directives (what composition reads). */
  typeDefs: DocumentNode;
  /** The schema the subgraph serves (`_entities`, `_service` included). */
  schema: GraphQLSchema;
  /**
   * The type-graphql schema of the subgraph's modules, every type it references with all its own
   * fields: what its WebSocket endpoint serves (the partner stream selects a customer's `city`).
   */
  local: GraphQLSchema;
}

/**
 * A subgraph over the type-graphql schema of its modules: the same resolvers, root-field policies
 * (deny by default, one transaction per mutation), field access and execution limits as the
 * single process, printed to SDL and given federation's directives:
 * - an entity type (`app.entityType`) owned by one of its modules: `@key(fields: "id")`, all its fields;
 * - an entity type of another subgraph: reduced to its key and the fields this subgraph's resolvers
 *   add to it (`Customer.purchases` in sales), `resolvable: false` when it adds none;
 * - any other type (money, pages, report rows): `@shareable`, and the same fields in every
 *   subgraph that has it (checked against the whole schema: else it must become an entity).
 * Reference resolvers read rows by id through the owner module's row loader, batched per request.
 */
export async function buildSubgraph(app: AppWiring, spec: SubgraphSpec, whole: GraphQLSchema): Promise<Subgraph> {
  const local = applyExecutionLimits(await buildAppSchema(app, spec.modules));
  const entities = new Map(app.entityTypes.map((entity) => [entity.typeName, entity]));
  const owned = (entity: EntityType) => spec.modules.includes(entity.module);
  const added = fieldsAddedBy(app, spec.modules);
  // type-graphql declares a field added by any resolver class on the type itself, served or not.
  const addedElsewhere = fieldsAddedBy(app, app.moduleNames.filter((module) => !spec.modules.includes(module)));

  /** Fields of each type as this subgraph declares them. */
  const keptFields = new Map<string, Set<string>>();
  /** Shared types without some of their fields here: an error if the subgraph keeps them. */
  const incomplete = new Map<string, string[]>();
  for (const type of Object.values(local.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const fields = Object.keys(type.getFields());
    const entity = entities.get(type.name);
    if (ROOT_TYPES.has(type.name) || (entity && owned(entity))) {
      keptFields.set(type.name, new Set(fields.filter((field) => !addedElsewhere.get(type.name)?.has(field) || added.get(type.name)?.has(field))));
    } else if (entity) {
      keptFields.set(type.name, new Set(fields.filter((field) => field === 'id' || added.get(type.name)?.has(field))));
    } else {
      const wholeType = whole.getType(type.name);
      const missing = isObjectType(wholeType) ? Object.keys(wholeType.getFields()).filter((field) => !fields.includes(field)) : [];
      // Declared on the type by another module's resolver, so without a resolver here.
      missing.push(...fields.filter((field) => addedElsewhere.get(type.name)?.has(field) && !added.get(type.name)?.has(field)));
      if (missing.length) incomplete.set(type.name, missing);
      keptFields.set(type.name, new Set(fields));
    }
  }

  const typeDefs = federatedTypeDefs(local, spec, entities, keptFields, added);
  for (const definition of typeDefs.definitions) {
    const name = 'name' in definition ? definition.name?.value : undefined;
    const missing = name ? incomplete.get(name) : undefined;
    if (missing) {
      throw new Error(
        `subgraph ${spec.name} shares type ${name} without its field(s) ${missing.join(', ')}, resolved by another module: ` +
          `make ${name} an entity type of its module (app.entityType)`,
      );
    }
  }
  const resolvers = resolverMap(local, keptFields);
  for (const entity of app.entityTypes) {
    if (!keptFields.has(entity.typeName)) continue;
    const byId = entity.byId;
    const fields = (resolvers[entity.typeName] ??= {}) as Record<string, unknown>;
    fields.__resolveReference = (reference: { id: string }, ctx: RequestContext) => ctx.loaders.get(byId).load(reference.id);
  }
  const schema = buildSubgraphSchema({ typeDefs, resolvers });
  guardEntitiesField(schema);
  return { spec, typeDefs, schema, local };
}

/** For each type, the fields the resolver classes of `modules` add with `@FieldResolver` (type-graphql's metadata). */
function fieldsAddedBy(app: AppWiring, modules: string[]): Map<string, Set<string>> {
  const storage = getMetadataStorage();
  const resolvers = new Set(app.resolversOf(modules));
  const added = new Map<string, Set<string>>();
  for (const field of storage.fieldResolvers) {
    if (field.kind !== 'external' || !resolvers.has(field.target)) continue;
    const objectClass = field.getObjectType?.() ?? field.resolverClassMetadata?.getObjectType();
    const typeName = storage.objectTypes.find((type) => type.target === objectClass)?.name;
    if (!typeName) continue;
    if (!added.has(typeName)) added.set(typeName, new Set());
    added.get(typeName)!.add(field.schemaName);
  }
  return added;
}

function directive(name: string, args: Record<string, string | boolean> = {}): ConstDirectiveNode {
  return {
    kind: Kind.DIRECTIVE,
    name: { kind: Kind.NAME, value: name },
    arguments: Object.entries(args).map(([argName, value]) => ({
      kind: Kind.ARGUMENT,
      name: { kind: Kind.NAME, value: argName },
      value: typeof value === 'boolean' ? { kind: Kind.BOOLEAN, value } : { kind: Kind.STRING, value },
    })),
  };
}

function federatedTypeDefs(
  local: GraphQLSchema,
  spec: SubgraphSpec,
  entities: Map<string, EntityType>,
  keptFields: Map<string, Set<string>>,
  added: Map<string, Set<string>>,
): DocumentNode {
  const printed = parse(printSchema(local));
  const transformed = visit(printed, {
    ObjectTypeDefinition(node): ObjectTypeDefinitionNode {
      const kept = keptFields.get(node.name.value);
      const fields = (node.fields ?? []).filter((field) => kept?.has(field.name.value));
      if (ROOT_TYPES.has(node.name.value)) return { ...node, fields };
      const entity = entities.get(node.name.value);
      const own = entity && spec.modules.includes(entity.module);
      const directives = !entity
        ? [directive('shareable')]
        : own || added.get(node.name.value)?.size
          ? [directive('key', { fields: 'id' })]
          : [directive('key', { fields: 'id', resolvable: false })];
      // A stub keeps the type's description out: the owner's is the one composed.
      return { ...node, ...(own || !entity ? {} : { description: undefined }), fields, directives: [...(node.directives ?? []), ...directives] };
    },
  });
  const link = parse(`extend schema @link(url: "${FEDERATION_LINK}", import: ["@key", "@shareable"])`);
  return { kind: Kind.DOCUMENT, definitions: [...link.definitions, ...reachableDefinitions(transformed, keptFields, spec, entities, added)] };
}

/**
 * The type definitions reachable from the root types and from the entities the subgraph resolves:
 * types only another module's fields lead to (`SaleConnection` from `Customer.purchases` in users)
 * are left out once those fields are.
 */
function reachableDefinitions(
  document: DocumentNode,
  keptFields: Map<string, Set<string>>,
  spec: SubgraphSpec,
  entities: Map<string, EntityType>,
  added: Map<string, Set<string>>,
): DefinitionNode[] {
  const byName = new Map<string, DefinitionNode>();
  for (const definition of document.definitions) if ('name' in definition && definition.name) byName.set(definition.name.value, definition);
  const resolvable = [...entities.values()]
    .filter((entity) => keptFields.has(entity.typeName) && (spec.modules.includes(entity.module) || added.get(entity.typeName)?.size))
    .map((entity) => entity.typeName);
  const reached = new Set<string>();
  const pending = [...ROOT_TYPES, ...resolvable].filter((name) => byName.has(name));
  while (pending.length) {
    const name = pending.pop()!;
    if (reached.has(name)) continue;
    reached.add(name);
    visit(byName.get(name)!, {
      NamedType(node) {
        if (!reached.has(node.name.value) && byName.has(node.name.value)) pending.push(node.name.value);
      },
    });
  }
  return document.definitions.filter((definition) => !('name' in definition && definition.name) || reached.has(definition.name.value));
}

/** The resolvers of the fields the subgraph declares, its scalars and its enums' values, taken from the type-graphql schema. */
function resolverMap(local: GraphQLSchema, keptFields: Map<string, Set<string>>): GraphQLResolverMap<unknown> {
  const map: GraphQLResolverMap<any> = {};
  for (const type of Object.values(local.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    if (isScalarType(type) && !isSpecifiedScalarType(type)) {
      map[type.name] = type as never;
    } else if (isEnumType(type)) {
      map[type.name] = Object.fromEntries(type.getValues().map((value) => [value.name, value.value]));
    } else if (isObjectType(type)) {
      const kept = keptFields.get(type.name);
      const fields: Record<string, unknown> = {};
      for (const field of Object.values(type.getFields())) {
        if (!kept?.has(field.name)) continue;
        if (field.resolve || field.subscribe) fields[field.name] = { ...(field.resolve ? { resolve: field.resolve } : {}), ...(field.subscribe ? { subscribe: field.subscribe } : {}) };
      }
      map[type.name] = fields as never;
    }
  }
  return map;
}

/** `_entities` is a root field too: deny by default, as every root field of the schema (root-fields.ts). */
function guardEntitiesField(schema: GraphQLSchema): void {
  const field = schema.getQueryType()?.getFields()._entities;
  if (!field?.resolve) return;
  const resolve = field.resolve;
  field.resolve = (source, args, ctx: RequestContext, info) => {
    if (!ctx.viewer) throw new UnauthenticatedError(ctx.authFailure ?? 'MISSING_TOKEN');
    return resolve(source, args, ctx, info);
  };
}

/** Composition input: each subgraph's SDL under its name (the URL is the gateway's to choose at start). */
export function subgraphDefinitions(subgraphs: Subgraph[]): { name: string; typeDefs: DocumentNode; url: string }[] {
  return subgraphs.map((subgraph) => ({ name: subgraph.spec.name, typeDefs: subgraph.typeDefs, url: `http://${subgraph.spec.name}.subgraph.invalid/graphql` }));
}

