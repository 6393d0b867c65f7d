import { graphql } from '../__generated__';
import type { DemoShapeCustomersQuery } from '../__generated__/graphql';
import { Role } from '../../src/core/auth/roles';
import { sql } from '../catalog/catalog.fixtures';
import { startTestServer, type TestServer } from '../support/server';

/**
 * The demo data looks like a telecom's retail to an analyst: companies named as companies, people
 * buying a handful of items a year (companies more), nobody buying phones like a shop, and every
 * plan unit sold standing for the subscription it opened. Read from a freshly seeded database,
 * through the API where an analyst would look.
 */

const DemoCustomers = graphql(`
  query DemoShapeCustomers($after: String) {
    customers(first: 100, after: $after) {
      edges { node { id kind legalName displayName firstName lastName documentType } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

const DemoPopularServices = graphql(`
  query DemoShapePopularServices {
    popularServices(limit: 100) { servicePlan { id code } units activeSubscriptions }
  }
`);

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ env: { DEMO_SEED: 'true' } });
}, 120_000);
afterAll(() => server?.stop());

it('names companies (the NIT ones) by their legal name and people by their names, with a kind for each', async () => {
  // Names as staff who serve customers read them (an analyst reads them masked).
  const agent = server.as(Role.SALES_AGENT);
  const customers = [];
  for (let after: string | null = null; ; ) {
    const page: DemoShapeCustomersQuery = await agent.query(DemoCustomers, { after });
    customers.push(...page.customers.edges.map((edge) => edge.node));
    if (!page.customers.pageInfo.hasNextPage) break;
    after = page.customers.pageInfo.endCursor ?? null;
  }
  expect(customers.length).toBeGreaterThanOrEqual(1000);
  const companies = customers.filter((c) => c.documentType === 'NIT');
  const people = customers.filter((c) => c.documentType !== 'NIT');
  expect(companies.length).toBeGreaterThanOrEqual(10);
  for (const company of companies) {
    expect(company.kind).toBe('COMPANY');
    expect(company.legalName).toMatch(/ (S\.A\.S\.|Ltda\.|S\.A\.)$/);
    expect(company.displayName).toBe(company.legalName);
    // The contact person is a person, not the company's name cut in two.
    expect(company.lastName).not.toBe('Empresa');
    expect(company.firstName).not.toContain(company.legalName);
  }
  for (const person of people) {
    expect(person.kind).toBe('PERSON');
    expect(person.legalName).toBeNull();
    expect(person.displayName).toBe(`${person.firstName} ${person.lastName}`);
  }
  const [{ empresa }] = await sql<{ empresa: number }>(server, `select count(*)::int as empresa from customer where last_name = 'Empresa'`);
  expect(empresa).toBe(0);
}, 60_000);

/** PAID sales and units per customer over the 18 months of history, with the customer's kind. */
async function purchasesPerCustomer(): Promise<{ kind: string; sales: number; units: number }[]> {
  return sql(
    server,
    `select c.kind, count(s.id)::int as sales, coalesce(sum(l.units), 0)::int as units
       from customer c
       left join sale s on s.customer_id = c.id and s.status = 'PAID'
       left join (select sale_id, sum(quantity) as units from sale_line group by sale_id) l on l.sale_id = s.id
      group by c.id, c.kind`,
  );
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

it('has people buy a handful of items a year, companies several times more', async () => {
  const rows = await purchasesPerCustomer();
  const people = rows.filter((row) => row.kind === 'PERSON');
  const companies = rows.filter((row) => row.kind === 'COMPANY');
  const years = 18 / 12;
  // Most people: a few purchases in 18 months, a handful of items a year.
  expect(median(people.map((p) => p.sales))).toBeLessThanOrEqual(3);
  expect(median(people.map((p) => p.units)) / years).toBeGreaterThanOrEqual(1);
  expect(median(people.map((p) => p.units)) / years).toBeLessThanOrEqual(5);
  // Nobody buys like a shop: the busiest person is far from the ~100 sales each the old seed gave.
  expect(Math.max(...people.map((p) => p.sales))).toBeLessThanOrEqual(30);
  expect(people.reduce((sum, p) => sum + p.sales, 0) / people.length).toBeLessThanOrEqual(5);
  // Companies buy more.
  expect(median(companies.map((c) => c.units))).toBeGreaterThanOrEqual(3 * median(people.map((p) => p.units)));
});

/**
 * The generated history depends on the clock (`now()` decides which sales are paid yet), so these are
 * properties of the whole data, not of one draw: a person buys a phone model once, now and then
 * twice, and even the heaviest private buyers (about 20 purchases in 18 months, appetite capped at 3
 * times the mean) stay far from a shop's quantities (the demo data once had 108 of one model).
 */
it('never has a private customer buy phones like a shop', async () => {
  const perPair = await sql<{ units: number; pairs: number }>(
    server,
    `select units::int, count(*)::int as pairs from (
       select s.customer_id, l.product_id, sum(l.quantity) as units
         from sale s
         join sale_line l on l.sale_id = s.id
         join product p on p.id = l.product_id
         join product_category pc on pc.id = p.category_id
         join customer c on c.id = s.customer_id
        where s.status = 'PAID' and c.kind = 'PERSON' and pc.name = 'Smartphones'
        group by s.customer_id, l.product_id
     ) per_phone group by units`,
  );
  const pairs = perPair.reduce((sum, row) => sum + row.pairs, 0);
  const oneOrTwo = perPair.filter((row) => row.units <= 2).reduce((sum, row) => sum + row.pairs, 0);
  expect(pairs).toBeGreaterThan(100);
  expect(oneOrTwo / pairs).toBeGreaterThanOrEqual(0.95);
  expect(Math.max(...perPair.map((row) => row.units))).toBeLessThanOrEqual(12);
  // A person takes one unit of a line, two at the most.
  const [{ biggest }] = await sql<{ biggest: number }>(
    server,
    `select max(l.quantity)::int as biggest from sale_line l join sale s on s.id = l.sale_id join customer c on c.id = s.customer_id where c.kind = 'PERSON'`,
  );
  expect(biggest).toBeLessThanOrEqual(2);
});

it('opens one subscription per plan unit sold: units sold match the subscriptions their sales opened', async () => {
  const perPlan = await sql<{ code: string; sold: number; opened: number; cancelled_by_refund: number; refunded_units: number }>(
    server,
    `select p.code,
            (select coalesce(sum(l.quantity), 0)::int from sale_line l join sale s on s.id = l.sale_id where l.service_plan_id = p.id and s.status in ('PAID', 'REFUNDED')) as sold,
            (select count(*)::int from service_subscription ss where ss.service_plan_id = p.id and ss.sale_id is not null) as opened,
            (select count(*)::int from service_subscription ss join sale s on s.id = ss.sale_id where ss.service_plan_id = p.id and s.status = 'REFUNDED' and ss.status = 'CANCELLED') as cancelled_by_refund,
            (select coalesce(sum(l.quantity), 0)::int from sale_line l join sale s on s.id = l.sale_id where l.service_plan_id = p.id and s.status = 'REFUNDED') as refunded_units
       from service_plan p order by p.code`,
  );
  expect(perPlan.reduce((sum, plan) => sum + plan.sold, 0)).toBeGreaterThan(100);
  for (const plan of perPlan) {
    expect({ code: plan.code, opened: plan.opened }).toEqual({ code: plan.code, opened: plan.sold });
    expect({ code: plan.code, cancelled: plan.cancelled_by_refund }).toEqual({ code: plan.code, cancelled: plan.refunded_units });
  }

  // What an analyst sees: no plan with far more units sold (PAID) than subscriptions active.
  const { popularServices } = await server.as(Role.ANALYST).query(DemoPopularServices);
  expect(popularServices.length).toBeGreaterThan(5);
  for (const plan of popularServices) {
    expect({ code: plan.servicePlan.code, atLeastSold: plan.activeSubscriptions >= plan.units }).toEqual({ code: plan.servicePlan.code, atLeastSold: true });
  }
});
