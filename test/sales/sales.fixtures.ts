import { ApolloClient, CombinedGraphQLErrors, type OperationVariables, type TypedDocumentNode } from '@apollo/client';
import { graphql } from '../__generated__';
import type { CreateCustomerInput, CreatePromotionInput, CreateSaleInput, CreateServicePlanInput } from '../__generated__/graphql';
import { Role } from '../../src/core/auth/roles';
import { createProduct, sql, unique } from '../catalog/catalog.fixtures';
import type { TestClient } from '../support/client';
import type { TestServer } from '../support/server';

/** Operations and builders shared by the sales tests; every value they create is unique per call. */

export { createBrand, createCategory, createProduct, countRows, sql, unique } from '../catalog/catalog.fixtures';

export const SalesSaleFields = graphql(`
  fragment SalesSaleFields on Sale {
    id
    number
    status
    customer { id }
    seller { id role }
    lines {
      id
      position
      product { id sku }
      servicePlan { id code }
      description
      quantity
      unitPrice { amount currency }
      discount { amount }
      taxRate
      tax { amount }
      netAmount { amount }
      total { amount }
    }
    subtotal { amount currency }
    discount { amount }
    tax { amount }
    total { amount currency }
    promotion { id code }
    paymentMethod
    paymentReference
    notes
    createdAt
    paidAt
    cancelledAt
    refundedAt
    expiresAt
    statusHistory { from to changedAt reason changedBy { id } }
  }
`);

export const SalesCreateSale = graphql(`
  mutation SalesCreateSale($input: CreateSaleInput!) {
    createSale(input: $input) { ...SalesSaleFields }
  }
`);

export const SalesPaySale = graphql(`
  mutation SalesPaySale($id: ID!, $input: PaySaleInput!) {
    paySale(id: $id, input: $input) { ...SalesSaleFields }
  }
`);

export const SalesCancelSale = graphql(`
  mutation SalesCancelSale($id: ID!, $reason: String!) {
    cancelSale(id: $id, reason: $reason) { ...SalesSaleFields }
  }
`);

export const SalesRefundSale = graphql(`
  mutation SalesRefundSale($id: ID!, $reason: String!) {
    refundSale(id: $id, reason: $reason) { ...SalesSaleFields }
  }
`);

export const SalesSaleById = graphql(`
  query SalesSaleById($id: ID!) {
    sale(id: $id) { ...SalesSaleFields }
  }
`);

export const SalesCreateCustomer = graphql(`
  mutation SalesCreateCustomer($input: CreateCustomerInput!) {
    createCustomer(input: $input) { id category }
  }
`);

export const SalesSetCustomerCategory = graphql(`
  mutation SalesSetCustomerCategory($id: ID!, $category: CustomerCategory) {
    setCustomerCategory(id: $id, category: $category) { id category }
  }
`);

export const SalesCreatePlan = graphql(`
  mutation SalesCreatePlan($input: CreateServicePlanInput!) {
    createServicePlan(input: $input) { id code name type price { amount } status }
  }
`);

export const SalesUpdateProduct = graphql(`
  mutation SalesUpdateProduct($id: ID!, $input: UpdateProductInput!) {
    updateProduct(id: $id, input: $input) { id name price { amount } status }
  }
`);

export const PromoCreate = graphql(`
  mutation PromoCreate($input: CreatePromotionInput!) {
    createPromotion(input: $input) {
      id
      code
      name
      description
      percentOff
      amountOff { amount currency }
      productIds
      servicePlanIds
      productCategoryIds
      serviceTypes
      customerCategories
      regions
      validFrom
      validTo
      usageLimit
      perCustomerLimit
      usedCount
      active
    }
  }
`);

/** A customer billed in Bogotá D.C. unless `region` says otherwise; created by a sales agent. */
export async function createCustomer(server: TestServer, { region = 'Bogotá D.C.', ...overrides }: Partial<CreateCustomerInput> & { region?: string } = {}) {
  const n = unique();
  const input: CreateCustomerInput = {
    firstName: 'Valentina',
    lastName: `Compradora ${n}`,
    documentType: 'CC',
    documentNumber: String(3_000_000_000 + n),
    email: `buyer${n}@test.claro`,
    phones: ['+573002000000'],
    addresses: [{ kind: 'BILLING', line1: `Calle ${n} # 4-5`, city: 'Ciudad', region, countryCode: 'CO' }],
    ...overrides,
  };
  return (await server.as(Role.SALES_AGENT).mutate(SalesCreateCustomer, { input })).createCustomer;
}

/** An ACTIVE monthly postpaid plan priced 109900.00 unless overridden; created by an admin. */
export async function createPlan(server: TestServer, overrides: Partial<CreateServicePlanInput> = {}) {
  const n = unique();
  const input: CreateServicePlanInput = {
    code: `SALES-PLAN-${n}`,
    name: `Plan de venta ${n}`,
    type: 'MOBILE_POSTPAID',
    features: [{ name: 'Datos', value: '30', unit: 'GB' }],
    price: { amount: '109900.00' },
    billingPeriod: 'MONTHLY',
    ...overrides,
  };
  return (await server.as(Role.ADMIN).mutate(SalesCreatePlan, { input })).createServicePlan;
}

/** A promotion with a unique code (PROMO-n unless given), 10% off the whole sale unless overridden. */
export async function createPromotion(server: TestServer, overrides: Partial<CreatePromotionInput> = {}) {
  const n = unique();
  const input: CreatePromotionInput = { code: `PROMO-${n}`, name: `Promoción ${n}`, ...(overrides.amountOff ? {} : { percentOff: 10 }), ...overrides };
  return (await server.as(Role.ADMIN).mutate(PromoCreate, { input })).createPromotion;
}

/** A PENDING sale made by the sales agent (or `client`). */
export async function createSale(server: TestServer, input: CreateSaleInput, client: TestClient = server.as(Role.SALES_AGENT)) {
  return (await client.mutate(SalesCreateSale, { input })).createSale;
}

/** A customer and a product (stock 10, 100000.00), ready to sell. */
export async function saleSetup(server: TestServer, stock = 10) {
  const customer = await createCustomer(server);
  const product = await createProduct(server, { stock });
  return { customer, product };
}

export async function stockOf(server: TestServer, productId: string): Promise<number> {
  const [{ stock }] = await sql<{ stock: number }>(server, 'select stock from product where id = ?', [productId]);
  return stock;
}

export async function ledgerOf(server: TestServer, productId: string) {
  return sql<{ delta: number; stock_before: number; stock_after: number; kind: string; sale_id: string | null }>(
    server,
    'select delta, stock_before, stock_after, kind, sale_id::text as sale_id from stock_movement where product_id = ? order by id',
    [productId],
  );
}

export async function eventsOf(server: TestServer, saleId: string): Promise<string[]> {
  const rows = await sql<{ type: string }>(server, 'select type from sale_event where sale_id = ? order by id', [saleId]);
  return rows.map((row) => row.type);
}

export async function usedCountOf(server: TestServer, promotionId: string): Promise<number> {
  const [{ used_count }] = await sql<{ used_count: number }>(server, 'select used_count from promotion where id = ?', [promotionId]);
  return used_count;
}

/**
 * Everything a sale can write, to compare before and after a refused call: rows of every sales
 * table, the stock ledger and subscriptions, every product's stock, promotion uses, the invoice counter.
 */
export async function databaseState(server: TestServer) {
  const tables = ['sale', 'sale_line', 'sale_status_change', 'sale_event', 'sale_idempotency_key', 'promotion_redemption', 'stock_movement', 'service_subscription'];
  const [counts] = await sql<Record<string, number>>(server, `select ${tables.map((t) => `(select count(*)::int from "${t}") as "${t}"`).join(', ')}`);
  const stocks = await sql<{ id: string; stock: number }>(server, 'select id::text as id, stock from product order by id');
  const promotions = await sql<{ id: string; used_count: number }>(server, 'select id::text as id, used_count from promotion order by id');
  const counter = await sql<{ last_value: string }>(server, 'select last_value::text as last_value from sale_number_counter');
  return { counts, stocks, promotions, counter };
}

/** The answer or the GraphQL error of one call, for calls fired together where some must fail. */
export type Settled<T> = { data: T; error: null } | { data: null; error: { code: string; detail: unknown; message: string } };

export async function settle<T, V extends OperationVariables>(client: TestClient, mutation: TypedDocumentNode<T, V>, variables: V): Promise<Settled<T>> {
  const result = await client.apollo.mutate<T, V>({ mutation, variables, errorPolicy: 'all' } as ApolloClient.MutateOptions<T, V>);
  if (!result.error) return { data: result.data as T, error: null };
  if (!CombinedGraphQLErrors.is(result.error)) throw result.error;
  const [first] = result.error.errors;
  return { data: null, error: { code: first.extensions?.code as string, detail: first.extensions?.detail, message: first.message } };
}

/** The number part of `FV-000123`. */
export function invoiceSequence(number: string): number {
  const match = /^FV-(\d{6,})$/.exec(number);
  if (!match) throw new Error(`not an invoice number: ${number}`);
  return Number(match[1]);
}
