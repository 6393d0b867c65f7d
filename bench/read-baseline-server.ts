/**
 * `bench:read`'s baseline, run by bench/read.ts in a child process: what a hand-written endpoint
 * costs for the same answers. `node:http` and `pg` (a pool of 10, as the API's), named prepared
 * statements, at most two per read besides authentication; every request checks its bearer token
 * (the API's TokenService) and reads the staff row (one prepared statement), as the API does.
 * The answers are the GraphQL answers' JSON (`{"data":{...}}`, fields in the query's order); the
 * driver checks they are equal before timing. Not meant to be run by hand.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { TokenService } from '../src/core/auth/tokens';
import { Decimal } from '../src/core/money';
import { failChild, sendReady, serveDriver } from './read-child';
import { insertSaleWithSql, type SaleDraft } from './sale-writes';

export interface BaselineSettings {
  databaseUrl: string;
  jwtSecret: string;
  ivaRate: string;
  holdHours: number;
}

export interface BaselineReady {
  url: string;
}

const settings = JSON.parse(process.env.BENCH_READ_BASELINE!) as BaselineSettings;
const tokens = new TokenService(settings.jwtSecret, '1h');
const pool = new pg.Pool({ connectionString: settings.databaseUrl, max: 10 });
// An idle connection ended by the database (the bench dropping it at the end) must not crash the child.
pool.on('error', () => {});
let statements = 0;

type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient;

async function prepared<R extends pg.QueryResultRow>(db: Queryable, name: string, text: string, values: unknown[]): Promise<R[]> {
  statements++;
  return (await db.query<R>({ name, text, values })).rows;
}

interface StaffRow {
  id: string;
  active: boolean;
  token_version: number;
}

/** The bearer token's staff member, active and with the token's version; null otherwise. */
async function authenticate(request: http.IncomingMessage): Promise<StaffRow | null> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  if (!match) return null;
  const claims = await tokens.verify(match[1]);
  if (typeof claims === 'string') return null;
  const [staff] = await prepared<StaffRow>(pool, 'staff', 'select id, active, token_version from staff where id = $1', [claims.staffId]);
  return staff && staff.active && staff.token_version === claims.tokenVersion ? staff : null;
}

const money = (amount: string) => ({ amount });

async function sales(first: number) {
  const rows = await prepared<{
    id: string;
    number: string;
    status: string;
    total: string;
    created_at: Date;
    customer_id: string;
    first_name: string;
    last_name: string;
    email: string;
  }>(
    pool,
    'sales-page',
    `select s.id, s.number, s.status, s.total, s.created_at, c.id as customer_id, c.first_name, c.last_name, c.email
       from sale s join customer c on c.id = s.customer_id
      order by s.created_at desc, s.id desc limit $1`,
    [first],
  );
  const lines = await prepared<{
    sale_id: string;
    quantity: number;
    unit_price: string;
    total: string;
    product_name: string | null;
    sku: string | null;
    plan_name: string | null;
  }>(
    pool,
    'sales-page-lines',
    `select l.sale_id, l.quantity, l.unit_price, l.total, p.name as product_name, p.sku, sp.name as plan_name
       from sale_line l left join product p on p.id = l.product_id left join service_plan sp on sp.id = l.service_plan_id
      where l.sale_id = any($1::bigint[]) order by l.sale_id, l.position, l.id`,
    [rows.map((row) => row.id)],
  );
  const linesBySale = new Map<string, unknown[]>(rows.map((row) => [row.id, []]));
  for (const line of lines) {
    linesBySale.get(line.sale_id)!.push({
      quantity: line.quantity,
      unitPrice: money(line.unit_price),
      total: money(line.total),
      product: line.sku === null ? null : { name: line.product_name, sku: line.sku },
      servicePlan: line.plan_name === null ? null : { name: line.plan_name },
    });
  }
  return {
    sales: {
      edges: rows.map((row) => ({
        node: {
          number: row.number,
          status: row.status,
          total: money(row.total),
          createdAt: row.created_at.toISOString(),
          customer: { id: row.customer_id, firstName: row.first_name, lastName: row.last_name, email: row.email },
          lines: linesBySale.get(row.id),
        },
      })),
    },
  };
}

async function customers(first: number) {
  const rows = await prepared<{ id: string; first_name: string; last_name: string; email: string; category: string }>(
    pool,
    'customers-page',
    'select id, first_name, last_name, email, category from customer order by created_at desc, id desc limit $1',
    [first],
  );
  const subscriptions = await prepared<{ customer_id: string; status: string; start_date: string; price_amount: string; code: string; name: string; type: string }>(
    pool,
    'customers-page-subscriptions',
    `select ss.customer_id, ss.status, ss.start_date::text as start_date, ss.price_amount, sp.code, sp.name, sp.type
       from service_subscription ss join service_plan sp on sp.id = ss.service_plan_id
      where ss.customer_id = any($1::bigint[]) order by ss.customer_id, ss.start_date desc, ss.id`,
    [rows.map((row) => row.id)],
  );
  const byCustomer = new Map<string, unknown[]>(rows.map((row) => [row.id, []]));
  for (const s of subscriptions) {
    byCustomer.get(s.customer_id)!.push({ status: s.status, startDate: s.start_date, price: money(s.price_amount), servicePlan: { code: s.code, name: s.name, type: s.type } });
  }
  return {
    customers: {
      edges: rows.map((row) => ({
        node: { id: row.id, firstName: row.first_name, lastName: row.last_name, email: row.email, category: row.category, subscriptions: byCustomer.get(row.id) },
      })),
    },
  };
}

async function products(first: number) {
  const rows = await prepared<{ id: string; sku: string; name: string; price_amount: string; stock: number; brand: string; category: string }>(
    pool,
    'products-page',
    `select p.id, p.sku, p.name, p.price_amount, p.stock, b.name as brand, c.name as category
       from product p join brand b on b.id = p.brand_id join product_category c on c.id = p.category_id
      order by p.name, p.id limit $1`,
    [first],
  );
  return {
    products: {
      edges: rows.map((row) => ({
        node: { id: row.id, sku: row.sku, name: row.name, price: money(row.price_amount), stock: row.stock, brand: { name: row.brand }, category: { name: row.category } },
      })),
    },
  };
}

/** The write baseline: catalog prices and labels, read once (createSale reads them per sale). */
let catalog: { products: Map<string, { price: string; label: string }>; plans: Map<string, { price: string; label: string }> } | null = null;
async function loadCatalog() {
  const items = async (table: 'product' | 'service_plan', code: 'sku' | 'code') =>
    new Map(
      (await pool.query<{ id: string; price: string; label: string }>(`select id::text as id, price_amount::text as price, name || ' (' || ${code} || ')' as label from ${table}`)).rows.map(
        (row) => [row.id, { price: row.price, label: row.label }],
      ),
    );
  return { products: await items('product', 'sku'), plans: await items('service_plan', 'code') };
}

async function createSale(draft: SaleDraft, sellerId: string) {
  catalog ??= await loadCatalog();
  const client = await pool.connect();
  const counted = new Proxy(client, {
    get(target, property, receiver) {
      if (property === 'query') {
        return (...args: Parameters<pg.PoolClient['query']>) => {
          statements++;
          return (target.query as (...a: unknown[]) => unknown)(...args);
        };
      }
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  try {
    await insertSaleWithSql(counted, draft, sellerId, new Decimal(settings.ivaRate), catalog.products, catalog.plans, settings.holdHours);
  } finally {
    client.release();
  }
  return { ok: true };
}

const READS: Record<string, (first: number) => Promise<unknown>> = { sales, customers, products };

async function handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
  const body: Buffer[] = [];
  for await (const chunk of request) body.push(chunk as Buffer);
  const staff = await authenticate(request);
  if (!staff) {
    response.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"UNAUTHENTICATED"}');
    return;
  }
  const url = new URL(request.url ?? '/', 'http://baseline');
  let data: unknown;
  if (url.pathname === '/me') data = { me: { id: staff.id } };
  else if (url.pathname === '/sales' && request.method === 'POST') data = await createSale(JSON.parse(Buffer.concat(body).toString('utf8')) as SaleDraft, staff.id);
  else {
    const read = READS[url.pathname.slice(1)];
    if (!read) {
      response.writeHead(404).end();
      return;
    }
    data = await read(Number(url.searchParams.get('first')));
  }
  const json = JSON.stringify({ data });
  response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json) }).end(json);
}

async function main(): Promise<void> {
  const server = http.createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      process.stderr.write(`[bench:read baseline] ${error instanceof Error ? error.stack : String(error)}\n`);
      if (!response.headersSent) response.writeHead(500).end();
    });
  });
  serveDriver(
    () => statements,
    async () => {
      server.close();
      await pool.end();
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  sendReady<BaselineReady>({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
}

main().catch(failChild);
