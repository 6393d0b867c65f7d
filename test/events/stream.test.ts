import pino from 'pino';
import { graphql } from '../__generated__';
import { startApp, type RunningApp } from '../../src/app';
import { Role } from '../../src/core/auth/roles';
import { LISTENER_APPLICATION_NAME } from '../../src/modules/events';
import { SalesCancelSale, SalesPaySale, saleSetup, settle, SalesCreateSale } from '../sales/sales.fixtures';
import { startTestServer, type TestServer } from '../support/server';
import { makeSale, streamClient, Subscriber, waitUntil, withDatabase, type SeenEvent } from './events.support';

const EventsPage = graphql(`
  query EventsPage($after: String, $first: Int, $types: [SaleEventType!]) {
    saleEvents(after: $after, first: $first, types: $types) {
      edges { cursor node { id type occurredAt sale { id number status } } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }
`);

// Generous limits: an event is readable only once every older transaction of the shared PostgreSQL
// server has ended, and other test files' migrations run in long transactions.
jest.setTimeout(90_000);

let server: TestServer;
const clients: { dispose(): unknown }[] = [];
beforeAll(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.dispose()));
});
afterAll(() => server?.stop());

function partnerStream(url = server.url, role: Role = Role.PARTNER) {
  const client = streamClient(url, server.tokenOf(role));
  clients.push(client);
  return client;
}

/** Every event after `after`, through the query, page by page. */
async function allEventsAfter(after: string | null, types?: string[]): Promise<SeenEvent[]> {
  const seen: SeenEvent[] = [];
  let cursor = after;
  for (;;) {
    const { saleEvents } = await server.as(Role.PARTNER).query(EventsPage, { after: cursor, first: 100, types: types as never });
    seen.push(...saleEvents.edges.map((edge) => edge.node as SeenEvent));
    cursor = saleEvents.pageInfo.endCursor ?? cursor;
    if (!saleEvents.pageInfo.hasNextPage) return seen;
  }
}

let knownCursor: string | null = null;

/**
 * The cursor of the newest readable event, once the events of every sale made so far are
 * readable: an event becomes readable only when every older transaction of the PostgreSQL server
 * has ended (any database's: the test server is shared), not at once.
 */
async function currentCursor(): Promise<string | null> {
  const latest = await withDatabase(server, async (client) => (await client.query('select max(id)::text as id from sale_event')).rows[0].id as string | null);
  if (latest === null) return null;
  let events: SeenEvent[] = [];
  await waitUntil(async () => {
    events = await allEventsAfter(knownCursor);
    return events.some((event) => decodedId(event.id) === latest);
  }, 45_000, 'the latest event to be readable');
  knownCursor = events.at(-1)?.id ?? knownCursor;
  return knownCursor;
}

function decodedId(cursor: string): string {
  return JSON.parse(Buffer.from(cursor, 'base64url').toString())[2];
}

/** The events after `after` once there are `count` of them. */
async function eventsOnceReadable(after: string | null, count: number): Promise<SeenEvent[]> {
  let events: SeenEvent[] = [];
  await waitUntil(async () => (events = await allEventsAfter(after)).length >= count, 45_000, `${count} readable events`);
  return events;
}

function expectNoDuplicates(events: SeenEvent[]): void {
  expect(new Set(events.map((event) => event.id)).size).toBe(events.length);
}

describe('the sale event stream', () => {
  it('delivers a sale created, paid and cancelled as exactly those events, in order; a failed sale as none', async () => {
    await makeSale(server);
    const subscriber = new Subscriber(partnerStream(), { after: await currentCursor() });
    const setup = await saleSetup(server, 1);
    const first = await makeSale(server, setup);
    const outOfStock = await settle(server.as(Role.SALES_AGENT), SalesCreateSale, { input: { customerId: setup.customer.id, lines: [{ productId: setup.product.id, quantity: 5 }] } });
    expect(outOfStock.error?.detail).toBe('INSUFFICIENT_STOCK');
    await server.as(Role.SALES_AGENT).mutate(SalesPaySale, { id: first.id, input: { method: 'CASH' } });
    const second = await makeSale(server);
    await server.as(Role.SALES_AGENT).mutate(SalesCancelSale, { id: second.id, reason: 'changed their mind' });

    const events = await subscriber.waitFor(4);
    expect(events.map((event) => [event.type, event.sale.id])).toEqual([
      ['SALE_CREATED', first.id],
      ['SALE_PAID', first.id],
      ['SALE_CREATED', second.id],
      ['SALE_CANCELLED', second.id],
    ]);
    // Nothing else comes (the failed sale wrote no event): the query agrees, from the first event on.
    expect((await allEventsAfter(events[0].id)).map((event) => event.id)).toEqual(events.slice(1).map((event) => event.id));
    expect(subscriber.errors).toEqual([]);
  });

  it('pages the same events through the query, filtered by type, and refuses a tampered cursor or one past the retention', async () => {
    const start = await currentCursor();
    const sales = [await makeSale(server), await makeSale(server), await makeSale(server)];
    await server.as(Role.SALES_AGENT).mutate(SalesPaySale, { id: sales[1].id, input: { method: 'CARD' } });

    await eventsOnceReadable(start, 4);
    const { saleEvents: page1 } = await server.as(Role.PARTNER).query(EventsPage, { after: start, first: 2 });
    expect(page1.edges.map((edge) => edge.node.sale.id)).toEqual([sales[0].id, sales[1].id]);
    expect(page1.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: start !== null, endCursor: page1.edges[1].cursor });
    expect(page1.edges[1].cursor).toBe(page1.edges[1].node.id);
    const { saleEvents: page2 } = await server.as(Role.PARTNER).query(EventsPage, { after: page1.pageInfo.endCursor, first: 2 });
    expect(page2.edges.map((edge) => [edge.node.type, edge.node.sale.id])).toEqual([
      ['SALE_CREATED', sales[2].id],
      ['SALE_PAID', sales[1].id],
    ]);
    const { saleEvents: empty } = await server.as(Role.PARTNER).query(EventsPage, { after: page2.pageInfo.endCursor, first: 2 });
    expect(empty).toMatchObject({ edges: [], pageInfo: { hasNextPage: false, endCursor: page2.pageInfo.endCursor } });

    expect((await allEventsAfter(start, ['SALE_PAID'])).map((event) => event.sale.id)).toEqual([sales[1].id]);

    const tampered = await server.as(Role.PARTNER).error(EventsPage, { after: 'bm90LWEtY3Vyc29y' });
    expect(tampered).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { detail: 'INVALID_CURSOR' } });
    const old = Buffer.from(JSON.stringify(['se1', '1', '1', Date.now() - 31 * 24 * 3600 * 1000])).toString('base64url');
    const expired = await server.as(Role.PARTNER).error(EventsPage, { after: old });
    expect(expired).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { detail: 'CURSOR_EXPIRED' } });
    expect(expired.message).toMatch(/reports/);

    const subscriber = new Subscriber(partnerStream(), { after: old });
    expect(await subscriber.firstError()).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', detail: 'CURSOR_EXPIRED' } });
  });

  it('misses nothing when transactions commit out of id order (a resuming reader and a live one)', async () => {
    const sale = await makeSale(server);
    const start = await currentCursor();
    const live = new Subscriber(partnerStream(), { after: start });
    const marker = await makeSale(server);
    await live.waitFor(1);
    expect(live.events[0].sale.id).toBe(marker.id);

    const insert = `insert into sale_event (type, sale_id, occurred_at) values ('SALE_PAID', $1, now()) returning id::text as id, xid::text as xid`;
    await withDatabase(server, (a) =>
      withDatabase(server, async (b) => {
        await a.query('begin');
        await b.query('begin');
        // b's transaction gets its id first, a writes first: id order (a < b) differs from xid order (b < a).
        await b.query('select pg_current_xact_id()');
        const { rows: [fromA] } = await a.query(insert, [sale.id]);
        const { rows: [fromB] } = await b.query(insert, [sale.id]);
        expect(BigInt(fromA.id)).toBeLessThan(BigInt(fromB.id));
        // Commit a (the lower id) while b is in flight: a reader must not pass it yet...
        await a.query('commit');
        const whileInFlight = await allEventsAfter(start);
        expect(whileInFlight.map((event) => event.id)).toEqual([live.events[0].id]);
        // ...and a third one, with a lower id than neither committed, committed now too.
        await b.query('commit');
      }),
    );

    const after = await eventsOnceReadable(start, 3);
    expect(after.map((event) => event.type)).toEqual(['SALE_CREATED', 'SALE_PAID', 'SALE_PAID']);
    const resumed = new Subscriber(partnerStream(), { after: start });
    expect((await resumed.waitFor(3)).map((event) => event.id)).toEqual(after.map((event) => event.id));
    expect((await live.waitFor(3)).map((event) => event.id)).toEqual(after.map((event) => event.id));
  });

  it('replays the 200 events missed while disconnected, in order, then goes live with none twice', async () => {
    // Ten products, so that concurrent sales do not queue on one stock row.
    const setups = await Promise.all(Array.from({ length: 10 }, () => saleSetup(server, 1000)));
    const first = new Subscriber(partnerStream(), { after: await currentCursor() });
    await makeSale(server, setups[0]);
    const [lastSeen] = await first.waitFor(1);
    first.stop();

    const missed: string[] = [];
    for (let round = 0; round < 20; round++) {
      const made = await Promise.all(setups.map((setup) => makeSale(server, setup)));
      missed.push(...made.map((sale) => sale.id));
    }
    const resumed = new Subscriber(partnerStream(), { after: lastSeen.id });
    const replayed = await resumed.waitFor(200);
    expect(replayed.every((event) => event.type === 'SALE_CREATED')).toBe(true);
    expect(replayed.map((event) => event.sale.id).sort()).toEqual([...missed].sort());
    expect(replayed.map((event) => event.id)).toEqual((await allEventsAfter(lastSeen.id)).map((event) => event.id));

    const next = await makeSale(server, setups[0]);
    const all = await resumed.waitFor(201);
    expect(all[200].sale.id).toBe(next.id);
    expectNoDuplicates(all);
  });

  it('recovers when its listener connection is terminated, and loses nothing', async () => {
    const setup = await saleSetup(server, 1000);
    const subscriber = new Subscriber(partnerStream(), { after: await currentCursor() });
    await makeSale(server, setup);
    await subscriber.waitFor(1);
    const terminated = await withDatabase(server, async (client) => {
      const { rows } = await client.query(
        'select pg_terminate_backend(pid) as done from pg_stat_activity where datname = current_database() and application_name = $1',
        [LISTENER_APPLICATION_NAME],
      );
      return rows.length;
    });
    expect(terminated).toBe(1);
    const made = [];
    for (let i = 0; i < 5; i++) made.push((await makeSale(server, setup)).id);
    const events = await subscriber.waitFor(6);
    expect(events.slice(1).map((event) => event.sale.id)).toEqual(made);
    await waitUntil(
      () => withDatabase(server, async (client) => (await client.query('select 1 from pg_stat_activity where datname = current_database() and application_name = $1', [LISTENER_APPLICATION_NAME])).rows.length === 1),
      10_000,
      'the listener to reconnect',
    );
    const later = await makeSale(server, setup);
    expect((await subscriber.waitFor(7))[6].sale.id).toBe(later.id);
    expectNoDuplicates(subscriber.events);
  });

  it('delivers a sale made through one API instance to a subscriber of another on the same database', async () => {
    const other: RunningApp = await startApp({ config: server.config, logger: pino({ level: 'silent' }) });
    try {
      const onB = new Subscriber(partnerStream(other.url, Role.ADMIN), { after: await currentCursor() });
      const sale = await makeSale(server);
      const [event] = await onB.waitFor(1);
      expect(event).toMatchObject({ type: 'SALE_CREATED', sale: { id: sale.id, status: 'PENDING' } });
    } finally {
      await Promise.all(clients.splice(0).map((client) => client.dispose()));
      await other.stop();
    }
  });

  it('gives 50 concurrent subscribers every one of 1,000 events, in the same order', async () => {
    const sale = await makeSale(server);
    const start = await currentCursor();
    // Connected ten at a time (each group acknowledged first), as a fleet of partners would, not in one instant.
    const subscribers: Subscriber[] = [];
    for (let group = 0; group < 5; group++) {
      const connected = Array.from({ length: 10 }, (_, i) => {
        const client = partnerStream();
        const acked = new Promise<void>((resolve) => client.on('connected', () => resolve()));
        subscribers.push(new Subscriber(client, { after: start }, i % 2 ? 'id type' : 'id type sale { id number total { amount } customer { id city region category } lines { quantity } }'));
        return acked;
      });
      await Promise.all(connected);
    }
    await withDatabase(server, async (client) => {
      for (let batch = 0; batch < 4; batch++) {
        await client.query(`insert into sale_event (type, sale_id, occurred_at) select 'SALE_PAID', $1, now() from generate_series(1, 250)`, [sale.id]);
      }
    });
    const expected = (await eventsOnceReadable(start, 1000)).map((event) => event.id);
    expect(expected).toHaveLength(1000);
    for (const subscriber of subscribers) expect((await subscriber.waitFor(1000)).map((event) => event.id)).toEqual(expected);
  });
});
