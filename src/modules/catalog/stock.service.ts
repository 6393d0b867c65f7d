import { wrap } from '@mikro-orm/core';
import type { RequestContext } from '../../core/context';
import { AppError, ConflictError, NotFoundError } from '../../core/errors';
import { isWellFormedId } from '../../core/ids';
import { rowShape, type Row } from '../../core/db/rows';
import type { SortKeys } from '../../core/pagination';
import { Staff } from '../users';
import { KIND_SIGN, SALE_KINDS, StockMovementKind } from './catalog.enums';
import { CatalogErrorDetail } from './catalog.errors';
import { Product } from './product.entity';
import { StockMovement } from './stock-movement.entity';

/** Newest first. */
export const STOCK_MOVEMENT_SORT_KEYS: SortKeys<StockMovement> = [
  ['createdAt', 'desc'],
  ['id', 'desc'],
];

/** What a batch of stock changes writes in the ledger: the same for each of its rows. */
export interface StockLedgerEntry {
  /** Why, for the ledger. */
  reason: string;
  kind: StockMovementKind;
  /** Required for the sale kinds (SALE, SALE_RELEASED, SALE_REFUNDED), absent for the others. */
  saleId?: string | null;
}

/** One product's change within a batch. */
export interface StockChange {
  productId: string;
  /** Units added (positive) or taken (negative); never 0. Its sign must suit the kind (see `KIND_SIGN`). */
  delta: number;
  /** The input field that named the product (e.g. `input.lines[2].productId`), for the errors; `productId` when omitted. */
  field?: string;
}

export type StockMove = StockLedgerEntry & StockChange;

/**
 * Moves a product's stock and writes the ledger row, in the caller's transaction: `moveStocks`
 * with one change.
 */
export async function moveStock(ctx: RequestContext, move: StockMove): Promise<Row<StockMovement>> {
  const [movement] = await moveStocks(ctx, move, [move]);
  return movement;
}

/**
 * Moves the stock of several products and writes their ledger rows (one per change, in the order
 * given for a product named twice), in one statement of the caller's transaction; all or nothing.
 *
 * The statement locks the products' rows in id order (the lock order of every sales path, so
 * concurrent batches wait for each other but never deadlock), checks that every product exists and
 * keeps `stock + delta >= 0`, then changes the stock and inserts the ledger rows: concurrent moves
 * of a product wait for each other, the stock never goes below zero and every ledger row's
 * before/after is exact, whatever the concurrency. Refused, with nothing changed, with NOT_FOUND for
 * an unknown product or CONFLICT (detail INSUFFICIENT_STOCK, `extensions.available`) when too few
 * units are left: the first such change in product id order, as if they were made one by one.
 * Returns the ledger rows in product id order, as plain rows: written by the statement itself, they
 * need no entity (mapping each into the unit of work was a tenth of a sale's CPU, and its flush walked them).
 */
export async function moveStocks(ctx: RequestContext, entry: StockLedgerEntry, changes: readonly StockChange[]): Promise<Row<StockMovement>[]> {
  for (const change of changes) assertCoherent(entry, change);
  const malformed = changes.find((change) => !isWellFormedId(change.productId));
  if (malformed) throw new NotFoundError('Product', malformed.productId, malformed.field ?? 'productId');
  if (changes.length === 0) return [];

  const productCount = new Set(changes.map((change) => change.productId)).size;
  const rows = await ctx.em.execute<Record<string, unknown>[]>(
    `with wanted as (
       select product_id, delta, ord from json_to_recordset(?::json) as w(product_id bigint, delta int, ord int)
     ),
     locked as materialized (
       select p.id, p.stock, t.delta
         from product p
         join (select product_id, sum(delta)::int as delta from wanted group by product_id) t on t.product_id = p.id
        order by p.id
          for update of p
     ),
     moved as (
       update product p set stock = p.stock + l.delta
         from locked l
        where p.id = l.id
          and (select count(*) from locked) = ?
          and not exists (select from locked where stock + delta < 0)
       returning p.id, p.stock
     ),
     chained as (
       select w.product_id, w.delta, w.ord,
              m.stock - sum(w.delta) over (partition by w.product_id) + sum(w.delta) over (partition by w.product_id order by w.ord) as stock_after
         from wanted w join moved m on m.id = w.product_id
     )
     insert into stock_movement (product_id, delta, stock_before, stock_after, reason, kind, staff_id, sale_id, created_at)
     select product_id, delta, stock_after - delta, stock_after, ?, ?, ?, ?, ?
       from chained
      order by product_id, ord
     returning *`,
    [
      JSON.stringify(changes.map((change, ord) => ({ product_id: change.productId, delta: change.delta, ord }))),
      productCount,
      entry.reason.trim(),
      entry.kind,
      ctx.viewer?.id ?? null,
      entry.saleId ?? null,
      new Date(),
    ],
  );
  if (rows.length < changes.length) throw await refusal(ctx, changes);

  const movements = rows.map(rowShape(ctx.em, StockMovement).map);
  for (const movement of movements) syncManagedStock(ctx, movement.product.id, movement.stockAfter);
  return movements;
}

/** Why a batch was refused: its first change, in product id order, that could not be made. */
async function refusal(ctx: RequestContext, changes: readonly StockChange[]): Promise<AppError> {
  const found = await ctx.em.execute<{ id: string; stock: number; sku: string }[]>(
    'select "id"::text as "id", "stock", "sku" from "product" where "id" in (?)',
    [[...new Set(changes.map((change) => change.productId))]],
  );
  const stock = new Map(found.map((row) => [row.id, row.stock]));
  const sku = new Map(found.map((row) => [row.id, row.sku]));
  const inIdOrder = changes.map((change, i) => ({ change, i })).sort((a, b) => compareIds(a.change.productId, b.change.productId) || a.i - b.i);
  for (const { change } of inIdOrder) {
    const { productId, delta, field = 'productId' } = change;
    const available = stock.get(productId);
    if (available === undefined) return new NotFoundError('Product', productId, field);
    if (available + delta < 0) {
      return new ConflictError(`Only ${available} unit(s) of ${sku.get(productId)} in stock: cannot take ${-delta}`, CatalogErrorDetail.INSUFFICIENT_STOCK, {
        productId,
        sku: sku.get(productId),
        available,
        requested: -delta,
        fields: [{ field, message: `only ${available} unit(s) in stock` }],
      });
    }
    stock.set(productId, available + delta);
  }
  throw new Error('moveStocks: the batch was refused but every change fits');
}

/** The order in which rows are locked: numeric ids, compared as strings of digits. */
function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** The ledger row of a new product's opening stock (the product is written with that stock). */
export function recordInitialStock(ctx: RequestContext, product: Product): void {
  if (product.stock === 0) return;
  ctx.em.create(StockMovement, {
    product,
    delta: product.stock,
    stockBefore: 0,
    stockAfter: product.stock,
    reason: 'Initial stock',
    kind: StockMovementKind.INITIAL,
    saleId: null,
    staff: ctx.viewer ? ctx.em.getReference(Staff, ctx.viewer.id) : null,
  });
}

/** How many ledger rows a sale wrote for this product: a product sales have touched is history, not deletable. */
export function countSaleMovements(ctx: RequestContext, productId: string): Promise<number> {
  return ctx.em.count(StockMovement, { product: productId, saleId: { $ne: null } });
}

/** Deletes a product's whole ledger (only for a product being deleted, which no sale touched). */
export async function deleteLedgerOf(ctx: RequestContext, productId: string): Promise<void> {
  await ctx.em.nativeDelete(StockMovement, { product: productId });
}

/** Calls that break these rules are programming errors of the calling module, not client input. */
function assertCoherent({ kind, saleId, reason }: StockLedgerEntry, { delta }: StockChange): void {
  if (!Number.isSafeInteger(delta) || delta === 0) throw new TypeError(`moveStock: delta must be a non-zero integer, got ${delta}`);
  const sign = KIND_SIGN[kind];
  if (sign !== 0 && Math.sign(delta) !== sign) throw new TypeError(`moveStock: a ${kind} movement ${sign > 0 ? 'adds' : 'takes'} stock, got delta ${delta}`);
  if (SALE_KINDS.includes(kind) !== (saleId != null)) throw new TypeError(`moveStock: a ${kind} movement ${saleId == null ? 'needs' : 'takes no'} saleId`);
  if (!reason.trim()) throw new TypeError('moveStock: reason must not be blank');
}

/**
 * The SQL update bypassed the unit of work: a copy of the product already loaded in this request
 * gets the new stock too, as its clean state, so that a later flush neither writes an old stock
 * back nor sees a change.
 */
function syncManagedStock(ctx: RequestContext, productId: string, stock: number): void {
  const managed = ctx.em.getUnitOfWork().getById<Product>(Product.name, productId);
  // A bare reference (e.g. a ledger row's product) holds no stock: setting one would be flushed.
  if (!managed || !wrap(managed, true).isInitialized()) return;
  managed.stock = stock;
  const original = wrap(managed, true).__originalEntityData;
  if (original) original.stock = stock;
}
