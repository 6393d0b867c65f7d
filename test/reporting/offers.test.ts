import { graphql } from '../__generated__';
import { Role } from '../../src/core/auth/roles';
import { startTestServer, type TestServer } from '../support/server';
import {
  billingAddress,
  createBrand,
  createCategory,
  createCustomer,
  createPlan,
  createProduct,
  makeSale,
  refreshRollups,
  ReportingCreatePromotion,
  ReportingSetCategory,
  ReportingSubscribe,
  ReportingUpdateCustomer,
  withoutTypename,
} from './reporting.fixtures';

/**
 * Personalised offers from a customer's own data (live) and the patterns of all customers (the
 * rollups, rebuilt once after the data set is made). Scores follow the method of
 * `offers.service.ts`: item = 0.7 × co-ownership + 0.3 × popularity in the customer's segment,
 * co-ownership = both / (owners + 2), national evidence × 0.8; promotion = best covered item +
 * 0.2 × discount + 0.1 when restricted to the customer's group.
 *
 * Every customer is NEW. Fibra 300 (F300) is held by A1–A4 and T in Antioquia and by B1, B2 in
 * Bogotá; A1–A3 bought the Router, B1 and B2 the Phone. T holds Fibra 300 only.
 */

const Offers = graphql(`
  query ReportingOffers($id: ID!, $limit: Int) {
    customer(id: $id) {
      recommendedOffers(limit: $limit) {
        kind
        score
        reason
        product { id name }
        servicePlan { id name }
        promotion { id code }
      }
    }
  }
`);

const OffersOfPage = graphql(`
  query ReportingOffersOfPage($first: Int!) {
    customers(first: $first) {
      edges { node { id recommendedOffers(limit: 3) { kind score reason } } }
    }
  }
`);

let server: TestServer;
const ids: Record<string, string> = {};

beforeAll(async () => {
  server = await startTestServer({ env: { REPORTING_REFRESH_MINUTES: '0' } });
  const brand = await createBrand(server, 'Marca');
  const category = await createCategory(server, 'Equipos');
  ids.router = await createProduct(server, { name: 'Router Wi-Fi 6', brandId: brand, categoryId: category, price: '200000.00' });
  ids.phone = await createProduct(server, { name: 'Phone X', brandId: brand, categoryId: category, price: '900000.00' });
  ids.buds = await createProduct(server, { name: 'Earbuds', brandId: brand, categoryId: category, price: '150000.00' });
  ids.fibre = await createPlan(server, { name: 'Fibra 300', type: 'FIBER_INTERNET', price: '100000.00' });
  ids.postpaid = await createPlan(server, { name: 'Postpago 40 GB', type: 'MOBILE_POSTPAID', price: '60000.00' });
  ids.tv = await createPlan(server, { name: 'TV Total', type: 'TV', price: '80000.00' });
  const admin = server.as(Role.ADMIN);
  ids.loyal = (await admin.mutate(ReportingCreatePromotion, { input: { code: 'LEALES15', name: '15% en postpago', percentOff: 15, serviceTypes: ['MOBILE_POSTPAID'], customerCategories: ['LOYAL'] } })).createPromotion.id;
  ids.welcome = (await admin.mutate(ReportingCreatePromotion, { input: { code: 'BIENVENIDA10', name: '10% en tu primera compra', percentOff: 10, customerCategories: ['NEW'], perCustomerLimit: 1 } })).createPromotion.id;

  const holdFibre = (customerId: string) => server.as(Role.SALES_AGENT).mutate(ReportingSubscribe, { input: { customerId, servicePlanId: ids.fibre } });
  for (const name of ['A1', 'A2', 'A3', 'A4']) {
    ids[name] = await createCustomer(server, name, 'Medellín', 'Antioquia');
    await holdFibre(ids[name]);
    if (name !== 'A4') await makeSale(server, { customerId: ids[name], lines: [{ productId: ids.router, quantity: 1 }], fate: 'PAID', at: '2026-05-10T15:00:00.000Z' });
  }
  for (const name of ['B1', 'B2']) {
    ids[name] = await createCustomer(server, name, 'Bogotá', 'Bogotá D.C.');
    await holdFibre(ids[name]);
    await makeSale(server, { customerId: ids[name], lines: [{ productId: ids.phone, quantity: 1 }], fate: 'PAID', at: '2026-05-11T15:00:00.000Z' });
  }
  ids.T = await createCustomer(server, 'Tomas', 'Medellín', 'Antioquia');
  await holdFibre(ids.T);
  await refreshRollups(server);
}, 120_000);
afterAll(() => server?.stop());

async function offersOf(customerId: string, role: Role = Role.SALES_AGENT) {
  const { customer } = await server.as(role).query(Offers, { id: customerId, limit: 10 });
  return withoutTypename(customer!.recommendedOffers).map((offer) => ({
    what: offer.product?.name ?? offer.servicePlan?.name ?? offer.promotion?.code,
    score: offer.score,
    reason: offer.reason,
  }));
}

const offer = (what: string, score: number, reason: string) => ({ what, score: expect.closeTo(score, 3), reason });

describe('recommendedOffers', () => {
  it('offers what customers like this one own, and the promotions they can use', async () => {
    expect(await offersOf(ids.T)).toEqual([
      offer('BIENVENIDA10', 3 / 7 + 0.2 * 0.1 + 0.1, 'NEW customers get 10% off any purchase (e.g. Router Wi-Fi 6): code BIENVENIDA10'),
      // Antioquia: 3 of the 5 holders of Fibra 300 bought the Router: 0.7 × 3/7 + 0.3 × 3/7 (3 of the 7 NEW customers own it).
      offer('Router Wi-Fi 6', 3 / 7, 'Customers in Antioquia with Fibra 300 also bought Router Wi-Fi 6 (60% of 5)'),
      // Nobody in Antioquia: the national pattern (2 of 7, × 0.8) and 2 of the 7 NEW customers.
      offer('Phone X', 0.7 * (2 / 9) * 0.8 + 0.3 * (2 / 7), 'Customers with Fibra 300 also bought Phone X (29% of 7)'),
    ]);
  });

  it('changes when the customer buys, moves and changes category', async () => {
    // Bought the Router: it is no longer offered, and the welcome promotion now points at the Phone.
    await makeSale(server, { customerId: ids.T, lines: [{ productId: ids.router, quantity: 1 }], fate: 'PAID' });
    const phoneNationally = 0.7 * (2 / 9) * 0.8 + 0.3 * (2 / 7);
    expect(await offersOf(ids.T)).toEqual([
      offer('BIENVENIDA10', phoneNationally + 0.02 + 0.1, 'NEW customers get 10% off any purchase (e.g. Phone X): code BIENVENIDA10'),
      offer('Phone X', phoneNationally, 'Customers with Fibra 300 also bought Phone X (29% of 7)'),
    ]);

    // Moved to Bogotá, where both holders of Fibra 300 bought the Phone.
    await server.as(Role.SALES_AGENT).mutate(ReportingUpdateCustomer, { id: ids.T, input: { addresses: [billingAddress('Bogotá', 'Bogotá D.C.')] } });
    const phoneInBogota = 0.7 * (2 / 4) + 0.3 * (2 / 7);
    expect(await offersOf(ids.T)).toEqual([
      offer('BIENVENIDA10', phoneInBogota + 0.02 + 0.1, 'NEW customers get 10% off any purchase (e.g. Phone X): code BIENVENIDA10'),
      offer('Phone X', phoneInBogota, 'Customers in Bogotá D.C. with Fibra 300 also bought Phone X (100% of 2)'),
    ]);

    // Now LOYAL: the welcome offer is gone, the loyalty one (postpaid plans) appears.
    await server.as(Role.SALES_AGENT).mutate(ReportingSetCategory, { id: ids.T, category: 'LOYAL' });
    expect(await offersOf(ids.T)).toEqual([
      offer('Phone X', 0.7 * (2 / 4), 'Customers in Bogotá D.C. with Fibra 300 also bought Phone X (100% of 2)'),
      offer('LEALES15', 0.2 * 0.15 + 0.1, 'LOYAL customers get 15% off Mobile postpaid plans (e.g. Postpago 40 GB): code LEALES15'),
    ]);
  });

  it('gives a customer who owns nothing what is popular with customers like them', async () => {
    const newcomer = await createCustomer(server, 'Nueva', 'Cali', 'Valle del Cauca');
    const offers = await offersOf(newcomer, Role.ANALYST);
    expect(offers.map((o) => o.what)).toEqual(['BIENVENIDA10', 'Fibra 300', 'Router Wi-Fi 6', 'Phone X']);
    expect(offers[1]).toEqual(offer('Fibra 300', 0.3 * (7 / 7), '100% of NEW customers have Fibra 300'));
  });

  it('loads the offers of a page of customers in one statement, whatever its size', async () => {
    const agent = server.as(Role.SALES_AGENT);
    server.takeSqlCount();
    expect((await agent.query(OffersOfPage, { first: 2 })).customers.edges).toHaveLength(2);
    const forTwo = server.takeSqlCount();
    const page = (await agent.query(OffersOfPage, { first: 8 })).customers.edges;
    expect(page).toHaveLength(8);
    expect(server.takeSqlCount()).toBe(forTwo);
    expect(page.every((edge) => edge.node.recommendedOffers.length > 0)).toBe(true);
  });

  it('is refused to partners', async () => {
    const error = await server.as(Role.PARTNER).error(Offers, { id: ids.T });
    expect(error.code).toBe('FORBIDDEN');
  });
});
