import type { ApolloServerPlugin } from '@apollo/server';
import {
  isAbstractType,
  isObjectType,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLField,
  type GraphQLSchema,
} from 'graphql';
import type { RequestContext } from '../context';
import type { LoaderFactory } from '../loaders';
import type { AppWiring } from '../module';

/**
 * Rows read only to answer an operation carry only the columns it reads.
 *
 * A page of sales shows of each line's product its name and SKU, where the product's row has 17
 * columns (its description, its attributes as JSON…): reading only what is shown cut that page's
 * CPU 1.65× (`npm run bench:versions`, see the README). The operation says which fields it reads of
 * each type, and each field which properties of the row it reads: a plain field its own, a
 * resolver method those it declares with `@Extensions({ [ROW_READS]: [...] })` (none declared:
 * it may read anything, and the type's rows stay whole). Only the rows that serve the answer and
 * nothing else are narrowed: those a field resolver takes from `ctx.loaders.forAnswer(...)` (a
 * relation's row by id, a parent's list of children: `rowsByParentLoader(..., answerType)`), and
 * those joined to prime such a loader (`joinedRowsOf`). Business rules keep reading whole rows and
 * entities through `ctx.loaders.get(...)`.
 */

/** The extension naming the row properties a resolver method reads: `@Extensions({ [ROW_READS]: ['brand'] })`. */
export const ROW_READS = 'rowReads';

/** The properties each field reads of its parent's row; null: unknown (a resolver method that declares none). */
const rowReads = new WeakMap<GraphQLField<unknown, unknown>, readonly string[] | null>();

/** Records what a field reads of its parent's row (see `recordRowReads` in schema.ts). */
export function setRowReads(field: GraphQLField<unknown, unknown>, reads: readonly string[] | null): void {
  rowReads.set(field, (field.extensions?.[ROW_READS] as readonly string[] | undefined) ?? reads);
}

/** What one operation reads: the fields it selects of each object type, anywhere in its document. */
export interface AnswerSelection {
  /**
   * The properties the document's selections read of the rows of `byId`'s type (its `id` always):
   * undefined when it selects nothing of that type, null when a selected field may read anything.
   */
  propertiesOf(factory: LoaderFactory<any, any, any>): readonly string[] | null | undefined;
  /** The same for the rows of a GraphQL type named directly (a page's items). */
  propertiesOfType(typeName: string): readonly string[] | null | undefined;
}

const selections = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, AnswerSelection>>();

/**
 * The selection of `document` (every operation and fragment in it, so a wider one at worst),
 * built once per parsed document; what it reads of each type is worked out on first use.
 */
export function answerSelectionOf(schema: GraphQLSchema, document: DocumentNode, wiring: AppWiring): AnswerSelection {
  let bySchema = selections.get(schema);
  if (!bySchema) selections.set(schema, (bySchema = new WeakMap()));
  let selection = bySchema.get(document);
  if (!selection) bySchema.set(document, (selection = buildSelection(schema, document, wiring)));
  return selection;
}

function buildSelection(schema: GraphQLSchema, document: DocumentNode, wiring: AppWiring): AnswerSelection {
  const fields = fieldsByType(schema, document);
  const typeNameOf = new Map(wiring.entityTypes.map(({ typeName, byId }) => [byId as LoaderFactory<any, any, any>, typeName]));
  const properties = new Map<string, readonly string[] | null | undefined>();
  const propertiesOfType = (typeName: string) => {
    if (!properties.has(typeName)) properties.set(typeName, readsOf(schema, typeName, fields.get(typeName)));
    return properties.get(typeName);
  };
  return {
    propertiesOf(factory) {
      const typeName = typeNameOf.get(factory) ?? (factory as { answerType?: string }).answerType;
      return typeName === undefined ? null : propertiesOfType(typeName);
    },
    propertiesOfType,
  };
}

function fieldsByType(schema: GraphQLSchema, document: DocumentNode): Map<string, Set<string>> {
  const fields = new Map<string, Set<string>>();
  const add = (typeName: string, field: string) => {
    let names = fields.get(typeName);
    if (!names) fields.set(typeName, (names = new Set()));
    names.add(field);
  };
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parent = typeInfo.getParentType();
        if (!parent) return;
        if (isAbstractType(parent)) for (const type of schema.getPossibleTypes(parent)) add(type.name, node.name.value);
        else add(parent.name, node.name.value);
      },
    }),
  );
  return fields;
}

function readsOf(schema: GraphQLSchema, typeName: string, selected: Set<string> | undefined): readonly string[] | null | undefined {
  // A name that is no object type of this schema (a typo in `answerType`) narrows nothing.
  const type = schema.getType(typeName);
  if (!isObjectType(type)) return null;
  if (!selected) return undefined;
  const properties = new Set<string>(['id']);
  for (const name of selected) {
    if (name === '__typename') continue;
    const field = type.getFields()[name];
    const reads = field ? rowReads.get(field) : null;
    if (!reads) return null;
    for (const property of reads) properties.add(property);
  }
  return [...properties].sort();
}

/** Tells each request's loaders what its operation reads, once Apollo has resolved the operation. */
export function answerSelectionPlugin(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, contextValue }) {
          contextValue.loaders.answering(answerSelectionOf(schema, document, contextValue.app));
        },
      };
    },
  };
}
