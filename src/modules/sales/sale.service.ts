import { createHash } from 'node:crypto';
import { LockMode, raw, type FilterQuery } from '@mikro-orm/postgresql';
import { viewerOf, type RequestContext } from '../../core/context';
import { BadUserInputError, ConflictError, NotFoundError } from '../../core/errors';
import { dateRangeCondition } from '../../core/graphql/date-range';
import { isWellFormedId } from '../../core/ids';
import { amountRange, Decimal, SUPPORTED_CURRENCY } from '../../core/money';
import { paginate, SortDirection, type Connection, type SortKeys } from '../../core/pagination';
import { todayIn } from '../../core/time';
import { findProductsForSale, moveStocks, sellableProduct, StockMovementKind, type Product } from '../catalog';
import { assertPlanAvailable, findServicePlansForSale, type ServicePlan } from '../services';
import { customerById, getCustomerForSale } from '../users';
import { priceSale } from './pricing';
import { claimPromotion, covers, recordRedemption } from './promotion.service';
import type { Promotion } from './promotion.entity';
import { transitionSale } from './sale-lifecycle';
import { Sale } from './sale.entity';
import { writeSale } from './sale-writer';
import { SaleOrderField, SaleStatus } from './sales.enums';
import { SalesErrorDetail } from './sales.errors';
import type { CreateSaleInput, PaySaleInput, SaleLineInput, SaleOrder, SalesArgs } from './sales.inputs';
import type { Row } from '../../core/db/rows';
import { saleById } from './sales.loaders';

export function findSale(ctx: RequestContext, id: string): Promise<Row<Sale> | null> {
  return ctx.loaders.get(saleById).load(id);
}

export function findSaleByNumber(ctx: RequestContext, number: string): Promise<Sale | null> {
  return ctx.em.findOne(Sale, { number: number.trim().toUpperCase() });
}

async function getSale(ctx: RequestContext, id: string): Promise<Sale> {
  // Locked: concurrent pay/cancel/refund of one sale run one after the other.
  const sale = isWellFormedId(id) ? await ctx.em.findOne(Sale, id, { lockMode: LockMode.PESSIMISTIC_WRITE }) : null;
  if (!sale) throw new NotFoundError('Sale', id);
  return sale;
}

export function listSales(ctx: RequestContext, { first, after, filter, orderBy }: SalesArgs): Promise<Connection<Row<Sale>>> {
  const conditions: FilterQuery<Sale>[] = [];
  const unknownId = '0';
  if (filter?.customerId != null) conditions.push({ customer: isWellFormedId(filter.customerId) ? filter.customerId : unknownId });
  if (filter?.sellerId != null) conditions.push({ seller: isWellFormedId(filter.sellerId) ? filter.sellerId : unknownId });
  if (filter?.status) conditions.push({ status: filter.status });
  const created = dateRangeCondition(filter?.createdAt, 'filter.createdAt', ctx.config.businessTimeZone);
  if (created) conditions.push({ createdAt: created });
  const total = amountRange(filter?.minTotal, filter?.maxTotal, 'filter.maxTotal');
  if (total) conditions.push({ total });
  for (const [id, column] of [
    [filter?.productId, 'product_id'],
    [filter?.servicePlanId, 'service_plan_id'],
  ] as const) {
    if (id == null) continue;
    // raw() as a value, not as a key: paginate uses the condition twice (page and count), and a
    // raw() key is forgotten after its first use.
    conditions.push({ id: { $in: raw(`select sale_id from sale_line where ${column} = ?`, [isWellFormedId(id) ? id : unknownId]) } });
  }
  // A sales list nearly always shows each sale's customer: the first page reads them with it.
  return paginate(ctx.em, Sale, { $and: conditions }, saleSortKeys(orderBy), { first, after }, { scope: ctx, join: { customer: customerById }, answerType: 'Sale' });
}

function saleSortKeys(orderBy: SaleOrder | null | undefined): SortKeys<Sale> {
  const dir = (orderBy?.direction ?? SortDirection.DESC) === SortDirection.ASC ? 'asc' : 'desc';
  switch (orderBy?.field ?? SaleOrderField.CREATED_AT) {
    case SaleOrderField.CREATED_AT:
      return [['createdAt', dir], ['id', dir]];
    case SaleOrderField.TOTAL:
      return [['total', dir], ['id', dir]];
  }
}

/** A line of the input, checked and resolved to what it sells. */
interface ResolvedLine {
  index: number;
  quantity: number;
  product: Row<Product> | null;
  plan: Row<ServicePlan> | null;
}

/**
 * Registers a PENDING sale in the caller's transaction: checks every line, prices them, takes
 * one use of the promotion, takes the stock of product lines, numbers the invoice. Any failure
 * rolls all of it back. Lock order (promotion, products by id, number counter) is the same in
 * every sales path, so concurrent sales wait for each other but never deadlock.
 *
 * Statements: the customer, the products, the plans (one query each), the sale's id, the stock of
 * every product line with its ledger rows (one statement), then the number with the sale, its
 * lines, history and event (one statement, see `writeSale`); plus the key's claim and the
 * promotion's when given.
 */
export async function createSale(ctx: RequestContext, input: CreateSaleInput): Promise<Sale> {
  const seller = viewerOf(ctx);
  const idempotencyKey = input.idempotencyKey || null;
  if (idempotencyKey) {
    const earlier = await claimIdempotencyKey(ctx, idempotencyKey, fingerprint(input));
    if (earlier) return earlier;
  }
  const customer = await getCustomerForSale(ctx, input.customerId, 'input.customerId');
  const lines = await resolveLines(ctx, input.lines, todayIn(ctx.config.businessTimeZone));
  const items = lines.map(({ product, plan }) => ({
    productId: product?.id ?? null,
    productCategoryId: product?.category.id ?? null,
    servicePlanId: plan?.id ?? null,
    serviceType: plan?.type ?? null,
  }));
  const promotion: Promotion | null = input.promotionCode?.trim() ? await claimPromotion(ctx, input.promotionCode, customer, items) : null;
  const ivaRate = new Decimal(ctx.config.sales.ivaRate);
  const priced = priceSale(
    lines.map((line, i) => ({
      unitPrice: new Decimal((line.product ?? line.plan)!.price.amount),
      quantity: line.quantity,
      taxRate: (line.product ?? line.plan)!.taxExempt ? new Decimal(0) : ivaRate,
      coveredByPromotion: promotion !== null && covers(promotion, items[i]),
    })),
    promotion ? { percentOff: promotion.percentOff, amountOff: promotion.amountOff ? new Decimal(promotion.amountOff) : null } : null,
  );

  const [{ id: saleId }] = await ctx.em.execute<{ id: string }[]>(`select nextval(pg_get_serial_sequence('sale', 'id'))::text as id`);
  // Products (locked in id order by moveStocks), then the number counter (in writeSale, last: it
  // stays locked until commit).
  await moveStocks(
    ctx,
    { reason: 'Sale', kind: StockMovementKind.SALE, saleId },
    lines.filter((line) => line.product).map((line) => ({ productId: line.product!.id, delta: -line.quantity, field: `input.lines[${line.index}].productId` })),
  );
  if (promotion) recordRedemption(ctx, promotion, customer.id, saleId);

  const now = new Date();
  return writeSale(ctx, {
    id: saleId,
    customerId: customer.id,
    sellerId: seller.id,
    currency: SUPPORTED_CURRENCY,
    subtotal: priced.subtotal.toFixed(2),
    discount: priced.discount.toFixed(2),
    tax: priced.tax.toFixed(2),
    total: priced.total.toFixed(2),
    promotionId: promotion?.id ?? null,
    expiresAt: new Date(now.getTime() + ctx.config.sales.holdHours * 3_600_000),
    notes: input.notes?.trim() || null,
    createdAt: now,
    idempotencyKey,
    lines: lines.map((line, i) => {
      const price = priced.lines[i];
      const item = (line.product ?? line.plan)!;
      return {
        productId: line.product?.id ?? null,
        servicePlanId: line.plan?.id ?? null,
        description: line.product ? `${line.product.name} (${line.product.sku})` : `${line.plan!.name} (${line.plan!.code})`,
        quantity: line.quantity,
        unitPrice: new Decimal(item.price.amount).toFixed(2),
        discount: price.discount.toFixed(2),
        taxRate: item.taxExempt ? '0' : ivaRate.toFixed(),
        tax: price.tax.toFixed(2),
        netAmount: price.net.toFixed(2),
        total: price.total.toFixed(2),
      };
    }),
  });
}

/**
 * Every line checked and resolved, its products and plans read in one query each (as plain rows:
 * a sale only reads them); the first bad line (in input order) is the one reported.
 */
async function resolveLines(ctx: RequestContext, inputs: SaleLineInput[], today: string): Promise<ResolvedLine[]> {
  const products = await findProductsForSale(ctx, inputs.flatMap((line) => (line.productId != null && line.servicePlanId == null ? [line.productId] : [])));
  const plans = await findServicePlansForSale(ctx, inputs.flatMap((line) => (line.servicePlanId != null && line.productId == null ? [line.servicePlanId] : [])));
  return inputs.map((line, index) => {
    const field = `input.lines[${index}]`;
    if ((line.productId == null) === (line.servicePlanId == null)) {
      throw BadUserInputError.field(field, 'give exactly one of productId and servicePlanId', SalesErrorDetail.INVALID_LINE);
    }
    if (line.productId != null) {
      const product = sellableProduct(products.get(line.productId), line.productId, `${field}.productId`);
      return { index, quantity: line.quantity, product, plan: null };
    }
    const plan = plans.get(line.servicePlanId!);
    if (!plan) throw new NotFoundError('ServicePlan', line.servicePlanId!, `${field}.servicePlanId`);
    assertPlanAvailable(plan, today, `${field}.servicePlanId`);
    return { index, quantity: line.quantity, product: null, plan };
  });
}

/**
 * Claims `key` for this call. The primary key decides between concurrent calls: the second one's
 * insert waits until the first commits, then finds its row and answers with its sale (or, when
 * the first rolled back, takes the key itself). Returns the earlier sale, or null to go on.
 */
async function claimIdempotencyKey(ctx: RequestContext, key: string, requestHash: string): Promise<Sale | null> {
  const claimed = await ctx.em.execute<{ key: string }[]>(
    'insert into sale_idempotency_key (key, request_hash, created_at) values (?, ?, now()) on conflict (key) do nothing returning key',
    [key, requestHash],
  );
  if (claimed.length > 0) return null;
  const [earlier] = await ctx.em.execute<{ request_hash: string; sale_id: string | null }[]>(
    'select request_hash, sale_id::text as sale_id from sale_idempotency_key where key = ?',
    [key],
  );
  if (earlier.request_hash !== requestHash || !earlier.sale_id) {
    throw new ConflictError('This idempotency key was already used for a different sale', SalesErrorDetail.IDEMPOTENCY_KEY_REUSED, {
      fields: [{ field: 'input.idempotencyKey', message: 'was used with other input' }],
    });
  }
  return ctx.em.findOneOrFail(Sale, earlier.sale_id);
}

function fingerprint(input: CreateSaleInput): string {
  const canonical = {
    customerId: input.customerId,
    lines: input.lines.map((line) => [line.productId ?? null, line.servicePlanId ?? null, line.quantity]),
    promotionCode: input.promotionCode?.trim().toUpperCase() || null,
    notes: input.notes?.trim() || null,
  };
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

export async function paySale(ctx: RequestContext, id: string, input: PaySaleInput): Promise<Sale> {
  const sale = await getSale(ctx, id);
  return transitionSale(ctx, sale, {
    to: SaleStatus.PAID,
    payment: { method: input.method, reference: input.reference?.trim() || null },
    changedById: viewerOf(ctx).id,
  });
}

export async function cancelSale(ctx: RequestContext, id: string, reason: string): Promise<Sale> {
  const sale = await getSale(ctx, id);
  return transitionSale(ctx, sale, { to: SaleStatus.CANCELLED, reason: reason.trim(), changedById: viewerOf(ctx).id });
}

export async function refundSale(ctx: RequestContext, id: string, reason: string): Promise<Sale> {
  const sale = await getSale(ctx, id);
  return transitionSale(ctx, sale, { to: SaleStatus.REFUNDED, reason: reason.trim(), changedById: viewerOf(ctx).id });
}

/**
 * Cancels PENDING sales whose hold has ended, releasing their stock; up to `batch` per call.
 * Rows locked by a concurrent payment are skipped and picked up by a later sweep.
 */
export async function expirePendingSales(ctx: RequestContext, batch = 100): Promise<number> {
  const due = await ctx.em.find(
    Sale,
    { status: SaleStatus.PENDING, expiresAt: { $lte: new Date() } },
    // for update skip locked
    { lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE, orderBy: { expiresAt: 'asc' }, limit: batch },
  );
  for (const sale of due) {
    await transitionSale(ctx, sale, {
      to: SaleStatus.CANCELLED,
      reason: `Not paid within ${ctx.config.sales.holdHours} hours: cancelled automatically and its stock released`,
      changedById: null,
    });
  }
  return due.length;
}
