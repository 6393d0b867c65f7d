import { createClient, type Client } from 'graphql-ws';
import pg from 'pg';
import WebSocket from 'ws';
import { Role } from '../../src/core/auth/roles';
import { createSale, saleSetup } from '../sales/sales.fixtures';
import type { TestServer } from '../support/server';

/** What the tests read of each event. */
export interface SeenEvent {
  id: string;
  type: string;
  occurredAt: string;
  sale: { id: string; number: string; status: string };
}

export const EVENT_SELECTION = 'id type occurredAt sale { id number status }';

export function wsUrl(httpUrl: string): string {
  return httpUrl.replace(/^http/, 'ws');
}

/** A graphql-ws client, as a partner's app would use it, that does not retry. */
export function streamClient(url: string, token: string): Client {
  return createClient({ url: wsUrl(url), webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0, lazy: true });
}

/** One subscription to `saleEvents`, keeping what it receives. */
export class Subscriber {
  readonly events: SeenEvent[] = [];
  readonly errors: unknown[] = [];
  completed = false;
  private readonly unsubscribe: () => void;
  private waiters: (() => void)[] = [];

  constructor(
    readonly client: Client,
    variables: { after?: string | null; types?: string[] | null } = {},
    selection = EVENT_SELECTION,
  ) {
    this.unsubscribe = client.subscribe<{ saleEvents: SeenEvent }>(
      { query: `subscription Stream($after: String, $types: [SaleEventType!]) { saleEvents(after: $after, types: $types) { ${selection} } }`, variables },
      {
        next: (result) => {
          if (result.errors) this.errors.push(...result.errors);
          if (result.data) this.events.push(result.data.saleEvents);
          this.notify();
        },
        error: (error) => {
          // graphql-ws hands over an operation's errors as an array, a closed socket as its close event.
          if (Array.isArray(error)) this.errors.push(...error);
          else if (error && typeof error === 'object' && 'code' in error) this.errors.push({ closed: (error as { code: number }).code, reason: (error as { reason?: string }).reason });
          else this.errors.push(error instanceof Error ? { message: error.message } : error);
          this.notify();
        },
        complete: () => {
          this.completed = true;
          this.notify();
        },
      },
    );
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    waiters.forEach((wake) => wake());
  }

  /** Resolves once `count` events arrived (or fails when the stream ends or errs first, or after `timeoutMs`). */
  async waitFor(count: number, timeoutMs = 45_000): Promise<SeenEvent[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.events.length < count) {
      if (this.errors.length) throw new Error(`stream failed: ${JSON.stringify(this.errors)}`);
      if (this.completed) throw new Error(`stream completed after ${this.events.length} of ${count} events`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`only ${this.events.length} of ${count} events arrived`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.events.slice(0, count);
  }

  /** Resolves with the first error (or throws if events arrive or it completes without one). */
  async firstError(timeoutMs = 10_000): Promise<{ message: string; extensions?: Record<string, unknown> }> {
    const deadline = Date.now() + timeoutMs;
    while (this.errors.length === 0) {
      if (this.events.length) throw new Error(`expected an error, got an event: ${JSON.stringify(this.events[0])}`);
      if (Date.now() > deadline) throw new Error('no error arrived');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 100);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.errors[0] as { message: string; extensions?: Record<string, unknown> };
  }

  stop(): void {
    this.unsubscribe();
  }
}

/**
 * The close code (and reason) of a raw graphql-transport-ws connection that sends
 * `connection_init` with `payload`: how the server answers a partner's credentials.
 */
export function closeOnInit(url: string, payload: Record<string, unknown> | undefined): Promise<{ code: number; reason: string; acked: boolean }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(wsUrl(url), 'graphql-transport-ws');
    let acked = false;
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', ...(payload ? { payload } : {}) })));
    socket.on('message', (data) => {
      if (JSON.parse(String(data)).type === 'connection_ack') {
        acked = true;
        socket.close(1000);
      }
    });
    socket.on('close', (code, reason) => resolve({ code, reason: String(reason), acked }));
    socket.on('error', reject);
  });
}

/** Runs SQL on the test file's database with a client of its own (not the server's pool). */
export async function withDatabase<T>(server: TestServer, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: server.databaseUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A PENDING sale made through the API: what most tests start from. */
export async function makeSale(server: TestServer, setup?: Awaited<ReturnType<typeof saleSetup>>) {
  const { customer, product } = setup ?? (await saleSetup(server, 1000));
  return createSale(server, { customerId: customer.id, lines: [{ productId: product.id, quantity: 1 }] }, server.as(Role.SALES_AGENT));
}

export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs = 20_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
