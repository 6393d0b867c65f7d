import { readFile } from 'node:fs/promises';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { Supergraph } from '@apollo/federation-internals';
import { Role } from '../../src/core/auth/roles';
import { buildAppSchema } from '../../src/core/graphql/schema';
import { SUPERGRAPH_FILE } from '../../src/federation/start';
import { buildSubgraphs, composeSupergraph, CompositionError } from '../../src/federation/supergraph';
import { buildSubgraph } from '../../src/federation/subgraph-schema';
import { AppWiring } from '../../src/core/module';
import { appModules, installAppModules } from '../../src/modules';
import { customerById } from '../../src/modules/users/users.loaders';
import { closeOnInit, streamClient, Subscriber } from '../events/events.support';
import { postGraphql } from '../support/http';
import type { TestClient } from '../support/client';
import { startTestFederation, type TestFederation } from '../support/federation';
import { gql } from '@apollo/client';

/** A mutation through @apollo/client; its data, or the errors thrown. */
async function run(client: TestClient, mutation: string, variables?: Record<string, unknown>): Promise<any> {
  const result = await client.apollo.mutate<any>({ mutation: gql(mutation), variables });
  if (result.error) throw result.error;
  return result.data;
}

describe('composition', () => {
  it('supergraph.graphql is what the subgraphs compose (else `npm run supergraph:compose` and commit it)', async () => {
    const committed = await readFile(SUPERGRAPH_FILE, 'utf8');
    expect(composeSupergraph(await buildSubgraphs(installAppModules()))).toBe(committed);
  });

  it('the supergraph serves exactly the schema of the single process', async () => {
    const app = installAppModules();
    const api = Supergraph.build(composeSupergraph(await buildSubgraphs(app))).apiSchema().toGraphQLJSSchema();
    expect(printSchema(lexicographicSortSchema(api))).toBe(printSchema(lexicographicSortSchema(await buildAppSchema(app))));
  });

  it('fails with what composition says when subgraphs disagree', async () => {
    // Sales declaring Customer as its own entity too: both subgraphs would resolve its fields.
    const app = new AppWiring([...appModules, { name: 'rogue', install: (wiring) => wiring.entityType('Customer', customerById) }]);
    const subgraphs = await buildSubgraphs(app);
    const rogue = await buildSubgraph(app, { name: 'rogue', modules: ['rogue', 'sales'] }, await buildAppSchema(app));
    expect(() => composeSupergraph([...subgraphs, rogue])).toThrow(CompositionError);
  });
});

describe('the gateway', () => {
  let federation: TestFederation;

  beforeAll(async () => {
    federation = await startTestFederation({ env: { EVENTS_POLL_MS: '50', SALE_EXPIRY_SWEEP_SECONDS: '3600', REPORTING_REFRESH_MINUTES: '0' } });
  }, 60_000);
  afterAll(() => federation?.stop());

  it('subgraphs refuse calls without the gateway’s secret, even with a valid token', async () => {
    const query = { query: '{ me { id } }' };
    for (const url of Object.values(federation.federation.subgraphUrls)) {
      const answer = await postGraphql(url, query, { authorization: `Bearer ${federation.tokenOf(Role.ADMIN)}` });
      expect(answer.status).toBe(401);
      expect(answer.body).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED', detail: 'GATEWAY_SECRET_REQUIRED' } }] });
      // A forged viewer with a wrong secret is refused the same way.
      const forged = await postGraphql(url, query, { 'x-claro-gateway-secret': 'x'.repeat(43), 'x-claro-viewer': Buffer.from(JSON.stringify({ id: '1', role: 'ADMIN' })).toString('base64url') });
      expect(forged.status).toBe(401);
    }
  });

  it('serves the partner stream over WebSocket on its own port, through the sales subgraph', async () => {
    const partner = new Subscriber(streamClient(federation.url, federation.tokenOf(Role.PARTNER)), {}, 'id type sale { number customer { city } }');
    // Subscribed: the stream is live from now; a sale made through the gateway arrives.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const admin = federation.as(Role.ADMIN);
    const brand = (await run(admin, `mutation { createBrand(input: { name: "Stream" }) { id } }`)).createBrand.id;
    const category = (await run(admin, `mutation { createProductCategory(input: { name: "Stream" }) { id } }`)).createProductCategory.id;
    const product = (
      await run(admin, `mutation ($input: CreateProductInput!) { createProduct(input: $input) { id } }`, {
        input: { sku: 'WS-1', name: 'Stream', brandId: brand, categoryId: category, price: { amount: '1000.00' }, stock: 5 },
      })
    ).createProduct.id;
    const customer = (
      await run(admin, `mutation ($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }`, {
        input: { firstName: 'Ana', lastName: 'Stream', documentType: 'CC', documentNumber: '5550001', email: 'ana.stream@test.claro', phones: ['+573001112233'], addresses: [{ kind: 'BILLING', line1: 'Calle 1', city: 'Pasto', region: 'Nariño', countryCode: 'CO' }] },
      })
    ).createCustomer.id;
    await run(admin, `mutation ($input: CreateSaleInput!) { createSale(input: $input) { id } }`, { input: { customerId: customer, lines: [{ productId: product, quantity: 1 }] } });
    const [event] = await partner.waitFor(1);
    expect(event).toMatchObject({ type: 'SALE_CREATED', sale: { number: expect.any(String), customer: { city: 'Pasto' } } });
    partner.stop();
  });

  it('checks the partner’s token on the stream as the single process does', async () => {
    expect(await closeOnInit(federation.url, { authorization: 'Bearer not-a-token' })).toMatchObject({ code: 4401, acked: false });
    expect(await closeOnInit(federation.url, { authorization: `Bearer ${federation.tokenOf(Role.SALES_AGENT)}` })).toMatchObject({ code: 4403, acked: false });
  });
});
