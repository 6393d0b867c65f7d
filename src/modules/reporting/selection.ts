import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/**
 * The names of the fields a query selects on the object (or each list item) this resolver
 * returns, through fragments and inline fragments: lets a report compute only what is asked.
 */
export function selectedFields(info: GraphQLResolveInfo, path: string[] = []): Set<string> {
  const names = new Set<string>();
  const visit = (selectionSet: SelectionSetNode | undefined, rest: string[]) => {
    for (const selection of selectionSet?.selections ?? []) {
      if (selection.kind === Kind.FIELD) {
        if (rest.length === 0) names.add(selection.name.value);
        else if (selection.name.value === rest[0]) visit(selection.selectionSet, rest.slice(1));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(selection.selectionSet, rest);
      } else {
        visit(info.fragments[selection.name.value]?.selectionSet, rest);
      }
    }
  };
  for (const node of info.fieldNodes) visit(node.selectionSet, path);
  return names;
}
