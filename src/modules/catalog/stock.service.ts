import { wrap } from '@mikro-orm/core';
import type { RequestContext } from '../../core/context';
import { ConflictError, NotFoundError } from '../../core/errors';
import { isWellFormedId } from '../../core/ids';
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

export interface StockMove {
  productId: string;
  /** Units added (positive) or taken (negative); never 0. Its sign must suit `kind` (see `KIND_SIGN`). */
  delta: number;
  /** Why, for the ledger. */
  reason: string;
  kind: StockMovementKind;
  /** Required for the sale kinds (SALE, SALE_RELEASED, SALE_REFUNDED), absent for the others. */
  saleId?: string | null;
  /** The input field that named the product (e.g. `input.lines[2].productId`), for the errors; `productId` when omitted. */
  field?: string;
}

/**
 * Moves a product's stock and writes the ledger row, in the caller's transaction.
 *
 * The change is one SQL statement, `stock = stock + delta` guarded by `stock + delta >= 0`: the row
 * lock it takes makes concurrent moves of the same product wait for each other, so the stock never
 * goes below zero and every ledger row's before/after is exact, whatever the concurrency. Refused
 * with CONFLICT (detail INSUFFICIENT_STOCK, `extensions.available`) when too few units are left;
 * NOT_FOUND for an unknown product.
 */
export async function moveStock(ctx: RequestContext, move: StockMove): Promise<StockMovement> {
  const { productId, delta, kind, saleId = null, field = 'productId' } = move;
  assertCoherent(move);
  if (!isWellFormedId(productId)) throw new NotFoundError('Product', productId, field);

  const [moved] = await ctx.em.execute<{ stock: number }[]>(
    'update "product" set "stock" = "stock" + ? where "id" = ? and "stock" + ? >= 0 returning "stock"',
    [delta, productId, delta],
  );
  if (!moved) {
    const [current] = await ctx.em.execute<{ stock: number; sku: string }[]>('select "stock", "sku" from "product" where "id" = ?', [productId]);
    if (!current) throw new NotFoundError('Product', productId, field);
    throw new ConflictError(
      `Only ${current.stock} unit(s) of ${current.sku} in stock: cannot take ${-delta}`,
      CatalogErrorDetail.INSUFFICIENT_STOCK,
      { productId, sku: current.sku, available: current.stock, requested: -delta, fields: [{ field, message: `only ${current.stock} unit(s) in stock` }] },
    );
  }
  const stockAfter = moved.stock;
  syncManagedStock(ctx, productId, stockAfter);
  return ctx.em.create(StockMovement, {
    product: ctx.em.getReference(Product, productId),
    delta,
    stockBefore: stockAfter - delta,
    stockAfter,
    reason: move.reason.trim(),
    kind,
    saleId,
    staff: ctx.viewer ? ctx.em.getReference(Staff, ctx.viewer.id) : null,
  });
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
function assertCoherent({ delta, kind, saleId, reason }: StockMove): void {
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
  if (!managed) return;
  managed.stock = stock;
  const original = wrap(managed, true).__originalEntityData;
  if (original) original.stock = stock;
}
