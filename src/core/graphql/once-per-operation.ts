import { GraphQLError, Kind, type ASTVisitor, type GraphQLSchema, type SelectionSetNode, type ValidationContext, type ValidationRule } from 'graphql';
import { ONCE_PER_OPERATION } from './root-fields';

/**
 * Refuses an operation that selects a `@OncePerOperation()` root field more than once (aliases
 * and fragments included): one request with a thousand aliased `login` fields would otherwise
 * hash a thousand passwords.
 */
export const oncePerOperationRule: ValidationRule = (context) => oncePerOperationVisitor(context, context.getSchema());

/**
 * The same rule reading the marks from `marked` (a federation gateway validates against the
 * supergraph's API schema, which has the same root fields but not their extensions).
 */
export function oncePerOperationRuleOf(marked: GraphQLSchema): ValidationRule {
  return (context) => oncePerOperationVisitor(context, marked);
}

function oncePerOperationVisitor(context: ValidationContext, marked: GraphQLSchema): ASTVisitor {
  return {
    OperationDefinition(operation) {
      const root = marked.getRootType(operation.operation);
      if (!root) return;
      const fields = root.getFields();
      const counts = new Map<string, number>();
      const visitedFragments = new Set<string>();
      const walk = (selectionSet: SelectionSetNode) => {
        for (const selection of selectionSet.selections) {
          if (selection.kind === Kind.FIELD) {
            if (fields[selection.name.value]?.extensions?.[ONCE_PER_OPERATION] === true) {
              counts.set(selection.name.value, (counts.get(selection.name.value) ?? 0) + 1);
            }
          } else if (selection.kind === Kind.INLINE_FRAGMENT) {
            walk(selection.selectionSet);
          } else if (!visitedFragments.has(selection.name.value)) {
            visitedFragments.add(selection.name.value);
            const fragment = context.getFragment(selection.name.value);
            if (fragment) walk(fragment.selectionSet);
          }
        }
      };
      walk(operation.selectionSet);
      for (const [name, count] of counts) {
        if (count > 1) {
          context.reportError(
            new GraphQLError(`"${name}" may appear only once per operation (found ${count})`, {
              nodes: [operation],
              extensions: { detail: 'ONCE_PER_OPERATION' },
            }),
          );
        }
      }
    },
  };
}
