import type { OperationVariables, TypedDocumentNode } from '@apollo/client';
import { graphql } from '../__generated__';
import { Role } from '../../src/core/auth/roles';
import { startTestServer, type TestServer } from '../support/server';
import {
  createBrand,
  createCategory,
  createCustomer,
  createPlan,
  createProduct,
  makeSale,
  refreshRollups,
  ReportingCreatePromotion,
  ReportingPaySale,
  ReportingRecordInteraction,
  ReportingRefundSale,
  ReportingSubscribe,
  ReportingUpdateProduct,
  withoutTypename,
} from './reporting.fixtures';

/**
 * Every report over a small data set whose answers are counted by hand below, twice: before the
 * rollups exist (everything read from the sales tables) and after they are rebuilt (whole days
 * and months from the rollups, the rest live): the answers must be the same.
 *
 * Catalog: Samsung Galaxy A55 (P1, 1 000 000), TP-Link Router AX3000 (P2, 200 000), Samsung Galaxy
 * Buds (P3, 300 000), Samsung Galaxy S10 (P4, discontinued); plans Fibra 300 (S1, fibre, 100 000),
 * Postpago 40 GB (S2, postpaid, 60 000), TV Total (S3, TV, DRAFT). Promotion DESC10: 10% off P2.
 * Customers: Ana (K1, Medellín, Antioquia), Bruno (K2, Envigado, Antioquia), Carla (K3, Bogotá),
 * Diego (K4, Cali; subscribed to S1 by hand, no purchases).
 *
 * | sale | customer | lines                      | status    | created (UTC)            | Bogotá day  | seller | paid by  | net revenue |
 * |------|----------|----------------------------|-----------|--------------------------|-------------|--------|----------|------------:|
 * | V1   | K1       | P1×1, S1×1                 | PAID      | 2026-01-15 15:00         | 2026-01-15  | admin  | CASH     |   1 100 000 |
 * | V2   | K1       | P2×2                       | PAID      | 2026-03-01 04:30         | 2026-02-28  | agent  | CARD     |     400 000 |
 * | V3   | K2       | P1×1, P2×1 (DESC10: −20 000)| PAID     | 2026-03-01 05:00         | 2026-03-01  | agent  | TRANSFER |   1 180 000 |
 * | V4   | K3       | S2×2                       | PAID      | 2026-03-15 17:00         | 2026-03-15  | admin  | CARD     |     120 000 |
 * | V5   | K3       | P1×1                       | CANCELLED | 2026-03-20 17:00         |             | agent  |          |  (1 000 000)|
 * | V6   | K2       | S1×1                       | REFUNDED  | 2026-03-25 17:00         |             | agent  | CARD     |    (100 000)|
 * | V7   | K1       | P3×1                       | PENDING   | 2026-03-31 12:00         |             | agent  |          |    (300 000)|
 * | V8   | K3       | P2×1                       | PAID      | 2026-04-01 05:00         | 2026-04-01  | agent  | CARD     |     200 000 |
 * | V9   | K2       | S2×1                       | PAID      | now                      | today       | agent  | CASH     |      60 000 |
 *
 * PAID: 6 sales, 10 units, 3 060 000 revenue, 20 000 discounts, 3 customers.
 */

const SalesReport = graphql(`
  query ReportingSalesReport($groupBy: [SalesDimension!]!, $filter: SalesReportFilter, $limit: Int, $orderBy: SalesReportOrder) {
    salesReport(groupBy: $groupBy, filter: $filter, limit: $limit, orderBy: $orderBy) {
      keys { dimension value label }
      salesCount
      units
      revenue
      averageTicket
      discountTotal
      currency
    }
  }
`);

/** `distinctCustomers` is not additive: the customers of each row are counted once across the rollups and the live sales. */
const WithCustomers = graphql(`
  query ReportingWithCustomers($groupBy: [SalesDimension!]!, $filter: SalesReportFilter) {
    salesReport(groupBy: $groupBy, filter: $filter) {
      keys { value }
      salesCount
      distinctCustomers
    }
  }
`);

const CustomersOnly = graphql(`
  query ReportingCustomersOnly($groupBy: [SalesDimension!]!, $filter: SalesReportFilter) {
    salesReport(groupBy: $groupBy, filter: $filter) { keys { value } distinctCustomers }
  }
`);

/** Without salesCount, line-level reports by place read the item-by-place rollup. */
const UnitsAndRevenue = graphql(`
  query ReportingUnitsAndRevenue($groupBy: [SalesDimension!]!, $filter: SalesReportFilter) {
    salesReport(groupBy: $groupBy, filter: $filter) { keys { value label } units revenue }
  }
`);

const RevenueOnly = graphql(`
  query ReportingRevenueOnly($groupBy: [SalesDimension!]!, $filter: SalesReportFilter) {
    salesReport(groupBy: $groupBy, filter: $filter) { keys { value label } revenue }
  }
`);

const CatalogSummary = graphql(`
  query ReportingCatalogSummary {
    catalogSummary {
      productCount
      activeProductCount
      servicePlanCount
      activeServicePlanCount
      productsByCategory { key count }
      productsByBrand { key count }
      servicePlansByType { key count }
    }
  }
`);

const PopularServices = graphql(`
  query ReportingPopularServices($range: DateRange, $by: PopularityMeasure, $limit: Int) {
    popularServices(range: $range, by: $by, limit: $limit) {
      servicePlan { id name }
      units
      revenue { amount currency }
      distinctCustomers
      activeSubscriptions
      share
    }
  }
`);

const PopularProducts = graphql(`
  query ReportingPopularProducts($range: DateRange, $limit: Int) {
    popularProducts(range: $range, limit: $limit) {
      product { id name }
      units
      revenue { amount }
      distinctCustomers
      share
    }
  }
`);

const BuyersOfProduct = graphql(`
  query ReportingBuyersOfProduct($id: ID!, $range: DateRange, $first: Int, $after: String) {
    buyersOfProduct(productId: $id, range: $range, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { customer { id firstName } quantity revenue { amount } lastPurchaseAt } }
    }
  }
`);

const BuyersOfServicePlan = graphql(`
  query ReportingBuyersOfServicePlan($id: ID!, $range: DateRange) {
    buyersOfServicePlan(servicePlanId: $id, range: $range) {
      totalCount
      edges { node { customer { id } quantity revenue { amount } lastPurchaseAt } }
    }
  }
`);

const TopCustomers = graphql(`
  query ReportingTopCustomers($range: DateRange, $by: TopCustomerMeasure, $limit: Int) {
    topCustomers(range: $range, by: $by, limit: $limit) {
      customer { id firstName }
      revenue { amount }
      units
      salesCount
    }
  }
`);

const Insights = graphql(`
  query ReportingInsights($id: ID!) {
    customerInsights(customerId: $id) {
      customer { id firstName }
      tenureDays
      totalSpent { amount currency }
      salesCount
      activeSubscriptions
      favouriteServiceTypes
      interactionsByType { key count }
      favouriteProductCategories { key count }
      spendByMonth { month spent { amount } salesCount }
      lastPurchaseAt
      category
      categoryReason
    }
  }
`);

let server: TestServer;

/** The data of a query as the client got it, without Apollo's `__typename`s. */
async function ask<T, V extends OperationVariables>(document: TypedDocumentNode<T, V>, variables?: V, role: Role = Role.ANALYST): Promise<T> {
  return withoutTypename(await server.as(role).query(document, variables));
}

const ids: Record<string, string> = {};
const NOW_MONTH = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Bogota', year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7);
const MARCH = { from: '2026-03-01T05:00:00.000Z', to: '2026-04-01T05:00:00.000Z' };

beforeAll(async () => {
  // The background refresh is off: each describe decides whether the rollups exist.
  server = await startTestServer({ env: { REPORTING_REFRESH_MINUTES: '0' } });
  const samsung = await createBrand(server, 'Samsung');
  const tplink = await createBrand(server, 'TP-Link');
  const phones = await createCategory(server, 'Smartphones');
  const routers = await createCategory(server, 'Routers');
  ids.samsung = samsung;
  ids.tplink = tplink;
  ids.P1 = await createProduct(server, { name: 'Galaxy A55', brandId: samsung, categoryId: phones, price: '1000000.00' });
  ids.P2 = await createProduct(server, { name: 'Router AX3000', brandId: tplink, categoryId: routers, price: '200000.00' });
  ids.P3 = await createProduct(server, { name: 'Galaxy Buds', brandId: samsung, categoryId: phones, price: '300000.00' });
  ids.P4 = await createProduct(server, { name: 'Galaxy S10', brandId: samsung, categoryId: phones, price: '500000.00' });
  await server.as(Role.ADMIN).mutate(ReportingUpdateProduct, { id: ids.P4, input: { status: 'DISCONTINUED' } });
  ids.S1 = await createPlan(server, { name: 'Fibra 300', type: 'FIBER_INTERNET', price: '100000.00' });
  ids.S2 = await createPlan(server, { name: 'Postpago 40 GB', type: 'MOBILE_POSTPAID', price: '60000.00' });
  ids.S3 = await createPlan(server, { name: 'TV Total', type: 'TV', price: '80000.00', status: 'DRAFT' });
  await server.as(Role.ADMIN).mutate(ReportingCreatePromotion, { input: { code: 'DESC10', name: '10% en routers', percentOff: 10, productIds: [ids.P2] } });

  ids.K1 = await createCustomer(server, 'Ana', 'Medellín', 'Antioquia');
  ids.K2 = await createCustomer(server, 'Bruno', 'Envigado', 'Antioquia');
  ids.K3 = await createCustomer(server, 'Carla', 'Bogotá', 'Bogotá D.C.');
  ids.K4 = await createCustomer(server, 'Diego', 'Cali', 'Valle del Cauca');
  await server.as(Role.SALES_AGENT).mutate(ReportingSubscribe, { input: { customerId: ids.K4, servicePlanId: ids.S1 } });

  const line = (key: string, quantity = 1) => (key.startsWith('P') ? { productId: ids[key], quantity } : { servicePlanId: ids[key], quantity });
  ids.V1 = await makeSale(server, { customerId: ids.K1, lines: [line('P1'), line('S1')], fate: 'PAID', at: '2026-01-15T15:00:00.000Z', seller: Role.ADMIN, method: 'CASH' });
  ids.V2 = await makeSale(server, { customerId: ids.K1, lines: [line('P2', 2)], fate: 'PAID', at: '2026-03-01T04:30:00.000Z', method: 'CARD' });
  ids.V3 = await makeSale(server, { customerId: ids.K2, lines: [line('P1'), line('P2')], fate: 'PAID', at: '2026-03-01T05:00:00.000Z', promotionCode: 'DESC10', method: 'TRANSFER' });
  ids.V4 = await makeSale(server, { customerId: ids.K3, lines: [line('S2', 2)], fate: 'PAID', at: '2026-03-15T17:00:00.000Z', seller: Role.ADMIN, method: 'CARD' });
  ids.V5 = await makeSale(server, { customerId: ids.K3, lines: [line('P1')], fate: 'CANCELLED', at: '2026-03-20T17:00:00.000Z' });
  ids.V6 = await makeSale(server, { customerId: ids.K2, lines: [line('S1')], fate: 'REFUNDED', at: '2026-03-25T17:00:00.000Z' });
  ids.V7 = await makeSale(server, { customerId: ids.K1, lines: [line('P3')], fate: 'PENDING', at: '2026-03-31T12:00:00.000Z' });
  ids.V8 = await makeSale(server, { customerId: ids.K3, lines: [line('P2')], fate: 'PAID', at: '2026-04-01T05:00:00.000Z', method: 'CARD' });
  ids.V9 = await makeSale(server, { customerId: ids.K2, lines: [line('S2')], fate: 'PAID', method: 'CASH' });

  const agent = server.as(Role.SALES_AGENT);
  for (const type of ['COMPLAINT', 'COMPLAINT', 'INQUIRY'] as const) {
    await agent.mutate(ReportingRecordInteraction, { input: { customerId: ids.K1, type, channel: 'PHONE', subject: 'Factura', description: 'Pregunta por la factura' } });
  }
}, 120_000);
afterAll(() => server?.stop());

const row = (keys: [string, string | null, string | null][], measures: Partial<{ salesCount: number; units: number; revenue: string; discountTotal: string; distinctCustomers: number; averageTicket: string }>) =>
  expect.objectContaining({ keys: keys.map(([dimension, value, label]) => ({ dimension, value, label })), ...measures, currency: 'COP' });

describe.each([
  ['read from the sales tables (no rollups yet)', false],
  ['read from the rollups and the sales since', true],
])('reports %s', (_how, withRollups) => {
  beforeAll(async () => {
    if (withRollups) {
      const refresh = await refreshRollups(server);
      expect(refresh?.salesRolledUp).toBe(7); // V1–V8 but the PENDING V7; V9 is newer than the coverage
    }
  });

  it('adds up PAID sales only by default, with every measure', async () => {
    const { salesReport } = await ask(SalesReport, { groupBy: [] });
    expect(salesReport).toEqual([{ keys: [], salesCount: 6, units: 10, revenue: '3060000.00', averageTicket: '510000.00', discountTotal: '20000.00', currency: 'COP' }]);
    const customers = (await ask(WithCustomers, { groupBy: [] })).salesReport;
    expect(customers).toEqual([{ keys: [], salesCount: 6, distinctCustomers: 3 }]);
  });

  it('groups by month (Bogotá time) and region, with machine values and labels', async () => {
    const { salesReport } = await ask(SalesReport, { groupBy: ['MONTH', 'REGION'] });
    expect(salesReport).toEqual([
      row([['MONTH', '2026-01-01', '2026-01'], ['REGION', 'Antioquia', 'Antioquia']], { salesCount: 1, units: 2, revenue: '1100000.00' }),
      // V2 was made at 23:30 on 28 February in Bogotá (04:30 UTC on 1 March).
      row([['MONTH', '2026-02-01', '2026-02'], ['REGION', 'Antioquia', 'Antioquia']], { salesCount: 1, units: 2, revenue: '400000.00' }),
      row([['MONTH', '2026-03-01', '2026-03'], ['REGION', 'Antioquia', 'Antioquia']], { salesCount: 1, units: 2, revenue: '1180000.00', discountTotal: '20000.00' }),
      row([['MONTH', '2026-03-01', '2026-03'], ['REGION', 'Bogotá D.C.', 'Bogotá D.C.']], { salesCount: 1, units: 2, revenue: '120000.00' }),
      row([['MONTH', '2026-04-01', '2026-04'], ['REGION', 'Bogotá D.C.', 'Bogotá D.C.']], { salesCount: 1, units: 1, revenue: '200000.00' }),
      row([['MONTH', `${NOW_MONTH}-01`, NOW_MONTH], ['REGION', 'Antioquia', 'Antioquia']], { salesCount: 1, units: 1, revenue: '60000.00' }),
    ]);
  });

  it('buckets days and ISO weeks at midnight in Bogotá', async () => {
    const until = { from: '2026-01-01T05:00:00.000Z', to: '2026-04-02T05:00:00.000Z' };
    const weeks = (await ask(RevenueOnly, { groupBy: ['WEEK'], filter: { createdAt: until } })).salesReport;
    expect(weeks).toEqual([
      { keys: [{ value: '2026-01-12', label: '2026-W03' }], revenue: '1100000.00' },
      { keys: [{ value: '2026-02-23', label: '2026-W09' }], revenue: '1580000.00' }, // V2 (Saturday 28 Feb) and V3 (Sunday 1 Mar)
      { keys: [{ value: '2026-03-09', label: '2026-W11' }], revenue: '120000.00' },
      { keys: [{ value: '2026-03-30', label: '2026-W14' }], revenue: '200000.00' },
    ]);
    const days = (await ask(RevenueOnly, { groupBy: ['DAY'], filter: { createdAt: MARCH } })).salesReport;
    expect(days).toEqual([
      { keys: [{ value: '2026-03-01', label: '2026-03-01' }], revenue: '1180000.00' },
      { keys: [{ value: '2026-03-15', label: '2026-03-15' }], revenue: '120000.00' },
    ]);
    const years = (await ask(RevenueOnly, { groupBy: ['YEAR'], filter: { createdAt: until } })).salesReport;
    expect(years).toEqual([{ keys: [{ value: '2026-01-01', label: '2026' }], revenue: '3000000.00' }]);
  });

  it('takes `from` included and `to` excluded, to the millisecond, also inside a day', async () => {
    const total = async (from: string, to: string) => {
      const { salesReport } = await ask(SalesReport, { groupBy: [], filter: { createdAt: { from, to } } });
      return salesReport.map((r) => [r.salesCount, r.revenue]);
    };
    expect(await total(MARCH.from, MARCH.to)).toEqual([[2, '1300000.00']]); // V3, V4: not V2 (04:30) nor V8 (1 April 05:00)
    expect(await total('2026-03-01T04:30:00.000Z', MARCH.to)).toEqual([[3, '1700000.00']]);
    expect(await total('2026-03-01T04:30:00.001Z', MARCH.to)).toEqual([[2, '1300000.00']]);
    expect(await total(MARCH.from, '2026-04-01T05:00:00.001Z')).toEqual([[3, '1500000.00']]);
    expect(await total('2026-01-15T14:00:00.000Z', '2026-03-15T17:00:00.000Z')).toEqual([[3, '2680000.00']]); // V1–V3; V4 is at 17:00
    expect(await total('2026-01-15T14:00:00.000Z', '2026-03-15T17:00:00.001Z')).toEqual([[4, '2800000.00']]);
    expect(await total('2020-01-01T00:00:00.000Z', '2020-02-01T00:00:00.000Z')).toEqual([]);
  });

  it('counts only the matching lines for line-level dimensions and filters', async () => {
    const brands = (await ask(SalesReport, { groupBy: ['BRAND'] })).salesReport;
    expect(brands).toEqual([
      row([['BRAND', ids.samsung, 'Samsung']], { salesCount: 2, units: 2, revenue: '2000000.00', discountTotal: '0.00', averageTicket: '1000000.00' }),
      row([['BRAND', ids.tplink, 'TP-Link']], { salesCount: 3, units: 4, revenue: '780000.00', discountTotal: '20000.00', averageTicket: '260000.00' }),
    ]);
    const brandCustomers = (await ask(WithCustomers, { groupBy: ['BRAND'] })).salesReport;
    expect(brandCustomers).toEqual([
      { keys: [{ value: ids.samsung }], salesCount: 2, distinctCustomers: 2 },
      { keys: [{ value: ids.tplink }], salesCount: 3, distinctCustomers: 3 },
    ]);
    const brandRevenue = (await ask(RevenueOnly, { groupBy: ['BRAND', 'MONTH'], filter: { createdAt: { to: '2026-04-02T05:00:00.000Z' } } })).salesReport;
    expect(brandRevenue.map((r) => [r.keys[0].label, r.keys[1].label, r.revenue])).toEqual([
      ['Samsung', '2026-01', '1000000.00'],
      ['Samsung', '2026-03', '1000000.00'],
      ['TP-Link', '2026-02', '400000.00'],
      ['TP-Link', '2026-03', '180000.00'],
      ['TP-Link', '2026-04', '200000.00'],
    ]);
    const types = (await ask(SalesReport, { groupBy: ['SERVICE_TYPE'] })).salesReport;
    expect(types).toEqual([
      row([['SERVICE_TYPE', 'FIBER_INTERNET', 'Fiber internet']], { salesCount: 1, units: 1, revenue: '100000.00' }),
      row([['SERVICE_TYPE', 'MOBILE_POSTPAID', 'Mobile postpaid']], { salesCount: 2, units: 3, revenue: '180000.00' }),
    ]);
    const products = (await ask(SalesReport, { groupBy: ['PRODUCT'], orderBy: { measure: 'UNITS' } })).salesReport;
    expect(products.map((r) => [r.keys[0].value, r.keys[0].label, r.units, r.salesCount])).toEqual([
      [ids.P2, 'Router AX3000', 4, 3],
      [ids.P1, 'Galaxy A55', 2, 2],
    ]);
    // Samsung lines of sales made in Antioquia: P1 in V1 and V3 (not the whole of those sales).
    const samsungByRegion = (await ask(SalesReport, { groupBy: ['REGION'], filter: { brandIds: [ids.samsung] } })).salesReport;
    expect(samsungByRegion).toEqual([row([['REGION', 'Antioquia', 'Antioquia']], { salesCount: 2, units: 2, revenue: '2000000.00' })]);
    const router = (await ask(SalesReport, { groupBy: ['CUSTOMER_CATEGORY'], filter: { productIds: [ids.P2] } })).salesReport;
    expect(router).toEqual([row([['CUSTOMER_CATEGORY', 'NEW', 'New']], { salesCount: 3, units: 4, revenue: '780000.00' })]);
    const plansByMonth = (await ask(RevenueOnly, { groupBy: ['SERVICE_PLAN', 'MONTH'], filter: { createdAt: { to: '2026-04-02T05:00:00.000Z' } } })).salesReport;
    expect(plansByMonth).toEqual([
      { keys: [{ value: ids.S1, label: 'Fibra 300' }, { value: '2026-01-01', label: '2026-01' }], revenue: '100000.00' },
      { keys: [{ value: ids.S2, label: 'Postpago 40 GB' }, { value: '2026-03-01', label: '2026-03' }], revenue: '120000.00' },
    ]);
  });

  it("groups lines by the customer's place: region by service type, city by product", async () => {
    const types = (await ask(UnitsAndRevenue, { groupBy: ['REGION', 'SERVICE_TYPE'] })).salesReport;
    expect(types).toEqual([
      { keys: [{ value: 'Antioquia', label: 'Antioquia' }, { value: 'FIBER_INTERNET', label: 'Fiber internet' }], units: 1, revenue: '100000.00' }, // V1
      { keys: [{ value: 'Antioquia', label: 'Antioquia' }, { value: 'MOBILE_POSTPAID', label: 'Mobile postpaid' }], units: 1, revenue: '60000.00' }, // V9
      { keys: [{ value: 'Bogotá D.C.', label: 'Bogotá D.C.' }, { value: 'MOBILE_POSTPAID', label: 'Mobile postpaid' }], units: 2, revenue: '120000.00' }, // V4
    ]);
    // With the CANCELLED V5; one row per product, so its sales can be counted.
    const products = (await ask(SalesReport, { groupBy: ['CITY', 'PRODUCT'], filter: { statuses: ['PAID', 'CANCELLED'] } })).salesReport;
    expect(products.map((r) => [r.keys[0].label, r.keys[1].label, r.salesCount, r.units, r.revenue, r.discountTotal])).toEqual([
      ['Bogotá, Bogotá D.C.', 'Galaxy A55', 1, 1, '1000000.00', '0.00'], // V5
      ['Bogotá, Bogotá D.C.', 'Router AX3000', 1, 1, '200000.00', '0.00'], // V8
      ['Envigado, Antioquia', 'Galaxy A55', 1, 1, '1000000.00', '0.00'], // V3
      ['Envigado, Antioquia', 'Router AX3000', 1, 1, '180000.00', '20000.00'], // V3, 10% off
      ['Medellín, Antioquia', 'Galaxy A55', 1, 1, '1000000.00', '0.00'], // V1
      ['Medellín, Antioquia', 'Router AX3000', 1, 2, '400000.00', '0.00'], // V2
    ]);
    const antioquiaPlans = (await ask(UnitsAndRevenue, { groupBy: ['CUSTOMER_CATEGORY'], filter: { regions: ['antioquia'], servicePlanIds: [ids.S2] } })).salesReport;
    expect(antioquiaPlans).toEqual([{ keys: [{ value: 'NEW', label: 'New' }], units: 1, revenue: '60000.00' }]); // V9
  });

  it('counts each customer once per row, across months, places and items', async () => {
    const regions = (await ask(WithCustomers, { groupBy: ['REGION'] })).salesReport;
    expect(regions).toEqual([
      { keys: [{ value: 'Antioquia' }], salesCount: 4, distinctCustomers: 2 }, // V1, V2, V3, V9 by K1 and K2
      { keys: [{ value: 'Bogotá D.C.' }], salesCount: 2, distinctCustomers: 1 }, // V4, V8 by K3
    ]);
    const months = (await ask(CustomersOnly, { groupBy: ['MONTH'], filter: { createdAt: { to: '2026-04-02T05:00:00.000Z' } } })).salesReport;
    expect(months).toEqual([
      { keys: [{ value: '2026-01-01' }], distinctCustomers: 1 },
      { keys: [{ value: '2026-02-01' }], distinctCustomers: 1 },
      { keys: [{ value: '2026-03-01' }], distinctCustomers: 2 }, // K2 (V3), K3 (V4)
      { keys: [{ value: '2026-04-01' }], distinctCustomers: 1 },
    ]);
    // K2 bought a postpaid plan only in V9, after the rollups' coverage: counted with K3 (V4).
    const types = (await ask(WithCustomers, { groupBy: ['SERVICE_TYPE'] })).salesReport;
    expect(types).toEqual([
      { keys: [{ value: 'FIBER_INTERNET' }], salesCount: 1, distinctCustomers: 1 },
      { keys: [{ value: 'MOBILE_POSTPAID' }], salesCount: 2, distinctCustomers: 2 },
    ]);
    const routerBuyers = (await ask(CustomersOnly, { groupBy: ['CITY'], filter: { productIds: [ids.P2] } })).salesReport;
    expect(routerBuyers).toEqual([
      { keys: [{ value: 'Bogotá' }], distinctCustomers: 1 },
      { keys: [{ value: 'Envigado' }], distinctCustomers: 1 },
      { keys: [{ value: 'Medellín' }], distinctCustomers: 1 },
    ]);
    // With refunds: the sales tables. K2's refunded V6 adds no customer to Antioquia.
    const withRefunds = (await ask(CustomersOnly, { groupBy: ['REGION'], filter: { statuses: ['PAID', 'REFUNDED'] } })).salesReport;
    expect(withRefunds).toEqual([
      { keys: [{ value: 'Antioquia' }], distinctCustomers: 2 },
      { keys: [{ value: 'Bogotá D.C.' }], distinctCustomers: 1 },
    ]);
  });

  it('groups whole sales by city, seller and payment method, and orders by any measure', async () => {
    const cities = (await ask(SalesReport, { groupBy: ['CITY'], orderBy: { measure: 'REVENUE' }, limit: 2 })).salesReport;
    expect(cities).toEqual([
      row([['CITY', 'Medellín', 'Medellín, Antioquia']], { salesCount: 2, revenue: '1500000.00' }),
      row([['CITY', 'Envigado', 'Envigado, Antioquia']], { salesCount: 2, revenue: '1240000.00' }),
    ]);
    const sellers = (await ask(SalesReport, { groupBy: ['SELLER'] })).salesReport;
    expect(sellers).toEqual([
      row([['SELLER', server.staff.ADMIN.id, 'Test ADMIN']], { salesCount: 2, revenue: '1220000.00' }),
      row([['SELLER', server.staff.SALES_AGENT.id, 'Test SALES_AGENT']], { salesCount: 4, revenue: '1840000.00' }),
    ]);
    const byAgent = (await ask(RevenueOnly, { groupBy: [], filter: { sellerIds: [server.staff.ADMIN.id] } })).salesReport;
    expect(byAgent).toEqual([{ keys: [], revenue: '1220000.00' }]);
    const methods = (await ask(SalesReport, { groupBy: ['PAYMENT_METHOD'], orderBy: { measure: 'AVERAGE_TICKET', direction: 'ASC' } })).salesReport;
    expect(methods.map((r) => [r.keys[0].value, r.keys[0].label, r.revenue, r.averageTicket])).toEqual([
      ['CARD', 'Card', '720000.00', '240000.00'],
      ['CASH', 'Cash', '1160000.00', '580000.00'],
      ['TRANSFER', 'Transfer', '1180000.00', '1180000.00'],
    ]);
    const regions = (await ask(RevenueOnly, { groupBy: ['REGION'], filter: { regions: ['bogotá d.c.'], cities: ['BOGOTÁ'] } })).salesReport;
    expect(regions).toEqual([{ keys: [{ value: 'Bogotá D.C.', label: 'Bogotá D.C.' }], revenue: '320000.00' }]);
  });

  it('reads other statuses when the filter asks for them', async () => {
    const statuses = ['PAID', 'PENDING', 'CANCELLED', 'REFUNDED'] as const;
    const { salesReport } = await ask(SalesReport, { groupBy: ['STATUS'], filter: { statuses: [...statuses] } });
    expect(salesReport).toEqual([
      row([['STATUS', 'CANCELLED', 'Cancelled']], { salesCount: 1, units: 1, revenue: '1000000.00' }),
      row([['STATUS', 'PAID', 'Paid']], { salesCount: 6, units: 10, revenue: '3060000.00' }),
      row([['STATUS', 'PENDING', 'Pending']], { salesCount: 1, units: 1, revenue: '300000.00' }),
      row([['STATUS', 'REFUNDED', 'Refunded']], { salesCount: 1, units: 1, revenue: '100000.00' }),
    ]);
    const unpaid = (await ask(RevenueOnly, { groupBy: ['PAYMENT_METHOD'], filter: { statuses: ['PENDING', 'CANCELLED'] } })).salesReport;
    expect(unpaid).toEqual([{ keys: [{ value: null, label: 'No payment' }], revenue: '1300000.00' }]);
  });

  it('ranks plans by units, revenue or active subscriptions, with their share', async () => {
    const byUnits = (await ask(PopularServices, {})).popularServices;
    expect(byUnits).toEqual([
      { servicePlan: { id: ids.S2, name: 'Postpago 40 GB' }, units: 3, revenue: { amount: '180000.00', currency: 'COP' }, distinctCustomers: 2, activeSubscriptions: 3, share: 0.75 },
      { servicePlan: { id: ids.S1, name: 'Fibra 300' }, units: 1, revenue: { amount: '100000.00', currency: 'COP' }, distinctCustomers: 1, activeSubscriptions: 2, share: 0.25 },
    ]);
    const bySubscriptions = (await ask(PopularServices, { by: 'ACTIVE_SUBSCRIPTIONS', limit: 1 })).popularServices;
    expect(bySubscriptions.map((p) => [p.servicePlan.id, p.activeSubscriptions, p.share])).toEqual([[ids.S2, 3, 0.6]]);
    const inMarch = (await ask(PopularServices, { range: MARCH, by: 'REVENUE' })).popularServices;
    expect(inMarch.map((p) => [p.servicePlan.id, p.units, p.revenue.amount, p.distinctCustomers, p.share])).toEqual([
      [ids.S2, 2, '120000.00', 1, 1],
      [ids.S1, 0, '0.00', 0, 0], // listed for its active subscriptions; V6 was refunded
    ]);
  });

  it('ranks products by units', async () => {
    const all = (await ask(PopularProducts, {})).popularProducts;
    expect(all).toEqual([
      { product: { id: ids.P2, name: 'Router AX3000' }, units: 4, revenue: { amount: '780000.00' }, distinctCustomers: 3, share: 4 / 6 },
      { product: { id: ids.P1, name: 'Galaxy A55' }, units: 2, revenue: { amount: '2000000.00' }, distinctCustomers: 2, share: 2 / 6 },
    ]);
    const inMarch = (await ask(PopularProducts, { range: MARCH })).popularProducts;
    expect(inMarch.map((p) => [p.product.id, p.units, p.revenue.amount, p.distinctCustomers, p.share])).toEqual([
      [ids.P1, 1, '1000000.00', 1, 0.5],
      [ids.P2, 1, '180000.00', 1, 0.5],
    ]);
  });

  it('lists the buyers of a product, most units first, page by page', async () => {
    const first = (await ask(BuyersOfProduct, { id: ids.P2, first: 2 })).buyersOfProduct;
    expect(first.totalCount).toBe(3);
    expect(first.pageInfo.hasNextPage).toBe(true);
    // Analysts read the buyers' names reduced to their initial (personal data by role).
    expect(first.edges.map((e) => e.node)).toEqual([
      { customer: { id: ids.K1, firstName: 'A.' }, quantity: 2, revenue: { amount: '400000.00' }, lastPurchaseAt: '2026-03-01T04:30:00.000Z' },
      { customer: { id: ids.K3, firstName: 'C.' }, quantity: 1, revenue: { amount: '200000.00' }, lastPurchaseAt: '2026-04-01T05:00:00.000Z' },
    ]);
    const second = (await ask(BuyersOfProduct, { id: ids.P2, first: 2, after: first.pageInfo.endCursor })).buyersOfProduct;
    expect(second.pageInfo.hasNextPage).toBe(false);
    expect(second.edges.map((e) => e.node)).toEqual([
      { customer: { id: ids.K2, firstName: 'B.' }, quantity: 1, revenue: { amount: '180000.00' }, lastPurchaseAt: '2026-03-01T05:00:00.000Z' },
    ]);
    const inMarch = (await ask(BuyersOfProduct, { id: ids.P2, range: MARCH })).buyersOfProduct;
    expect(inMarch.totalCount).toBe(1);
    expect(inMarch.edges.map((e) => e.node.customer.id)).toEqual([ids.K2]);
    const unknown = (await ask(BuyersOfProduct, { id: '999999' })).buyersOfProduct;
    expect(unknown).toEqual({ totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, edges: [] });
  });

  it('lists the buyers of a plan', async () => {
    const all = (await ask(BuyersOfServicePlan, { id: ids.S2 })).buyersOfServicePlan;
    expect(all.totalCount).toBe(2);
    expect(all.edges.map((e) => [e.node.customer.id, e.node.quantity, e.node.revenue.amount])).toEqual([
      [ids.K3, 2, '120000.00'],
      [ids.K2, 1, '60000.00'],
    ]);
    const inMarch = (await ask(BuyersOfServicePlan, { id: ids.S2, range: MARCH })).buyersOfServicePlan;
    expect(inMarch.edges.map((e) => [e.node.customer.id, e.node.lastPurchaseAt])).toEqual([[ids.K3, '2026-03-15T17:00:00.000Z']]);
  });

  it('ranks customers by revenue, units or sales (ties: the newest customer first)', async () => {
    const summary = (list: { customer: { id: string }; revenue: { amount: string }; units: number; salesCount: number }[]) =>
      list.map((c) => [c.customer.id, c.revenue.amount, c.units, c.salesCount]);
    expect(summary((await ask(TopCustomers, {})).topCustomers)).toEqual([
      [ids.K1, '1500000.00', 4, 2],
      [ids.K2, '1240000.00', 3, 2],
      [ids.K3, '320000.00', 3, 2],
    ]);
    expect((await ask(TopCustomers, { by: 'UNITS' })).topCustomers.map((c) => c.customer.id)).toEqual([ids.K1, ids.K3, ids.K2]);
    expect((await ask(TopCustomers, { by: 'SALES', limit: 2 })).topCustomers.map((c) => c.customer.id)).toEqual([ids.K3, ids.K2]);
    expect(summary((await ask(TopCustomers, { range: MARCH })).topCustomers)).toEqual([
      [ids.K2, '1180000.00', 2, 1],
      [ids.K3, '120000.00', 2, 1],
    ]);
  });

  it('summarises the catalog', async () => {
    const { catalogSummary } = await ask(CatalogSummary);
    expect(catalogSummary).toEqual({
      productCount: 4,
      activeProductCount: 3,
      servicePlanCount: 3,
      activeServicePlanCount: 2,
      productsByCategory: [{ key: 'Smartphones', count: 2 }, { key: 'Routers', count: 1 }],
      productsByBrand: [{ key: 'Samsung', count: 2 }, { key: 'TP-Link', count: 1 }],
      servicePlansByType: [
        { key: 'FIBER_INTERNET', count: 1 },
        { key: 'MOBILE_POSTPAID', count: 1 },
        { key: 'BUNDLE', count: 0 },
        { key: 'LANDLINE', count: 0 },
        { key: 'MOBILE_PREPAID', count: 0 },
        { key: 'TV', count: 0 },
      ],
    });
  });

  it('describes a customer: spend, services, categories bought, interactions', async () => {
    const { customerInsights } = await ask(Insights, { id: ids.K1 }, Role.SALES_AGENT);
    expect(customerInsights).toMatchObject({
      customer: { id: ids.K1, firstName: 'Ana' },
      tenureDays: 0,
      totalSpent: { amount: '1500000.00', currency: 'COP' },
      salesCount: 2,
      activeSubscriptions: 1,
      favouriteServiceTypes: ['FIBER_INTERNET'],
      interactionsByType: [{ key: 'INQUIRY', count: 1 }, { key: 'COMPLAINT', count: 2 }, { key: 'SUGGESTION', count: 0 }],
      favouriteProductCategories: [{ key: 'Routers', count: 2 }, { key: 'Smartphones', count: 1 }],
      lastPurchaseAt: '2026-03-01T04:30:00.000Z',
      category: 'NEW',
      categoryReason: 'New customer',
    });
    const months = customerInsights.spendByMonth;
    expect(months).toHaveLength(12);
    expect(months.at(-1)!.month).toBe(NOW_MONTH);
    const spent = Object.fromEntries(months.filter((m) => m.salesCount > 0).map((m) => [m.month, m.spent.amount]));
    const expected: Record<string, string> = { '2026-01': '1100000.00', '2026-02': '400000.00' };
    for (const month of Object.keys(expected)) if (!months.some((m) => m.month === month)) delete expected[month];
    expect(spent).toEqual(expected);
  });
});

describe('bad requests', () => {
  it.each([
    ['an inverted range', { groupBy: [], filter: { createdAt: { from: MARCH.to, to: MARCH.from } } }, 'INVERTED_RANGE'],
    ['a limit over 1000', { groupBy: ['MONTH'], limit: 1001 }, undefined],
    ['a dimension twice', { groupBy: ['MONTH', 'MONTH'] }, 'DUPLICATE_DIMENSION'],
    ['a product dimension with a plan dimension', { groupBy: ['PRODUCT', 'SERVICE_TYPE'] }, 'INCOMPATIBLE_DIMENSIONS'],
    ['a product filter with a plan filter', { groupBy: [], filter: { productIds: ['1'], servicePlanIds: ['2'] } }, 'INCOMPATIBLE_DIMENSIONS'],
    ['a plan dimension with a product filter', { groupBy: ['SERVICE_PLAN'], filter: { brandIds: ['1'] } }, 'INCOMPATIBLE_DIMENSIONS'],
  ] as const)('refuses %s in salesReport with BAD_USER_INPUT', async (_what, variables, detail) => {
    const error = await server.as(Role.ANALYST).error(SalesReport, variables as never);
    expect(error.code).toBe('BAD_USER_INPUT');
    if (detail) expect(error.extensions.detail).toBe(detail);
  });

  it('refuses inverted ranges and limits over 1000 in the other reports', async () => {
    const analyst = server.as(Role.ANALYST);
    const inverted = { from: MARCH.to, to: MARCH.from };
    for (const error of [
      await analyst.error(PopularServices, { range: inverted }),
      await analyst.error(PopularProducts, { limit: 1001 }),
      await analyst.error(TopCustomers, { range: inverted }),
      await analyst.error(TopCustomers, { limit: 5000 }),
      await analyst.error(BuyersOfProduct, { id: ids.P1, range: inverted }),
      await analyst.error(BuyersOfServicePlan, { id: ids.S1, range: inverted }),
    ]) {
      expect(error.code).toBe('BAD_USER_INPUT');
    }
  });

  it('answers NOT_FOUND for the insights of an unknown customer', async () => {
    const error = await server.as(Role.ANALYST).error(Insights, { id: '999999' });
    expect(error.code).toBe('NOT_FOUND');
  });
});

describe('freshness with rollups', () => {
  const paidTotal = async () => (await ask(SalesReport, { groupBy: [] })).salesReport[0];

  it('shows a payment of a sale that was PENDING at the refresh, and new sales, without a refresh', async () => {
    await refreshRollups(server);
    await server.as(Role.SALES_AGENT).mutate(ReportingPaySale, { id: ids.V7, input: { method: 'CASH' } });
    expect(await paidTotal()).toMatchObject({ salesCount: 7, units: 11, revenue: '3360000.00' });
    await makeSale(server, { customerId: ids.K4, lines: [{ productId: ids.P3, quantity: 2 }], fate: 'PAID' });
    expect(await paidTotal()).toMatchObject({ salesCount: 8, units: 13, revenue: '3960000.00' });
    expect((await ask(WithCustomers, { groupBy: [] })).salesReport).toEqual([{ keys: [], salesCount: 8, distinctCustomers: 4 }]);
    const { topCustomers } = await ask(TopCustomers, { limit: 2 });
    expect(topCustomers.map((c) => [c.customer.id, c.revenue.amount])).toEqual([
      [ids.K1, '1800000.00'],
      [ids.K2, '1240000.00'],
    ]);
  });

  it('shows the refund of a sale made before the refresh after the next refresh', async () => {
    await server.as(Role.ADMIN).mutate(ReportingRefundSale, { id: ids.V8, reason: 'Defective' });
    expect(await paidTotal()).toMatchObject({ salesCount: 8, revenue: '3960000.00' });
    await refreshRollups(server);
    expect(await paidTotal()).toMatchObject({ salesCount: 7, revenue: '3760000.00' });
  });
});
