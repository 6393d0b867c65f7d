import { graphql } from '../__generated__';
import type { SaleFilter, SaleOrder } from '../__generated__/graphql';
import { Role } from '../../src/core/auth/roles';
import { startTestServer, type TestServer } from '../support/server';
import {
  countRows,
  createCustomer,
  createPlan,
  createProduct,
  createPromotion,
  createSale,
  PromoCreate,
  SalesCancelSale,
  SalesPaySale,
  SalesCreateSale,
  SalesRefundSale,
  SalesSaleById,
  sql,
} from './sales.fixtures';

/** Reading sales (by id, by number, filtered and ordered pages, a customer's purchases), what sales hold, promotions CRUD. */

const SalesByNumberQuery = graphql(`
  query SalesByNumberQuery($number: String!) {
    saleByNumber(number: $number) { id number }
  }
`);

const SalesPage = graphql(`
  query SalesPage($first: Int, $after: String, $filter: SaleFilter, $orderBy: SaleOrder) {
    sales(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { id number total { amount } createdAt } }
    }
  }
`);

const SalesCustomerPurchases = graphql(`
  query SalesCustomerPurchases($id: ID!, $first: Int, $after: String) {
    customer(id: $id) {
      id
      purchases(first: $first, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { node { id number status } }
      }
    }
  }
`);

const SalesDeleteCustomer = graphql(`
  mutation SalesDeleteCustomer($id: ID!) {
    deleteCustomer(id: $id)
  }
`);

const SalesDeleteProduct = graphql(`
  mutation SalesDeleteProduct($id: ID!) {
    deleteProduct(id: $id)
  }
`);

const SalesDeletePlan = graphql(`
  mutation SalesDeletePlan($id: ID!) {
    deleteServicePlan(id: $id)
  }
`);

const PromoUpdate = graphql(`
  mutation PromoUpdate($id: ID!, $input: UpdatePromotionInput!) {
    updatePromotion(id: $id, input: $input) { id code name description active usageLimit perCustomerLimit validFrom validTo usedCount percentOff }
  }
`);

const PromoDelete = graphql(`
  mutation PromoDelete($id: ID!) {
    deletePromotion(id: $id)
  }
`);

const PromoList = graphql(`
  query PromoList {
    promotions { id code active usedCount }
  }
`);

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

const analyst = () => server.as(Role.ANALYST);
const admin = () => server.as(Role.ADMIN);

async function page(variables: { first?: number; after?: string | null; filter?: SaleFilter; orderBy?: SaleOrder }) {
  return (await analyst().query(SalesPage, variables)).sales;
}

async function ids(filter: SaleFilter, orderBy?: SaleOrder): Promise<string[]> {
  const result = await page({ first: 100, filter, orderBy });
  expect(result.totalCount).toBe(result.edges.length);
  return result.edges.map((edge) => edge.node.id);
}

/** Every page of `sales` from the first, `first` at a time: the ids in order, each page checked. */
async function walk(first: number, filter?: SaleFilter, orderBy?: SaleOrder): Promise<string[]> {
  const seen: string[] = [];
  let after: string | null = null;
  for (let pages = 0; ; pages++) {
    const result = await page({ first, after, filter, orderBy });
    expect(result.edges.length).toBeLessThanOrEqual(first);
    expect(result.pageInfo.hasPreviousPage).toBe(after !== null);
    seen.push(...result.edges.map((edge) => edge.node.id));
    if (!result.pageInfo.hasNextPage) {
      expect(seen).toHaveLength(result.totalCount);
      return seen;
    }
    expect(result.edges).toHaveLength(first);
    after = result.pageInfo.endCursor!;
    if (pages > 1000) throw new Error('pagination does not end');
  }
}

/**
 * Six sales of two customers over two products and a plan, by two sellers, in every status,
 * with equal totals (238,000.00) on three of them so that orderings need their tie-breaker.
 */
async function dataset() {
  const [c1, c2] = [await createCustomer(server), await createCustomer(server)];
  const pA = await createProduct(server, { price: { amount: '100000.00' }, stock: 50 });
  const pB = await createProduct(server, { price: { amount: '200000.00' }, stock: 50 });
  const plan = await createPlan(server, { price: { amount: '109900.00' } });
  const agentClient = server.as(Role.SALES_AGENT);
  const s1 = await createSale(server, { customerId: c1.id, lines: [{ productId: pA.id, quantity: 1 }] }); // 119,000.00
  const s2 = await createSale(server, { customerId: c1.id, lines: [{ productId: pB.id, quantity: 1 }] }, admin()); // 238,000.00
  await agentClient.mutate(SalesPaySale, { id: s2.id, input: { method: 'CARD' } });
  const s3 = await createSale(server, { customerId: c1.id, lines: [{ servicePlanId: plan.id, quantity: 1 }] }); // 130,781.00
  await agentClient.mutate(SalesCancelSale, { id: s3.id, reason: 'No' });
  const s4 = await createSale(server, { customerId: c2.id, lines: [{ productId: pA.id, quantity: 2 }] }); // 238,000.00
  await agentClient.mutate(SalesPaySale, { id: s4.id, input: { method: 'CASH' } });
  await admin().mutate(SalesRefundSale, { id: s4.id, reason: 'Devuelto' });
  const s5 = await createSale(server, { customerId: c1.id, lines: [{ productId: pA.id, quantity: 1 }, { servicePlanId: plan.id, quantity: 1 }] }, admin()); // 249,781.00
  const s6 = await createSale(server, { customerId: c2.id, lines: [{ productId: pB.id, quantity: 1 }] }); // 238,000.00
  return { c1, c2, pA, pB, plan, s1, s2, s3, s4, s5, s6 };
}

describe('sale and saleByNumber', () => {
  it('find a sale by id and by number (any letter case, spaces aside); null for unknown or malformed ones', async () => {
    const { s1 } = await dataset();
    expect((await analyst().query(SalesSaleById, { id: s1.id })).sale).toMatchObject({ id: s1.id, number: s1.number, total: { amount: '119000.00' } });
    expect((await analyst().query(SalesByNumberQuery, { number: ` ${s1.number.toLowerCase()} ` })).saleByNumber).toMatchObject({ id: s1.id, number: s1.number });
    for (const id of ['999999999', 'not-an-id', '-1', '']) expect((await analyst().query(SalesSaleById, { id })).sale).toBeNull();
    for (const number of ['FV-999999', 'nonsense']) expect((await analyst().query(SalesByNumberQuery, { number })).saleByNumber).toBeNull();
  });
});

describe('sales', () => {
  let d: Awaited<ReturnType<typeof dataset>>;
  beforeAll(async () => {
    d = await dataset();
  });

  it('filters by customer, seller, status, product and plan, newest first, the filters adding up', async () => {
    const { c1, c2, pA, pB, plan, s1, s2, s3, s4, s5, s6 } = d;
    expect(await ids({ customerId: c1.id })).toEqual([s5.id, s3.id, s2.id, s1.id]);
    expect(await ids({ customerId: c2.id })).toEqual([s6.id, s4.id]);
    expect(await ids({ customerId: c1.id, sellerId: server.staff.ADMIN.id })).toEqual([s5.id, s2.id]);
    expect(await ids({ productId: pB.id, sellerId: server.staff.SALES_AGENT.id })).toEqual([s6.id]);
    expect(await ids({ productId: pA.id })).toEqual([s5.id, s4.id, s1.id]);
    expect(await ids({ servicePlanId: plan.id })).toEqual([s5.id, s3.id]);
    expect(await ids({ productId: pB.id, status: 'PAID' })).toEqual([s2.id]);
    expect(await ids({ customerId: c2.id, status: 'REFUNDED' })).toEqual([s4.id]);
    expect(await ids({ servicePlanId: plan.id, status: 'CANCELLED' })).toEqual([s3.id]);
    expect(await ids({ customerId: c1.id, status: 'PENDING' })).toEqual([s5.id, s1.id]);
    // Unknown or malformed ids match nothing.
    for (const id of ['999999999', 'nope']) {
      expect(await ids({ customerId: id })).toEqual([]);
      expect(await ids({ sellerId: id })).toEqual([]);
      expect(await ids({ productId: id })).toEqual([]);
      expect(await ids({ servicePlanId: id })).toEqual([]);
    }
  });

  it('filters by creation time (from included, to excluded) and by total (both bounds included)', async () => {
    const { c1, c2, s1, s2, s3, s4, s5, s6 } = d;
    expect(await ids({ customerId: c1.id, createdAt: { from: s2.createdAt, to: s5.createdAt } })).toEqual([s3.id, s2.id]);
    expect(await ids({ customerId: c1.id, createdAt: { from: s3.createdAt } })).toEqual([s5.id, s3.id]);
    expect(await ids({ customerId: c1.id, createdAt: { to: s2.createdAt } })).toEqual([s1.id]);
    const inverted = await analyst().error(SalesPage, { filter: { createdAt: { from: s5.createdAt, to: s1.createdAt } } });
    expect([inverted.code, inverted.extensions.detail]).toEqual(['BAD_USER_INPUT', 'INVERTED_RANGE']);

    expect(await ids({ customerId: c1.id, minTotal: '200000' })).toEqual([s5.id, s2.id]);
    expect(await ids({ customerId: c1.id, maxTotal: '130781.00' })).toEqual([s3.id, s1.id]);
    expect(await ids({ customerId: c2.id, minTotal: '238000', maxTotal: '238000.00' })).toEqual([s6.id, s4.id]);
    expect(await ids({ customerId: c1.id, minTotal: '119000.01', maxTotal: '130780.99' })).toEqual([]);
  });

  it('orders by total either way, equal totals by id', async () => {
    const { c1, pA, pB, s1, s2, s3, s4, s5, s6 } = d;
    expect(await ids({ customerId: c1.id }, { field: 'TOTAL', direction: 'ASC' })).toEqual([s1.id, s3.id, s2.id, s5.id]);
    expect(await ids({ customerId: c1.id }, { field: 'TOTAL', direction: 'DESC' })).toEqual([s5.id, s2.id, s3.id, s1.id]);
    // s2, s4 and s6 all total 238,000.00.
    const tied = { minTotal: '238000', maxTotal: '238000' };
    const byId = [s2.id, s4.id, s6.id].sort((a, b) => Number(a) - Number(b));
    expect((await ids(tied, { field: 'TOTAL', direction: 'ASC' })).filter((id) => byId.includes(id))).toEqual(byId);
    expect((await ids(tied, { field: 'TOTAL', direction: 'DESC' })).filter((id) => byId.includes(id))).toEqual([...byId].reverse());
    expect(await ids({ productId: pB.id }, { field: 'CREATED_AT', direction: 'ASC' })).toEqual([s2.id, s6.id]);
    expect(await ids({ productId: pA.id }, { field: 'CREATED_AT', direction: 'DESC' })).toEqual([s5.id, s4.id, s1.id]);
  });

  it('walks every page exactly once, in every order, whatever the page size', async () => {
    const { c1, s1, s2, s3, s5 } = d;
    const all = await sql<{ sale_id: string }>(server, 'select id::text as sale_id from sale order by created_at desc, id desc');
    // (sale_id, not id: ORDER BY would take the text column of that name.)
    expect(await walk(4)).toEqual(all.map((row) => row.sale_id));
    const byTotal = await sql<{ sale_id: string }>(server, 'select id::text as sale_id from sale order by total asc, id asc');
    expect(await walk(3, undefined, { field: 'TOTAL', direction: 'ASC' })).toEqual(byTotal.map((row) => row.sale_id));
    const byTotalDesc = await walk(5, undefined, { field: 'TOTAL', direction: 'DESC' });
    expect(byTotalDesc).toEqual([...byTotal.map((row) => row.sale_id)].reverse());
    expect(await walk(2, { customerId: c1.id }, { field: 'TOTAL', direction: 'DESC' })).toEqual([s5.id, s2.id, s3.id, s1.id]);
    expect(await walk(1, { customerId: c1.id })).toEqual([s5.id, s3.id, s2.id, s1.id]);
    expect(await walk(1, { productId: d.pA.id })).toEqual([s5.id, d.s4.id, s1.id]);
    expect(await walk(1, { servicePlanId: d.plan.id }, { field: 'TOTAL', direction: 'ASC' })).toEqual([s3.id, s5.id]);

    const bad = await analyst().error(SalesPage, { first: 2, after: 'not-a-cursor' });
    expect(bad.code).toBe('BAD_USER_INPUT');
    expect((await analyst().error(SalesPage, { first: 101 })).code).toBe('BAD_USER_INPUT');
  });

  it('Customer.purchases pages the customer’s sales in every status, newest first', async () => {
    const { c1, c2, s1, s2, s3, s5, s4, s6 } = d;
    const first = (await analyst().query(SalesCustomerPurchases, { id: c1.id, first: 2 })).customer!.purchases;
    expect(first.totalCount).toBe(4);
    expect(first.edges.map((e) => [e.node.id, e.node.status])).toEqual([
      [s5.id, 'PENDING'],
      [s3.id, 'CANCELLED'],
    ]);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = (await analyst().query(SalesCustomerPurchases, { id: c1.id, first: 2, after: first.pageInfo.endCursor })).customer!.purchases;
    expect(second.edges.map((e) => [e.node.id, e.node.status])).toEqual([
      [s2.id, 'PAID'],
      [s1.id, 'PENDING'],
    ]);
    expect(second.pageInfo.hasNextPage).toBe(false);
    const other = (await analyst().query(SalesCustomerPurchases, { id: c2.id })).customer!.purchases;
    expect(other.edges.map((e) => [e.node.id, e.node.status])).toEqual([
      [s6.id, 'PENDING'],
      [s4.id, 'REFUNDED'],
    ]);
    const none = (await analyst().query(SalesCustomerPurchases, { id: (await createCustomer(server)).id })).customer!.purchases;
    expect(none).toMatchObject({ totalCount: 0, edges: [], pageInfo: { hasNextPage: false } });
  });
});

describe('what sales hold', () => {
  it('refuses to delete a customer, product or plan that was sold, even on a cancelled sale: CONFLICT', async () => {
    const customer = await createCustomer(server);
    const product = await createProduct(server);
    const plan = await createPlan(server);
    const sale = await createSale(server, { customerId: customer.id, lines: [{ productId: product.id, quantity: 1 }, { servicePlanId: plan.id, quantity: 1 }] });
    await server.as(Role.SALES_AGENT).mutate(SalesCancelSale, { id: sale.id, reason: 'Cancelada' });

    const customerError = await admin().error(SalesDeleteCustomer, { id: customer.id });
    expect([customerError.code, customerError.extensions.detail]).toEqual(['CONFLICT', 'CUSTOMER_IN_USE']);
    expect(customerError.message).toMatch(/1 sale/);
    const productError = await admin().error(SalesDeleteProduct, { id: product.id });
    expect([productError.code, productError.extensions.detail]).toEqual(['CONFLICT', 'PRODUCT_IN_USE']);
    const planError = await admin().error(SalesDeletePlan, { id: plan.id });
    expect([planError.code, planError.extensions.detail]).toEqual(['CONFLICT', 'PLAN_IN_USE']);
    expect(planError.message).toMatch(/sold in 1 sale/);
    expect([await countRows(server, 'customer', 'id = ?', [customer.id]), await countRows(server, 'product', 'id = ?', [product.id]), await countRows(server, 'service_plan', 'id = ?', [plan.id])]).toEqual([1, 1, 1]);

    // Never sold: deletable.
    const unsold = await createCustomer(server);
    expect((await admin().mutate(SalesDeleteCustomer, { id: unsold.id })).deleteCustomer).toBe(unsold.id);
    const unsoldPlan = await createPlan(server);
    expect((await admin().mutate(SalesDeletePlan, { id: unsoldPlan.id })).deleteServicePlan).toBe(unsoldPlan.id);
  });
});

describe('promotions', () => {
  it('creates a promotion with what it applies to and who may use it, normalised', async () => {
    const product = await createProduct(server);
    const plan = await createPlan(server);
    const { createPromotion: promotion } = await admin().mutate(PromoCreate, {
      input: {
        code: 'fibra-antioquia-q1',
        name: '  $20.000 en fibra  ',
        description: 'Solo primer trimestre',
        amountOff: { amount: '20000' },
        productIds: [product.id],
        servicePlanIds: [plan.id, plan.id],
        serviceTypes: ['FIBER_INTERNET'],
        customerCategories: ['NEW', 'REGULAR'],
        regions: [' Antioquia '],
        validFrom: '2026-01-01T05:00:00.000Z',
        validTo: '2026-04-01T05:00:00.000Z',
        usageLimit: 100,
        perCustomerLimit: 1,
      },
    });
    expect(promotion).toMatchObject({
      code: 'FIBRA-ANTIOQUIA-Q1',
      name: '$20.000 en fibra',
      description: 'Solo primer trimestre',
      percentOff: null,
      amountOff: { amount: '20000.00', currency: 'COP' },
      productIds: [product.id],
      servicePlanIds: [plan.id],
      productCategoryIds: [],
      serviceTypes: ['FIBER_INTERNET'],
      customerCategories: ['NEW', 'REGULAR'],
      regions: ['Antioquia'],
      validFrom: '2026-01-01T05:00:00.000Z',
      validTo: '2026-04-01T05:00:00.000Z',
      usageLimit: 100,
      perCustomerLimit: 1,
      usedCount: 0,
      active: true,
    });
    const listed = (await analyst().query(PromoList)).promotions.find((p) => p.id === promotion.id);
    expect(listed).toMatchObject({ code: 'FIBRA-ANTIOQUIA-Q1', active: true, usedCount: 0 });
  });

  it('wants exactly one of percentOff and amountOff, a sane period and a unique code (any letter case); admins only', async () => {
    const before = await countRows(server, 'promotion');
    const both = await admin().error(PromoCreate, { input: { code: 'AMBOS-1', name: 'Ambos', percentOff: 10, amountOff: { amount: '1000' } } });
    expect([both.code, both.extensions.detail]).toEqual(['BAD_USER_INPUT', 'INVALID_PROMOTION']);
    const neither = await admin().error(PromoCreate, { input: { code: 'NINGUNO-1', name: 'Ninguno' } });
    expect([neither.code, neither.extensions.detail]).toEqual(['BAD_USER_INPUT', 'INVALID_PROMOTION']);
    expect((await admin().error(PromoCreate, { input: { code: 'CERO-1', name: 'Cero', amountOff: { amount: '0' } } })).code).toBe('BAD_USER_INPUT');
    expect((await admin().error(PromoCreate, { input: { code: 'MUCHO-1', name: 'Mucho', percentOff: 101 } })).code).toBe('BAD_USER_INPUT');
    expect((await admin().error(PromoCreate, { input: { code: 'NADA-1', name: 'Nada', percentOff: 0 } })).code).toBe('BAD_USER_INPUT');
    const period = await admin().error(PromoCreate, { input: { code: 'AL-REVES', name: 'Al revés', percentOff: 5, validFrom: '2026-02-01T00:00:00Z', validTo: '2026-01-01T00:00:00Z' } });
    expect(period.code).toBe('BAD_USER_INPUT');
    expect((await admin().error(PromoCreate, { input: { code: 'a', name: 'Corto', percentOff: 5 } })).code).toBe('BAD_USER_INPUT');
    expect(await countRows(server, 'promotion')).toBe(before);

    await createPromotion(server, { code: 'UNICO-2026' });
    const duplicate = await admin().error(PromoCreate, { input: { code: 'unico-2026', name: 'Otra', percentOff: 5 } });
    expect([duplicate.code, duplicate.extensions.detail]).toEqual(['CONFLICT', 'DUPLICATE_PROMOTION_CODE']);
    expect(duplicate.extensions.fields).toEqual([expect.objectContaining({ field: 'input.code' })]);

    for (const role of [Role.SALES_AGENT, Role.ANALYST, Role.PARTNER]) {
      expect((await server.as(role).error(PromoCreate, { input: { code: `ROL-${role}`.replace('_', '-'), name: 'Rol', percentOff: 5 } })).code).toBe('FORBIDDEN');
    }
    expect(await countRows(server, 'promotion')).toBe(before + 1);
  });

  it('updates only the fields given; a deactivated promotion is refused at the counter until reactivated', async () => {
    const customer = await createCustomer(server);
    const product = await createProduct(server);
    const promotion = await createPromotion(server, { percentOff: 10, usageLimit: 5 });
    await createSale(server, { customerId: customer.id, lines: [{ productId: product.id, quantity: 1 }], promotionCode: promotion.code });

    const { updatePromotion } = await admin().mutate(PromoUpdate, { id: promotion.id, input: { name: 'Renombrada', active: false, usageLimit: 2 } });
    expect(updatePromotion).toMatchObject({ code: promotion.code, name: 'Renombrada', active: false, usageLimit: 2, percentOff: 10, usedCount: 1, description: null });
    const refused = await server.as(Role.SALES_AGENT).error(SalesCreateSale, { input: { customerId: customer.id, lines: [{ productId: product.id, quantity: 1 }], promotionCode: promotion.code } });
    expect(refused.extensions.detail).toBe('PROMOTION_INACTIVE');
    expect((await analyst().query(PromoList)).promotions.at(-1)?.active).toBe(false);

    expect((await admin().mutate(PromoUpdate, { id: promotion.id, input: { active: true } })).updatePromotion).toMatchObject({ active: true, name: 'Renombrada', usageLimit: 2 });
    expect((await createSale(server, { customerId: customer.id, lines: [{ productId: product.id, quantity: 1 }], promotionCode: promotion.code })).promotion?.id).toBe(promotion.id);
    // Used twice now: the limit may come down to 2, not below.
    const below = await admin().error(PromoUpdate, { id: promotion.id, input: { usageLimit: 1 } });
    expect([below.code, below.extensions.detail]).toEqual(['BAD_USER_INPUT', 'INVALID_PROMOTION']);
    const exhausted = await server.as(Role.SALES_AGENT).error(SalesCreateSale, { input: { customerId: customer.id, lines: [{ productId: product.id, quantity: 1 }], promotionCode: promotion.code } });
    expect(exhausted.extensions.detail).toBe('PROMOTION_EXHAUSTED');
    const period = await admin().error(PromoUpdate, { id: promotion.id, input: { validFrom: '2026-03-01T00:00:00Z', validTo: '2026-02-01T00:00:00Z' } });
    expect(period.code).toBe('BAD_USER_INPUT');
    expect((await admin().error(PromoUpdate, { id: '999999999', input: { name: 'x' } })).code).toBe('NOT_FOUND');
    expect((await server.as(Role.SALES_AGENT).error(PromoUpdate, { id: promotion.id, input: { name: 'x' } })).code).toBe('FORBIDDEN');
  });

  it('deletes a promotion no sale used; one that was used (even by a cancelled sale) is CONFLICT', async () => {
    const unused = await createPromotion(server);
    expect((await admin().mutate(PromoDelete, { id: unused.id })).deletePromotion).toBe(unused.id);
    expect((await analyst().query(PromoList)).promotions.some((p) => p.id === unused.id)).toBe(false);
    expect((await admin().error(PromoDelete, { id: unused.id })).code).toBe('NOT_FOUND');

    const customer = await createCustomer(server);
    const product = await createProduct(server);
    const used = await createPromotion(server);
    const sale = await createSale(server, { customerId: customer.id, lines: [{ productId: product.id, quantity: 1 }], promotionCode: used.code });
    await server.as(Role.SALES_AGENT).mutate(SalesCancelSale, { id: sale.id, reason: 'No' });
    const error = await admin().error(PromoDelete, { id: used.id });
    expect([error.code, error.extensions.detail]).toEqual(['CONFLICT', 'PROMOTION_IN_USE']);
    expect(await countRows(server, 'promotion', 'id = ?', [used.id])).toBe(1);
    expect((await server.as(Role.SALES_AGENT).error(PromoDelete, { id: used.id })).code).toBe('FORBIDDEN');
  });

  it('lists active promotions first, then by code', async () => {
    await createPromotion(server, { code: 'ZZZ-ACTIVA' });
    await createPromotion(server, { code: 'AAA-ACTIVA' });
    await createPromotion(server, { code: 'AAA-INACTIVA', active: false });
    const listed = (await analyst().query(PromoList)).promotions;
    const firstInactive = listed.findIndex((p) => !p.active);
    expect(listed.slice(firstInactive).every((p) => !p.active)).toBe(true);
    const codes = listed.map((p) => p.code);
    expect(codes.indexOf('AAA-ACTIVA')).toBeLessThan(codes.indexOf('ZZZ-ACTIVA'));
    expect(codes.indexOf('ZZZ-ACTIVA')).toBeLessThan(codes.indexOf('AAA-INACTIVA'));
  });
});
