import type { TypedDocumentNode } from '@apollo/client';
import { graphql } from '../__generated__';
import { Role } from '../../src/core/auth/roles';
import { startTestServer, type TestServer } from '../support/server';
import { createCustomer, RefreshRollups } from './reporting.fixtures';

/** ADMIN and ANALYST read every report; SALES_AGENT only a customer's insights and offers; PARTNER nothing. */

const Reports = {
  catalogSummary: graphql(`query AccessCatalogSummary { catalogSummary { productCount } }`),
  popularServices: graphql(`query AccessPopularServices { popularServices { units } }`),
  popularProducts: graphql(`query AccessPopularProducts { popularProducts { units } }`),
  buyersOfProduct: graphql(`query AccessBuyersOfProduct { buyersOfProduct(productId: "1") { totalCount } }`),
  buyersOfServicePlan: graphql(`query AccessBuyersOfServicePlan { buyersOfServicePlan(servicePlanId: "1") { totalCount } }`),
  topCustomers: graphql(`query AccessTopCustomers { topCustomers { units } }`),
  salesReport: graphql(`query AccessSalesReport { salesReport(groupBy: [MONTH]) { revenue } }`),
  reportingFreshness: graphql(`query AccessReportingFreshness { reportingFreshness { refreshedAt } }`),
};

const Insights = graphql(`
  query AccessInsights($id: ID!) {
    customerInsights(customerId: $id) { salesCount }
  }
`);

const Offers = graphql(`
  query AccessOffers($id: ID!) {
    customer(id: $id) { recommendedOffers { kind } }
  }
`);

let server: TestServer;
let customerId: string;
beforeAll(async () => {
  server = await startTestServer({ env: { REPORTING_REFRESH_MINUTES: '0' } });
  customerId = await createCustomer(server, 'Acceso', 'Pasto', 'Nariño');
});
afterAll(() => server?.stop());

describe.each(Object.entries(Reports) as [string, TypedDocumentNode<unknown, Record<string, never>>][])('%s', (_name, document) => {
  it.each([Role.ADMIN, Role.ANALYST])('answers %s', async (role) => {
    await expect(server.as(role).query(document)).resolves.toBeDefined();
  });

  it.each([
    [Role.SALES_AGENT, 'FORBIDDEN'],
    [Role.PARTNER, 'FORBIDDEN'],
    [null, 'UNAUTHENTICATED'],
  ] as const)('refuses %s', async (role, code) => {
    expect((await server.as(role).error(document)).code).toBe(code);
  });
});

describe('a customer’s insights and offers', () => {
  it.each([Role.ADMIN, Role.ANALYST, Role.SALES_AGENT])('are read by %s', async (role) => {
    expect((await server.as(role).query(Insights, { id: customerId })).customerInsights.salesCount).toBe(0);
    expect((await server.as(role).query(Offers, { id: customerId })).customer?.recommendedOffers).toEqual([]);
  });

  it('are refused to partners and anonymous callers', async () => {
    expect((await server.as(Role.PARTNER).error(Insights, { id: customerId })).code).toBe('FORBIDDEN');
    expect((await server.as(Role.PARTNER).error(Offers, { id: customerId })).code).toBe('FORBIDDEN');
    expect((await server.as(null).error(Insights, { id: customerId })).code).toBe('UNAUTHENTICATED');
  });
});

describe('refreshReportingRollups', () => {
  it('is for admins only', async () => {
    for (const role of [Role.ANALYST, Role.SALES_AGENT, Role.PARTNER]) {
      expect((await server.as(role).error(RefreshRollups)).code).toBe('FORBIDDEN');
    }
    const { refreshReportingRollups } = await server.as(Role.ADMIN).mutate(RefreshRollups);
    expect(refreshReportingRollups).toMatchObject({ salesRolledUp: 0 });
    expect(new Date(refreshReportingRollups!.coveredUntil).getTime()).toBeLessThan(Date.now());
  });
});
