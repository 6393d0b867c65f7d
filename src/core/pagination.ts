import DataLoader from 'dataloader';
import { raw, type EntityManager } from '@mikro-orm/postgresql';
import type { EntityClass, EntityKey, EntityMetadata, EntityProperty, FilterQuery, QueryOrderMap } from '@mikro-orm/core';
import { IsOptional, Max, MaxLength, Min } from 'class-validator';
import { ArgsType, Extensions, Field, Int, ObjectType, registerEnumType, type ClassType } from 'type-graphql';
import { BadUserInputError } from './errors';
import { LAZY_FIELD } from './graphql/lazy-fields';
import { findRows, queryValues, rowShape, type Row, type RowShape } from './db/rows';
import { isWellFormedId } from './ids';
import { joinedRowsOf, type JoinedRows, type LoaderFactory, type LoaderScope, type RowJoins } from './loaders';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export enum SortDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(SortDirection, {
  name: 'SortDirection',
  description: 'Order of a list by the chosen field; ties are always broken by id, so pages never overlap.',
  valuesConfig: {
    ASC: { description: 'Smallest first: A to Z, oldest first, cheapest first.' },
    DESC: { description: 'Largest first: Z to A, newest first, most expensive first.' },
  },
});

@ObjectType({ description: 'Relay page information: pass `endCursor` as `after` to get the next page.' })
export class PageInfo {
  @Field({ description: 'True when more items follow this page: ask again with `after: endCursor`.' })
  hasNextPage!: boolean;

  @Field({ description: 'True when this page was asked for with `after`.' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the first item of this page; null when the page is empty.' })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the last item of this page: pass it as `after` for the next page; null when the page is empty.' })
  endCursor!: string | null;
}

@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, { nullable: true, description: `Page size, ${DEFAULT_PAGE_SIZE} when omitted, at most ${MAX_PAGE_SIZE}.` })
  @IsOptional()
  @Min(0)
  @Max(MAX_PAGE_SIZE)
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'The `endCursor` of the previous page.' })
  @IsOptional()
  @MaxLength(2000)
  after?: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

/** A page as resolvers return it. `totalCount` is a thunk so the count query runs only when selected. */
export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  totalCount: number | (() => Promise<number>);
}

/** The `XxxEdge`/`XxxConnection` pair of the contract for one node type. */
export function ConnectionType<T extends object>(name: string, nodeType: ClassType<T>) {
  @ObjectType(`${name}Edge`, { description: `One ${name} of a page, with the cursor that marks its place in the list.` })
  class EdgeType {
    @Field({ description: 'Opaque position of this item: pass it as `after` to get the items that follow it. Valid as long as the list keeps its order.' })
    cursor!: string;

    @Field(() => nodeType, { description: `The ${name} at this place of the list.` })
    node!: T;
  }

  // simpleResolvers: type-graphql's resolver would not call the lazy `totalCount` thunk (see LAZY_FIELD).
  @ObjectType(`${name}Connection`, {
    simpleResolvers: true,
    description: `A page of ${name} items (a Relay connection): \`edges\` in the list's order, \`pageInfo\` to ask for the next page, \`totalCount\` counted only when selected.`,
  })
  class ConnectionObjectType {
    @Field(() => [EdgeType], { description: 'The items of this page in the order of the list, each with its cursor; empty past the end.' })
    edges!: EdgeType[];

    @Field(() => PageInfo, { description: 'Whether another page follows, and the cursors to ask for it.' })
    pageInfo!: PageInfo;

    @Field(() => Int, { description: 'Every item matching the filter, on all pages.' })
    @Extensions({ [LAZY_FIELD]: true })
    totalCount!: number;
  }
  return ConnectionObjectType;
}

/**
 * The sort keys of a list, most significant first. The last key must be unique (the id) so that
 * every row has one place; keys must be non-null columns.
 */
export type SortKeys<E> = ReadonlyArray<readonly [SortPath<E>, 'asc' | 'desc']>;

/** A property, or a property of an embedded value such as `price.amount`. */
export type SortPath<E> = (keyof E & string) | `${keyof E & string}.${string}`;

function valueAt(row: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown> | null)?.[key], row);
}

/** `price.amount`, x → `{ price: { amount: x } }`: how MikroORM filters and orders embedded values. */
function nested(path: string, leaf: unknown): Record<string, unknown> {
  return path
    .split('.')
    .reverse()
    .reduce<unknown>((inner, key) => ({ [key]: inner }), leaf) as Record<string, unknown>;
}

/** A cursor's values as opaque text (base64url JSON): lists with their own cursors share the encoding. */
export function encodeOpaqueCursor(values: readonly unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/** What `encodeOpaqueCursor` wrote, or null for text that is not such a cursor (to be refused by the caller). */
export function decodeOpaqueCursor(cursor: string): unknown {
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
}

/** Opaque cursor: the sort keys' names (so a cursor from another ordering is refused) and the row's values. */
function encodeCursor<E>(keys: SortKeys<E>, row: Row<E>): string {
  const values = keys.map(([key]) => {
    const value = valueAt(row, key);
    return value instanceof Date ? value.toISOString() : value;
  });
  return encodeOpaqueCursor([signatureOf(keys), ...values]);
}

/**
 * An edge whose cursor is written when it is read: most pages are shown without their edges'
 * cursors (a client pages with `pageInfo.endCursor`), and writing one is a JSON text and a base64
 * string per row.
 */
class PageEdge<E> implements Edge<Row<E>> {
  readonly #keys: SortKeys<E>;

  constructor(
    readonly node: Row<E>,
    keys: SortKeys<E>,
  ) {
    this.#keys = keys;
  }

  get cursor(): string {
    return encodeCursor(this.#keys, this.node);
  }
}

function signatureOf<E>(keys: SortKeys<E>): string {
  return keys.map(([key, direction]) => `${key}:${direction}`).join(',');
}

/** What a sort key's column holds, so that a cursor's values are checked before they reach SQL. */
type CursorValueKind = 'id' | 'timestamp' | 'date' | 'decimal' | 'integer' | 'text';

const INT4_MAX = 2 ** 31 - 1;
const TIMESTAMP_TEXT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;
const DATE_TEXT = /^(\d{4})-(\d{2})-(\d{2})$/;
const NUMERIC_TEXT = /^-?\d{1,20}(\.\d{1,10})?$/;

/** From the entity's metadata (`price.amount` through the embeddable); by name when there is none. */
function cursorKindOf(meta: EntityMetadata<any> | undefined, key: string): CursorValueKind {
  const [head, ...rest] = key.split('.');
  let prop: EntityProperty<any> | undefined = meta?.properties[head];
  for (const part of rest) prop = prop?.embeddedProps?.[part];
  const column = String(prop?.columnTypes?.[0] ?? '').toLowerCase();
  if (prop?.primary || column === 'bigint' || (!prop && key === 'id')) return 'id';
  if (column.startsWith('timestamp') || (!prop && key.endsWith('At'))) return 'timestamp';
  if (column === 'date') return 'date';
  if (column.startsWith('numeric') || column.startsWith('decimal')) return 'decimal';
  if (/^(int|integer|int4|smallint|int2)$/.test(column)) return 'integer';
  return 'text';
}

function isCursorValue(kind: CursorValueKind, value: unknown): boolean {
  switch (kind) {
    case 'id':
      return typeof value === 'string' && isWellFormedId(value);
    case 'timestamp':
      return typeof value === 'string' && TIMESTAMP_TEXT.test(value) && !Number.isNaN(Date.parse(value));
    case 'date': {
      const match = typeof value === 'string' ? DATE_TEXT.exec(value) : null;
      if (!match) return false;
      const [year, month, day] = match.slice(1).map(Number);
      const date = new Date(Date.UTC(year, month - 1, day));
      return year >= 1 && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
    }
    case 'decimal':
      return (typeof value === 'string' && NUMERIC_TEXT.test(value)) || (typeof value === 'number' && Number.isFinite(value));
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value) && Math.abs(value) <= INT4_MAX;
    case 'text':
      return typeof value === 'string' && value.length <= 2000 && !value.includes('\u0000');
  }
}

/**
 * The values of a cursor this list returned, each checked against its key's column type (a
 * tampered cursor is BAD_USER_INPUT, never a driver error). `meta`: the listed entity's metadata.
 */
function decodeCursor<E>(keys: SortKeys<E>, cursor: string, meta?: EntityMetadata<E>): unknown[] {
  const decoded = decodeOpaqueCursor(cursor);
  const valid =
    Array.isArray(decoded) &&
    decoded.length === keys.length + 1 &&
    decoded[0] === signatureOf(keys) &&
    keys.every(([key], i) => isCursorValue(cursorKindOf(meta, key), decoded[i + 1]));
  if (!valid) {
    throw BadUserInputError.field('after', 'is not a cursor of this list: use a cursor it returned, with the same ordering', 'INVALID_CURSOR');
  }
  return (decoded as unknown[]).slice(1);
}

/** Rows strictly after `values` in the order of `keys`: (a > x) OR (a = x AND (b > y OR ...)). */
function keysetAfter<E>(keys: SortKeys<E>, values: unknown[]): FilterQuery<E> {
  const [[key, direction], ...restKeys] = keys;
  const [value, ...restValues] = values;
  const beyond = nested(key, { [direction === 'asc' ? '$gt' : '$lt']: value });
  if (restKeys.length === 0) return beyond as FilterQuery<E>;
  return { $or: [beyond, { $and: [nested(key, value), keysetAfter(restKeys, restValues)] }] } as FilterQuery<E>;
}

function toOrderBy<E>(keys: SortKeys<E>): QueryOrderMap<E>[] {
  return keys.map(([key, direction]) => nested(key, direction) as QueryOrderMap<E>);
}

export function pageSize(first: number | null | undefined): number {
  return first ?? DEFAULT_PAGE_SIZE;
}

function toConnection<E>(
  rows: Row<E>[],
  keys: SortKeys<E>,
  first: number,
  after: string | null | undefined,
  totalCount: Connection<Row<E>>['totalCount'],
): Connection<Row<E>> {
  const edges = rows.slice(0, first).map((node) => new PageEdge(node, keys));
  return {
    edges,
    totalCount,
    pageInfo: {
      hasNextPage: rows.length > first,
      hasPreviousPage: after != null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

export interface PageRequest {
  first?: number | null;
  after?: string | null;
}

/** How a page that answers an operation is read: with the request's loaders, for one GraphQL type. */
export interface PageReading<E> {
  scope: LoaderScope;
  /** Many-to-one relations the first page reads with its rows, priming the loaders their fields read. */
  join?: JoinedRows<E>;
  /**
   * The GraphQL type of the items: the rows then carry only what the operation reads of it, with
   * the sort keys (see answer-selection.ts). Only for a page handed to GraphQL as it is.
   */
  answerType?: string;
}

/**
 * One page of `entity` rows matching `where`, in `keys` order, read one row ahead to know if more
 * follow. Plain rows (see `db/rows.ts`): a page is read, never changed. With `reading.join`, the
 * first page without conditions also reads the rows its items point to (a sale's customer), as
 * `rowsByParentLoader` does: one statement fewer, and those fields resolve at once.
 */
export async function paginate<E extends object>(
  em: EntityManager,
  entity: EntityClass<E>,
  where: FilterQuery<E>,
  keys: SortKeys<E>,
  { first, after }: PageRequest,
  reading?: PageReading<E>,
): Promise<Connection<Row<E>>> {
  const size = pageSize(first);
  const shape = pageShape(em, entity, keys, reading);
  const firstPage = after ? null : unfilteredPage(em, entity, where, keys, shape, reading);
  let rows: Row<E>[];
  if (firstPage) {
    rows = (await queryValues(em, firstPage.sql, [size + 1])).map((values) => {
      firstPage.joined?.prime(values);
      return shape.fromValues(values);
    });
  } else {
    const filter = after ? ({ $and: [where, keysetAfter(keys, decodeCursor(keys, after, em.getMetadata().find<E>(entity.name)))] } as FilterQuery<E>) : where;
    rows = await findRows(em, entity, filter, { orderBy: toOrderBy(keys), limit: size + 1, shape });
  }
  return toConnection(rows, keys, size, after, () => em.count(entity, where));
}

/**
 * The first page of a list without conditions (a list opened as it is, the commonest read), as one
 * fixed statement the driver prepares, instead of building the same SQL through MikroORM's query
 * builder on every request (7 % of a page of 50 sales' CPU). Null when `where` has a condition or a
 * sort key is not a plain column (an embedded value's): those go through `findRows`.
 */
function unfilteredPage<E extends object>(
  em: EntityManager,
  entity: EntityClass<E>,
  where: FilterQuery<E>,
  keys: SortKeys<E>,
  shape: RowShape<E>,
  reading: PageReading<E> | undefined,
): { sql: string; joined: RowJoins | null } | null {
  if (!isEmptyFilter(where) || keys.some(([key]) => key.includes('.'))) return null;
  const joined = reading?.join ? joinedRowsOf(reading.scope, entity, reading.join, shape) : null;
  const order = keys.map(([key, direction]) => `e."${shape.columnOf(key as keyof E & string)}" ${direction}`).join(', ');
  const columns = [shape.columnList('e'), joined?.columns].filter(Boolean).join(', ');
  return { sql: [`select ${columns} from "${shape.table}" e`, joined?.joins, `order by ${order} limit $1`].filter(Boolean).join(' '), joined };
}

/** The rows of a page: what the operation reads of `reading.answerType` and the sort keys, else whole. */
function pageShape<E extends object>(em: EntityManager, entity: EntityClass<E>, keys: SortKeys<E>, reading: PageReading<E> | undefined): RowShape<E> {
  const read = reading?.answerType ? reading.scope.loaders.answerPropertiesOfType(reading.answerType) : null;
  if (read === null) return rowShape(em, entity);
  const sortKeys = keys.map(([key]) => key.split('.')[0]);
  return rowShape(em, entity, [...new Set([...(read ?? ['id']), ...sortKeys])].sort());
}

/** `{}`, or `$and` of nothing but such filters (a list's conditions when none was asked for). */
function isEmptyFilter(where: unknown): boolean {
  if (!where || typeof where !== 'object' || Array.isArray(where) || Object.getOwnPropertySymbols(where).length) return false;
  const entries = Object.entries(where);
  return entries.every(([key, value]) => key === '$and' && Array.isArray(value) && value.every(isEmptyFilter));
}

interface ParentPageOptions<E> {
  entity: EntityClass<E>;
  /** The many-to-one property naming the parent, e.g. `customer`. */
  parent: keyof E & string;
  keys: SortKeys<E>;
  where?: FilterQuery<E>;
}

/**
 * Pages of a nested list (a customer's interactions, a plan's subscribers) for many parents at
 * once: one windowed query for the rows and, only if `totalCount` is selected, one grouped count,
 * whatever the number of parents. `args` (page size and cursor) are the same for every parent
 * of a batch: the registry keeps one loader per distinct `args`.
 */
export function pageByParentLoader<E extends object>(
  options: ParentPageOptions<E>,
): LoaderFactory<string, Connection<Row<E>>, PageRequest> {
  const { entity, parent, keys, where = {} as FilterQuery<E> } = options;
  return ({ em }, { first, after }) => {
    const size = pageSize(first);
    const afterValues = after ? decodeCursor(keys, after, em.getMetadata().find<E>(entity.name)) : null;
    const counts = countByParentLoader(em, entity, parent, where);
    const shape = rowShape(em, entity);
    return new DataLoader<string, Connection<Row<E>>>(async (parentIds) => {
      const column = (property: string) => `e.${shape.columnOf(property as keyof E & string)}`;
      const window = `row_number() over (partition by ${column(parent)} order by ${keys
        .map(([key, direction]) => `${column(key)} ${direction}`)
        .join(', ')}) as page_position`;
      const conditions = [{ [parent]: { $in: [...parentIds] } }, where];
      if (afterValues) conditions.push(keysetAfter(keys, afterValues));
      const ranked = em
        .createQueryBuilder(entity, 'e')
        .select([raw(shape.columnList('e')), raw(window)])
        .where({ $and: conditions } as FilterQuery<E>);
      const query = em
        .getKnex()
        .select('*')
        .from(ranked.getKnexQuery().as('ranked'))
        .where('page_position', '<=', size + 1)
        .orderBy('page_position');
      const rows: Record<string, unknown>[] = await em.execute(query);
      const parentColumn = shape.columnOf(parent);
      const byParent = new Map<string, Row<E>[]>(parentIds.map((id) => [id, []]));
      for (const row of rows) byParent.get(String(row[parentColumn]))?.push(shape.map(row));
      return parentIds.map((id) => toConnection(byParent.get(id)!, keys, size, after, () => counts.load(id)));
    });
  };
}

function countByParentLoader<E extends object>(
  em: EntityManager,
  entity: EntityClass<E>,
  parent: keyof E & string,
  where: FilterQuery<E>,
): DataLoader<string, number> {
  return new DataLoader<string, number>(async (parentIds) => {
    const rows: { parent: string; total: string }[] = await em
      .createQueryBuilder(entity, 'e')
      .select([raw(`e.${em.getMetadata().get<E>(entity.name).properties[parent as EntityKey<E>].fieldNames[0]} as parent`), raw('count(*) as total')])
      .where({ $and: [{ [parent]: { $in: [...parentIds] } }, where] } as FilterQuery<E>)
      .groupBy(parent)
      .execute('all', false);
    const totals = new Map(rows.map((row) => [String(row.parent), Number(row.total)]));
    return parentIds.map((id) => totals.get(id) ?? 0);
  });
}
