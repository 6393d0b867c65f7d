import { graphql } from '../__generated__';
import { Role } from '../../src/core/auth/roles';
import { startTestServer, type TestServer } from '../support/server';
import { sql } from './sales.fixtures';

/**
 * The demo seed (a few sales through the services, thousands written in bulk) follows the money
 * rules to the cent: summed in SQL over every sale and line of a freshly seeded database.
 */

const SalesDemoCount = graphql(`
  query SalesDemoCount($status: SaleStatus) {
    sales(first: 1, filter: { status: $status }) { totalCount }
  }
`);

let server: TestServer;
beforeAll(async () => {
  // DEMO_SEED seeds the empty database at start-up; the test accounts are added afterwards.
  server = await startTestServer({ env: { DEMO_SEED: 'true' } });
}, 60_000);
afterAll(() => server?.stop());

it('seeds thousands of sales over the last 18 months, in every status', async () => {
  const [{ sales, oldest, newest }] = await sql<{ sales: number; oldest: Date; newest: Date }>(
    server,
    'select count(*)::int as sales, min(created_at) as oldest, max(created_at) as newest from sale',
  );
  expect(sales).toBeGreaterThanOrEqual(2000);
  const months = (Date.now() - new Date(oldest).getTime()) / (30.44 * 24 * 3600 * 1000);
  expect(months).toBeGreaterThan(16);
  expect(months).toBeLessThanOrEqual(18.1);
  expect(new Date(newest).getTime()).toBeLessThanOrEqual(Date.now());

  const statuses = await sql<{ status: string; n: number }>(server, 'select status, count(*)::int as n from sale group by status order by status');
  expect(statuses.map((row) => row.status)).toEqual(['CANCELLED', 'PAID', 'PENDING', 'REFUNDED']);
  // The API sees the same.
  for (const { status, n } of statuses) {
    expect((await server.as(Role.ANALYST).query(SalesDemoCount, { status: status as 'PAID' })).sales.totalCount).toBe(n);
  }
  // Both kinds of line are there.
  const [{ products, plans }] = await sql<{ products: number; plans: number }>(
    server,
    'select count(product_id)::int as products, count(service_plan_id)::int as plans from sale_line',
  );
  expect(products).toBeGreaterThan(0);
  expect(plans).toBeGreaterThan(0);
});

it('adds up to the cent: every line, and every sale as the sum of its lines', async () => {
  const badLines = await sql(
    server,
    `select id, sale_id from sale_line
      where net_amount <> round(unit_price * quantity, 2) - discount
         or total <> net_amount + tax
         or tax <> round(net_amount * tax_rate, 2)
         or discount < 0 or discount > round(unit_price * quantity, 2)
         or quantity <= 0 or (product_id is null) = (service_plan_id is null)
      limit 5`,
  );
  expect(badLines).toEqual([]);

  const badSales = await sql(
    server,
    `select s.number, s.subtotal, s.discount, s.tax, s.total, l.subtotal as lines_subtotal, l.discount as lines_discount, l.tax as lines_tax, l.total as lines_total
       from sale s
       left join (select sale_id, sum(unit_price * quantity) as subtotal, sum(discount) as discount, sum(tax) as tax, sum(total) as total, count(*) as n
                    from sale_line group by sale_id) l on l.sale_id = s.id
      where l.n is null
         or s.subtotal <> l.subtotal or s.discount <> l.discount or s.tax <> l.tax
         or s.total <> s.subtotal - s.discount + s.tax
         or s.total <> l.total
         or s.currency <> 'COP'
      limit 5`,
  );
  expect(badSales).toEqual([]);
});

it('numbers the invoices uniquely and without gaps, and ends every history in the sale’s status', async () => {
  const [numbers] = await sql<{ n: number; distinct_numbers: number; highest: number; counter: number }>(
    server,
    `select count(*)::int as n, count(distinct number)::int as distinct_numbers, max(substring(number from 4)::int) as highest,
            (select last_value::int from sale_number_counter where prefix = 'FV-') as counter
       from sale`,
  );
  expect(numbers.distinct_numbers).toBe(numbers.n);
  expect(numbers.highest).toBe(numbers.n);
  expect(numbers.counter).toBe(numbers.n);

  const badHistories = await sql(
    server,
    `select s.number, s.status, h.to_status
       from sale s
       left join lateral (select to_status from sale_status_change c where c.sale_id = s.id order by changed_at desc, id desc limit 1) h on true
      where h.to_status is distinct from s.status
         or (s.status = 'PENDING') <> (s.expires_at is not null)
         or (s.status in ('PAID', 'REFUNDED')) <> (s.paid_at is not null)
      limit 5`,
  );
  expect(badHistories).toEqual([]);
});
