import { isObjectType, type GraphQLSchema } from 'graphql';

/**
 * Marks a field (`@Extensions({ [LAZY_FIELD]: true })`) whose value a resolver may hand over as a
 * function, called only when the field is selected (a connection's `totalCount`: its count query).
 */
export const LAZY_FIELD = 'lazy';

/**
 * Gives each lazy field without a resolver of its own one that calls such a function. graphql-js's
 * default resolver did it for any property; compiled queries (compiled-execution.ts) read
 * properties as they are, so the fields that rely on it say so.
 */
export function callLazyFields(schema: GraphQLSchema): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      if (!field.extensions[LAZY_FIELD] || field.resolve) continue;
      field.resolve = (source: Record<string, unknown>) => {
        const value = source[field.name];
        return typeof value === 'function' ? value.call(source) : value;
      };
    }
  }
}
