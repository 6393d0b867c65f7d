import {
  getNamedType,
  getNullableType,
  isCompositeType,
  isListType,
  isObjectType,
  type DocumentNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../pagination';

/**
 * The cost of an operation is an upper estimate of the values its answer can hold: every field
 * selected counts 1, and a list counts its children once per item it may return, so nesting
 * multiplies (`__typename` is free). The number of items comes from the field's type, so a new list field is costed
 * without anyone declaring it:
 * - a Relay connection (`edges` and `pageInfo`): its `first`, 20 when omitted, at most 100;
 * - a list with a `first` or `limit` argument: that argument, `ASSUMED_LIMIT` when omitted;
 * - any other list of objects (a sale's lines, a customer's subscriptions): `ASSUMED_LIST_SIZE`.
 * A field that does heavy work of its own (a report's aggregate SQL) declares its weight with
 * type-graphql's `complexity` option (`@Query(() => X, { complexity: REPORT_COST })`): it is
 * counted instead of 1, once, whatever the number of rows.
 */
export const ASSUMED_LIST_SIZE = 10;
/** Items assumed of a list whose `limit` argument is omitted (the reports default to 5 to 100). */
export const ASSUMED_LIMIT = 100;
/** The weight of one report: one aggregate SQL statement over the sales (up to ~300 ms on a million sales). */
export const REPORT_COST = 1000;

export const listAwareEstimator: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
  // Known without resolving anything, and added to every selection by clients such as Apollo's.
  if (field.name === '__typename') return 0;
  const own = typeof field.extensions?.complexity === 'number' ? field.extensions.complexity : 1;
  return own + itemsOf(type, field, args) * childComplexity;
};

function itemsOf(parent: GraphQLCompositeType, field: GraphQLField<unknown, unknown>, args: Record<string, unknown>): number {
  const named = getNamedType(field.type);
  if (!isCompositeType(named)) return 1;
  if (isConnection(named)) return pageItems(args.first);
  if (!isListType(getNullableType(field.type))) return 1;
  // A connection's `edges` were counted at the connection field, with its `first`.
  if (isConnection(parent) && field.name === 'edges') return 1;
  if (field.args.some((arg) => arg.name === 'first')) return pageItems(args.first);
  if (field.args.some((arg) => arg.name === 'limit')) return typeof args.limit === 'number' ? Math.max(0, args.limit) : ASSUMED_LIMIT;
  return ASSUMED_LIST_SIZE;
}

function isConnection(type: GraphQLNamedType | GraphQLCompositeType): boolean {
  if (!isObjectType(type)) return false;
  const fields = type.getFields();
  return 'edges' in fields && 'pageInfo' in fields;
}

function pageItems(first: unknown): number {
  return typeof first === 'number' ? Math.min(Math.max(first, 0), MAX_PAGE_SIZE) : DEFAULT_PAGE_SIZE;
}

export interface CostRequest {
  schema: GraphQLSchema;
  document: DocumentNode;
  variables?: Record<string, unknown>;
  operationName?: string | null;
}

/**
 * The operation's cost; null when it cannot be computed because its variables or arguments are
 * invalid (execution then refuses it before any resolver runs). Throws a GraphQLError when the
 * document has more selections to walk than `maxNodes` (fragments spread many times).
 */
export function operationCost({ schema, document, variables, operationName }: CostRequest, maxNodes: number): number | null {
  try {
    return getComplexity({
      schema,
      query: document,
      variables: variables ?? {},
      ...(operationName ? { operationName } : {}),
      estimators: [listAwareEstimator],
      maxQueryNodes: maxNodes,
    });
  } catch (error) {
    if (error instanceof Error && /maximum allowed number of nodes/.test(error.message)) throw error;
    return null;
  }
}
