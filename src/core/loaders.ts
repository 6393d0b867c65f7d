import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { EntityClass, FilterQuery, QueryOrderMap } from '@mikro-orm/core';
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

interface HasId {
  id: string;
}

/** `Entity` rows by id, one `IN (...)` query per batch; an unknown or malformed id gives null. */
export function entityByIdLoader<E extends HasId>(entity: EntityClass<E>): LoaderFactory<string, E | null> {
  return ({ em }) =>
    new DataLoader<string, E | null>(async (ids) => {
      const wellFormed = ids.filter(isWellFormedId);
      const rows = wellFormed.length ? await em.find(entity, { id: { $in: wellFormed } } as unknown as FilterQuery<E>) : [];
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    });
}

/**
 * Every `Entity` row of each parent, for small bounded lists (history entries, a sale's lines):
 * one query per batch, grouped by the parent's id. Paged lists use `pageByParentLoader`.
 */
export function entitiesByParentLoader<E extends object>(
  entity: EntityClass<E>,
  parentProperty: keyof E & string,
  orderBy: QueryOrderMap<E>,
): LoaderFactory<string, E[]> {
  return ({ em }) =>
    new DataLoader<string, E[]>(async (parentIds) => {
      const rows = await em.find(entity, { [parentProperty]: { $in: [...parentIds] } } as FilterQuery<E>, {
        orderBy: [orderBy, { id: 'asc' }] as QueryOrderMap<E>[],
      });
      const byParent = new Map<string, E[]>(parentIds.map((id) => [id, []]));
      for (const row of rows) {
        const parent = row[parentProperty] as unknown as HasId;
        byParent.get(parent.id)?.push(row);
      }
      return parentIds.map((id) => byParent.get(id)!);
    });
}
