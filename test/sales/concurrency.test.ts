import { Role } from '../../src/core/auth/roles';
import { startTestServer, type TestServer } from '../support/server';
import {
  countRows,
  createCustomer,
  createProduct,
  createPromotion,
  createSale,
  databaseState,
  invoiceSequence,
  ledgerOf,
  SalesCreateSale,
  settle,
  sql,
  stockOf,
  usedCountOf,
} from './sales.fixtures';

/** Many agents at once, each with its own client: calls fired together with Promise.all. */

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

/** The highest invoice number so far (0 before the first sale). */
async function lastInvoice(): Promise<number> {
  const rows = await sql<{ number: string }>(server, 'select number from sale order by number desc limit 1');
  return rows.length ? invoiceSequence(rows[0].number) : 0;
}

describe('stock under concurrency', () => {
  it('sells exactly 5 of 5 units to 20 concurrent sales: 15 CONFLICT/INSUFFICIENT_STOCK, stock 0, a ledger that adds up', async () => {
    const product = await createProduct(server, { stock: 5 });
    const customers = await Promise.all(Array.from({ length: 4 }, () => createCustomer(server)));
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        settle(server.as(i % 2 ? Role.ADMIN : Role.SALES_AGENT), SalesCreateSale, { input: { customerId: customers[i % 4].id, lines: [{ productId: product.id, quantity: 1 }] } }),
      ),
    );
    const sold = results.filter((r) => r.data);
    const refused = results.filter((r) => r.error);
    expect(sold).toHaveLength(5);
    expect(refused).toHaveLength(15);
    for (const { error } of refused) expect([error!.code, error!.detail]).toEqual(['CONFLICT', 'INSUFFICIENT_STOCK']);

    expect(await stockOf(server, product.id)).toBe(0);
    const ledger = await ledgerOf(server, product.id);
    expect(ledger.map((row) => row.kind)).toEqual(['INITIAL', 'SALE', 'SALE', 'SALE', 'SALE', 'SALE']);
    expect(ledger.filter((row) => row.kind === 'SALE').reduce((sum, row) => sum + row.delta, 0)).toBe(-5);
    let running = 0;
    for (const row of ledger) {
      expect(row.stock_before).toBe(running);
      expect(row.stock_after).toBe(row.stock_before + row.delta);
      running = row.stock_after;
    }
    expect(running).toBe(0);
    // One ledger row per sale, and only for the sales that exist.
    const saleIds = sold.map((r) => r.data!.createSale.id).sort();
    expect(ledger.filter((row) => row.sale_id).map((row) => row.sale_id).sort()).toEqual(saleIds);
    expect(await countRows(server, 'sale_line', 'product_id = ?', [product.id])).toBe(5);
  });
});

describe('invoice numbers under concurrency', () => {
  it('gives 20 concurrent sales unique numbers without gaps, following the last one', async () => {
    const product = await createProduct(server, { stock: 100 });
    const customer = await createCustomer(server);
    const last = await lastInvoice();
    const sales = await Promise.all(Array.from({ length: 20 }, () => createSale(server, { customerId: customer.id, lines: [{ productId: product.id, quantity: 1 }] }, server.as(Role.SALES_AGENT))));
    const numbers = sales.map((sale) => invoiceSequence(sale.number)).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => last + 1 + i));
    expect(new Set(sales.map((sale) => sale.number)).size).toBe(20);
  });

  it('leaves no gap where concurrent sales failed: the numbers of the ones that went through still follow each other', async () => {
    const scarce = await createProduct(server, { stock: 3 });
    const plenty = await createProduct(server, { stock: 100 });
    const customer = await createCustomer(server);
    const last = await lastInvoice();
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        settle(server.as(Role.SALES_AGENT), SalesCreateSale, { input: { customerId: customer.id, lines: [{ productId: i % 2 ? scarce.id : plenty.id, quantity: 1 }] } }),
      ),
    );
    const numbers = results.flatMap((r) => (r.data ? [invoiceSequence(r.data.createSale.number)] : [])).sort((a, b) => a - b);
    expect(numbers).toHaveLength(9); // 6 of plenty, 3 of the 6 asking for scarce
    expect(numbers).toEqual(Array.from({ length: 9 }, (_, i) => last + 1 + i));
  });
});

describe('idempotency under concurrency', () => {
  it('writes one sale for 10 concurrent calls with the same key and input; all 10 answer with it', async () => {
    const product = await createProduct(server, { stock: 10 });
    const customer = await createCustomer(server);
    const input = { customerId: customer.id, lines: [{ productId: product.id, quantity: 2 }], idempotencyKey: `pos-7:ticket-${customer.id}` };
    const before = await countRows(server, 'sale');
    const results = await Promise.all(Array.from({ length: 10 }, () => settle(server.as(Role.SALES_AGENT), SalesCreateSale, { input })));
    expect(results.map((r) => r.error)).toEqual(Array(10).fill(null));
    const sales = results.map((r) => r.data!.createSale);
    expect(new Set(sales.map((sale) => sale.number)).size).toBe(1);
    expect(new Set(sales.map((sale) => sale.id)).size).toBe(1);
    expect(sales.every((sale) => sale.total.amount === '238000.00')).toBe(true); // 2 × 100,000 × 1.19

    expect(await countRows(server, 'sale')).toBe(before + 1);
    expect(await stockOf(server, product.id)).toBe(8);
    expect((await ledgerOf(server, product.id)).map((row) => [row.kind, row.delta])).toEqual([
      ['INITIAL', 10],
      ['SALE', -2],
    ]);
    expect(await countRows(server, 'sale_event', 'sale_id = ?', [sales[0].id])).toBe(1);

    // Later, the same key again: the same sale, nothing written.
    const state = await databaseState(server);
    const again = await createSale(server, input, server.as(Role.ADMIN));
    expect(again.id).toBe(sales[0].id);
    expect(await databaseState(server)).toEqual(state);
  });

  it('refuses the same key with other input: CONFLICT, detail IDEMPOTENCY_KEY_REUSED, nothing written', async () => {
    const product = await createProduct(server, { stock: 10 });
    const customer = await createCustomer(server);
    const key = `pos-8:ticket-${customer.id}`;
    await createSale(server, { customerId: customer.id, lines: [{ productId: product.id, quantity: 1 }], idempotencyKey: key });
    const state = await databaseState(server);
    const error = await server.as(Role.SALES_AGENT).error(SalesCreateSale, { input: { customerId: customer.id, lines: [{ productId: product.id, quantity: 2 }], idempotencyKey: key } });
    expect([error.code, error.extensions.detail]).toEqual(['CONFLICT', 'IDEMPOTENCY_KEY_REUSED']);
    expect(error.extensions.fields).toEqual([expect.objectContaining({ field: 'input.idempotencyKey' })]);
    expect(await databaseState(server)).toEqual(state);
  });

  it('refuses concurrent calls with the same key and different inputs: one sale, the others IDEMPOTENCY_KEY_REUSED', async () => {
    const product = await createProduct(server, { stock: 20 });
    const customer = await createCustomer(server);
    const key = `pos-9:ticket-${customer.id}`;
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        settle(server.as(Role.SALES_AGENT), SalesCreateSale, { input: { customerId: customer.id, lines: [{ productId: product.id, quantity: 1 + (i % 3) }], idempotencyKey: key } }),
      ),
    );
    const won = results.filter((r) => r.data).map((r) => r.data!.createSale);
    expect(new Set(won.map((sale) => sale.id)).size).toBe(1);
    for (const { error } of results.filter((r) => r.error)) expect([error!.code, error!.detail]).toEqual(['CONFLICT', 'IDEMPOTENCY_KEY_REUSED']);
    expect(await countRows(server, 'sale', 'customer_id = ?', [customer.id])).toBe(1);
    expect(await stockOf(server, product.id)).toBe(20 - won[0].lines[0].quantity);
  });
});

describe('promotion limits under concurrency', () => {
  it('lets exactly 3 of 10 concurrent sales use a promotion limited to 3; the others PROMOTION_EXHAUSTED and untouched', async () => {
    const product = await createProduct(server, { stock: 50 });
    const customers = await Promise.all(Array.from({ length: 10 }, () => createCustomer(server)));
    const promotion = await createPromotion(server, { percentOff: 20, usageLimit: 3 });
    const salesBefore = await countRows(server, 'sale');
    const results = await Promise.all(
      customers.map((customer) =>
        settle(server.as(Role.SALES_AGENT), SalesCreateSale, { input: { customerId: customer.id, lines: [{ productId: product.id, quantity: 1 }], promotionCode: promotion.code } }),
      ),
    );
    const used = results.filter((r) => r.data);
    expect(used).toHaveLength(3);
    for (const { data } of used) expect(data!.createSale).toMatchObject({ promotion: { code: promotion.code }, discount: { amount: '20000.00' } });
    for (const { error } of results.filter((r) => r.error)) expect([error!.code, error!.detail]).toEqual(['BAD_USER_INPUT', 'PROMOTION_EXHAUSTED']);
    expect(await usedCountOf(server, promotion.id)).toBe(3);
    expect(await countRows(server, 'promotion_redemption', 'promotion_id = ?', [promotion.id])).toBe(3);
    expect(await countRows(server, 'sale')).toBe(salesBefore + 3);
    expect(await stockOf(server, product.id)).toBe(47);
  });

  it('lets one customer use a once-per-customer promotion once, however many agents try at the same moment', async () => {
    const product = await createProduct(server, { stock: 50 });
    const customer = await createCustomer(server);
    const promotion = await createPromotion(server, { percentOff: 10, perCustomerLimit: 1 });
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        settle(server.as(Role.SALES_AGENT), SalesCreateSale, { input: { customerId: customer.id, lines: [{ productId: product.id, quantity: 1 }], promotionCode: promotion.code } }),
      ),
    );
    expect(results.filter((r) => r.data)).toHaveLength(1);
    for (const { error } of results.filter((r) => r.error)) expect([error!.code, error!.detail]).toEqual(['BAD_USER_INPUT', 'PROMOTION_EXHAUSTED']);
    expect(await usedCountOf(server, promotion.id)).toBe(1);
    expect(await stockOf(server, product.id)).toBe(49);
  });
});
