/**
 * A small back-office client over claro-graph with Apollo Client and generated types: a sales
 * agent logs in, lists customers, sells the cheapest phone in stock to the first one and takes the
 * payment; an analyst logs in and runs this month's revenue by region (calendar days in Bogotá).
 *
 *   npm start            # in another terminal: the API with its demo data
 *   npm run example      # CLARO_URL, CLARO_AGENT_EMAIL, CLARO_ANALYST_EMAIL, CLARO_PASSWORD to change
 *
 * Types come from `npm run codegen` (codegen.yml → examples/__generated__/); `npm test` fails when
 * they are stale.
 */
import type { ApolloClient } from '@apollo/client';
import { createClient } from './client';
import { CheapestInStock, CreateSale, Customers, Login, PaySale, RevenueByRegion } from './operations';
import type { BackOfficeCustomersQuery, BackOfficePaySaleMutation, BackOfficeRevenueByRegionQuery } from '../__generated__/graphql';

export interface Credentials {
  email: string;
  password: string;
}

export interface BackOfficeRun {
  url: string;
  agent: Credentials;
  analyst: Credentials;
  /** The business time zone of the API (`BUSINESS_TIME_ZONE`), to count "this month" as it does. */
  timeZone?: string;
  log?: (line: string) => void;
  fetch?: typeof fetch;
}

export interface BackOfficeResult {
  customers: BackOfficeCustomersQuery['customers'];
  sale: BackOfficePaySaleMutation['paySale'];
  revenueByRegion: BackOfficeRevenueByRegionQuery['salesReport'];
  period: { fromDate: string; toDate: string };
}

async function logIn(url: string, { email, password }: Credentials, fetchImpl?: typeof fetch): Promise<ApolloClient> {
  const { data } = await createClient({ url, fetch: fetchImpl }).mutate({ mutation: Login, variables: { email, password } });
  if (!data) throw new Error(`login failed for ${email}`);
  return createClient({ url, token: data.login.token, fetch: fetchImpl });
}

/** Today and the first day of its month as calendar dates in `timeZone`, and tomorrow (the exclusive end). */
function thisMonth(timeZone: string): { fromDate: string; toDate: string } {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  const tomorrow = new Date(`${today}T00:00:00Z`);
  tomorrow.setUTCDate(tomorrow.getUTCDate() + 1);
  return { fromDate: `${today.slice(0, 7)}-01`, toDate: tomorrow.toISOString().slice(0, 10) };
}

export async function runBackOffice({ url, agent, analyst, timeZone = 'America/Bogota', log = console.log, fetch: fetchImpl }: BackOfficeRun): Promise<BackOfficeResult> {
  const sales = await logIn(url, agent, fetchImpl);

  const { data: customerPage } = await sales.query({ query: Customers, variables: { first: 5 } });
  const customers = customerPage!.customers;
  log(`${customers.totalCount} customers; the newest:`);
  for (const { node } of customers.edges) log(`  ${node.displayName} (${node.kind}, ${node.category}) in ${node.city}, ${node.region}`);
  const buyer = customers.edges[0]?.node;
  if (!buyer) throw new Error('no customer to sell to: seed the demo data first (npm start on an empty database)');

  const { data: catalog } = await sales.query({ query: CheapestInStock });
  const product = catalog!.products.edges[0]?.node;
  if (!product) throw new Error('no product in stock to sell');

  const { data: created } = await sales.mutate({ mutation: CreateSale, variables: { input: { customerId: buyer.id, lines: [{ productId: product.id, quantity: 1 }] } } });
  const sale = created!.createSale;
  log(`sold ${product.name} to ${buyer.displayName}: ${sale.number} ${sale.status}, ${sale.total.amount} ${sale.total.currency} (IVA included), held until ${sale.expiresAt}`);
  const { data: paid } = await sales.mutate({ mutation: PaySale, variables: { id: sale.id, input: { method: 'CASH' } } });
  log(`${paid!.paySale.number} ${paid!.paySale.status} at ${paid!.paySale.paidAt}`);

  const reports = await logIn(url, analyst, fetchImpl);
  const period = thisMonth(timeZone);
  const { data: report } = await reports.query({ query: RevenueByRegion, variables: period });
  log(`revenue by region from ${period.fromDate} to ${period.toDate} (excluded), PAID sales, net of discounts and before tax:`);
  for (const row of report!.salesReport) log(`  ${row.keys[0].label}: ${row.salesCount} sales, ${row.units} units, ${row.revenue} ${row.currency}`);

  return { customers, sale: paid!.paySale, revenueByRegion: report!.salesReport, period };
}

if (require.main === module) {
  const password = process.env.CLARO_PASSWORD ?? 'demo1234';
  runBackOffice({
    url: process.env.CLARO_URL ?? 'http://localhost:4000/graphql',
    agent: { email: process.env.CLARO_AGENT_EMAIL ?? 'agent@demo.claro', password },
    analyst: { email: process.env.CLARO_ANALYST_EMAIL ?? 'analyst@demo.claro', password },
    timeZone: process.env.BUSINESS_TIME_ZONE,
  }).catch((error: unknown) => {
    console.error(`the example failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
}
