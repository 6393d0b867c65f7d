/**
 * `npm run bench:events`: the partner sale-event stream on one real server (HTTP, graphql-ws,
 * PostgreSQL) over a fresh database, with graphql-ws clients in this process (loopback only):
 * - commit-to-delivery latency, p50 and p99, with 1, 100 and 1,000 live subscribers: an event row
 *   inserted (autocommit) every BENCH_EVENT_INTERVAL_MS (100), BENCH_LATENCY_EVENTS (50) of them;
 *   the clock starts when the INSERT's commit reply arrives and stops when a subscriber has the event;
 * - events per second sustained: BENCH_BURST_EVENTS (5,000) rows inserted as fast as one connection
 *   can (statements of 250 rows), until each of BENCH_BURST_SUBSCRIBERS (20) subscribers has them all;
 * - createSale throughput (1 line, BENCH_CONCURRENCY (8) clients, BENCH_SALES (300) sales) with the
 *   stream off (no subscriber) and on (100 live subscribers, each receiving every sale), as a ratio.
 * Database: TEST_DATABASE_URL's or DATABASE_URL's server (a new database, dropped afterwards), else
 * an embedded PostgreSQL. An event is readable only once every older transaction of the whole
 * PostgreSQL server has ended: other work on the same server shows up in these latencies.
 */
import './production-mode';
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { createClient, type Client } from 'graphql-ws';
import pg from 'pg';
import pino from 'pino';
import WebSocket from 'ws';
import { startApp, type RunningApp } from '../src/app';
import { hashPassword } from '../src/core/auth/password';
import { Role } from '../src/core/auth/roles';
import { TokenService } from '../src/core/auth/tokens';
import { moveStock, StockMovementKind } from '../src/modules/catalog';
import { Staff } from '../src/modules/users';
import { inSeedContext, seedProducts, seedSubscribedCustomers } from '../test/support/bulk-seed';
import { benchConfig, freshDatabase, markdownTable, positiveInteger, progressLogger, runBench } from './support';

const progress = progressLogger('bench:events');

const LATENCY_EVENTS = positiveInteger('BENCH_LATENCY_EVENTS', 50);
const EVENT_INTERVAL_MS = positiveInteger('BENCH_EVENT_INTERVAL_MS', 100);
const BURST_EVENTS = positiveInteger('BENCH_BURST_EVENTS', 5000);
const BURST_SUBSCRIBERS = positiveInteger('BENCH_BURST_SUBSCRIBERS', 20);
const SALES = positiveInteger('BENCH_SALES', 300);
const CONCURRENCY = positiveInteger('BENCH_CONCURRENCY', 8);
const SECRET = 'bench-secret-that-is-long-enough-for-hs256-0123456789';

const SELECTION = 'id type occurredAt sale { id number status total { amount currency } }';

/** The numeric event id inside an opaque cursor (the bench knows its layout; partners must not rely on it). */
function eventIdOf(cursor: string): string {
  return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))[2];
}

interface Listener {
  client: Client;
  received: number;
  failed: boolean;
  stop(): void;
}

/**
 * `count` subscribers, each on its own socket, calling `onEvent` with the event id and arrival
 * time; they connect 50 at a time (each group acknowledged before the next), as a fleet of partner
 * apps would rather than in one instant.
 */
async function subscribe(url: string, token: string, count: number, onEvent: (eventId: string, at: number) => void): Promise<Listener[]> {
  const listeners: Listener[] = [];
  for (let offset = 0; offset < count; offset += 50) {
    const group = Array.from({ length: Math.min(50, count - offset) }, () => {
      let connected!: () => void;
      const ready = new Promise<void>((resolve) => (connected = resolve));
      const client = createClient({
        url: url.replace(/^http/, 'ws'),
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${token}` },
        retryAttempts: 0,
        on: { connected: () => connected() },
      });
      const listener: Listener = { client, received: 0, failed: false, stop: () => undefined };
      listener.stop = client.subscribe<{ saleEvents: { id: string } }>(
        { query: `subscription BenchStream { saleEvents { ${SELECTION} } }` },
        {
          next: (result) => {
            if (result.errors) throw new Error(JSON.stringify(result.errors));
            listener.received++;
            onEvent(eventIdOf(result.data!.saleEvents.id), performance.now());
          },
          error: (error) => {
            listener.failed = true;
            connected();
            const close = error as { code?: number; reason?: string; message?: string };
            progress(`subscriber failed: ${close.code ?? ''} ${close.reason ?? close.message ?? String(error)}`);
          },
          complete: () => undefined,
        },
      );
      listeners.push(listener);
      return ready;
    });
    await Promise.all(group);
  }
  return listeners;
}

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))];
}

async function main(): Promise<void> {
  const started = performance.now();
  const database = await freshDatabase('claro_bench_events');
  const base = benchConfig(database);
  // The burst must not close subscribers as slow consumers: they share this process with the server.
  const config = { ...base, events: { ...base.events, subscriberBuffer: 1_000_000 } };
  progress(database.url ? `starting the server on a new database ${database.name}` : `starting the server on an embedded PostgreSQL in ${database.dataDir}`);
  let app: RunningApp | undefined;
  let pool: pg.Pool | undefined;
  const listeners: Listener[] = [];
  try {
    app = await startApp({ config, logger: pino({ level: 'warn' }) });
    const url = app.url;
    const em = app.orm.em.fork();
    const passwordHash = await hashPassword('bench-password');
    const partner = em.create(Staff, { email: 'partner@bench.claro', name: 'Bench partner', role: Role.PARTNER, passwordHash });
    const agent = em.create(Staff, { email: 'agent@bench.claro', name: 'Bench agent', role: Role.SALES_AGENT, passwordHash });
    await em.flush();
    const tokens = new TokenService(SECRET, '2h');
    const partnerToken = (await tokens.sign({ staffId: partner.id, tokenVersion: 0 })).token;
    const agentToken = (await tokens.sign({ staffId: agent.id, tokenVersion: 0 })).token;

    progress('seeding 50 customers and 50 products');
    const viewer = { id: agent.id, email: agent.email, name: agent.name, role: agent.role };
    const { customerIds, productIds } = await inSeedContext(app.orm, config, viewer, async (ctx) => {
      const { customerIds } = await seedSubscribedCustomers(ctx, { customers: 50, subscriptionsEach: 0, plans: 1, tag: 'BENCH' });
      const productIds = await seedProducts(ctx, 50, 'BENCH');
      for (const productId of productIds) await moveStock(ctx, { productId, delta: 1_000_000, reason: 'Bench delivery', kind: StockMovementKind.ADJUSTMENT });
      return { customerIds, productIds };
    });

    pool = new pg.Pool({ connectionString: app.databaseUrl, max: CONCURRENCY });
    const saleId = await createSale(url, agentToken, customerIds[0], productIds[0]);
    const insertEvent = async (): Promise<string> => {
      const { rows } = await pool!.query(`insert into sale_event (type, sale_id, occurred_at) values ('SALE_PAID', $1, now()) returning id::text as id`, [saleId]);
      return rows[0].id;
    };

    // Latency with 1, 100 and 1,000 subscribers.
    const latencyRows: string[][] = [['live subscribers', 'events', 'deliveries', 'p50 ms', 'p99 ms', 'max ms']];
    for (const count of (process.env.BENCH_SUBSCRIBER_COUNTS ?? '1,100,1000').split(',').map(Number)) {
      const committedAt = new Map<string, number>();
      const latencies: number[] = [];
      const group = await subscribe(url, partnerToken, count, (eventId, at) => {
        const sent = committedAt.get(eventId);
        if (sent !== undefined) latencies.push(at - sent);
      });
      listeners.push(...group);
      progress(`${count} subscriber(s): connecting`);
      await goLive(group);
      progress(`${count} subscriber(s): ${LATENCY_EVENTS} events, one every ${EVENT_INTERVAL_MS} ms`);
      for (let i = 0; i < LATENCY_EVENTS; i++) {
        const id = await insertEvent();
        committedAt.set(id, performance.now());
        await new Promise((resolve) => setTimeout(resolve, EVENT_INTERVAL_MS));
      }
      const healthy = group.filter((l) => !l.failed).length;
      await until(() => latencies.length >= LATENCY_EVENTS * healthy, 120_000, 'every delivery');
      const sorted = [...latencies].sort((a, b) => a - b);
      latencyRows.push([healthy === count ? String(count) : `${count} (${count - healthy} failed to connect)`, String(LATENCY_EVENTS), String(latencies.length), quantile(sorted, 0.5).toFixed(1), quantile(sorted, 0.99).toFixed(1), sorted.at(-1)!.toFixed(1)]);
      for (const listener of group) listener.stop();
      await Promise.all(group.map((l) => l.client.dispose()));
      listeners.length = 0;
    }

    /** Subscribers without a cursor are live once a marker event reaches every one of them. */
    async function goLive(group: Listener[]): Promise<void> {
      const deadline = Date.now() + 180_000;
      while (!group.every((l) => l.failed || l.received > 0)) {
        if (Date.now() > deadline) throw new Error('subscribers did not go live');
        await insertEvent();
        await until(() => group.every((l) => l.failed || l.received > 0), 1000, 'marker').catch(() => undefined);
      }
    }

    // Sustained events per second.
    progress(`burst: ${BURST_EVENTS} events to ${BURST_SUBSCRIBERS} subscribers`);
    const burstStart = { at: 0 };
    let lastArrival = 0;
    const burstGroup = await subscribe(url, partnerToken, BURST_SUBSCRIBERS, (_eventId, at) => {
      lastArrival = at;
    });
    listeners.push(...burstGroup);
    await goLive(burstGroup);
    const base = burstGroup.map((l) => l.received);
    burstStart.at = performance.now();
    for (let inserted = 0; inserted < BURST_EVENTS; inserted += 250) {
      await pool.query(`insert into sale_event (type, sale_id, occurred_at) select 'SALE_PAID', $1, now() from generate_series(1, $2::int)`, [saleId, Math.min(250, BURST_EVENTS - inserted)]);
    }
    const insertedAt = performance.now();
    await until(() => burstGroup.every((l, i) => l.received - base[i] >= BURST_EVENTS), 300_000, 'the burst to be delivered');
    const burstSeconds = (lastArrival - burstStart.at) / 1000;
    for (const listener of burstGroup) listener.stop();
    await Promise.all(burstGroup.map((l) => l.client.dispose()));
    listeners.length = 0;

    // createSale with the stream off and on.
    const sell = async (i: number) => createSale(url, agentToken, customerIds[i % customerIds.length], productIds[i % productIds.length]);
    progress('createSale: warm-up');
    await runAll(40, CONCURRENCY, sell);
    progress(`createSale: ${SALES} sales, stream off`);
    const off = await runAll(SALES, CONCURRENCY, sell);
    const onGroup = await subscribe(url, partnerToken, 100, () => undefined);
    listeners.push(...onGroup);
    await goLive(onGroup);
    progress(`createSale: ${SALES} sales, stream on (100 subscribers)`);
    const onBase = onGroup.map((l) => l.received);
    const on = await runAll(SALES, CONCURRENCY, sell);
    await until(() => onGroup.every((l, i) => l.received - onBase[i] >= SALES), 120_000, 'the sales to reach every subscriber');

    const rows = [
      ['createSale (1 line)', 'sales/s', 'ratio'],
      ['stream off (no subscriber)', (SALES / off).toFixed(1), '1.00x'],
      ['stream on (100 subscribers, each gets every sale)', (SALES / on).toFixed(1), `${(off / on).toFixed(2)}x`],
    ];
    process.stdout.write(
      `\nNode ${process.version}; server and clients in one process, loopback; poll ${config.events.pollMs} ms\n\n` +
        `${markdownTable(latencyRows)}\n\n` +
        `Burst: ${BURST_EVENTS} events inserted in ${((insertedAt - burstStart.at) / 1000).toFixed(2)} s, delivered to each of ${BURST_SUBSCRIBERS} subscribers in ${burstSeconds.toFixed(2)} s: ` +
        `${(BURST_EVENTS / burstSeconds).toFixed(0)} events/s per subscriber, ${((BURST_EVENTS * BURST_SUBSCRIBERS) / burstSeconds).toFixed(0)} deliveries/s\n\n` +
        `${markdownTable(rows)}\n\n`,
    );
    progress(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await Promise.all(listeners.map((l) => l.client.dispose()));
    await pool?.end();
    await app?.stop();
    await database.drop();
  }
}

async function createSale(url: string, token: string, customerId: string, productId: string): Promise<string> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      query: 'mutation BenchSale($input: CreateSaleInput!) { createSale(input: $input) { id } }',
      variables: { input: { customerId, lines: [{ productId, quantity: 1 }] } },
    }),
  });
  const json = (await response.json()) as { data?: { createSale: { id: string } }; errors?: unknown };
  if (!json.data) throw new Error(`createSale failed: ${JSON.stringify(json.errors)}`);
  return json.data.createSale.id;
}

/** Seconds to run `work(0..count-1)`, `concurrency` at a time. */
async function runAll(count: number, concurrency: number, work: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await work(next++);
    }),
  );
  return (performance.now() - start) / 1000;
}

runBench('bench:events', main);
