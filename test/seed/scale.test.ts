import pg from 'pg';
import pino from 'pino';
import { graphql } from '../__generated__';
import type { ScaleCustomerPageQuery } from '../__generated__/graphql';
import { Role } from '../../src/core/auth/roles';
import { TokenService } from '../../src/core/auth/tokens';
import { foldForSearch } from '../../src/modules/users/customer-search';
import { DocumentType } from '../../src/modules/users/customer.enums';
import { normalizeDocumentNumber } from '../../src/modules/users/document-number';
import { seedScale, type ScalePhase } from '../../src/seed/scale';
import { startTestServer, TEST_JWT_SECRET, type TestServer } from '../support/server';

const ScaleCustomerPage = graphql(`
  query ScaleCustomerPage($first: Int, $after: String) {
    customers(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        cursor
        node {
          id firstName lastName documentType documentNumber email phones birthDate category createdAt
          addresses { kind line1 city region countryCode postalCode }
          categoryHistory { from to reason }
        }
      }
    }
  }
`);

const Login = graphql(`
  mutation ScaleLogin($email: String!, $password: String!) {
    login(email: $email, password: $password) { token }
  }
`);

const CUSTOMERS = 300;
const SALES = 2000;

let server: TestServer;
let db: pg.Client;
let phases: ScalePhase[];
const printed: string[] = [];
const query = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> => (await db.query(sql, params)).rows as T[];
const one = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T> => (await query<T>(sql, params))[0];

beforeAll(async () => {
  server = await startTestServer();
  db = new pg.Client({ connectionString: server.databaseUrl });
  await db.connect();
  // The test server has staff but nothing to sell: the demo catalog and plans are seeded first.
  // Three months of sales, so that the last hold period (PENDING sales) surely has some.
  phases = await seedScale(
    { orm: server.app.orm, config: server.config, logger: pino({ level: 'silent' }), tokens: new TokenService(TEST_JWT_SECRET, '1h'), app: server.app.wiring },
    { customers: CUSTOMERS, sales: SALES, monthsBack: 3, salesPerAgent: 250, customerBatchSize: 120, salesBatchSize: 500, print: (line) => printed.push(line) },
  );
}, 120_000);

afterAll(async () => {
  await db?.end();
  await server?.stop();
});

describe('seed:scale at a small size', () => {
  it('reports every phase, a progress line per batch and the total', () => {
    expect(phases.map((p) => p.name)).toEqual(['demo catalog and plans', 'sales agents', 'customers', 'sales', 'category rule', 'vacuum analyze']);
    expect(printed.filter((line) => /^ {2}customers +\d/.test(line))).toHaveLength(3);
    expect(printed.filter((line) => /^ {2}sales +[\d,]+ \/ 2,000 .*rows\/s\)$/.test(line)).length).toBeGreaterThanOrEqual(4);
    expect(printed.at(-1)).toMatch(/^done in \d+\.\d s: the database now has 300 customers, 2,000 sales, [\d,]+ sale lines$/);
  });

  it('grows the sales force to about one agent per `salesPerAgent` sales, and spreads the sales over it', async () => {
    const agents = await query<{ email: string; name: string; sales: number }>(
      `select t.email, t.name, (select count(*)::int from sale s where s.seller_id = t.id) as sales from staff t where t.role in ('ADMIN', 'SALES_AGENT') and t.active`,
    );
    expect(agents).toHaveLength(SALES / 250);
    for (const agent of agents) expect(agent.sales).toBeGreaterThan(0);
    const generated = agents.filter((agent) => agent.email.endsWith('@demo.claro'));
    expect(generated).toHaveLength(SALES / 250 - 2);
    for (const agent of generated) expect(agent.email).toMatch(/^[a-z]+\.[a-z]+\d+@demo\.claro$/);
    // No usable password: logging in as one of them fails like a wrong password.
    const error = await server.as(null).error(Login, { email: generated[0].email, password: 'demo1234' });
    expect(error.code).toBe('UNAUTHENTICATED');
  });

  it('writes the customers asked for, each with unique, valid documents and emails', async () => {
    expect(await one(`select count(*)::int as n from customer`)).toEqual({ n: CUSTOMERS });
    expect(await one(`select count(distinct (document_type, document_number))::int as documents, count(distinct email)::int as emails from customer`)).toEqual({
      documents: CUSTOMERS,
      emails: CUSTOMERS,
    });
    const rows = await query<{ document_type: DocumentType; document_number: string; email: string; phones: string[] }>(
      `select document_type, document_number, email, phones from customer`,
    );
    for (const row of rows) {
      // What the API would store for this document (a NIT's DIAN check digit verified).
      expect(normalizeDocumentNumber(row.document_type, row.document_number)).toBe(row.document_number);
      if (row.document_type === DocumentType.CC) expect(row.document_number).toMatch(/^\d{6,10}$/);
      expect(row.email).toMatch(/^[a-z0-9.]+@[a-z0-9.-]+\.[a-z]{2,}$/);
      expect(row.phones.length).toBeGreaterThan(0);
      for (const phone of row.phones) expect(phone).toMatch(/^\+57(3\d{9}|60\d{8})$/);
    }
    const types = new Set(rows.map((row) => row.document_type));
    expect(types.has(DocumentType.CC) && types.has(DocumentType.NIT)).toBe(true);
  });

  it('stores addresses in the embeddable shape, billing city and region taken from them, and the search text folded', async () => {
    const keys = await query<{ keys: string }>(`select distinct (select string_agg(k, ',' order by k) from jsonb_object_keys(a) k) as keys from customer, jsonb_array_elements(addresses) a`);
    expect(keys).toEqual([{ keys: 'city,country_code,kind,line1,postal_code,region' }]);
    expect(
      await one(
        `select count(*)::int as inconsistent from customer c
          cross join lateral (select coalesce((select a from jsonb_array_elements(c.addresses) a where a->>'kind' = 'BILLING' limit 1), c.addresses->0) as billing) b
          where c.billing_city <> b.billing->>'city' or c.billing_region <> b.billing->>'region'`,
      ),
    ).toEqual({ inconsistent: 0 });
    expect(await one(`select count(*)::int as n from customer where jsonb_array_length(addresses) = 0`)).toEqual({ n: 0 });
    const sample = await query<{ legal_name: string | null; first_name: string; last_name: string; email: string; document_number: string; search_text: string }>(
      `select legal_name, first_name, last_name, email, document_number, search_text from customer order by id limit 50`,
    );
    for (const c of sample) expect(c.search_text).toBe(foldForSearch(`${c.legal_name ? `${c.legal_name} ` : ''}${c.first_name} ${c.last_name} ${c.email} ${c.document_number}`));
    // A company (NIT) has its legal name and a contact person; a person has no legal name.
    expect(await one(`select count(*)::int as n from customer where (document_type = 'NIT') <> (kind = 'COMPANY' and legal_name is not null) or last_name = 'Empresa'`)).toEqual({ n: 0 });
    // Bogotá is the biggest city, and customers live in many departments.
    const regions = await query<{ billing_region: string; n: number }>(`select billing_region, count(*)::int as n from customer group by 1 order by 2 desc`);
    expect(regions[0].billing_region).toBe('Bogotá D.C.');
    expect(regions.length).toBeGreaterThan(10);
  });

  it('spreads customers over six years in milliseconds, each with the NEW history row the app writes', async () => {
    const span = await one<{ years: number; truncated: number }>(
      `select (extract(epoch from max(created_at) - min(created_at)) / (365.25 * 86400))::float8 as years,
              count(*) filter (where created_at <> date_trunc('milliseconds', created_at))::int as truncated from customer`,
    );
    expect(span.years).toBeGreaterThan(4);
    expect(span.years).toBeLessThanOrEqual(6);
    expect(span.truncated).toBe(0);
    expect(
      await one(
        `select count(*)::int as n from customer c
          where (select count(*) from customer_category_change h
                  where h.customer_id = c.id and h.from_category is null and h.to_category = 'NEW' and h.changed_at = c.created_at and h.changed_by_id is null) = 1`,
      ),
    ).toEqual({ n: CUSTOMERS });
  });

  it('leaves categories to the automatic rule', async () => {
    const { categoryRule } = server.config;
    const rows = await query<{ id: string; category: string; tenure_days: number; paid: number; spent: string; last_change: string }>(
      `select c.id, c.category, floor(extract(epoch from now() - c.created_at) / 86400)::int as tenure_days,
              (select count(*)::int from sale s where s.customer_id = c.id and s.status = 'PAID') as paid,
              (select coalesce(sum(s.subtotal - s.discount), 0)::text from sale s where s.customer_id = c.id and s.status = 'PAID') as spent,
              (select h.to_category from customer_category_change h where h.customer_id = c.id order by h.changed_at desc, h.id desc limit 1) as last_change
         from customer c`,
    );
    for (const c of rows) {
      const loyal = c.tenure_days >= categoryRule.loyalMinTenureDays && (c.paid >= categoryRule.loyalMinPurchases || Number(c.spent) >= Number(categoryRule.loyalMinSpend));
      const regular = c.tenure_days >= categoryRule.regularMinTenureDays || c.paid >= categoryRule.regularMinPurchases;
      expect({ id: c.id, category: c.category }).toEqual({ id: c.id, category: loyal ? 'LOYAL' : regular ? 'REGULAR' : 'NEW' });
      expect(c.last_change).toBe(c.category);
    }
    expect(new Set(rows.map((c) => c.category)).size).toBe(3);
  });

  it('writes the sales asked for, every one adding up to the cent, with unique numbers that follow the counter', async () => {
    expect(await one(`select count(*)::int as n from sale`)).toEqual({ n: SALES });
    expect(
      await one(
        `select count(*)::int as bad from sale s
           join (select sale_id, sum(unit_price * quantity) as gross, sum(discount) as discount, sum(tax) as tax, count(*) as lines from sale_line group by sale_id) l on l.sale_id = s.id
          where s.subtotal <> l.gross or s.discount <> l.discount or s.tax <> l.tax or s.total <> s.subtotal - s.discount + s.tax or l.lines not between 1 and 3`,
      ),
    ).toEqual({ bad: 0 });
    expect(await one(`select count(*)::int as n from sale s where not exists (select 1 from sale_line l where l.sale_id = s.id)`)).toEqual({ n: 0 });
    expect(
      await one(
        `select count(*)::int as bad from sale_line
          where net_amount <> unit_price * quantity - discount or tax <> round(net_amount * tax_rate, 2) or total <> net_amount + tax
             or discount not in (0, round(unit_price * quantity * 0.10, 2)) or (product_id is null) = (service_plan_id is null)`,
      ),
    ).toEqual({ bad: 0 });
    expect(await one(`select count(*)::int as n from (select sale_id, coalesce(product_id, -service_plan_id) from sale_line group by 1, 2 having count(*) > 1) repeated`)).toEqual({ n: 0 });
    const numbers = await one<{ distinct: number; malformed: number; highest: string; counter: string }>(
      `select count(distinct number)::int as distinct, count(*) filter (where number !~ '^FV-[0-9]{6,}$')::int as malformed,
              max(substr(number, 4)::bigint)::text as highest, (select last_value::text from sale_number_counter where prefix = 'FV-') as counter from sale`,
    );
    expect(numbers).toEqual({ distinct: SALES, malformed: 0, highest: String(SALES), counter: String(SALES) });
    // Numbers and ids go forward with time.
    expect(await one(`select count(*)::int as n from (select created_at < lag(created_at) over (order by id) as back from sale) t where back`)).toEqual({ n: 0 });
  });

  it('has every status with consistent dates and history, after the customer existed and never in the future', async () => {
    const statuses = await query<{ status: string; n: number }>(`select status, count(*)::int as n from sale group by 1 order by 1`);
    expect(statuses.map((s) => s.status)).toEqual(['CANCELLED', 'PAID', 'PENDING', 'REFUNDED']);
    expect(
      await one(
        `select count(*)::int as bad from sale s join customer c on c.id = s.customer_id
          where s.created_at < c.created_at or greatest(s.created_at, s.updated_at, s.paid_at, s.cancelled_at, s.refunded_at) > now()
             or s.created_at <> date_trunc('milliseconds', s.created_at)
             or (s.status = 'PENDING') <> (s.expires_at is not null) or (s.status = 'PENDING' and s.created_at < now() - interval '48 hours')
             or (s.status in ('PAID', 'REFUNDED')) <> (s.paid_at is not null and s.payment_method is not null)
             or (s.status = 'CANCELLED') <> (s.cancelled_at is not null) or (s.status = 'REFUNDED') <> coalesce(s.refunded_at > s.paid_at, false)
             or s.updated_at <> coalesce(s.refunded_at, s.cancelled_at, s.paid_at, s.created_at)`,
      ),
    ).toEqual({ bad: 0 });
    const history = await query<{ path: string; n: number }>(
      `select string_agg(coalesce(from_status, '-') || '>' || to_status, ' ' order by changed_at, id) as path, count(*)::int as n
         from sale_status_change group by sale_id`,
    );
    const paths = new Set(history.map((h) => h.path));
    expect([...paths].sort()).toEqual(['->PENDING', '->PENDING PENDING>CANCELLED', '->PENDING PENDING>PAID', '->PENDING PENDING>PAID PAID>REFUNDED']);
    expect(history).toHaveLength(SALES);
  });

  it('points every generated row to rows that exist (the foreign keys hold)', async () => {
    const dangling = await one(
      `select (select count(*) from sale s where not exists (select 1 from customer c where c.id = s.customer_id))::int as customers,
              (select count(*) from sale s where not exists (select 1 from staff t where t.id = s.seller_id and t.role in ('ADMIN', 'SALES_AGENT')))::int as sellers,
              (select count(*) from sale_line l where not exists (select 1 from sale s where s.id = l.sale_id))::int as sales,
              (select count(*) from sale_line l where l.product_id is not null and not exists (select 1 from product p where p.id = l.product_id))::int as products,
              (select count(*) from sale_line l where l.service_plan_id is not null and not exists (select 1 from service_plan p where p.id = l.service_plan_id))::int as plans,
              (select count(*) from sale_status_change h where not exists (select 1 from sale s where s.id = h.sale_id))::int as history`,
    );
    expect(dangling).toEqual({ customers: 0, sellers: 0, sales: 0, products: 0, plans: 0, history: 0 });
  });

  it('adds more on a second run without clashing with what is there', async () => {
    await seedScale(
      { orm: server.app.orm, config: server.config, logger: pino({ level: 'silent' }), tokens: new TokenService(TEST_JWT_SECRET, '1h'), app: server.app.wiring },
      { customers: 50, sales: 100, monthsBack: 3 },
    );
    expect(await one(`select count(*)::int as customers, (select count(*)::int from sale) as sales, (select count(distinct number)::int from sale) as numbers from customer`)).toEqual({
      customers: CUSTOMERS + 50,
      sales: SALES + 100,
      numbers: SALES + 100,
    });
    expect(await one(`select last_value::int as n from sale_number_counter`)).toEqual({ n: SALES + 100 });
  });

  it('lets the API page through every generated customer with the real client', async () => {
    const client = server.as(Role.ADMIN);
    const total = await one<{ n: number }>(`select count(*)::int as n from customer`);
    const seen: string[] = [];
    let after: string | null = null;
    let previousCreatedAt = Infinity;
    for (let page = 0; page < 100; page++) {
      const { customers }: ScaleCustomerPageQuery = await client.query(ScaleCustomerPage, { first: 100, after });
      expect(customers.totalCount).toBe(total.n);
      for (const { node } of customers.edges) {
        seen.push(node.id);
        const createdAt = Date.parse(node.createdAt);
        expect(createdAt).toBeLessThanOrEqual(previousCreatedAt);
        previousCreatedAt = createdAt;
        expect(node.addresses.length).toBeGreaterThan(0);
        expect(node.addresses.every((a) => a.countryCode === 'CO' && a.city && a.region && a.line1)).toBe(true);
        expect(node.categoryHistory[0]).toMatchObject({ from: null, to: 'NEW', reason: 'New customer' });
      }
      if (!customers.pageInfo.hasNextPage) break;
      after = customers.pageInfo.endCursor ?? null;
    }
    expect(seen).toHaveLength(total.n);
    expect(new Set(seen).size).toBe(total.n);
  });
});
