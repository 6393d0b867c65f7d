import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { EntityClass, EntityProperty } from '@mikro-orm/core';
import { queryValues, rowShape, type Ref, type Row, type RowShape } from './db/rows';
import type { AnswerSelection } from './graphql/answer-selection';
import { isWellFormedId } from './ids';
import type { ServiceRegistry } from './services';

/** What a loader may use: the request's own EntityManager, and the other loaders (to prime them). */
export interface LoaderScope {
  em: EntityManager;
  loaders: LoaderRegistry;
  /** The process's long-lived services (a report reads from the replica when one runs). */
  services?: ServiceRegistry;
}

/** Builds one DataLoader for one request; `args` tells apart loaders of the same kind (e.g. page size). */
export type LoaderFactory<K, V, A = undefined, L extends DataLoader<K, V> = DataLoader<K, V>> = (scope: LoaderScope, args: A) => L;

/** What a field returns from `RowLoader.loadNow`: the value when it is already here, else a promise of it. */
export type Loaded<V> = V | Promise<V>;

/**
 * A DataLoader that also keeps the values it has loaded or been primed with, so that a field whose
 * row is already here (a line's product, read with the line; the viewer's own staff row) returns
 * it at once (`loadNow`) instead of a promise. On a page of sales that is hundreds of promises
 * fewer per request, each with its async-hook and garbage-collection cost, and graphql-js
 * completes the objects around them synchronously. `load` keeps DataLoader's behaviour.
 */
export class RowLoader<K, V> extends DataLoader<K, V> {
  private readonly cached: Map<K, Promise<V>>;

  private readonly known: Map<K, V>;

  constructor(batch: DataLoader.BatchLoadFn<K, V>) {
    const cached = new Map<K, Promise<V>>();
    const known = new Map<K, V>();
    super(
      async (keys) => {
        const values = await batch(keys);
        keys.forEach((key, i) => {
          const value = values[i];
          // A key cleared while its batch ran is not kept.
          if (!(value instanceof Error) && cached.has(key)) known.set(key, value);
        });
        return values;
      },
      { cacheMap: cached },
    );
    this.cached = cached;
    this.known = known;
  }

  /** The value of `key` when it was loaded or primed already, else `load(key)`. */
  loadNow(key: K): Loaded<V> {
    const value = this.known.get(key);
    return value !== undefined || this.known.has(key) ? (value as V) : this.load(key);
  }

  override prime(key: K, value: V | PromiseLike<V> | Error): this {
    // As DataLoader: a key already cached (or being loaded) keeps its value.
    if (!this.cached.has(key) && !(value instanceof Error) && !isPromiseLike(value)) this.known.set(key, value);
    return super.prime(key, value);
  }

  override clear(key: K): this {
    this.known.delete(key);
    return super.clear(key);
  }

  override clearAll(): this {
    this.known.clear();
    return super.clearAll();
  }
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}

/**
 * The request's DataLoaders, created on first use. Modules define their loaders as factories
 * (`customerById`, `interactionPageByCustomer`, ...) and resolvers ask for them here, so `core`
 * needs to know nothing about any domain.
 */
export class LoaderRegistry {
  private readonly loaders = new Map<LoaderFactory<any, any, any>, Map<string, DataLoader<any, any>>>();

  private readonly scope: LoaderScope;

  constructor(em: EntityManager, services?: ServiceRegistry) {
    this.scope = { em, loaders: this, services };
  }

  get<K, V, L extends DataLoader<K, V> = DataLoader<K, V>>(factory: LoaderFactory<K, V, undefined, L>): L;
  get<K, V, A, L extends DataLoader<K, V> = DataLoader<K, V>>(factory: LoaderFactory<K, V, A, L>, args: A): L;
  get<K, V, A, L extends DataLoader<K, V>>(factory: LoaderFactory<K, V, A, L>, args?: A): L {
    let byArgs = this.loaders.get(factory);
    if (!byArgs) this.loaders.set(factory, (byArgs = new Map()));
    const key = args === undefined ? '' : JSON.stringify(args);
    let loader = byArgs.get(key);
    if (!loader) byArgs.set(key, (loader = factory(this.scope, args as A)));
    return loader as L;
  }

  private selection: AnswerSelection | undefined;

  private readonly answerLoaders = new Map<LoaderFactory<any, any, any>, DataLoader<any, any>>();

  /** The operation this request answers, once known: what `forAnswer` and the joins narrow rows to. */
  answering(selection: AnswerSelection): void {
    this.selection = selection;
    this.answerLoaders.clear();
  }

  /**
   * The properties the operation reads of `byId`'s rows (sorted, `id` among them), when known:
   * undefined when it reads none, null when it may read any (or no operation is known).
   */
  answerProperties(factory: LoaderFactory<any, any, any>): readonly string[] | null | undefined {
    return this.selection ? this.selection.propertiesOf(factory) : null;
  }

  /** `answerProperties` for the rows of a GraphQL type named directly (a page's items). */
  answerPropertiesOfType(typeName: string): readonly string[] | null | undefined {
    return this.selection ? this.selection.propertiesOfType(typeName) : null;
  }

  /**
   * The by-id loader whose rows serve only the operation's answer (a relation's field resolver):
   * rows with just the columns the operation reads of that type (see answer-selection.ts), or the
   * whole rows of `byId` itself when it may read any. Never for business rules: they read `get(byId)`.
   */
  forAnswer<K, V>(factory: AnswerLoaderFactory<K, V>): RowLoader<K, V> {
    let loader = this.answerLoaders.get(factory);
    if (!loader) {
      const properties = this.answerProperties(factory);
      loader = properties ? this.get(factory, { properties }) : this.get(factory, undefined);
      this.answerLoaders.set(factory, loader);
    }
    return loader as unknown as RowLoader<K, V>;
  }

  /** After a mutation commits, cached rows may be stale: later fields load afresh. */
  clear(): void {
    this.loaders.clear();
    this.answerLoaders.clear();
  }
}

/** What a by-id loader may be asked for: only some properties of its rows (see `LoaderRegistry.forAnswer`). */
export interface RowByIdArgs {
  properties?: readonly string[];
}

/** A loader whose rows may be narrowed to what the operation reads (`forAnswer`): by id, or by parent. */
export type AnswerLoaderFactory<K, V> = LoaderFactory<K, V, RowByIdArgs | undefined, RowLoader<K, V>> & {
  /** The GraphQL type its rows answer as, when the app's entity types do not say (`app.entityType`). */
  answerType?: string;
};

export type RowByIdFactory<V> = AnswerLoaderFactory<string, V>;

/**
 * `Entity` rows by id, one prepared statement per batch; an unknown or malformed id gives null.
 * Asked for some `properties` only (`forAnswer`), rows with just their columns.
 */
export function rowByIdLoader<E extends object>(entity: EntityClass<E>): RowByIdFactory<Row<E> | null> {
  return ({ em }, args) => {
    const shape = rowShape(em, entity, args?.properties);
    const sql = `select ${shape.columnList()} from "${shape.table}" where "id" = any($1::bigint[])`;
    return new RowLoader<string, Row<E> | null>(async (ids) => {
      const wellFormed = ids.filter(isWellFormedId);
      const rows = wellFormed.length ? (await queryValues(em, sql, [wellFormed])).map((values) => shape.fromValues(values)) : [];
      const byId = new Map(rows.map((row) => [(row as unknown as Ref).id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    });
  };
}

/** Rows that a parent's rows point to, read in the same statement and handed to their by-id loader. */
export type JoinedRows<E> = Partial<Record<keyof E & string, RowByIdFactory<Row<any> | null>>>;

/** The SQL and the priming of `joinedRowsOf`. */
export interface RowJoins {
  /** The joined tables' columns, to follow the entity's own (`e.…`) in the select list; '' for none. */
  columns: string;
  /** The left joins, after `from "<table>" e`. */
  joins: string;
  /** Hands the joined rows of one result row (its values from `queryValues`) to their by-id loaders. */
  prime(values: readonly unknown[]): void;
}

/**
 * Many-to-one relations of `entity` read with its rows (left joins, their columns after the
 * entity's own), for lists whose items are nearly always shown with them: each joined row primes
 * the loader its relation's field resolver reads (`forAnswer`), so the field resolves at once
 * (`loadNow`), with no statement of its own. Once the operation is known, a joined table brings
 * only the columns it reads of that type, and none when it reads nothing of it.
 */
export function joinedRowsOf<E extends object>({ em, loaders }: LoaderScope, entity: EntityClass<E>, join: JoinedRows<E>, shape: RowShape<E> = rowShape(em, entity)): RowJoins {
  const meta = em.getMetadata().get<E>(entity.name);
  let offset = shape.columns.length;
  const joined = (Object.entries(join) as [string, RowByIdFactory<Row<any> | null>][]).flatMap(([property, factory], index) => {
    const properties = loaders.answerProperties(factory);
    if (properties === undefined) return [];
    const targetClass = (meta.properties as Record<string, EntityProperty>)[property].targetMeta!.class;
    const target: RowShape<any> = rowShape(em, targetClass, properties);
    const alias = `j${index}`;
    const table = {
      alias,
      offset,
      target,
      loader: loaders.forAnswer(factory),
      idAt: offset + target.columns.indexOf('id'),
      join: `left join "${target.table}" ${alias} on ${alias}."id" = e."${shape.columnOf(property as keyof E & string)}"`,
    };
    offset += target.columns.length;
    return [table];
  });
  return {
    columns: joined.map((j) => j.target.columnList(j.alias)).join(', '),
    joins: joined.map((j) => j.join).join(' '),
    prime(values) {
      for (const { idAt, offset: at, loader, target } of joined) {
        const id = values[idAt];
        if (id != null) loader.prime(String(id), target.fromValues(values, at));
      }
    },
  };
}

/**
 * Every `Entity` row of each parent, for small bounded lists (history entries, a sale's lines):
 * one prepared statement per batch, grouped by the parent's id. Paged lists use `pageByParentLoader`.
 *
 * `join` names many-to-one relations whose rows come in the same statement (a left join) and
 * prime their by-id loader, for lists whose items are nearly always shown with them (a sale's
 * lines with their product or plan): one round trip instead of two on the hottest page.
 */
export function rowsByParentLoader<E extends object>(
  entity: EntityClass<E>,
  parentProperty: keyof E & string,
  orderBy: Partial<Record<keyof E & string, 'asc' | 'desc'>>,
  join: JoinedRows<E> = {},
  /** The GraphQL type of the rows, for `forAnswer` to narrow them to what the operation reads. */
  answerType?: string,
): AnswerLoaderFactory<string, Row<E>[]> {
  const factory: AnswerLoaderFactory<string, Row<E>[]> = ({ em, loaders }, args) => {
    const shape = rowShape(em, entity, args?.properties && [...new Set([...args.properties, parentProperty])].sort());
    const joined = joinedRowsOf({ em, loaders }, entity, join, shape);
    const parentAt = shape.columns.indexOf(shape.columnOf(parentProperty));
    const order = [...Object.entries(orderBy), ...('id' in orderBy ? [] : [['id', 'asc']])].map(([property, direction]) => `e."${shape.columnOf(property as keyof E & string)}" ${direction}`);
    const sql = [
      `select ${[shape.columnList('e'), joined.columns].filter(Boolean).join(', ')}`,
      `from "${shape.table}" e`,
      joined.joins,
      `where e."${shape.columnOf(parentProperty)}" = any($1::bigint[]) order by ${order.join(', ')}`,
    ]
      .filter(Boolean)
      .join(' ');
    return new RowLoader<string, Row<E>[]>(async (parentIds) => {
      const wellFormed = parentIds.filter(isWellFormedId);
      const rows = wellFormed.length ? await queryValues(em, sql, [wellFormed]) : [];
      const byParent = new Map<string, Row<E>[]>(parentIds.map((id) => [id, []]));
      for (const values of rows) {
        byParent.get(String(values[parentAt]))?.push(shape.fromValues(values));
        joined.prime(values);
      }
      return parentIds.map((id) => byParent.get(id)!);
    });
  };
  factory.answerType = answerType;
  return factory;
}
