import { graphql } from '../__generated__';
import { Role } from '../../src/core/auth/roles';
import { TokenService } from '../../src/core/auth/tokens';
import { startTestServer, TEST_JWT_SECRET, type TestServer } from '../support/server';
import { closeOnInit, makeSale, streamClient, Subscriber, waitUntil } from './events.support';

jest.setTimeout(90_000);

const PartnerEvents = graphql(`
  query PartnerEvents($first: Int) {
    saleEvents(first: $first) {
      edges { node { type sale { id total { amount } lines { quantity netAmount { amount } } customer { id category city region } seller { id name role } } } }
    }
  }
`);

const PartnerEventsWithName = graphql(`
  query PartnerEventsWithName {
    saleEvents(first: 1) { edges { node { sale { customer { id firstName } } } } }
  }
`);

let server: TestServer;
const clients: { dispose(): unknown }[] = [];
beforeAll(async () => {
  server = await startTestServer({ env: { WS_MAX_SUBSCRIPTIONS: '2' } });
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.dispose()));
});
afterAll(() => server?.stop());

describe('who may use the event stream', () => {
  it('closes the socket with 4401 without a token or with a bad or expired one, 4403 for a role other than PARTNER or ADMIN', async () => {
    expect(await closeOnInit(server.url, undefined)).toMatchObject({ code: 4401, acked: false });
    expect(await closeOnInit(server.url, { authorization: 'Bearer not-a-token' })).toMatchObject({ code: 4401, acked: false });
    const expired = (await new TokenService(TEST_JWT_SECRET, '0s').sign({ staffId: server.staff.PARTNER.id, tokenVersion: 0 })).token;
    expect(await closeOnInit(server.url, { authorization: `Bearer ${expired}` })).toMatchObject({ code: 4401, reason: expect.stringContaining('EXPIRED_TOKEN') });
    expect(await closeOnInit(server.url, { authorization: `Bearer ${server.tokenOf(Role.ANALYST)}` })).toMatchObject({ code: 4403, acked: false });
    expect(await closeOnInit(server.url, { authorization: `Bearer ${server.tokenOf(Role.SALES_AGENT)}` })).toMatchObject({ code: 4403, acked: false });
    expect(await closeOnInit(server.url, { authorization: `Bearer ${server.tokenOf(Role.PARTNER)}` })).toMatchObject({ acked: true });
    expect(await closeOnInit(server.url, { authorization: `Bearer ${server.tokenOf(Role.ADMIN)}` })).toMatchObject({ acked: true });
  });

  it('closes the socket with 4401 when the token expires while connected', async () => {
    const shortLived = (await new TokenService(TEST_JWT_SECRET, '2s').sign({ staffId: server.staff.PARTNER.id, tokenVersion: 0 })).token;
    const client = streamClient(server.url, shortLived);
    clients.push(client);
    const closed = new Promise<number>((resolve) => client.on('closed', (event) => resolve((event as { code: number }).code)));
    new Subscriber(client);
    expect(await closed).toBe(4401);
  });

  it('shows a partner only the customer and seller fields it may read, and refuses others at once', async () => {
    await makeSale(server);
    // Readable once every older transaction of the PostgreSQL server has ended.
    await waitUntil(async () => (await server.as(Role.PARTNER).query(PartnerEvents, { first: 1 })).saleEvents.edges.length === 1, 45_000, 'the event');
    const { saleEvents } = await server.as(Role.PARTNER).query(PartnerEvents, { first: 1 });
    expect(saleEvents.edges[0].node.sale.customer).toEqual({ __typename: 'Customer', id: expect.any(String), category: 'NEW', city: 'Ciudad', region: 'Bogotá D.C.' });
    expect(saleEvents.edges[0].node.sale.seller).toMatchObject({ role: 'SALES_AGENT' });
    expect(await server.as(Role.PARTNER).error(PartnerEventsWithName)).toMatchObject({ code: 'FORBIDDEN' });
    expect((await server.as(Role.ADMIN).query(PartnerEventsWithName)).saleEvents.edges[0].node.sale.customer.firstName).toBe('Valentina');
    expect((await server.as(Role.ANALYST).error(PartnerEvents)).code).toBe('FORBIDDEN');

    const subscriber = new Subscriber(streamClient(server.url, server.tokenOf(Role.PARTNER)), {}, 'id sale { customer { id firstName lastName } }');
    clients.push(subscriber.client);
    const error = await subscriber.firstError();
    expect(error).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    expect(error.message).toMatch(/Customer\.firstName/);
  });

  it('limits the operations running at once on one connection', async () => {
    const client = streamClient(server.url, server.tokenOf(Role.PARTNER));
    clients.push(client);
    const running = [new Subscriber(client), new Subscriber(client)];
    const third = new Subscriber(client);
    expect(await third.firstError()).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', detail: 'TOO_MANY_SUBSCRIPTIONS' } });
    expect(running.every((subscriber) => subscriber.errors.length === 0)).toBe(true);
  });
});
