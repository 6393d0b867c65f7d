import { graphql } from '../__generated__';
import { CatalogAdjustStock } from '../catalog/catalog.fixtures';
import type { CreateSaleInput } from '../__generated__/graphql';
import { Role } from '../../src/core/auth/roles';
import type { GraphQLErrorSeen } from '../support/client';
import { startTestServer, type TestServer } from '../support/server';
import {
  createCategory,
  createCustomer,
  createPlan,
  createProduct,
  createPromotion,
  createSale,
  databaseState,
  SalesCreateSale,
  SalesSetCustomerCategory,
  SalesUpdateProduct,
  stockOf,
  usedCountOf,
} from './sales.fixtures';

/**
 * A createSale that fails anywhere (a bad line, the stock, the promotion) answers with its code
 * and leaves no sale, no stock change, no ledger row, no subscription and no promotion use.
 */

const SalesRetirePlan = graphql(`
  mutation SalesRetirePlan($id: ID!) {
    retireServicePlan(id: $id) { id status }
  }
`);

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

/** The error of a createSale that must fail, after checking it wrote nothing at all. */
async function refusedSale(input: CreateSaleInput): Promise<GraphQLErrorSeen> {
  const before = await databaseState(server);
  const error = await server.as(Role.SALES_AGENT).error(SalesCreateSale, { input });
  expect(await databaseState(server)).toEqual(before);
  return error;
}

function expectError(error: GraphQLErrorSeen, code: string, detail: string | undefined, field?: string): void {
  expect({ code: error.code, detail: error.extensions.detail }).toEqual({ code, detail });
  if (field) expect(error.extensions.fields).toEqual([expect.objectContaining({ field })]);
}

/** A customer, an in-stock product (10 units) and an active plan. */
async function setup() {
  const customer = await createCustomer(server);
  const product = await createProduct(server, { stock: 10 });
  const plan = await createPlan(server);
  return { customer, product, plan };
}

describe('createSale refuses what it cannot sell', () => {
  it('an unknown customer: NOT_FOUND naming input.customerId', async () => {
    const { product } = await setup();
    for (const customerId of ['999999999', 'not-an-id']) {
      const error = await refusedSale({ customerId, lines: [{ productId: product.id, quantity: 1 }] });
      expectError(error, 'NOT_FOUND', undefined, 'input.customerId');
    }
  });

  it('an unknown product or plan: NOT_FOUND naming the line', async () => {
    const { customer, product, plan } = await setup();
    for (const id of ['999999999', 'abc']) {
      const unknownProduct = await refusedSale({ customerId: customer.id, lines: [{ servicePlanId: plan.id, quantity: 1 }, { productId: id, quantity: 1 }] });
      expectError(unknownProduct, 'NOT_FOUND', undefined, 'input.lines[1].productId');
      expect(unknownProduct.extensions).toMatchObject({ entity: 'Product', id });
      const unknownPlan = await refusedSale({ customerId: customer.id, lines: [{ productId: product.id, quantity: 1 }, { servicePlanId: id, quantity: 1 }] });
      expectError(unknownPlan, 'NOT_FOUND', undefined, 'input.lines[1].servicePlanId');
      expect(unknownPlan.extensions).toMatchObject({ entity: 'ServicePlan', id });
    }
    expect(await stockOf(server, product.id)).toBe(10);
  });

  it('a line with both a product and a plan, or neither: BAD_USER_INPUT, detail INVALID_LINE', async () => {
    const { customer, product, plan } = await setup();
    const both = await refusedSale({ customerId: customer.id, lines: [{ productId: product.id, servicePlanId: plan.id, quantity: 1 }] });
    expectError(both, 'BAD_USER_INPUT', 'INVALID_LINE', 'input.lines[0]');
    const neither = await refusedSale({ customerId: customer.id, lines: [{ productId: product.id, quantity: 1 }, { quantity: 1 }] });
    expectError(neither, 'BAD_USER_INPUT', 'INVALID_LINE', 'input.lines[1]');
  });

  it('a quantity of 0 or below, or no line at all: BAD_USER_INPUT naming the field', async () => {
    const { customer, product, plan } = await setup();
    for (const quantity of [0, -1]) {
      expectError(await refusedSale({ customerId: customer.id, lines: [{ productId: product.id, quantity }] }), 'BAD_USER_INPUT', undefined, 'input.lines[0].quantity');
      expectError(await refusedSale({ customerId: customer.id, lines: [{ productId: product.id, quantity: 1 }, { servicePlanId: plan.id, quantity }] }), 'BAD_USER_INPUT', undefined, 'input.lines[1].quantity');
    }
    expectError(await refusedSale({ customerId: customer.id, lines: [] }), 'BAD_USER_INPUT', undefined, 'input.lines');
  });

  it('a retired plan (PLAN_NOT_AVAILABLE) and a discontinued product (PRODUCT_DISCONTINUED)', async () => {
    const { customer, product, plan } = await setup();
    await server.as(Role.ADMIN).mutate(SalesRetirePlan, { id: plan.id });
    const retired = await refusedSale({ customerId: customer.id, lines: [{ productId: product.id, quantity: 1 }, { servicePlanId: plan.id, quantity: 1 }] });
    expectError(retired, 'BAD_USER_INPUT', 'PLAN_NOT_AVAILABLE', 'input.lines[1].servicePlanId');

    const other = await createProduct(server, { stock: 3 });
    await server.as(Role.ADMIN).mutate(SalesUpdateProduct, { id: other.id, input: { status: 'DISCONTINUED' } });
    const discontinued = await refusedSale({ customerId: customer.id, lines: [{ productId: product.id, quantity: 1 }, { productId: other.id, quantity: 1 }] });
    expectError(discontinued, 'BAD_USER_INPUT', 'PRODUCT_DISCONTINUED', 'input.lines[1].productId');
    expect(await stockOf(server, other.id)).toBe(3);
  });

  it('a sale failing on the stock of its 2nd product after the 1st was taken leaves everything as before', async () => {
    const customer = await createCustomer(server);
    // Stock is taken in product id order: `plenty` (created first) before `scarce`.
    const plenty = await createProduct(server, { stock: 5 });
    const scarce = await createProduct(server, { stock: 1 });
    const plan = await createPlan(server);
    const promotion = await createPromotion(server, { percentOff: 5, usageLimit: 10 });
    const error = await refusedSale({
      customerId: customer.id,
      lines: [
        { productId: scarce.id, quantity: 2 },
        { servicePlanId: plan.id, quantity: 1 },
        { productId: plenty.id, quantity: 3 },
      ],
      promotionCode: promotion.code,
      idempotencyKey: `fails-on-stock-${customer.id}`,
    });
    expectError(error, 'CONFLICT', 'INSUFFICIENT_STOCK', 'input.lines[0].productId');
    expect(error.extensions).toMatchObject({ available: 1, requested: 2 });
    expect([await stockOf(server, plenty.id), await stockOf(server, scarce.id), await usedCountOf(server, promotion.id)]).toEqual([5, 1, 0]);

    // The idempotency key went back with everything else: the same call succeeds once the units are there.
    await server.as(Role.ADMIN).mutate(CatalogAdjustStock, { productId: scarce.id, delta: 1, reason: 'Reposición' });
    const fine = await createSale(server, {
      customerId: customer.id,
      lines: [
        { productId: scarce.id, quantity: 2 },
        { servicePlanId: plan.id, quantity: 1 },
        { productId: plenty.id, quantity: 3 },
      ],
      promotionCode: promotion.code,
      idempotencyKey: `fails-on-stock-${customer.id}`,
    });
    expect(fine.status).toBe('PENDING');
    expect([await stockOf(server, plenty.id), await stockOf(server, scarce.id), await usedCountOf(server, promotion.id)]).toEqual([2, 0, 1]);
  });
});

describe('createSale refuses a promotion that does not apply, with its reason', () => {
  it('an unknown code: PROMOTION_NOT_FOUND', async () => {
    const { customer, product } = await setup();
    expectError(await refusedSale({ customerId: customer.id, lines: [{ productId: product.id, quantity: 1 }], promotionCode: 'NO-EXISTE' }), 'BAD_USER_INPUT', 'PROMOTION_NOT_FOUND', 'input.promotionCode');
  });

  it('an ended, a not yet started and an inactive promotion', async () => {
    const { customer, product } = await setup();
    const day = 24 * 3600 * 1000;
    const ended = await createPromotion(server, { validFrom: new Date(Date.now() - 10 * day).toISOString(), validTo: new Date(Date.now() - day).toISOString() });
    const future = await createPromotion(server, { validFrom: new Date(Date.now() + day).toISOString() });
    const inactive = await createPromotion(server, { active: false });
    const sell = (code: string) => refusedSale({ customerId: customer.id, lines: [{ productId: product.id, quantity: 1 }], promotionCode: code });
    expectError(await sell(ended.code), 'BAD_USER_INPUT', 'PROMOTION_EXPIRED', 'input.promotionCode');
    expectError(await sell(future.code), 'BAD_USER_INPUT', 'PROMOTION_NOT_STARTED', 'input.promotionCode');
    expectError(await sell(inactive.code), 'BAD_USER_INPUT', 'PROMOTION_INACTIVE', 'input.promotionCode');
  });

  it('a customer outside its categories or regions: PROMOTION_NOT_ELIGIBLE (regions compared without letter case)', async () => {
    const { product } = await setup();
    const loyalOnly = await createPromotion(server, { customerCategories: ['LOYAL'] });
    const antioquiaOnly = await createPromotion(server, { regions: ['Antioquia'] });
    const bogotano = await createCustomer(server, { region: 'Bogotá D.C.' });
    const paisa = await createCustomer(server, { region: 'ANTIOQUIA' });
    const sell = (customerId: string, code: string) => ({ customerId, lines: [{ productId: product.id, quantity: 1 }], promotionCode: code });

    const category = await refusedSale(sell(bogotano.id, loyalOnly.code));
    expectError(category, 'BAD_USER_INPUT', 'PROMOTION_NOT_ELIGIBLE', 'input.promotionCode');
    expect(category.message).toMatch(/LOYAL/);
    const region = await refusedSale(sell(bogotano.id, antioquiaOnly.code));
    expectError(region, 'BAD_USER_INPUT', 'PROMOTION_NOT_ELIGIBLE', 'input.promotionCode');
    expect(region.message).toMatch(/Antioquia/);

    expect((await createSale(server, sell(paisa.id, antioquiaOnly.code))).promotion?.code).toBe(antioquiaOnly.code);
    await server.as(Role.ADMIN).mutate(SalesSetCustomerCategory, { id: bogotano.id, category: 'LOYAL' });
    expect((await createSale(server, sell(bogotano.id, loyalOnly.code))).promotion?.code).toBe(loyalOnly.code);
  });

  it('a promotion covering none of the lines: PROMOTION_NOT_APPLICABLE', async () => {
    const { customer, product, plan } = await setup();
    const other = await createProduct(server);
    const category = await createCategory(server);
    const sell = (code: string) => refusedSale({ customerId: customer.id, lines: [{ productId: product.id, quantity: 1 }, { servicePlanId: plan.id, quantity: 1 }], promotionCode: code });
    for (const promotion of [
      await createPromotion(server, { productIds: [other.id] }),
      await createPromotion(server, { productCategoryIds: [category.id] }),
      await createPromotion(server, { serviceTypes: ['TV'] }),
    ]) {
      expectError(await sell(promotion.code), 'BAD_USER_INPUT', 'PROMOTION_NOT_APPLICABLE', 'input.promotionCode');
    }
  });

  it('a promotion used up overall, or by this customer: PROMOTION_EXHAUSTED', async () => {
    const { customer, product } = await setup();
    const someoneElse = await createCustomer(server);
    const sell = (customerId: string, code: string) => ({ customerId, lines: [{ productId: product.id, quantity: 1 }], promotionCode: code });

    const once = await createPromotion(server, { usageLimit: 1 });
    await createSale(server, sell(someoneElse.id, once.code));
    expectError(await refusedSale(sell(customer.id, once.code)), 'BAD_USER_INPUT', 'PROMOTION_EXHAUSTED', 'input.promotionCode');
    expect(await usedCountOf(server, once.id)).toBe(1);

    const oncePerCustomer = await createPromotion(server, { perCustomerLimit: 1, usageLimit: 100 });
    await createSale(server, sell(customer.id, oncePerCustomer.code));
    const perCustomer = await refusedSale(sell(customer.id, oncePerCustomer.code));
    expectError(perCustomer, 'BAD_USER_INPUT', 'PROMOTION_EXHAUSTED', 'input.promotionCode');
    expect(perCustomer.message).toMatch(/per customer/);
    expect(await usedCountOf(server, oncePerCustomer.id)).toBe(1);
    // Another customer still may.
    expect((await createSale(server, sell(someoneElse.id, oncePerCustomer.code))).promotion?.code).toBe(oncePerCustomer.code);
    expect(await usedCountOf(server, oncePerCustomer.id)).toBe(2);
  });
});
