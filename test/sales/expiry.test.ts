import { Role } from '../../src/core/auth/roles';
import { startTestServer, type TestServer } from '../support/server';
import { createPromotion, createSale, eventsOf, ledgerOf, saleSetup, SalesSaleById, sql, stockOf, usedCountOf } from './sales.fixtures';

/** A PENDING sale holds its stock until its hold ends; the server's sweep then cancels it and releases the stock. */

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ env: { SALE_EXPIRY_SWEEP_SECONDS: '1' } });
});
afterAll(() => server?.stop());

async function waitForStatus(saleId: string, status: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { sale } = await server.as(Role.ANALYST).query(SalesSaleById, { id: saleId });
    if (sale!.status === status || Date.now() > deadline) return sale!;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

it('cancels a sale whose hold ended, by the system, saying why, and releases its stock and promotion use', async () => {
  const { customer, product } = await saleSetup(server);
  const promotion = await createPromotion(server, { percentOff: 5 });
  const expiring = await createSale(server, { customerId: customer.id, lines: [{ productId: product.id, quantity: 4 }], promotionCode: promotion.code });
  const holding = await createSale(server, { customerId: customer.id, lines: [{ productId: product.id, quantity: 1 }] });
  expect(await stockOf(server, product.id)).toBe(5);
  await sql(server, `update sale set expires_at = now() - interval '1 second' where id = ?`, [expiring.id]);

  const sale = await waitForStatus(expiring.id, 'CANCELLED');
  expect(sale.status).toBe('CANCELLED');
  expect(sale.cancelledAt).not.toBeNull();
  expect(sale.expiresAt).toBeNull();
  expect(sale.statusHistory).toHaveLength(2);
  const change = sale.statusHistory[1];
  expect(change).toMatchObject({ from: 'PENDING', to: 'CANCELLED', changedBy: null });
  expect(change.reason).toMatch(/not paid within 48 hours/i);

  expect(await stockOf(server, product.id)).toBe(9);
  expect((await ledgerOf(server, product.id)).filter((row) => row.sale_id === expiring.id).map((row) => [row.kind, row.delta])).toEqual([
    ['SALE', -4],
    ['SALE_RELEASED', 4],
  ]);
  expect(await usedCountOf(server, promotion.id)).toBe(0);
  expect(await eventsOf(server, expiring.id)).toEqual(['SALE_CREATED', 'SALE_CANCELLED']);

  // A sale still within its hold is left alone.
  expect((await server.as(Role.ANALYST).query(SalesSaleById, { id: holding.id })).sale!.status).toBe('PENDING');
});
