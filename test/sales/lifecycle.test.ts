import { graphql } from '../__generated__';
import { Role } from '../../src/core/auth/roles';
import { startTestServer, type TestServer } from '../support/server';
import {
  countRows,
  createPlan,
  createPromotion,
  createSale,
  databaseState,
  eventsOf,
  ledgerOf,
  saleSetup,
  SalesCancelSale,
  SalesCreateSale,
  SalesPaySale,
  SalesRefundSale,
  SalesSaleById,
  sql,
  stockOf,
  usedCountOf,
} from './sales.fixtures';

/**
 * PENDING → PAID | CANCELLED; PAID → REFUNDED, each with what it means for stock, subscriptions
 * and promotion uses, a status history entry and an event row (the outbox of the partner stream).
 */

const SalesCustomerSubscriptions = graphql(`
  query SalesCustomerSubscriptions($id: ID!) {
    customer(id: $id) {
      id
      subscriptions { id status startDate endDate price { amount } servicePlan { id } }
    }
  }
`);

const SalesByNumber = graphql(`
  query SalesByNumber($number: String!) {
    saleByNumber(number: $number) { id number }
  }
`);

const SalesListForRoles = graphql(`
  query SalesListForRoles {
    sales(first: 5) { totalCount edges { node { id } } }
  }
`);

const PromoListForRoles = graphql(`
  query PromoListForRoles {
    promotions { id code }
  }
`);

let server: TestServer;
beforeAll(async () => {
  // No sweep during this file: an expired hold stays PENDING until a test looks at it.
  server = await startTestServer({ env: { SALE_EXPIRY_SWEEP_SECONDS: '3600' } });
});
afterAll(() => server?.stop());

const agent = () => server.as(Role.SALES_AGENT);
const admin = () => server.as(Role.ADMIN);

async function subscriptionsOf(customerId: string) {
  const { customer } = await server.as(Role.ANALYST).query(SalesCustomerSubscriptions, { id: customerId });
  return customer!.subscriptions;
}

describe('paySale', () => {
  it('marks the sale PAID and opens one subscription per unit of every plan line, for the customer', async () => {
    const { customer, product } = await saleSetup(server);
    const fiber = await createPlan(server, { type: 'FIBER_INTERNET', price: { amount: '99900.00' } });
    const mobile = await createPlan(server, { price: { amount: '59900.00' } });
    const sale = await createSale(server, {
      customerId: customer.id,
      lines: [
        { productId: product.id, quantity: 1 },
        { servicePlanId: mobile.id, quantity: 3 },
        { servicePlanId: fiber.id, quantity: 1 },
      ],
    });
    expect(await subscriptionsOf(customer.id)).toEqual([]);

    const { paySale } = await agent().mutate(SalesPaySale, { id: sale.id, input: { method: 'CARD', reference: ' VOUCHER-77 ' } });
    expect(paySale).toMatchObject({ id: sale.id, number: sale.number, status: 'PAID', paymentMethod: 'CARD', paymentReference: 'VOUCHER-77', expiresAt: null, cancelledAt: null });
    expect(new Date(paySale.paidAt!).getTime()).toBeGreaterThanOrEqual(new Date(sale.createdAt).getTime());
    expect(paySale.statusHistory).toMatchObject([
      { from: null, to: 'PENDING', changedBy: { id: server.staff.SALES_AGENT.id } },
      { from: 'PENDING', to: 'PAID', reason: null, changedBy: { id: server.staff.SALES_AGENT.id } },
    ]);
    // Amounts do not move when paid.
    expect(paySale.total).toEqual(sale.total);

    const subscriptions = await subscriptionsOf(customer.id);
    expect(subscriptions).toHaveLength(4);
    expect(subscriptions.filter((s) => s.servicePlan.id === mobile.id)).toHaveLength(3);
    expect(subscriptions.filter((s) => s.servicePlan.id === fiber.id)).toHaveLength(1);
    for (const subscription of subscriptions) {
      expect(subscription).toMatchObject({ status: 'ACTIVE', endDate: null });
      expect(subscription.price.amount).toBe(subscription.servicePlan.id === mobile.id ? '59900.00' : '99900.00');
    }
    expect(await countRows(server, 'service_subscription', 'sale_id = ?', [sale.id])).toBe(4);
    expect(await eventsOf(server, sale.id)).toEqual(['SALE_CREATED', 'SALE_PAID']);
    // Paying does not touch the stock again: it was taken when the sale was made.
    expect(await stockOf(server, product.id)).toBe(9);
    expect((await ledgerOf(server, product.id)).map((row) => row.kind)).toEqual(['INITIAL', 'SALE']);
  });

  it('lets an admin pay too; the history names who did it', async () => {
    const { customer, product } = await saleSetup(server);
    const sale = await createSale(server, { customerId: customer.id, lines: [{ productId: product.id, quantity: 1 }] });
    const { paySale } = await admin().mutate(SalesPaySale, { id: sale.id, input: { method: 'CASH' } });
    expect(paySale).toMatchObject({ status: 'PAID', paymentMethod: 'CASH', paymentReference: null });
    expect(paySale.statusHistory[1]).toMatchObject({ from: 'PENDING', to: 'PAID', changedBy: { id: server.staff.ADMIN.id } });
  });

  it('refuses a sale whose hold ended before the sweep cancelled it: SALE_EXPIRED, nothing changed', async () => {
    const { customer, product } = await saleSetup(server);
    const plan = await createPlan(server);
    const sale = await createSale(server, { customerId: customer.id, lines: [{ productId: product.id, quantity: 2 }, { servicePlanId: plan.id, quantity: 1 }] });
    await sql(server, `update sale set expires_at = now() - interval '1 minute' where id = ?`, [sale.id]);
    const before = await databaseState(server);

    const error = await agent().error(SalesPaySale, { id: sale.id, input: { method: 'CASH' } });
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.extensions.detail).toBe('SALE_EXPIRED');
    expect(await databaseState(server)).toEqual(before);
    expect((await agent().query(SalesSaleById, { id: sale.id })).sale).toMatchObject({ status: 'PENDING', paidAt: null });
    expect(await subscriptionsOf(customer.id)).toEqual([]);
  });
});

describe('cancelSale', () => {
  it('gives the stock back (ledger SALE then SALE_RELEASED), the promotion use back, and opens nothing', async () => {
    const { customer, product } = await saleSetup(server);
    const plan = await createPlan(server);
    const promotion = await createPromotion(server, { percentOff: 10, usageLimit: 1, perCustomerLimit: 1 });
    const sale = await createSale(server, {
      customerId: customer.id,
      lines: [
        { productId: product.id, quantity: 3 },
        { servicePlanId: plan.id, quantity: 1 },
      ],
      promotionCode: promotion.code,
    });
    expect(await stockOf(server, product.id)).toBe(7);
    expect(await usedCountOf(server, promotion.id)).toBe(1);

    const { cancelSale } = await agent().mutate(SalesCancelSale, { id: sale.id, reason: '  El cliente desistió  ' });
    expect(cancelSale).toMatchObject({ status: 'CANCELLED', paidAt: null, expiresAt: null });
    expect(cancelSale.cancelledAt).not.toBeNull();
    expect(cancelSale.statusHistory).toMatchObject([
      { from: null, to: 'PENDING' },
      { from: 'PENDING', to: 'CANCELLED', reason: 'El cliente desistió', changedBy: { id: server.staff.SALES_AGENT.id } },
    ]);
    expect(await stockOf(server, product.id)).toBe(10);
    expect(await ledgerOf(server, product.id)).toEqual([
      { delta: 10, stock_before: 0, stock_after: 10, kind: 'INITIAL', sale_id: null },
      { delta: -3, stock_before: 10, stock_after: 7, kind: 'SALE', sale_id: sale.id },
      { delta: 3, stock_before: 7, stock_after: 10, kind: 'SALE_RELEASED', sale_id: sale.id },
    ]);
    expect(await usedCountOf(server, promotion.id)).toBe(0);
    expect(await countRows(server, 'promotion_redemption', 'sale_id = ?', [sale.id])).toBe(0);
    expect(await subscriptionsOf(customer.id)).toEqual([]);
    expect(await eventsOf(server, sale.id)).toEqual(['SALE_CREATED', 'SALE_CANCELLED']);

    // The use given back can be taken again, also by the same customer (limit 1 each, 1 overall).
    const again = await createSale(server, { customerId: customer.id, lines: [{ productId: product.id, quantity: 1 }], promotionCode: promotion.code });
    expect(again.promotion?.code).toBe(promotion.code);
    expect(await usedCountOf(server, promotion.id)).toBe(1);
  });

  it('lets an admin cancel too, and refuses a blank reason', async () => {
    const { customer, product } = await saleSetup(server);
    const sale = await createSale(server, { customerId: customer.id, lines: [{ productId: product.id, quantity: 1 }] });
    const blank = await admin().error(SalesCancelSale, { id: sale.id, reason: '   ' });
    expect(blank.code).toBe('BAD_USER_INPUT');
    expect(blank.extensions.fields).toEqual([expect.objectContaining({ field: 'reason' })]);
    const { cancelSale } = await admin().mutate(SalesCancelSale, { id: sale.id, reason: 'Duplicada' });
    expect(cancelSale.statusHistory[1]).toMatchObject({ to: 'CANCELLED', changedBy: { id: server.staff.ADMIN.id } });
  });
});

describe('refundSale', () => {
  it('is for admins only: a sales agent gets FORBIDDEN and nothing changes', async () => {
    const { customer, product } = await saleSetup(server);
    const sale = await createSale(server, { customerId: customer.id, lines: [{ productId: product.id, quantity: 1 }] });
    await agent().mutate(SalesPaySale, { id: sale.id, input: { method: 'CASH' } });
    const before = await databaseState(server);
    for (const role of [Role.SALES_AGENT, Role.ANALYST, Role.PARTNER]) {
      expect((await server.as(role).error(SalesRefundSale, { id: sale.id, reason: 'Devolución' })).code).toBe('FORBIDDEN');
    }
    expect(await databaseState(server)).toEqual(before);
  });

  it('gives the stock back (SALE_REFUNDED) and cancels the subscriptions the sale opened, keeping others', async () => {
    const { customer, product } = await saleSetup(server);
    const plan = await createPlan(server);
    const earlier = await createSale(server, { customerId: customer.id, lines: [{ servicePlanId: plan.id, quantity: 1 }] });
    await agent().mutate(SalesPaySale, { id: earlier.id, input: { method: 'TRANSFER' } });
    const sale = await createSale(server, {
      customerId: customer.id,
      lines: [
        { productId: product.id, quantity: 2 },
        { servicePlanId: plan.id, quantity: 2 },
      ],
    });
    await agent().mutate(SalesPaySale, { id: sale.id, input: { method: 'FINANCING', reference: 'CREDITO-1' } });
    expect((await subscriptionsOf(customer.id)).map((s) => s.status)).toEqual(['ACTIVE', 'ACTIVE', 'ACTIVE']);

    const { refundSale } = await admin().mutate(SalesRefundSale, { id: sale.id, reason: 'Retracto dentro de los 5 días' });
    expect(refundSale).toMatchObject({ status: 'REFUNDED', paymentMethod: 'FINANCING' });
    expect(refundSale.refundedAt).not.toBeNull();
    expect(refundSale.statusHistory.map((c) => [c.from, c.to, c.changedBy?.id, c.reason])).toEqual([
      [null, 'PENDING', server.staff.SALES_AGENT.id, null],
      ['PENDING', 'PAID', server.staff.SALES_AGENT.id, null],
      ['PAID', 'REFUNDED', server.staff.ADMIN.id, 'Retracto dentro de los 5 días'],
    ]);
    expect(await stockOf(server, product.id)).toBe(10);
    expect((await ledgerOf(server, product.id)).map((row) => [row.kind, row.delta, row.sale_id])).toEqual([
      ['INITIAL', 10, null],
      ['SALE', -2, sale.id],
      ['SALE_REFUNDED', 2, sale.id],
    ]);
    const subscriptions = await sql<{ sale_id: string; status: string; end_date: string | null }>(
      server,
      'select sale_id::text as sale_id, status, end_date::text as end_date from service_subscription where customer_id = ? order by id',
      [customer.id],
    );
    expect(subscriptions.map((s) => [s.sale_id, s.status])).toEqual([
      [earlier.id, 'ACTIVE'],
      [sale.id, 'CANCELLED'],
      [sale.id, 'CANCELLED'],
    ]);
    expect(subscriptions.slice(1).every((s) => s.end_date !== null)).toBe(true);
    expect(await eventsOf(server, sale.id)).toEqual(['SALE_CREATED', 'SALE_PAID', 'SALE_REFUNDED']);
  });
});

describe('moves the lifecycle does not allow', () => {
  it('answers BAD_USER_INPUT (detail INVALID_TRANSITION) and changes nothing', async () => {
    const { customer, product } = await saleSetup(server);
    const make = async () => (await createSale(server, { customerId: customer.id, lines: [{ productId: product.id, quantity: 1 }] })).id;
    const pending = await make();
    const paid = await make();
    await agent().mutate(SalesPaySale, { id: paid, input: { method: 'CASH' } });
    const cancelled = await make();
    await agent().mutate(SalesCancelSale, { id: cancelled, reason: 'No' });
    const refunded = await make();
    await agent().mutate(SalesPaySale, { id: refunded, input: { method: 'CASH' } });
    await admin().mutate(SalesRefundSale, { id: refunded, reason: 'Devuelto' });

    const pay = (id: string) => admin().error(SalesPaySale, { id, input: { method: 'CARD' } });
    const cancel = (id: string) => admin().error(SalesCancelSale, { id, reason: 'Otra vez' });
    const refund = (id: string) => admin().error(SalesRefundSale, { id, reason: 'Otra vez' });
    const refused: [string, () => ReturnType<typeof pay>][] = [
      ['refund PENDING', () => refund(pending)],
      ['pay PAID', () => pay(paid)],
      ['cancel PAID', () => cancel(paid)],
      ['pay CANCELLED', () => pay(cancelled)],
      ['cancel CANCELLED', () => cancel(cancelled)],
      ['refund CANCELLED', () => refund(cancelled)],
      ['pay REFUNDED', () => pay(refunded)],
      ['cancel REFUNDED', () => cancel(refunded)],
      ['refund REFUNDED', () => refund(refunded)],
    ];
    const before = await databaseState(server);
    for (const [move, attempt] of refused) {
      const error = await attempt();
      expect([move, error.code, error.extensions.detail]).toEqual([move, 'BAD_USER_INPUT', 'INVALID_TRANSITION']);
    }
    expect(await databaseState(server)).toEqual(before);
    const statuses = await Promise.all([pending, paid, cancelled, refunded].map(async (id) => (await agent().query(SalesSaleById, { id })).sale!.status));
    expect(statuses).toEqual(['PENDING', 'PAID', 'CANCELLED', 'REFUNDED']);
  });

  it('answers NOT_FOUND for an unknown or malformed sale id', async () => {
    for (const id of ['999999999', 'FV-000001']) {
      expect((await admin().error(SalesPaySale, { id, input: { method: 'CASH' } })).code).toBe('NOT_FOUND');
      expect((await admin().error(SalesCancelSale, { id, reason: 'x' })).code).toBe('NOT_FOUND');
      expect((await admin().error(SalesRefundSale, { id, reason: 'x' })).code).toBe('NOT_FOUND');
    }
  });
});

describe('roles', () => {
  it('lets SALES_AGENT and ADMIN create sales (the seller is who made it)', async () => {
    const { customer, product } = await saleSetup(server);
    for (const role of [Role.SALES_AGENT, Role.ADMIN]) {
      const { createSale: sale } = await server.as(role).mutate(SalesCreateSale, { input: { customerId: customer.id, lines: [{ productId: product.id, quantity: 1 }] } });
      expect(sale.seller).toMatchObject({ id: server.staff[role].id, role });
    }
  });

  it('lets ANALYST read sales but not create, pay or cancel them', async () => {
    const { customer, product } = await saleSetup(server);
    const sale = await createSale(server, { customerId: customer.id, lines: [{ productId: product.id, quantity: 1 }] });
    const analyst = server.as(Role.ANALYST);
    expect((await analyst.query(SalesSaleById, { id: sale.id })).sale?.id).toBe(sale.id);
    expect((await analyst.query(SalesByNumber, { number: sale.number })).saleByNumber?.id).toBe(sale.id);
    expect((await analyst.query(SalesListForRoles)).sales.totalCount).toBeGreaterThan(0);
    expect(Array.isArray((await analyst.query(PromoListForRoles)).promotions)).toBe(true);

    const before = await databaseState(server);
    expect((await analyst.error(SalesCreateSale, { input: { customerId: customer.id, lines: [{ productId: product.id, quantity: 1 }] } })).code).toBe('FORBIDDEN');
    expect((await analyst.error(SalesPaySale, { id: sale.id, input: { method: 'CASH' } })).code).toBe('FORBIDDEN');
    expect((await analyst.error(SalesCancelSale, { id: sale.id, reason: 'No' })).code).toBe('FORBIDDEN');
    expect(await databaseState(server)).toEqual(before);
  });

  it('gives PARTNER nothing of sales yet, and anonymous callers UNAUTHENTICATED', async () => {
    const { customer, product } = await saleSetup(server);
    const sale = await createSale(server, { customerId: customer.id, lines: [{ productId: product.id, quantity: 1 }] });
    const before = await databaseState(server);
    const partner = server.as(Role.PARTNER);
    expect((await partner.error(SalesSaleById, { id: sale.id })).code).toBe('FORBIDDEN');
    expect((await partner.error(SalesByNumber, { number: sale.number })).code).toBe('FORBIDDEN');
    expect((await partner.error(SalesListForRoles)).code).toBe('FORBIDDEN');
    expect((await partner.error(PromoListForRoles)).code).toBe('FORBIDDEN');
    expect((await partner.error(SalesCreateSale, { input: { customerId: customer.id, lines: [{ productId: product.id, quantity: 1 }] } })).code).toBe('FORBIDDEN');
    expect((await partner.error(SalesPaySale, { id: sale.id, input: { method: 'CASH' } })).code).toBe('FORBIDDEN');
    expect((await partner.error(SalesCancelSale, { id: sale.id, reason: 'No' })).code).toBe('FORBIDDEN');
    expect((await server.as(null).error(SalesCreateSale, { input: { customerId: customer.id, lines: [{ productId: product.id, quantity: 1 }] } })).code).toBe('UNAUTHENTICATED');
    expect(await databaseState(server)).toEqual(before);
  });
});
