import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { EntityClass, EntityProperty } from '@mikro-orm/core';
import { queryRows, rowShape, type Ref, type Row } from './db/rows';
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
export type LoaderFactory<K, V, A = undefined> = (scope: LoaderScope, args: A) => DataLoader<K, V>;

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

/** Rows that a parent's rows point to, read in the same statement and handed to their by-id loader. */
export type JoinedRows<E> = Partial<Record<keyof E & string, LoaderFactory<string, Row<any> | null>>>;

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
): LoaderFactory<string, Row<E>[]> {
  return ({ em, loaders }) => {
    const shape = rowShape(em, entity);
    const meta = em.getMetadata().get<E>(entity.name);
    const joined = Object.entries(join).map(([property, byId], index) => {
      const alias = `j${index}`;
      const target = rowShape(em, (meta.properties as Record<string, EntityProperty>)[property].targetMeta!.class);
      return {
        property,
        alias,
        loader: loaders.get(byId as LoaderFactory<string, Row<any> | null>),
        target,
        select: target.columns.map((column) => `${alias}."${column}" as "${alias}.${column}"`).join(', '),
        from: `left join "${target.table}" ${alias} on ${alias}."id" = e."${shape.columnOf(property as keyof E & string)}"`,
      };
    });
    const parentColumn = shape.columnOf(parentProperty);
    const order = [...Object.entries(orderBy), ...('id' in orderBy ? [] : [['id', 'asc']])].map(([property, direction]) => `e."${shape.columnOf(property as keyof E & string)}" ${direction}`);
    const sql = [
      `select ${[shape.columnList('e'), ...joined.map((j) => j.select)].join(', ')}`,
      `from "${shape.table}" e`,
      ...joined.map((j) => j.from),
      `where e."${parentColumn}" = any($1::bigint[]) order by ${order.join(', ')}`,
    ].join(' ');
    return new DataLoader<string, Row<E>[]>(async (parentIds) => {
      const wellFormed = parentIds.filter(isWellFormedId);
      const rawRows = wellFormed.length ? await queryRows(em, sql, [wellFormed]) : [];
      const byParent = new Map<string, Row<E>[]>(parentIds.map((id) => [id, []]));
      for (const raw of rawRows) {
        byParent.get(String(raw[parentColumn]))?.push(shape.map(raw));
        for (const { alias, loader, target } of joined) {
          const id = raw[`${alias}.id`];
          if (id == null) continue;
          const columns = Object.fromEntries(target.columns.map((column) => [column, raw[`${alias}.${column}`]]));
          loader.prime(String(id), target.map(columns));
        }
      }
      return parentIds.map((id) => byParent.get(id)!);
    });
  };
}
