import { gql } from '@apollo/client';
import { getIntrospectionQuery, Kind, parse, print, validate, specifiedRules, type DocumentNode } from 'graphql';
import pg from 'pg';
import { graphql } from '../__generated__';
import * as documents from '../__generated__/graphql';
import { Role } from '../../src/core/auth/roles';
import { TokenService } from '../../src/core/auth/tokens';
import { loadConfig } from '../../src/core/config';
import { operationCost } from '../../src/core/graphql/cost';
import { operationParseOptions, operationValidationRules } from '../../src/core/graphql/operation-limits';
import { buildAppSchema } from '../../src/core/graphql/schema';
import { installAppModules } from '../../src/modules';
import { inSeedContext, seedSubscribedCustomers } from '../support/bulk-seed';
import { startTestServer, TEST_JWT_SECRET, type TestServer } from '../support/server';

interface Answer {
  status: number;
  data?: unknown;
  errors?: { message: string; extensions: Record<string, unknown> }[];
}

/** Plain HTTP: the abusive documents are sent as written (the Apollo client would reject or reshape some). */
async function post(server: TestServer, query: string, token?: string, variables?: Record<string, unknown>): Promise<Answer> {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, ...((await response.json()) as Omit<Answer, 'status'>) };
}

async function tokenOf(server: TestServer, role: Role): Promise<string> {
  return (await new TokenService(TEST_JWT_SECRET, '1h').sign({ staffId: server.staff[role].id, tokenVersion: 0 })).token;
}

/** `customers → purchases → customer` repeated: each cycle multiplies the answer by 100. */
function purchaseCycles(cycles: number, leaf = 'id'): string {
  let inner = leaf;
  for (let i = 0; i < cycles; i++) inner = `purchases(first: 100) { edges { node { customer { ${inner} } } } }`;
  return `{ customers(first: 100) { edges { node { ${inner} } } } }`;
}

const aliased = (count: number, selection: (i: number) => string) => Array.from({ length: count }, (_, i) => `a${i}: ${selection(i)}`).join(' ');

const OrdinaryCustomers = graphql(`
  query LimitsOrdinaryCustomers {
    customers(first: 5) { totalCount edges { node { id firstName } } }
  }
`);

const NestedPurchases = graphql(`
  query LimitsNestedPurchases {
    customers(first: 20) {
      edges { node { id firstName lastName
        purchases(first: 10) { totalCount edges { node { id number status total { amount currency }
          lines { quantity unitPrice { amount } product { name brand { name } } servicePlan { name } }
        } } }
      } }
    }
  }
`);

/** The README's bench query: the biggest realistic page (100 customers with their plans). */
const README_CUSTOMERS = `query BenchCustomers {
  customers(first: 100) {
    edges { node { id firstName lastName
      subscriptions { status startDate price { amount currency } servicePlan { code name price { amount } features { name value unit } } }
    } }
  }
}`;

describe('operation limits (default configuration)', () => {
  let server: TestServer;
  let agent: string;
  let analyst: string;

  beforeAll(async () => {
    server = await startTestServer();
    agent = await tokenOf(server, Role.SALES_AGENT);
    analyst = await tokenOf(server, Role.ANALYST);
    // An authenticated request costs SQL (the token's staff check): the refusals below must not.
    server.takeSqlCount();
    await post(server, '{ __typename }', agent);
    expect(server.takeSqlCount()).toBeGreaterThan(0);
  });
  afterAll(() => server?.stop());

  async function expectRefused(query: string, token: string | undefined, expected: Record<string, unknown>): Promise<Answer> {
    server.takeSqlCount();
    const answer = await post(server, query, token);
    const sqlRun = server.takeSqlCount();
    expect(answer.status).toBe(400);
    expect(answer.data).toBeUndefined();
    expect(answer.errors).toHaveLength(1);
    expect(answer.errors![0].extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED', ...expected });
    // Refused before anything ran: not even the token's staff check, let alone a resolver or a login attempt.
    expect(sqlRun).toBe(0);
    return answer;
  }

  async function expectHealthy(): Promise<void> {
    expect((await fetch(server.url.replace('/graphql', '/health'))).status).toBe(200);
    const { customers } = await server.as(Role.SALES_AGENT).query(OrdinaryCustomers);
    expect(customers.totalCount).toEqual(expect.any(Number));
  }

  it('refuses the issue\'s nested purchases query (three cycles of 100) before any resolver runs', async () => {
    const query = purchaseCycles(3);
    expect(query.length).toBeLessThan(240);
    await expectRefused(query, agent, { detail: 'QUERY_TOO_DEEP', depth: 16, limit: 15 });
    await expectHealthy();
  });

  it('refuses the two-cycle version (within the depth limit) for its cost', async () => {
    await expectRefused(purchaseCycles(2), agent, { detail: 'QUERY_TOO_COSTLY', cost: 4_040_301, limit: 100_000 });
    await expectHealthy();
  });

  it('shows the refusal to the Apollo client as a GraphQL error, and refuses over GET too', async () => {
    // The client adds __typename to every selection: free, it changes nothing to the cost.
    const seen = await server.as(Role.SALES_AGENT).error(gql(purchaseCycles(2)));
    expect(seen.extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED', detail: 'QUERY_TOO_COSTLY', cost: 4_040_301, limit: 100_000 });
    const overGet = await fetch(`${server.url}?query=${encodeURIComponent(purchaseCycles(2))}`, { headers: { authorization: `Bearer ${agent}` } });
    expect(overGet.status).toBe(400);
    expect(((await overGet.json()) as Answer).errors![0].extensions.detail).toBe('QUERY_TOO_COSTLY');
  });

  it('costs an operation with its variables, also for a document already accepted', async () => {
    const query = 'query Pages($n: Int) { customers(first: $n) { edges { node { purchases(first: $n) { edges { node { customer { purchases(first: $n) { edges { node { id } } } } } } } } } } }';
    expect((await post(server, query, agent, { n: 2 })).errors).toBeUndefined();
    server.takeSqlCount();
    const costly = await post(server, query, agent, { n: 100 });
    expect(costly.status).toBe(400);
    expect(costly.errors![0].extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED', detail: 'QUERY_TOO_COSTLY', cost: 3_040_301, limit: 100_000 });
    expect(server.takeSqlCount()).toBe(0);
  });

  it('keeps a cost per value of the variables it depends on: page sizes and directives, not the others', async () => {
    const query =
      'query Deep($n: Int, $deep: Boolean!, $label: String) { customers(first: $n, filter: { city: $label }) { edges { node { purchases(first: 100) @include(if: $deep) { edges { node { customer { purchases(first: 100) { edges { node { id } } } } } } } } } } }';
    expect((await post(server, query, agent, { n: 100, deep: false, label: 'a' })).errors).toBeUndefined();
    // Variables that are invalid leave the cost unknown: that must not stand for valid ones.
    const invalid = await post(server, query, agent, { n: 100, deep: true, label: 7 });
    expect(invalid.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    const deep = await post(server, query, agent, { n: 100, deep: true, label: 'b' });
    expect(deep.errors![0].extensions).toMatchObject({ detail: 'QUERY_TOO_COSTLY' });
    const otherCity = await post(server, query, agent, { n: 100, deep: false, label: 'c' });
    expect(otherCity.errors).toBeUndefined();
  });

  it('refuses an operation 52 levels deep even when each level asks for one item', async () => {
    const query = purchaseCycles(12).replaceAll('first: 100', 'first: 1');
    await expectRefused(query, agent, { detail: 'QUERY_TOO_DEEP', depth: 52, limit: 15 });
  });

  it('refuses 1000 aliases of salesReport or of login at the parser (too many tokens), and 100 of them for their number', async () => {
    const reports = (count: number) => `{ ${aliased(count, () => 'salesReport(groupBy: [MONTH]) { revenue }')} }`;
    const logins = (count: number) => `mutation { ${aliased(count, (i) => `login(email: "guess${i}@test.claro", password: "password${i}") { token }`)} }`;
    await expectRefused(reports(1000), analyst, { detail: 'TOO_MANY_TOKENS', limit: 2000 });
    await expectRefused(logins(1000), undefined, { detail: 'TOO_MANY_TOKENS', limit: 2000 });
    await expectRefused(reports(100), analyst, { detail: 'TOO_MANY_ALIASES', aliases: 100, limit: 30 });
    await expectRefused(logins(100), undefined, { detail: 'TOO_MANY_ALIASES', aliases: 100, limit: 30 });
    await expectHealthy();
  });

  it('refuses a directive flood and a 16 KB token flood from an anonymous caller', async () => {
    await expectRefused(`{ ${aliased(60, () => '__typename @include(if: true)')} }`, undefined, { detail: 'TOO_MANY_DIRECTIVES', directives: 60, limit: 50 });
    const flood = `{ ${aliased(1000, () => 'me { id }')} }`;
    expect(flood.length).toBeGreaterThan(14_000);
    await expectRefused(flood, undefined, { detail: 'TOO_MANY_TOKENS', limit: 2000 });
    await expectHealthy();
  });

  it('accepts a realistic nested page, the README\'s biggest bench query and the full introspection query', async () => {
    const nested = await server.as(Role.SALES_AGENT).query(NestedPurchases);
    expect(nested.customers.edges).toEqual(expect.any(Array));
    const readme = await post(server, README_CUSTOMERS, agent);
    expect(readme.errors).toBeUndefined();
    const introspection = await post(server, getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true, specifiedByUrl: true }), agent);
    expect(introspection.errors).toBeUndefined();
    expect((introspection.data as { __schema: { types: unknown[] } }).__schema.types.length).toBeGreaterThan(50);
  });

  it('lets anyone introspect and shows suggestions outside production', async () => {
    const anonymous = await post(server, '{ __schema { queryType { name } } }');
    expect(anonymous.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    const misspelt = await post(server, '{ mee { id } }', agent);
    expect(misspelt.errors![0].message).toMatch(/Did you mean "me"\?/);
  });
});

/** Every operation the tests send (reports included) fits the default limits, so they keep holding as the suite grows. */
describe('the default limits and the operations of the test suite', () => {
  it('accepts every generated test document: depth, aliases, directives, tokens and cost', async () => {
    const schema = await buildAppSchema(installAppModules());
    const { limits } = loadConfig({ NODE_ENV: 'production', JWT_SECRET: TEST_JWT_SECRET });
    const tooBig: string[] = [];
    let checked = 0;
    for (const [name, value] of Object.entries(documents)) {
      if (!name.endsWith('Document')) continue;
      const text = print(value as DocumentNode);
      const document = parse(text, operationParseOptions(limits));
      const errors = validate(schema, document, [...specifiedRules, ...operationValidationRules(limits)]);
      // Variables the test would give are unknown here: omitted `first`/`limit` are costed at their defaults.
      const variables = Object.fromEntries(
        document.definitions.flatMap((d) => (d.kind === Kind.OPERATION_DEFINITION ? (d.variableDefinitions ?? []) : [])).map((v) => [v.variable.name.value, null]),
      );
      const cost = operationCost({ schema, document, variables }, limits.maxTokens * 10) ?? 0;
      if (errors.length || cost > limits.maxCost) tooBig.push(`${name}: ${errors.map((e) => e.message).join('; ')} cost ${cost}`);
      checked++;
    }
    expect(tooBig).toEqual([]);
    expect(checked).toBeGreaterThan(100);
  });
});

describe('operation limits in production mode', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { NODE_ENV: 'production' } });
  });
  afterAll(() => server?.stop());

  it('refuses introspection to anonymous callers and allows it to staff', async () => {
    for (const query of ['{ __schema { queryType { name } } }', '{ __type(name: "Customer") { name } }', 'query { ...F } fragment F on Query { __schema { types { name } } }']) {
      const anonymous = await post(server, query);
      expect(anonymous.status).toBe(401);
      expect(anonymous.errors![0].extensions).toEqual({ code: 'UNAUTHENTICATED', detail: 'INTROSPECTION_REQUIRES_AUTHENTICATION' });
      expect(anonymous.data).toBeUndefined();
    }
    const staff = await post(server, getIntrospectionQuery(), await tokenOf(server, Role.PARTNER));
    expect(staff.errors).toBeUndefined();
    // `__typename` is not introspection: the public login stays usable for anyone.
    expect((await post(server, '{ __typename }')).data).toEqual({ __typename: 'Query' });
  });

  it('never suggests field or value names', async () => {
    const token = await tokenOf(server, Role.ADMIN);
    const field = await post(server, '{ mee { id } }', token);
    expect(field.errors![0].message).toBe('Cannot query field "mee" on type "Query".');
    const value = await post(server, 'query($s: SaleStatus) { sales(filter: { status: $s }) { totalCount } }', token, { s: 'PAYED' });
    expect(value.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(value.errors)).not.toMatch(/Did you mean|PAID/);
  });
});

describe('the execution backstop', () => {
  let server: TestServer;
  beforeAll(async () => {
    // The static limits opened wide, so that only the backstop stands in the way.
    server = await startTestServer({
      env: { GRAPHQL_MAX_COST: '1000000000000', GRAPHQL_MAX_DEPTH: '100', GRAPHQL_MAX_LIST_ITEMS: '1000', GRAPHQL_TIMEOUT_MS: '3000' },
      captureLogs: true,
    });
    const admin = server.staff[Role.ADMIN];
    await inSeedContext(server.app.orm, server.config, { ...admin, name: 'Admin', role: Role.ADMIN }, (ctx) =>
      seedSubscribedCustomers(ctx, { customers: 12, subscriptionsEach: 2, plans: 3, tag: 'LIMITS' }),
    );
  });
  afterAll(() => server?.stop());

  it('stops an operation that resolves more list items than allowed: one error, no partial answer', async () => {
    // customer → subscriptions → plan → subscribers → customer …: each cycle multiplies the items.
    let inner = 'id';
    for (let i = 0; i < 3; i++) inner = `subscriptions { servicePlan { subscribers(first: 100) { edges { node { customer { ${inner} } } } } } }`;
    const answer = await post(server, `{ customers(first: 100) { edges { node { ${inner} } } } }`, await tokenOf(server, Role.SALES_AGENT));
    expect(answer.data).toBeNull();
    expect(answer.errors).toHaveLength(1);
    expect(answer.errors![0].extensions).toEqual({ code: 'OPERATION_LIMIT_EXCEEDED', detail: 'TOO_MANY_LIST_ITEMS', limit: 1000, listItems: expect.any(Number) });
    expect(server.logs.some((line) => line.msg === 'operation stopped by a limit' && line.detail === 'TOO_MANY_LIST_ITEMS')).toBe(true);
    // The same shape, one cycle: within the cap, answered in full.
    const small = await post(server, '{ customers(first: 100) { edges { node { subscriptions { servicePlan { subscribers(first: 100) { edges { node { id } } } } } } } } }', await tokenOf(server, Role.SALES_AGENT));
    expect(small.errors).toBeUndefined();
  });

  it('stops a query that runs past its time limit at its next field', async () => {
    // Hold the customer table so the query waits in PostgreSQL beyond its 3000 ms, then let it go.
    const locker = new pg.Client({ connectionString: server.databaseUrl });
    await locker.connect();
    try {
      await locker.query('begin');
      await locker.query('lock table customer in access exclusive mode');
      const pending = post(server, '{ customers(first: 5) { edges { node { id subscriptions { id } } } } }', await tokenOf(server, Role.SALES_AGENT));
      await waitUntil(async () => (await locker.query("select 1 from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()")).rowCount! > 0);
      await new Promise((resolve) => setTimeout(resolve, 3200));
      await locker.query('rollback');
      const answer = await pending;
      expect(answer.data).toBeNull();
      expect(answer.errors).toHaveLength(1);
      expect(answer.errors![0].extensions).toEqual({ code: 'OPERATION_LIMIT_EXCEEDED', detail: 'OPERATION_TIMEOUT', limit: 3000, elapsedMs: expect.any(Number) });
      expect(answer.errors![0].extensions.elapsedMs).toBeGreaterThan(3000);
    } finally {
      await locker.end();
    }
    const again = await post(server, '{ customers(first: 5) { totalCount } }', await tokenOf(server, Role.SALES_AGENT));
    expect(again.errors).toBeUndefined();
  });
});

async function waitUntil(condition: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('condition not reached');
}
