import { graphql } from '../__generated__';
import type { SalesSaleFieldsFragment } from '../__generated__/graphql';
import { Role } from '../../src/core/auth/roles';
import { startTestServer, type TestServer } from '../support/server';
import {
  createCategory,
  createCustomer,
  createPlan,
  createProduct,
  createPromotion,
  createSale,
  SalesSaleById,
  SalesUpdateProduct,
  stockOf,
  usedCountOf,
} from './sales.fixtures';

/**
 * createSale prices every line exactly as the sales rules say (prices net of tax; line gross =
 * unit price × quantity, minus its discount, taxed at its rate; each amount rounded half up to
 * cents per line; the sale sums its lines). Every expected amount below is computed by hand.
 */

const SalesUpdatePlanPrice = graphql(`
  mutation SalesUpdatePlanPrice($id: ID!, $input: UpdateServicePlanInput!) {
    updateServicePlan(id: $id, input: $input) { id price { amount } }
  }
`);

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

/** The money of a sale as plain strings: what an invoice prints. */
function amounts(sale: SalesSaleFieldsFragment) {
  return {
    subtotal: sale.subtotal.amount,
    discount: sale.discount.amount,
    tax: sale.tax.amount,
    total: sale.total.amount,
    lines: sale.lines.map((line) => ({
      unitPrice: line.unitPrice.amount,
      quantity: line.quantity,
      discount: line.discount.amount,
      taxRate: line.taxRate,
      tax: line.tax.amount,
      net: line.netAmount.amount,
      total: line.total.amount,
    })),
  };
}

/** A phone at 1,299,900.00, a case at 49,900.00 (same category), a 109,900.00 postpaid plan. */
async function catalog() {
  const category = await createCategory(server);
  const phone = await createProduct(server, { name: 'Galaxy S25', price: { amount: '1299900.00' }, stock: 20, categoryId: category.id });
  const phoneCase = await createProduct(server, { name: 'Funda Galaxy S25', price: { amount: '49900.00' }, stock: 20, categoryId: category.id });
  const plan = await createPlan(server, { name: 'Postpago 30 GB', price: { amount: '109900.00' }, type: 'MOBILE_POSTPAID' });
  return { category, phone, phoneCase, plan };
}

describe('createSale pricing', () => {
  it('prices a phone ×2, a plan and a tax-exempt product at IVA 19%, line by line, and takes the stock', async () => {
    const { phone, plan } = await catalog();
    const sim = await createProduct(server, { name: 'SIM prepago', price: { amount: '50000.00' }, stock: 5, taxExempt: true });
    const customer = await createCustomer(server);
    const before = Date.now();
    const sale = await createSale(server, {
      customerId: customer.id,
      lines: [
        { productId: phone.id, quantity: 2 },
        { servicePlanId: plan.id, quantity: 1 },
        { productId: sim.id, quantity: 1 },
      ],
      notes: '  Entrega en tienda  ',
    });

    expect(amounts(sale)).toEqual({
      subtotal: '2759700.00', // 2,599,800 + 109,900 + 50,000
      discount: '0.00',
      tax: '514843.00', // 493,962 + 20,881 + 0
      total: '3274543.00',
      lines: [
        { unitPrice: '1299900.00', quantity: 2, discount: '0.00', taxRate: '0.19', tax: '493962.00', net: '2599800.00', total: '3093762.00' },
        { unitPrice: '109900.00', quantity: 1, discount: '0.00', taxRate: '0.19', tax: '20881.00', net: '109900.00', total: '130781.00' },
        { unitPrice: '50000.00', quantity: 1, discount: '0.00', taxRate: '0.00', tax: '0.00', net: '50000.00', total: '50000.00' },
      ],
    });
    expect(sale).toMatchObject({
      number: expect.stringMatching(/^FV-\d{6}$/),
      status: 'PENDING',
      customer: { id: customer.id },
      seller: { id: server.staff.SALES_AGENT.id },
      subtotal: { currency: 'COP' },
      total: { currency: 'COP' },
      promotion: null,
      paymentMethod: null,
      paidAt: null,
      notes: 'Entrega en tienda',
      statusHistory: [{ from: null, to: 'PENDING', reason: null, changedBy: { id: server.staff.SALES_AGENT.id } }],
    });
    expect(sale.lines.map((line) => [line.position, line.product?.id ?? null, line.servicePlan?.id ?? null, line.description, line.unitPrice.currency])).toEqual([
      [1, phone.id, null, `Galaxy S25 (${phone.sku})`, 'COP'],
      [2, null, plan.id, `Postpago 30 GB (${plan.code})`, 'COP'],
      [3, sim.id, null, `SIM prepago (${sim.sku})`, 'COP'],
    ]);
    // Held for the configured 48 hours.
    const created = new Date(sale.createdAt).getTime();
    expect(created).toBeGreaterThanOrEqual(before - 1000);
    expect(new Date(sale.expiresAt!).getTime() - created).toBe(48 * 3600 * 1000);
    expect(await stockOf(server, phone.id)).toBe(18);
    expect(await stockOf(server, sim.id)).toBe(4);
  });

  it('rounds each line half up to cents (11.50 × 19% = 2.185 → 2.19), not half-even nor in floating point', async () => {
    const cable = await createProduct(server, { name: 'Cable USB-C', price: { amount: '11.50' } });
    const customer = await createCustomer(server);
    const sale = await createSale(server, { customerId: customer.id, lines: [{ productId: cable.id, quantity: 1 }] });
    expect(amounts(sale)).toEqual({
      subtotal: '11.50',
      discount: '0.00',
      tax: '2.19',
      total: '13.69',
      lines: [{ unitPrice: '11.50', quantity: 1, discount: '0.00', taxRate: '0.19', tax: '2.19', net: '11.50', total: '13.69' }],
    });
  });

  it('applies a percentage only to the lines the promotion covers (a plan type here)', async () => {
    const { phone, plan } = await catalog();
    const promotion = await createPromotion(server, { percentOff: 15, serviceTypes: ['MOBILE_POSTPAID'] });
    const customer = await createCustomer(server);
    const sale = await createSale(server, {
      customerId: customer.id,
      lines: [
        { productId: phone.id, quantity: 2 },
        { servicePlanId: plan.id, quantity: 1 },
      ],
      promotionCode: ` ${promotion.code.toLowerCase()} `,
    });
    expect(amounts(sale)).toEqual({
      subtotal: '2709700.00',
      discount: '16485.00', // 15% of 109,900
      tax: '511710.85', // 493,962 + 19% of 93,415 (17,748.85)
      total: '3204925.85', // 2,709,700 − 16,485 + 511,710.85
      lines: [
        { unitPrice: '1299900.00', quantity: 2, discount: '0.00', taxRate: '0.19', tax: '493962.00', net: '2599800.00', total: '3093762.00' },
        { unitPrice: '109900.00', quantity: 1, discount: '16485.00', taxRate: '0.19', tax: '17748.85', net: '93415.00', total: '111163.85' },
      ],
    });
    expect(sale.promotion).toMatchObject({ id: promotion.id, code: promotion.code });
    expect(await usedCountOf(server, promotion.id)).toBe(1);
  });

  it('shares an amount off among the covered lines in proportion to their amounts, the cents adding up exactly', async () => {
    const { category, phone, phoneCase, plan } = await catalog();
    const promotion = await createPromotion(server, { amountOff: { amount: '100000.00' }, productCategoryIds: [category.id] });
    const customer = await createCustomer(server);
    const sale = await createSale(server, {
      customerId: customer.id,
      lines: [
        { productId: phone.id, quantity: 2 },
        { productId: phoneCase.id, quantity: 1 },
        { servicePlanId: plan.id, quantity: 1 },
      ],
      promotionCode: promotion.code,
    });
    // 100,000 × 2,599,800 / 2,649,700 = 98,116.7679… and 100,000 × 49,900 / 2,649,700 = 1,883.2320…:
    // floored to 98,116.76 and 1,883.23, the leftover cent goes to the larger remainder.
    expect(amounts(sale)).toEqual({
      subtotal: '2759600.00',
      discount: '100000.00',
      tax: '505324.00', // 475,319.81 + 9,123.19 + 20,881
      total: '3164924.00',
      lines: [
        { unitPrice: '1299900.00', quantity: 2, discount: '98116.77', taxRate: '0.19', tax: '475319.81', net: '2501683.23', total: '2977003.04' },
        { unitPrice: '49900.00', quantity: 1, discount: '1883.23', taxRate: '0.19', tax: '9123.19', net: '48016.77', total: '57139.96' },
        { unitPrice: '109900.00', quantity: 1, discount: '0.00', taxRate: '0.19', tax: '20881.00', net: '109900.00', total: '130781.00' },
      ],
    });
  });

  it('gives the leftover cent of three equal shares to the first line (100.00 off three lines of 100.00)', async () => {
    const category = await createCategory(server);
    const products = [];
    for (let i = 0; i < 3; i++) products.push(await createProduct(server, { price: { amount: '100.00' }, categoryId: category.id }));
    const promotion = await createPromotion(server, { amountOff: { amount: '100.00' }, productCategoryIds: [category.id] });
    const customer = await createCustomer(server);
    const sale = await createSale(server, { customerId: customer.id, lines: products.map((p) => ({ productId: p.id, quantity: 1 })), promotionCode: promotion.code });
    expect(sale.lines.map((line) => [line.discount.amount, line.netAmount.amount, line.tax.amount, line.total.amount])).toEqual([
      ['33.34', '66.66', '12.67', '79.33'],
      ['33.33', '66.67', '12.67', '79.34'],
      ['33.33', '66.67', '12.67', '79.34'],
    ]);
    expect(amounts(sale)).toMatchObject({ subtotal: '300.00', discount: '100.00', tax: '38.01', total: '238.01' });
  });

  it('never takes a line below zero: an amount off larger than the covered lines stops at their amount', async () => {
    const { phoneCase, plan } = await catalog();
    const promotion = await createPromotion(server, { amountOff: { amount: '500000.00' }, productIds: [phoneCase.id] });
    const customer = await createCustomer(server);
    const sale = await createSale(server, {
      customerId: customer.id,
      lines: [
        { productId: phoneCase.id, quantity: 2 },
        { servicePlanId: plan.id, quantity: 1 },
      ],
      promotionCode: promotion.code,
    });
    expect(amounts(sale)).toEqual({
      subtotal: '209700.00',
      discount: '99800.00',
      tax: '20881.00',
      total: '130781.00',
      lines: [
        { unitPrice: '49900.00', quantity: 2, discount: '99800.00', taxRate: '0.19', tax: '0.00', net: '0.00', total: '0.00' },
        { unitPrice: '109900.00', quantity: 1, discount: '0.00', taxRate: '0.19', tax: '20881.00', net: '109900.00', total: '130781.00' },
      ],
    });
  });

  it('keeps the description and unit price of the time of the sale when the product and plan change afterwards', async () => {
    const { phone, plan } = await catalog();
    const customer = await createCustomer(server);
    const sale = await createSale(server, {
      customerId: customer.id,
      lines: [
        { productId: phone.id, quantity: 1 },
        { servicePlanId: plan.id, quantity: 1 },
      ],
    });
    await server.as(Role.ADMIN).mutate(SalesUpdateProduct, { id: phone.id, input: { name: 'Galaxy S25 (2026)', price: { amount: '999900.00' } } });
    await server.as(Role.ADMIN).mutate(SalesUpdatePlanPrice, { id: plan.id, input: { price: { amount: '129900.00' } } });

    const { sale: again } = await server.as(Role.ANALYST).query(SalesSaleById, { id: sale.id });
    expect(amounts(again!)).toEqual(amounts(sale));
    expect(again!.lines.map((line) => line.description)).toEqual([`Galaxy S25 (${phone.sku})`, `Postpago 30 GB (${plan.code})`]);
    expect(again!.total.amount).toBe('1677662.00'); // 1,299,900 × 1.19 + 109,900 × 1.19

    // A new sale takes the new prices.
    const later = await createSale(server, {
      customerId: customer.id,
      lines: [
        { productId: phone.id, quantity: 1 },
        { servicePlanId: plan.id, quantity: 1 },
      ],
    });
    expect(later.lines.map((line) => [line.description, line.unitPrice.amount])).toEqual([
      [`Galaxy S25 (2026) (${phone.sku})`, '999900.00'],
      [`Postpago 30 GB (${plan.code})`, '129900.00'],
    ]);
  });
});
