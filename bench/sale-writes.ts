/**
 * The write path's two sides, shared by `bench:sales` and `bench:read`: what one bench sale sells,
 * and the same rows as createSale writes them, with plain SQL in one transaction (the baseline).
 */
import pg from 'pg';
import { Decimal } from '../src/core/money';
import { priceSale } from '../src/modules/sales/pricing';

export const CREATE_SALE = `mutation BenchCreateSale($input: CreateSaleInput!) {
  createSale(input: $input) { id number total { amount } lines { id } }
}`;

export interface Catalog {
  customerIds: string[];
  products: { id: string; price: string; label: string }[];
  plans: { id: string; price: string; label: string }[];
}

/** What one sale sells: two distinct products and a plan, one unit each, drawn from a fixed sequence. */
export interface SaleDraft {
  customerId: string;
  productIds: [string, string];
  planId: string;
}

export function drafts(catalog: Catalog, count: number, offset: number): SaleDraft[] {
  return Array.from({ length: count }, (_, k) => {
    const i = k + offset;
    const first = (i * 7) % catalog.products.length;
    const second = (first + 1 + ((i * 13) % (catalog.products.length - 1))) % catalog.products.length;
    return {
      customerId: catalog.customerIds[i % catalog.customerIds.length],
      productIds: [catalog.products[first].id, catalog.products[second].id],
      planId: catalog.plans[i % catalog.plans.length].id,
    };
  });
}

/** Statements of one plain-SQL sale: begin, 2 stock updates, ledger, number, sale, lines, history, event, commit. */
export const PLAIN_SQL_STATEMENTS = 10;

/**
 * One sale as createSale writes it, with the same locks in the same order (products by id, then
 * the invoice counter, held to commit), but computed in JS and sent as plain statements.
 */
export async function insertSaleWithSql(
  client: pg.PoolClient,
  draft: SaleDraft,
  sellerId: string,
  ivaRate: Decimal,
  productById: Map<string, { price: string; label: string }>,
  planById: Map<string, { price: string; label: string }>,
  holdHours: number,
): Promise<void> {
  const lines = [
    { productId: draft.productIds[0], planId: null, item: productById.get(draft.productIds[0])! },
    { productId: null, planId: draft.planId, item: planById.get(draft.planId)! },
    { productId: draft.productIds[1], planId: null, item: productById.get(draft.productIds[1])! },
  ];
  const priced = priceSale(
    lines.map((line) => ({ unitPrice: new Decimal(line.item.price), quantity: 1, taxRate: ivaRate, coveredByPromotion: false })),
    null,
  );
  await client.query('begin');
  try {
    const [lower, higher] = [...draft.productIds].sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
    const moved = [];
    for (const productId of [lower, higher]) {
      const { rows } = await client.query('update product set stock = stock - 1 where id = $1 and stock - 1 >= 0 returning id, stock', [productId]);
      if (rows.length !== 1) throw new Error(`no stock left for product ${productId}`);
      moved.push(rows[0] as { id: string; stock: number });
    }
    const now = new Date();
    const { rows: numbered } = await client.query(
      `insert into sale_number_counter (prefix, last_value) values ('FV-', 1)
       on conflict (prefix) do update set last_value = sale_number_counter.last_value + 1 returning last_value`,
    );
    const number = `FV-${String(numbered[0].last_value).padStart(6, '0')}`;
    const { rows: inserted } = await client.query(
      `insert into sale (created_at, updated_at, number, customer_id, seller_id, status, currency, subtotal, discount, tax, total, expires_at)
       values ($1, $1, $2, $3, $4, 'PENDING', 'COP', $5, $6, $7, $8, $9) returning id`,
      [now, number, draft.customerId, sellerId, priced.subtotal.toFixed(2), priced.discount.toFixed(2), priced.tax.toFixed(2), priced.total.toFixed(2), new Date(now.getTime() + holdHours * 3_600_000)],
    );
    const saleId = inserted[0].id as string;
    await client.query(
      `insert into stock_movement (product_id, delta, stock_before, stock_after, reason, kind, staff_id, sale_id, created_at)
       values ($1, -1, $2, $3, 'Sale', 'SALE', $5, $6, $7), ($4, -1, $8, $9, 'Sale', 'SALE', $5, $6, $7)`,
      [moved[0].id, moved[0].stock + 1, moved[0].stock, moved[1].id, sellerId, saleId, now, moved[1].stock + 1, moved[1].stock],
    );
    const values: unknown[] = [];
    const rows = lines.map((line, i) => {
      const price = priced.lines[i];
      values.push(saleId, i + 1, line.productId, line.planId, line.item.label, line.item.price, price.discount.toFixed(2), ivaRate.toFixed(), price.tax.toFixed(2), price.net.toFixed(2), price.total.toFixed(2));
      const base = i * 11;
      return `(${Array.from({ length: 11 }, (_, k) => `$${base + k + 1}`).join(', ')}, 1)`;
    });
    await client.query(
      `insert into sale_line (sale_id, position, product_id, service_plan_id, description, unit_price, discount, tax_rate, tax, net_amount, total, quantity) values ${rows.join(', ')}`,
      values,
    );
    await client.query(`insert into sale_status_change (sale_id, from_status, to_status, changed_at, changed_by_id) values ($1, null, 'PENDING', $2, $3)`, [saleId, now, sellerId]);
    await client.query(`insert into sale_event (type, sale_id, occurred_at) values ('SALE_CREATED', $1, $2)`, [saleId, now]);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    throw error;
  }
}

/** createSale's input for a draft: the two products around the plan, one unit each. */
export function createSaleInput(draft: SaleDraft) {
  return {
    customerId: draft.customerId,
    lines: [
      { productId: draft.productIds[0], quantity: 1 },
      { servicePlanId: draft.planId, quantity: 1 },
      { productId: draft.productIds[1], quantity: 1 },
    ],
  };
}
