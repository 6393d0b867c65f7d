import type { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import type { Logger } from 'pino';
import { LoaderRegistry } from '../../core/loaders';
import { ServiceKey } from '../../core/services';
import { linesBySale, saleById, type SaleEventType } from '../sales';
import { customerById, staffById } from '../users';
import { isAfter, type EventPosition } from './event-cursor';
import { lastReadablePosition, readEventsAfter, type SaleEventRow } from './event-store';

/** The channel the `sale_event` insert trigger notifies (see the migration). */
export const EVENTS_CHANNEL = 'sale_event';
/** The listener's `application_name`, so an operator (or a test) can find its connection. */
export const LISTENER_APPLICATION_NAME = 'claro-graph-events';

const HUB_PAGE = 1000;
const REPLAY_PAGE = 500;
/** Replay reads running at once per instance: subscribers catching up never take the whole pool. */
const MAX_CONCURRENT_REPLAYS = 2;
const RECONNECT_MIN_MS = 100;
const RECONNECT_MAX_MS = 5000;

/** An event with the loaders its sale is read through: shared by every subscriber of its batch. */
export interface Delivery {
  event: SaleEventRow;
  loaders: LoaderRegistry;
}

export interface EventHubOptions {
  orm: MikroORM;
  databaseUrl: string;
  logger: Logger;
  /** Besides wake-ups: how often to look for events made readable by an older transaction ending. */
  pollMs: number;
  /** Deliveries a live subscriber may have waiting before it is closed as too slow. */
  subscriberBuffer: number;
}

export const EVENT_HUB = new ServiceKey<EventHub>('events.hub');

/**
 * The sale-event fan-out of one API instance. The `sale_event` table is the truth; PostgreSQL's
 * LISTEN/NOTIFY only says "look now". One listener connection (not from the pool), reconnected
 * with backoff and followed by a catch-up read; a short poll besides, because an event becomes
 * readable only once every older transaction has ended, which no notification announces.
 *
 * One read per wake-up serves every subscriber of the instance, and the sales of a batch (with
 * lines, customers, sellers) are read once per batch, into loaders every subscriber shares.
 */
export class EventHub {
  private head: EventPosition = { xid: '0', id: '0' };
  private readonly subscribers = new Set<EventSubscription>();
  private listener: pg.Client | null = null;
  private reconnectDelay = RECONNECT_MIN_MS;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private reading: Promise<void> | null = null;
  private readAgain = false;
  private stopped = false;
  private replaysRunning = 0;
  private readonly replayQueue: (() => void)[] = [];

  constructor(private readonly options: EventHubOptions) {}

  async start(): Promise<void> {
    this.head = await lastReadablePosition(this.options.orm.em.fork());
    await this.connectListener();
    this.pollTimer = setInterval(() => {
      if (this.subscribers.size > 0) this.wake();
    }, this.options.pollMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.pollTimer) clearInterval(this.pollTimer);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    // Subscriptions stay open: the WebSocket server closes their sockets (1001, going away) as it drains.
    const listener = this.listener;
    this.listener = null;
    await listener?.end().catch(() => undefined);
    await this.reading;
  }

  /** Subscribers connected to this instance. */
  get subscriberCount(): number {
    return this.subscribers.size;
  }

  /**
   * A stream of the events after `from` (or after the last readable one: live only), in commit
   * order, first replayed from the table and then live, with nothing lost or repeated at the seam.
   */
  async subscribe(from: EventPosition | null, types: readonly SaleEventType[] | null, hooks: SubscriptionHooks): Promise<EventSubscription> {
    const em = this.options.orm.em.fork();
    if (this.subscribers.size === 0) {
      // The place was left behind while nobody listened: what lies before it now, the replay covers.
      const now = await lastReadablePosition(em);
      if (isAfter(now, this.head)) this.head = now;
    }
    const start = from ?? (await lastReadablePosition(em));
    const subscription = new EventSubscription(this, start, types && types.length ? new Set(types) : null, this.options.subscriberBuffer, hooks);
    this.subscribers.add(subscription);
    return subscription;
  }

  /** @internal */
  unsubscribe(subscription: EventSubscription): void {
    this.subscribers.delete(subscription);
  }

  /** A page read for one subscriber's replay, with its own batch loaders; a few at a time per instance. */
  async readPage(after: EventPosition, types: ReadonlySet<SaleEventType> | null): Promise<{ deliveries: Delivery[]; complete: boolean }> {
    while (this.replaysRunning >= MAX_CONCURRENT_REPLAYS) await new Promise<void>((resolve) => this.replayQueue.push(resolve));
    this.replaysRunning++;
    try {
      return await this.readPageNow(after, types);
    } finally {
      this.replaysRunning--;
      this.replayQueue.shift()?.();
    }
  }

  private async readPageNow(after: EventPosition, types: ReadonlySet<SaleEventType> | null): Promise<{ deliveries: Delivery[]; complete: boolean }> {
    const em = this.options.orm.em.fork();
    const rows = await readEventsAfter(em, after, types ? [...types] : null, REPLAY_PAGE);
    return { deliveries: await this.batchOf(rows), complete: rows.length < REPLAY_PAGE };
  }

  /** Looks for new readable events now (coalesced: one read at a time, another after it if asked meanwhile). */
  wake(): void {
    if (this.stopped) return;
    if (this.reading) {
      this.readAgain = true;
      return;
    }
    this.reading = this.readNew()
      .catch((error) => this.options.logger.warn({ err: error }, 'sale events: read failed, retrying at the next wake-up'))
      .finally(() => {
        this.reading = null;
        if (this.readAgain) {
          this.readAgain = false;
          this.wake();
        }
      });
  }

  private async readNew(): Promise<void> {
    for (;;) {
      // Nobody to serve: no read at all (the first subscriber moves the place up to date).
      if (this.subscribers.size === 0) return;
      const em = this.options.orm.em.fork();
      const rows = await readEventsAfter(em, this.head, null, HUB_PAGE);
      if (rows.length === 0) return;
      const deliveries = await this.batchOf(rows);
      const last = rows[rows.length - 1];
      if (isAfter(last, this.head)) this.head = last;
      for (const subscription of [...this.subscribers]) subscription.offer(deliveries);
      if (rows.length < HUB_PAGE) return;
    }
  }

  /** One set of loaders for a batch, filled with its sales and what nearly every subscriber selects of them. */
  private async batchOf(rows: SaleEventRow[]): Promise<Delivery[]> {
    if (rows.length === 0) return [];
    const loaders = new LoaderRegistry(this.options.orm.em.fork());
    const saleIds = [...new Set(rows.map((row) => row.saleId))];
    const [sales] = await Promise.all([loaders.get(saleById).loadMany(saleIds), loaders.get(linesBySale).loadMany(saleIds)]);
    const found = sales.filter((sale) => sale && !(sale instanceof Error)) as { customer: { id: string }; seller: { id: string } }[];
    await Promise.all([
      loaders.get(customerById).loadMany([...new Set(found.map((sale) => sale.customer.id))]),
      loaders.get(staffById).loadMany([...new Set(found.map((sale) => sale.seller.id))]),
    ]);
    return rows.map((event) => ({ event, loaders }));
  }

  private async connectListener(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({ connectionString: this.options.databaseUrl, application_name: LISTENER_APPLICATION_NAME });
    let lost = false;
    const onLost = (error?: Error) => {
      if (lost) return;
      lost = true;
      if (this.listener === client) this.listener = null;
      if (this.stopped) return;
      this.options.logger.warn({ err: error }, `sale events: listener connection lost, reconnecting in ${this.reconnectDelay} ms`);
      client.end().catch(() => undefined);
      this.scheduleReconnect();
    };
    client.on('error', onLost);
    client.on('end', () => onLost());
    client.on('notification', () => this.wake());
    try {
      await client.connect();
      await client.query(`listen "${EVENTS_CHANNEL}"`);
    } catch (error) {
      onLost(error as Error);
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.listener = client;
    this.reconnectDelay = RECONNECT_MIN_MS;
    // Whatever was committed while nobody listened.
    this.wake();
  }

  private scheduleReconnect(): void {
    if (this.reconnectTimer) return;
    const delay = this.reconnectDelay;
    this.reconnectDelay = Math.min(this.reconnectDelay * 2, RECONNECT_MAX_MS);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.connectListener();
    }, delay);
  }
}

export interface SubscriptionHooks {
  /** Called with the delivery's loaders just before an event is handed out (its execution reads through them). */
  beforeDeliver(delivery: Delivery): void;
  /** The subscriber let its buffer fill up: close it (it resumes from its last cursor). */
  onOverflow(): void;
}

/**
 * One subscriber's stream. It replays pages from the table after its position; meanwhile the
 * hub's batches wait in its buffer. Once a replay page comes back short, the buffer is served
 * (what the replay already delivered is dropped by position), and it is live. If the buffer
 * overflows during replay, it is emptied and the replay simply goes on: the table is the truth.
 *
 * A hand-written iterator rather than an async generator: `return()` must end it at once, even
 * while it waits for events (a generator would only see it at its next `yield`).
 */
export class EventSubscription implements AsyncIterableIterator<SaleEventRow> {
  private position: EventPosition;
  private live = false;
  private buffer: Delivery[] = [];
  private replayed: Delivery[] = [];
  private bufferLost = false;
  private finished = false;
  private wakeUp: (() => void) | null = null;

  constructor(
    private readonly hub: EventHub,
    start: EventPosition,
    private readonly types: ReadonlySet<SaleEventType> | null,
    private readonly bufferLimit: number,
    private readonly hooks: SubscriptionHooks,
  ) {
    this.position = start;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** @internal A batch from the hub, in commit order. */
  offer(deliveries: Delivery[]): void {
    if (this.finished) return;
    for (const delivery of deliveries) {
      if (this.types && !this.types.has(delivery.event.type)) continue;
      this.buffer.push(delivery);
    }
    if (this.buffer.length > this.bufferLimit) {
      this.buffer = [];
      if (!this.live) {
        this.bufferLost = true;
      } else {
        this.finish();
        this.hooks.onOverflow();
        return;
      }
    }
    this.wakeUp?.();
  }

  async next(): Promise<IteratorResult<SaleEventRow>> {
    while (!this.finished) {
      const delivery = this.live ? this.buffer.shift() : await this.nextReplayed();
      if (this.finished) break;
      if (!delivery) {
        if (this.live) await new Promise<void>((resolve) => (this.wakeUp = resolve));
        this.wakeUp = null;
        continue;
      }
      if (!isAfter(delivery.event, this.position)) continue;
      this.position = delivery.event;
      this.hooks.beforeDeliver(delivery);
      return { value: delivery.event, done: false };
    }
    return { value: undefined, done: true };
  }

  async return(): Promise<IteratorResult<SaleEventRow>> {
    this.finish();
    return { value: undefined, done: true };
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.buffer = [];
    this.replayed = [];
    this.hub.unsubscribe(this);
    this.wakeUp?.();
  }

  private async nextReplayed(): Promise<Delivery | undefined> {
    if (this.replayed.length === 0) {
      const page = await this.hub.readPage(this.position, this.types);
      if (this.finished) return undefined;
      this.replayed = page.deliveries;
      if (page.complete) {
        if (this.bufferLost) {
          // The hub moved on while this replay was behind: go on replaying from the table.
          this.bufferLost = false;
        } else {
          // Caught up: what the hub sent meanwhile follows (anything already replayed is dropped by position).
          this.live = true;
          this.buffer = [...this.replayed, ...this.buffer];
          this.replayed = [];
          return this.buffer.shift();
        }
      }
    }
    return this.replayed.shift();
  }
}
