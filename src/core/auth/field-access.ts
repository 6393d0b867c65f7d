import { defaultFieldResolver, isObjectType, type GraphQLFieldResolver, type GraphQLSchema, type ValidationRule } from 'graphql';
import type { RequestContext } from '../context';
import { ForbiddenError } from '../errors';
import { Role } from './roles';

/**
 * The one place that says which fields of a type a role may read, for roles that may read a type
 * only in part (types not listed: every field, subject to the operations' own rules). Applied
 * twice from this map: to every operation before it runs (a clear FORBIDDEN at once, e.g. when a
 * partner subscribes to events selecting a customer's name) and to the resolvers themselves.
 */
const READABLE_FIELDS: Partial<Record<Role, Record<string, readonly string[]>>> = {
  [Role.PARTNER]: {
    Customer: ['id', 'category', 'city', 'region'],
    Staff: ['id', 'name', 'role'],
  },
};

const readable = new Map<Role, Map<string, ReadonlySet<string>>>(
  Object.entries(READABLE_FIELDS).map(([role, types]) => [role as Role, new Map(Object.entries(types).map(([type, fields]) => [type, new Set(fields)]))]),
);

/** Null when `role` may read every field of `typeName`. */
export function readableFields(role: Role, typeName: string): ReadonlySet<string> | null {
  return readable.get(role)?.get(typeName) ?? null;
}

function forbiddenMessage(role: Role, typeName: string, field: string): string {
  const allowed = [...(readableFields(role, typeName) ?? [])].join(', ');
  return `A ${role} may not read ${typeName}.${field} (only ${allowed})`;
}

/** Validation rule: refuses an operation selecting a field the viewer's role may not read. */
export function fieldAccessRule(role: Role): ValidationRule {
  return (context) => ({
    Field(node) {
      const parent = context.getParentType();
      const field = node.name.value;
      if (!parent || field.startsWith('__')) return;
      const allowed = readableFields(role, parent.name);
      if (allowed && !allowed.has(field)) {
        context.reportError(new ForbiddenError(forbiddenMessage(role, parent.name, field)));
      }
    },
  });
}

/** Wraps the resolvers of every restricted field once, after the schema is built. */
export function applyFieldAccess(schema: GraphQLSchema): GraphQLSchema {
  const restrictedTypes = new Set([...readable.values()].flatMap((types) => [...types.keys()]));
  for (const typeName of restrictedTypes) {
    const type = schema.getType(typeName);
    // A schema of some modules only (a federation subgraph) may not have the type.
    if (!type) continue;
    if (!isObjectType(type)) throw new Error(`field access names ${typeName}, which is not an object type of the schema`);
    for (const field of Object.values(type.getFields())) {
      const resolve: GraphQLFieldResolver<unknown, RequestContext> = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, ctx: RequestContext, info) => {
        const role = ctx.viewer?.role;
        const allowed = role ? readableFields(role, typeName) : null;
        if (allowed && !allowed.has(field.name)) throw new ForbiddenError(forbiddenMessage(role!, typeName, field.name));
        return resolve(source, args, ctx, info);
      };
    }
  }
  return schema;
}
