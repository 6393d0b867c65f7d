import { CombinedGraphQLErrors, gql, ServerError, type OperationVariables } from '@apollo/client';
import { Kind, parse, type OperationDefinitionNode } from 'graphql';
import { Role } from '../../src/core/auth/roles';
import { apolloClient, type TestClient } from '../support/client';
import { startTestFederation, type TestFederation } from '../support/federation';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../support/server';

/**
 * One set of operations sent to the single process and to the federated gateway, each over its
 * own database filled by the same calls in the same order (so ids and invoice numbers agree):
 * every answer (data, errors with their message, path and extensions, or the HTTP refusal) must be
 * the same. Errors are compared without `locations`: a subgraph's error points into the query the
 * gateway sent it, which the gateway does not map back.
 *
 * To add a case, add a row to CASES: who sends it, the operation, and its variables (a function
 * of the ids the set-up created). Cases run in order, mutations included, on both sides.
 */

interface Ids {
  brand: string;
  category: string;
  product: string;
  plan: string;
  buyer: string;
  idle: string;
  sale: string;
  adminStaff: string;
}

type Caller = Role | null | 'BAD_TOKEN';

export interface EquivalenceCase {
  name: string;
  role: Caller;
  operation: string;
  variables?: (ids: Ids) => OperationVariables;
}

const CUSTOMER_ACROSS_DOMAINS = `
  query CustomerAcrossDomains($id: ID!) {
    customer(id: $id) {
      id firstName lastName email category city region
      categoryHistory { from to reason changedBy { name } }
      interactions(first: 5) { totalCount edges { node { type channel subject status recordedBy { name } } } }
      subscriptions { status servicePlan { code name type price { amount currency } } }
      purchases(first: 5) {
        totalCount
        edges { node { number status total { amount } seller { name role } lines { description quantity product { sku name brand { name } category { name } } servicePlan { code } } } }
      }
      recommendedOffers(limit: 5) { kind score reason product { sku } servicePlan { code } promotion { code } }
    }
  }`;

const SALES_PAGE = `
  query SalesPage {
    sales(first: 10) {
      totalCount
      pageInfo { hasNextPage }
      edges { node { number status customer { firstName city region } seller { name } lines { position description quantity total { amount } product { name stock } servicePlan { name } } } }
    }
  }`;

const CASES: EquivalenceCase[] = [
  // Reads across domains.
  { name: 'a customer with history, interactions, subscriptions, purchases and offers', role: Role.ADMIN, operation: CUSTOMER_ACROSS_DOMAINS, variables: (ids) => ({ id: ids.buyer }) },
  { name: 'a sales page with customers, sellers and lines', role: Role.ANALYST, operation: SALES_PAGE },
  { name: 'a sale by id with its promotion and history', role: Role.SALES_AGENT, operation: `query ($id: ID!) { sale(id: $id) { number subtotal { amount } tax { amount } total { amount } promotion { code } statusHistory { from to reason changedBy { name } } customer { purchases(first: 1) { totalCount } subscriptions { status } } } }`, variables: (ids) => ({ id: ids.sale }) },
  { name: 'products with brand, category and ledger', role: Role.ANALYST, operation: `{ products(first: 5) { totalCount edges { node { sku name price { amount } stock brand { name } category { name } stockMovements(first: 3) { edges { node { delta kind reason staff { name } } } } } } } }` },
  { name: 'service plans', role: Role.ANALYST, operation: `{ servicePlans(first: 5) { edges { node { code name type status price { amount } features { name value unit } } } } }` },
  { name: 'an unknown id is null', role: Role.ADMIN, operation: `{ customer(id: "999999") { id } product(id: "999999") { id } sale(id: "999999") { id } }` },
  { name: 'a sales report by product and city', role: Role.ANALYST, operation: `{ salesReport(groupBy: [PRODUCT, CITY]) { keys { dimension value label } salesCount units revenue discountTotal averageTicket distinctCustomers } }` },
  { name: 'popular products and top customers', role: Role.ANALYST, operation: `{ popularProducts(limit: 3) { product { sku name } units revenue { amount } } topCustomers(limit: 3) { customer { firstName purchases(first: 1) { totalCount } } salesCount } }` },
  { name: 'customer insights', role: Role.SALES_AGENT, operation: `query ($id: ID!) { customerInsights(customerId: $id) { customer { firstName } category salesCount totalSpent { amount } activeSubscriptions favouriteServiceTypes favouriteProductCategories { key count } interactionsByType { key count } } }`, variables: (ids) => ({ id: ids.buyer }) },
  { name: 'me', role: Role.SALES_AGENT, operation: `{ me { name email role } }` },

  // Role rules, PARTNER's field rules included.
  { name: 'a partner reads the stream with what it may see', role: Role.PARTNER, operation: `{ me { name role } saleEvents(first: 10) { edges { node { type sale { number status customer { id category city region } seller { id name role } } } } } }` },
  { name: 'a partner selecting a customer’s name is refused', role: Role.PARTNER, operation: `{ saleEvents(first: 10) { edges { node { type sale { customer { id firstName } } } } } }` },
  { name: 'a partner may not list customers', role: Role.PARTNER, operation: `{ customers(first: 2) { edges { node { id } } } }` },
  // Personal data by role: masked for analysts, refused where a role may not read it.
  { name: 'an analyst reads a customer masked', role: Role.ANALYST, operation: `query ($id: ID!) { customer(id: $id) { firstName lastName displayName email phones documentNumber birthDate birthYear city region addresses { line1 city postalCode } interactions(first: 3) { edges { node { description resolutionNote } } } } }`, variables: (ids) => ({ id: ids.buyer }) },
  { name: 'an analyst may not search customers by name', role: Role.ANALYST, operation: `{ customers(first: 2, filter: { search: "a" }) { totalCount } }` },
  { name: 'an agent may not read a seller’s email', role: Role.SALES_AGENT, operation: `{ sales(first: 2) { edges { node { seller { name email } } } } }` },
  { name: 'an analyst may not create a customer', role: Role.ANALYST, operation: `mutation { createCustomer(input: { firstName: "A", lastName: "B", documentType: CC, documentNumber: "1234567", email: "a@b.co", phones: ["+573001112233"], addresses: [{ kind: BILLING, line1: "Calle 1", city: "Cali", region: "Valle del Cauca", countryCode: "CO" }] }) { id } }` },
  { name: 'a sales agent may not create a plan', role: Role.SALES_AGENT, operation: `mutation { createServicePlan(input: { code: "X-1", name: "X", type: MOBILE_POSTPAID, features: [], price: { amount: "1000" }, billingPeriod: MONTHLY }) { id } }` },
  { name: 'no token', role: null, operation: `{ customers(first: 1) { totalCount } }` },
  { name: 'a bad token', role: 'BAD_TOKEN', operation: `{ me { name } }` },

  // Mutations: answers across domains, and each error code.
  { name: 'a sale created, its answer across domains', role: Role.SALES_AGENT, operation: `mutation ($input: CreateSaleInput!) { createSale(input: $input) { number status total { amount } customer { firstName purchases(first: 5) { totalCount } } seller { name } lines { product { name stock } servicePlan { code } } } }`, variables: (ids) => ({ input: { customerId: ids.buyer, lines: [{ productId: ids.product, quantity: 1 }] } }) },
  { name: 'a bad literal (a scalar refuses it in validation)', role: Role.SALES_AGENT, operation: `mutation { createCustomer(input: { firstName: "", lastName: "B", documentType: CC, documentNumber: "12", email: "not-an-email", phones: [], addresses: [] }) { id } }` },
  { name: 'a bad variable', role: Role.SALES_AGENT, operation: `mutation ($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }`, variables: () => ({ input: { firstName: 'A', lastName: 'B', documentType: 'CC', documentNumber: '12', email: 'not-an-email', phones: [], addresses: [] } }) },
  { name: 'bad input (BAD_USER_INPUT with fields)', role: Role.SALES_AGENT, operation: `mutation ($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }`, variables: () => ({ input: { firstName: ' ', lastName: 'B', documentType: 'CC', documentNumber: '12', email: 'ok@test.claro', phones: [], addresses: [] } }) },
  { name: 'an unknown sale (NOT_FOUND)', role: Role.SALES_AGENT, operation: `mutation { paySale(id: "999999", input: { method: CASH }) { id } }` },
  { name: 'not enough stock', role: Role.SALES_AGENT, operation: `mutation ($input: CreateSaleInput!) { createSale(input: $input) { id } }`, variables: (ids) => ({ input: { customerId: ids.buyer, lines: [{ productId: ids.product, quantity: 50 }] } }) },
  { name: 'a customer with sales cannot be deleted (CONFLICT from the sales and services guards)', role: Role.ADMIN, operation: `mutation ($id: ID!) { deleteCustomer(id: $id) }`, variables: (ids) => ({ id: ids.buyer }) },
  { name: 'a plan that was sold cannot be deleted', role: Role.ADMIN, operation: `mutation ($id: ID!) { deleteServicePlan(id: $id) }`, variables: (ids) => ({ id: ids.plan }) },
  { name: 'a customer without sales is deleted', role: Role.ADMIN, operation: `mutation ($id: ID!) { deleteCustomer(id: $id) }`, variables: (ids) => ({ id: ids.idle }) },
  { name: 'and is gone', role: Role.ADMIN, operation: `query ($id: ID!) { customer(id: $id) { id } }`, variables: (ids) => ({ id: ids.idle }) },
  { name: 'a duplicate staff email (CONFLICT)', role: Role.ADMIN, operation: `mutation { createStaff(input: { email: "admin@test.claro", name: "Otro", role: ANALYST, password: "another long password 1" }) { id } }` },
  { name: 'a category set by hand, then its history', role: Role.ADMIN, operation: `mutation ($id: ID!) { setCustomerCategory(id: $id, category: LOYAL) { category categoryHistory { from to changedBy { name } } } }`, variables: (ids) => ({ id: ids.buyer }) },
  { name: 'login with a wrong password', role: null, operation: `mutation { login(email: "admin@test.claro", password: "wrong password") { staff { name } } }` },
  ...[1, 2, 3].map((attempt) => ({
    name: `a wrong login for one email, attempt ${attempt} of 3 (the third is throttled: TOO_MANY_REQUESTS)`,
    role: null,
    operation: `mutation { login(email: "someone@test.claro", password: "wrong password") { staff { name } } }`,
  })),
  { name: 'login', role: null, operation: `mutation ($password: String!) { login(email: "analyst@test.claro", password: $password) { staff { name role } } }`, variables: () => ({ password: TEST_PASSWORD }) },

  // Operations refused before they run.
  { name: 'an unknown field', role: Role.ADMIN, operation: `{ customers(first: 1) { edges { node { nickname } } } }` },
  { name: 'login twice in one operation', role: null, operation: `mutation { a: login(email: "x@y.co", password: "p") { staff { id } } b: login(email: "x@y.co", password: "p") { staff { id } } }` },
  { name: 'too costly', role: Role.ADMIN, operation: `{ customers(first: 100) { edges { node { purchases(first: 100) { edges { node { lines { product { name } } } } } } } } }` },
  { name: 'too many aliases', role: Role.ADMIN, operation: `{ ${Array.from({ length: 40 }, (_, i) => `a${i}: me { id }`).join(' ')} }` },
  // 30 × (1000 for the report + 100 rows × 28) = 114,000 > 100,000: refused only when the report's own weight counts.
  { name: 'too costly by the weight of reports', role: Role.ANALYST, operation: `{ ${Array.from({ length: 30 }, (_, i) => `r${i}: salesReport(groupBy: [DAY], limit: 100) { keys { dimension label } salesCount units revenue discountTotal averageTicket distinctCustomers currency }`).join(' ')} }` },
  { name: 'an operation over its depth', role: Role.ADMIN, operation: `{ customers(first: 1) { edges { node { purchases(first: 1) { edges { node { customer { purchases(first: 1) { edges { node { customer { purchases(first: 1) { edges { node { customer { id } } } } } } } } } } } } } } } }` },
];

/** What a client sees of one operation, comparable across the two modes. */
async function answerOf(client: TestClient, operation: string, variables: OperationVariables | undefined): Promise<unknown> {
  const document = gql(operation);
  const isMutation = parse(operation).definitions.some((d) => d.kind === Kind.OPERATION_DEFINITION && (d as OperationDefinitionNode).operation === 'mutation');
  const result = isMutation
    ? await client.apollo.mutate({ mutation: document, variables, errorPolicy: 'all' })
    : await client.apollo.query({ query: document, variables, errorPolicy: 'all' });
  const error = result.error;
  if (!error) return { data: result.data };
  if (CombinedGraphQLErrors.is(error)) return { data: result.data ?? null, errors: error.errors.map(({ locations: _locations, ...rest }) => rest) };
  if (ServerError.is(error)) {
    const body = JSON.parse(error.bodyText) as { errors?: { locations?: unknown }[] };
    return { status: error.statusCode, errors: body.errors?.map(({ locations: _locations, ...rest }) => rest) };
  }
  throw error;
}

/**
 * The answer with its errors as the set of distinct (message, extensions). When an error nulls a
 * list whose items cannot be null, graphql-js reports the first item's error only; the gateway
 * reports each item's, as the subgraph resolved them: the same error, at more paths.
 */
function comparable(answer: unknown): unknown {
  const { errors, ...rest } = answer as { errors?: { path?: unknown }[] };
  if (!errors) return answer;
  // How long a throttled client must wait depends on when each side's window began.
  const timeless = (error: { extensions?: Record<string, unknown> }) =>
    typeof error.extensions?.retryAfterSeconds === 'number' ? { ...error, extensions: { ...error.extensions, retryAfterSeconds: 'seconds' } } : error;
  const distinct = new Map(errors.map(({ path: _path, ...error }) => [JSON.stringify(timeless(error)), timeless(error)]));
  return { ...rest, errors: [...distinct.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, error]) => error) };
}

function pathsOf(answer: unknown): unknown[] {
  return ((answer as { errors?: { path?: unknown }[] }).errors ?? []).flatMap((error) => (error.path ? [error.path] : []));
}

interface Target {
  name: string;
  as(role: Role | null): TestClient;
  url: string;
}

function clientOf(target: Target, caller: Caller): TestClient {
  return caller === 'BAD_TOKEN' ? apolloClient(target.url, 'not-a-token') : target.as(caller);
}

async function run(target: Target, operation: string, role: Caller, variables?: OperationVariables): Promise<any> {
  const answer = (await answerOf(clientOf(target, role), operation, variables)) as { data?: any; errors?: unknown };
  if (answer.errors) throw new Error(`set-up on ${target.name} failed: ${JSON.stringify(answer.errors)}`);
  return answer.data;
}

/** The same data on each side, through the API, in the same order. */
async function setUp(target: Target): Promise<Ids> {
  const admin = (operation: string, variables?: OperationVariables) => run(target, operation, Role.ADMIN, variables);
  const agent = (operation: string, variables?: OperationVariables) => run(target, operation, Role.SALES_AGENT, variables);
  const brand = (await admin(`mutation { createBrand(input: { name: "Marca Equivalente" }) { id } }`)).createBrand.id;
  const category = (await admin(`mutation { createProductCategory(input: { name: "Categoría Equivalente" }) { id } }`)).createProductCategory.id;
  const product = (
    await admin(`mutation ($input: CreateProductInput!) { createProduct(input: $input) { id } }`, {
      input: { sku: 'EQ-1', name: 'Teléfono Equivalente', brandId: brand, categoryId: category, price: { amount: '100000.00' }, stock: 10 },
    })
  ).createProduct.id;
  const plan = (
    await admin(`mutation ($input: CreateServicePlanInput!) { createServicePlan(input: $input) { id } }`, {
      input: { code: 'EQ-PLAN', name: 'Plan Equivalente', type: 'MOBILE_POSTPAID', features: [{ name: 'Datos', value: '30', unit: 'GB' }], price: { amount: '109900.00' }, billingPeriod: 'MONTHLY' },
    })
  ).createServicePlan.id;
  const customer = (n: number, city: string, region: string) => ({
    firstName: `Cliente${n}`,
    lastName: 'Equivalente',
    documentType: 'CC',
    documentNumber: String(4_000_000_000 + n),
    email: `eq${n}@test.claro`,
    phones: ['+573002000000'],
    addresses: [{ kind: 'BILLING', line1: `Calle ${n} # 4-5`, city, region, countryCode: 'CO' }],
  });
  const createCustomer = `mutation ($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }`;
  const buyer = (await agent(createCustomer, { input: customer(1, 'Medellín', 'Antioquia') })).createCustomer.id;
  const idle = (await agent(createCustomer, { input: customer(2, 'Cali', 'Valle del Cauca') })).createCustomer.id;
  await agent(`mutation ($input: RecordInteractionInput!) { recordInteraction(input: $input) { id } }`, {
    input: { customerId: buyer, type: 'INQUIRY', channel: 'PHONE', subject: 'Cobertura', description: 'Pregunta por la cobertura en su barrio' },
  });
  await admin(`mutation { createPromotion(input: { code: "EQ-PROMO", name: "Diez por ciento", percentOff: 10 }) { id } }`);
  const sale = (
    await agent(`mutation ($input: CreateSaleInput!) { createSale(input: $input) { id } }`, {
      input: { customerId: buyer, promotionCode: 'EQ-PROMO', lines: [{ productId: product, quantity: 2 }, { servicePlanId: plan, quantity: 1 }] },
    })
  ).createSale.id;
  await agent(`mutation ($id: ID!) { paySale(id: $id, input: { method: CARD, reference: "AUTH-1" }) { id } }`, { id: sale });
  await admin(`mutation { refreshReportingRollups(mode: FULL) { __typename } }`);
  const adminStaff = (await admin(`{ me { id } }`)).me.id;
  return { brand, category, product, plan, buyer, idle, sale, adminStaff };
}

let single: TestServer;
let federated: TestFederation;
let ids: Ids;

beforeAll(async () => {
  const env = { REPORTING_REFRESH_MINUTES: '0', SALE_EXPIRY_SWEEP_SECONDS: '3600', LOGIN_MAX_ATTEMPTS_PER_EMAIL: '2' };
  [single, federated] = await Promise.all([startTestServer({ env }), startTestFederation({ env })]);
  const singleIds = await setUp({ name: 'the single process', as: (role) => single.as(role), url: single.url });
  const federatedIds = await setUp({ name: 'the gateway', as: (role) => federated.as(role), url: federated.url });
  expect(federatedIds).toEqual(singleIds);
  ids = singleIds;
}, 120_000);

afterAll(async () => {
  await Promise.all([single?.stop(), federated?.stop()]);
});

it('the supergraph serves the same schema as the single process', async () => {
  const introspect = `{ __schema { types { name fields { name } } } }`;
  // The same types and fields; the gateway lists them in another order.
  const sorted = (answer: any) =>
    (answer.data.__schema.types as { name: string; fields: { name: string }[] | null }[])
      .map((type) => ({ name: type.name, fields: type.fields?.map((field) => field.name).sort() ?? null }))
      .sort((x, y) => x.name.localeCompare(y.name));
  const [a, b] = await Promise.all([answerOf(single.as(Role.ADMIN), introspect, undefined), answerOf(federated.as(Role.ADMIN), introspect, undefined)]);
  expect(sorted(a).length).toBeGreaterThan(50);
  expect(sorted(b)).toEqual(sorted(a));
});

describe.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, testCase) => {
  it('answers the same through the gateway as from the single process', async () => {
    const variables = testCase.variables?.(ids);
    const expected = await answerOf(clientOf({ name: 'single', url: single.url, as: (role) => single.as(role) }, testCase.role), testCase.operation, variables);
    const actual = await answerOf(clientOf({ name: 'gateway', url: federated.url, as: (role) => federated.as(role) }, testCase.role), testCase.operation, variables);
    expect(comparable(actual)).toEqual(comparable(expected));
    // Where the single process reports an error, the gateway reports it at the same place.
    for (const path of pathsOf(expected)) expect(pathsOf(actual)).toContainEqual(path);
  });
});
