import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { EntityClass } from '@mikro-orm/core';
import { queryRows, rowShape, type Ref, type Row } from './db/rows';
import { isWellFormedId } from './ids';

/** What a loader may use: the request's own EntityManager. */
export interface LoaderScope {
  em: EntityManager;
}

/** Builds one DataLoader for one request; `args` tells apart loaders of the same kind (e.g. page size). */
export type LoaderFactory<K, V, A = undefined> = (scope: LoaderScope, args: A) => DataLoader<K, V>;

/**
 * The request's DataLoaders, created on first use. Modules define their loaders as factories
 * (`customerById`, `interactionPageByCustomer`, ...) and resolvers ask for them here, so `core`
 * needs to know nothing about any domain.
 */
export class LoaderRegistry {
  private readonly loaders = new Map<LoaderFactory<any, any, any>, Map<string, DataLoader<any, any>>>();

  constructor(private readonly scope: LoaderScope) {}

  get<K, V>(factory: LoaderFactory<K, V, undefined>): DataLoader<K, V>;
  get<K, V, A>(factory: LoaderFactory<K, V, A>, args: A): DataLoader<K, V>;
  get<K, V, A>(factory: LoaderFactory<K, V, A>, args?: A): DataLoader<K, V> {
    let byArgs = this.loaders.get(factory);
    if (!byArgs) this.loaders.set(factory, (byArgs = new Map()));
    const key = args === undefined ? '' : JSON.stringify(args);
    let loader = byArgs.get(key);
    if (!loader) byArgs.set(key, (loader = factory(this.scope, args as A)));
    return loader;
  }

  /** After a mutation commits, cached rows may be stale: later fields load afresh. */
  clear(): void {
    this.loaders.clear();
  }
}

/** `Entity` rows by id, one prepared statement per batch; an unknown or malformed id gives null. */
export function rowByIdLoader<E extends object>(entity: EntityClass<E>): LoaderFactory<string, Row<E> | null> {
  return ({ em }) => {
    const shape = rowShape(em, entity);
    const sql = `select ${shape.columnList()} from "${shape.table}" where "id" = any($1::bigint[])`;
    return new DataLoader<string, Row<E> | null>(async (ids) => {
      const wellFormed = ids.filter(isWellFormedId);
      const rows = wellFormed.length ? (await queryRows(em, sql, [wellFormed])).map(shape.map) : [];
      const byId = new Map(rows.map((row) => [(row as unknown as Ref).id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    });
  };
}

/**
 * Every `Entity` row of each parent, for small bounded lists (history entries, a sale's lines):
 * one prepared statement per batch, grouped by the parent's id. Paged lists use `pageByParentLoader`.
 */
export function rowsByParentLoader<E extends object>(
  entity: EntityClass<E>,
  parentProperty: keyof E & string,
  orderBy: Partial<Record<keyof E & string, 'asc' | 'desc'>>,
): LoaderFactory<string, Row<E>[]> {
  return ({ em }) => {
    const shape = rowShape(em, entity);
    const parentColumn = shape.columnOf(parentProperty);
    const order = [...Object.entries(orderBy), ['id', 'asc']].map(([property, direction]) => `"${shape.columnOf(property as keyof E & string)}" ${direction}`);
    const sql = `select ${shape.columnList()} from "${shape.table}" where "${parentColumn}" = any($1::bigint[]) order by ${order.join(', ')}`;
    return new DataLoader<string, Row<E>[]>(async (parentIds) => {
      const wellFormed = parentIds.filter(isWellFormedId);
      const rawRows = wellFormed.length ? await queryRows(em, sql, [wellFormed]) : [];
      const byParent = new Map<string, Row<E>[]>(parentIds.map((id) => [id, []]));
      for (const raw of rawRows) byParent.get(String(raw[parentColumn]))?.push(shape.map(raw));
      return parentIds.map((id) => byParent.get(id)!);
    });
  };
}
