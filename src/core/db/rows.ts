import { createHash } from 'node:crypto';
import { ReferenceKind, type EntityClass, type EntityMetadata, type EntityProperty, type FilterQuery, type QueryOrderMap } from '@mikro-orm/core';
import { raw, type EntityManager } from '@mikro-orm/postgresql';
import parseDate from 'postgres-date';

/**
 * The read path: rows as plain objects, never managed entities.
 *
 * Answering a query needs no identity map, change tracking or entity factory, and those cost
 * several times the SQL itself (a page of 50 sales with lines: 34.5 ms of CPU through `em.find`,
 * 5 ms as plain rows). A `Row<E>` has the entity's properties with the same values and names
 * (`createdAt`, `price.amount`), and a many-to-one relation as `{ id }`, which is all a field
 * resolver reads of it (`sale.customer.id`). So one GraphQL type serves both: mutations return
 * entities, queries return rows.
 */

/** A many-to-one relation in a row: the id of the row it points to. */
export interface Ref {
  id: string;
}

type RowValue<V> = V extends Date | readonly unknown[] ? V : V extends Ref ? Ref : V;

/** An entity's data without its behaviour: what the read path hands to resolvers. */
export type Row<E> = { [K in keyof E as E[K] extends (...args: never[]) => unknown ? never : K]: RowValue<E[K]> };

/** How one column lands in a row object. */
interface ColumnMapping {
  column: string;
  /** `['price', 'amount']` for a column of an inline embedded value. */
  path: readonly string[];
  kind: 'value' | 'date' | 'reference';
  /** For an embedded value stored as JSON: its keys as stored → as the entity names them. */
  renames?: readonly (readonly [string, string])[];
}

/** What the read path knows of one entity: its table, the columns it selects and how they map. */
export interface RowShape<E> {
  table: string;
  /** The column names selected, in order. */
  columns: readonly string[];
  /** Quoted, comma-separated: ready for a select list (optionally prefixed with an alias). */
  columnList(alias?: string): string;
  columnOf(property: keyof E & string): string;
  map(raw: Record<string, unknown>): Row<E>;
  /**
   * `map` for a row read as an array of values (`queryValues`), its columns in `columns` order
   * from `offset` on (a joined table's columns follow its parent's).
   */
  fromValues(values: readonly unknown[], offset?: number): Row<E>;
}

// MikroORM sets the pool's parsers to keep timestamps as text and parses them for entities with
// postgres-date (PostgreSqlPlatform.parseDate): rows use the same parser, so they get the Date the
// entity would have (pg's own parser is postgres-date 1: a regular expression, twice as slow,
// and a match array per timestamp, hundreds per page).
const parseTimestamp = parseDate as (value: string) => Date;

const shapes = new WeakMap<EntityMetadata, RowShape<unknown>>();

/**
 * The row shape of `entity`: every column but lazy and hidden ones. Given `properties` (sorted,
 * `id` among them), only their columns: for rows that serve an answer which reads nothing else
 * (see answer-selection.ts); still every column when one of them has none here (a collection, a
 * hidden or lazy column).
 */
export function rowShape<E extends object>(em: EntityManager, entity: EntityClass<E>, properties?: readonly string[] | null): RowShape<E> {
  const meta = em.getMetadata().get<E>(entity.name);
  if (properties) {
    const narrow = narrowRowShape(meta, properties);
    if (narrow) return narrow;
  }
  let shape = shapes.get(meta) as RowShape<E> | undefined;
  if (!shape) shapes.set(meta, (shape = buildShape(meta)) as RowShape<unknown>);
  return shape;
}

const narrowShapes = new WeakMap<EntityMetadata, Map<string, RowShape<unknown> | null>>();

/** The shape with only the columns of `properties`; null when one of them has no column. */
function narrowRowShape<E>(meta: EntityMetadata<E>, properties: readonly string[]): RowShape<E> | null {
  let byProperties = narrowShapes.get(meta);
  if (!byProperties) narrowShapes.set(meta, (byProperties = new Map()));
  const key = properties.join(',');
  if (!byProperties.has(key)) {
    const shape = buildShape(meta, new Set(properties));
    const usable = shape.columns.length > 0 && properties.every((property) => shape.has(property));
    byProperties.set(key, usable ? (STRICT_NARROW_ROWS ? strictShape(shape, meta, properties) : shape) as RowShape<unknown> : null);
  }
  return byProperties.get(key) as RowShape<E> | null;
}

/**
 * `CLARO_STRICT_NARROW_ROWS=1` (set for the test suite by its global set-up): a narrowed row
 * throws when code reads one of the entity's properties it left out. A resolver that reads more
 * than its type's fields declare (see answer-selection.ts) then fails every test that reaches it,
 * where in production it would answer undefined.
 */
const STRICT_NARROW_ROWS = process.env.CLARO_STRICT_NARROW_ROWS === '1';

function strictShape<E>(shape: RowShape<E>, meta: EntityMetadata<E>, properties: readonly string[]): RowShape<E> {
  const kept = new Set(properties);
  const whole = buildShape(meta);
  const leftOut = new Set(meta.props.map((prop) => prop.name as string).filter((name) => whole.has(name) && !kept.has(name)));
  const guarded = <R extends object>(row: R): R =>
    new Proxy(row, {
      get(target, property, receiver) {
        if (typeof property === 'string' && leftOut.has(property)) {
          throw new Error(`${meta.className}.${property} was read from a row narrowed to ${properties.join(', ')}: declare what the field reads (ROW_READS)`);
        }
        return Reflect.get(target, property, receiver);
      },
    });
  return { ...shape, map: (raw) => guarded(shape.map(raw)), fromValues: (values, offset) => guarded(shape.fromValues(values, offset)) };
}

function buildShape<E>(meta: EntityMetadata<E>, only?: ReadonlySet<string>): RowShape<E> & { has(property: string): boolean } {
  const mappings: ColumnMapping[] = [];
  for (const prop of meta.props as EntityProperty<E>[]) {
    // Lazy columns (a customer's search text) serve filters; hidden ones (a password hash) are never shown.
    if (prop.lazy || prop.hidden || prop.persist === false || prop.formula) continue;
    if (prop.kind === ReferenceKind.EMBEDDED && !prop.object) continue; // its columns come as props of their own
    if (prop.kind === ReferenceKind.ONE_TO_MANY || prop.kind === ReferenceKind.MANY_TO_MANY) continue;
    if (prop.kind === ReferenceKind.MANY_TO_ONE || prop.kind === ReferenceKind.ONE_TO_ONE) {
      if (prop.owner === false || prop.fieldNames.length !== 1) continue;
      mappings.push({ column: prop.fieldNames[0], path: [prop.name], kind: 'reference' });
      continue;
    }
    const path = prop.embedded ?? [prop.name];
    const renames = prop.kind === ReferenceKind.EMBEDDED ? jsonKeyRenames(prop) : undefined;
    mappings.push({ column: prop.fieldNames[0], path, kind: prop.runtimeType === 'Date' ? 'date' : 'value', renames });
  }
  if (only) for (let i = mappings.length - 1; i >= 0; i--) if (!only.has(mappings[i].path[0])) mappings.splice(i, 1);
  const mapped = new Set(mappings.map((mapping) => mapping.path[0]));
  const columns = new Map<string, string | undefined>(meta.props.map((prop) => [prop.name, prop.fieldNames?.[0]]));
  const quoted = mappings.map((mapping) => `"${mapping.column}"`);
  return {
    has: (property) => mapped.has(property),
    table: meta.tableName,
    columns: mappings.map((mapping) => mapping.column),
    columnList: (alias) => (alias ? quoted.map((column) => `${alias}.${column}`) : quoted).join(', '),
    columnOf(property) {
      const column = columns.get(property);
      if (!column) throw new Error(`${meta.className}.${property} has no column`);
      return column;
    },
    map: (raw) => {
      const row: Record<string, unknown> = {};
      for (const mapping of mappings) {
        const value = converted(mapping, raw[mapping.column]);
        const { path } = mapping;
        if (path.length === 1) row[path[0]] = value;
        else ((row[path[0]] ??= {}) as Record<string, unknown>)[path[1]] = value;
      }
      return row as Row<E>;
    },
    fromValues: compileFromValues(mappings) as RowShape<E>['fromValues'],
  };
}

function converted({ kind, renames }: ColumnMapping, value: unknown): unknown {
  if (value == null) return value;
  if (kind === 'reference') return { id: String(value) };
  if (kind === 'date' && typeof value === 'string') return parseTimestamp(value);
  if (renames) return Array.isArray(value) ? value.map((item) => renameKeys(item, renames)) : renameKeys(value, renames);
  return value;
}

/**
 * `map` for an array of values, as a function written for the shape: one object literal with the
 * properties in the same order as `map` gives them. The hot loop of every read (hundreds of rows
 * per page) then creates each row with one stable hidden class, where a loop over the mappings
 * stores properties by computed keys (V8's slowest, megamorphic path), and skips the driver's own
 * object per row. Only names from the entity metadata go into the code, each through
 * JSON.stringify.
 */
function compileFromValues(mappings: readonly ColumnMapping[]): (values: readonly unknown[], offset?: number) => Record<string, unknown> {
  const expression = (mapping: ColumnMapping, i: number) => {
    const value = `c${i}`;
    if (mapping.kind === 'reference') return `${value} == null ? ${value} : { id: String(${value}) }`;
    if (mapping.kind === 'date') return `typeof ${value} === 'string' ? parseTimestamp(${value}) : ${value}`;
    if (mapping.renames) return `converted(mappings[${i}], ${value})`;
    return value;
  };
  // Properties in order of first appearance; an embedded value's parts together, as `map` nests them.
  const properties = new Map<string, string | Map<string, string>>();
  mappings.forEach((mapping, i) => {
    const [name, part] = mapping.path;
    if (part === undefined) properties.set(name, expression(mapping, i));
    else {
      let parts = properties.get(name);
      if (!(parts instanceof Map)) properties.set(name, (parts = new Map()));
      parts.set(part, expression(mapping, i));
    }
  });
  const literal = (entries: Map<string, string | Map<string, string>>): string =>
    `{ ${[...entries].map(([name, value]) => `${JSON.stringify(name)}: ${typeof value === 'string' ? value : literal(value)}`).join(', ')} }`;
  const body = [
    'return function fromValues(v, o) {',
    '  o = o || 0;',
    ...mappings.map((_, i) => `  const c${i} = v[o + ${i}];`),
    `  return ${literal(properties)};`,
    '};',
  ].join('\n');
  return new Function('parseTimestamp', 'converted', 'mappings', body)(parseTimestamp, converted, mappings);
}

/** `countryCode` is stored as `country_code` inside an address's JSON: the pairs that differ. */
function jsonKeyRenames(prop: EntityProperty): (readonly [string, string])[] | undefined {
  const renames = Object.values(prop.embeddedProps ?? {})
    .map((child) => [child.embeddedPath?.at(-1) ?? child.name, child.embedded?.[1] ?? child.name] as const)
    .filter(([stored, named]) => stored !== named);
  return renames.length ? renames : undefined;
}

function renameKeys(value: unknown, renames: readonly (readonly [string, string])[]): unknown {
  const renamed = { ...(value as Record<string, unknown>) };
  for (const [stored, named] of renames) {
    if (!(stored in renamed)) continue;
    renamed[named] = renamed[stored];
    delete renamed[stored];
  }
  return renamed;
}

/** Rows matching a MikroORM filter: for lists whose conditions vary (filters, cursors). */
export async function findRows<E extends object>(
  em: EntityManager,
  entity: EntityClass<E>,
  where: FilterQuery<E>,
  { orderBy = [], limit, shape = rowShape(em, entity) }: { orderBy?: QueryOrderMap<E>[]; limit?: number; shape?: RowShape<E> } = {},
): Promise<Row<E>[]> {
  const query = em.createQueryBuilder(entity, 'e').select(raw(shape.columnList('e'))).where(where).orderBy(orderBy);
  if (limit !== undefined) query.limit(limit);
  const rows: Record<string, unknown>[] = await query.execute('all', false);
  return rows.map(shape.map);
}

/** What a by-id loader's `loadMany` found, by id (misses and errors left out). */
export function rowsById<R extends Ref>(found: ReadonlyArray<R | null | Error>): Map<string, R> {
  return new Map(found.filter((row): row is R => row != null && !(row instanceof Error)).map((row) => [row.id, row]));
}

interface PreparedQuery {
  name: string;
  text: string;
  values: unknown[];
  rowMode?: 'array';
}

interface PgClient {
  query(config: PreparedQuery): Promise<{ rows: unknown[] }>;
}

interface KnexClient {
  acquireConnection(): Promise<PgClient>;
  releaseConnection(connection: PgClient): Promise<void> | void;
}

/**
 * Runs one fixed read statement as a named prepared statement (PostgreSQL parses and plans it
 * once per connection), on the request's transaction when it has one. Only for SQL whose text
 * does not depend on the data (`= any($1)` rather than `in (...)`), so the statements a
 * connection keeps stay few. Logged like MikroORM's own statements, so they are counted too.
 */
export async function queryRows<T = Record<string, unknown>>(em: EntityManager, text: string, values: unknown[]): Promise<T[]> {
  return (await runPrepared(em, { name: statementName(text), text, values })) as T[];
}

/** `queryRows` with each row as an array of its values, in select-list order (for `RowShape.fromValues`). */
export async function queryValues(em: EntityManager, text: string, values: unknown[]): Promise<unknown[][]> {
  return (await runPrepared(em, { name: statementName(text), text, values, rowMode: 'array' })) as unknown[][];
}

async function runPrepared(em: EntityManager, query: PreparedQuery): Promise<unknown[]> {
  const transaction = em.getTransactionContext<{ client: KnexClient }>();
  const client: KnexClient = transaction ? transaction.client : (em.getKnex().client as KnexClient);
  const started = Date.now();
  const connection = await client.acquireConnection();
  try {
    return (await connection.query(query)).rows;
  } catch (error) {
    throw em.getDriver().convertException(error as Error);
  } finally {
    await client.releaseConnection(connection);
    em.config.getLogger().logQuery({ query: query.text, params: query.values, took: Date.now() - started, level: 'info' });
  }
}

const statementNames = new Map<string, string>();

function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) statementNames.set(text, (name = `claro_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`));
  return name;
}
