/**
 * A partner's client of the sale-event stream: logs in, subscribes over graphql-ws from the cursor
 * it stored last time, handles each event once, stores the cursor after each, and reconnects
 * (resuming from the cursor) when the connection drops.
 *
 *   CLARO_URL=http://localhost:4000/graphql CLARO_EMAIL=partner@demo.claro CLARO_PASSWORD=demo1234 \
 *     node -r @swc-node/register examples/partner-stream.ts
 *
 * CURSOR_FILE (default .partner-cursor) keeps the position between runs.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const URL = process.env.CLARO_URL ?? 'http://localhost:4000/graphql';
const CURSOR_FILE = process.env.CURSOR_FILE ?? '.partner-cursor';

interface SaleEvent {
  id: string;
  type: 'SALE_CREATED' | 'SALE_PAID' | 'SALE_CANCELLED' | 'SALE_REFUNDED';
  occurredAt: string;
  sale: { id: string; number: string; status: string; total: { amount: string; currency: string }; customer: { id: string; city: string; region: string } };
}

const SUBSCRIPTION = `subscription PartnerStream($after: String) {
  saleEvents(after: $after) {
    id type occurredAt
    sale { id number status total { amount currency } customer { id city region } }
  }
}`;

/** Close codes after which reconnecting with the stored cursor is the right move. */
const RESUMABLE = new Set([1001 /* server going away */, 1006 /* dropped */, 1013 /* starting */, 4410 /* slow consumer */]);

async function login(): Promise<string> {
  const response = await fetch(URL, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: 'mutation Login($email: String!, $password: String!) { login(email: $email, password: $password) { token } }',
      variables: { email: process.env.CLARO_EMAIL ?? 'partner@demo.claro', password: process.env.CLARO_PASSWORD ?? 'demo1234' },
    }),
  });
  const body = (await response.json()) as { data?: { login: { token: string } }; errors?: { message: string }[] };
  if (!body.data) throw new Error(`login failed: ${body.errors?.[0]?.message}`);
  return body.data.login.token;
}

function storedCursor(): string | null {
  return existsSync(CURSOR_FILE) ? readFileSync(CURSOR_FILE, 'utf8').trim() || null : null;
}

/** Your work goes here; it must be idempotent by event id (an event may come again after a reconnect). */
async function handle(event: SaleEvent): Promise<void> {
  console.log(`${event.occurredAt} ${event.type} ${event.sale.number} ${event.sale.total.amount} ${event.sale.total.currency} (${event.sale.customer.city})`);
}

/** Runs one connection until it closes; resolves with its close code. */
async function streamOnce(token: string, seen: Set<string>): Promise<number> {
  let closeCode = 1000;
  const client = createClient({
    url: URL.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
    on: { closed: (event) => (closeCode = (event as { code: number }).code) },
  });
  try {
    const events = client.iterate<{ saleEvents: SaleEvent }>({ query: SUBSCRIPTION, variables: { after: storedCursor() } });
    for await (const result of events) {
      if (result.errors?.length) {
        const [error] = result.errors;
        if (error.extensions?.detail === 'CURSOR_EXPIRED') {
          console.error('The stored cursor is past the retention: backfill from the sales reports, then delete', CURSOR_FILE);
          process.exit(2);
        }
        throw new Error(error.message);
      }
      const event = result.data!.saleEvents;
      if (seen.has(event.id)) continue;
      await handle(event);
      seen.add(event.id);
      writeFileSync(CURSOR_FILE, event.id);
    }
  } catch (error) {
    if (!(error && typeof error === 'object' && 'code' in error)) throw error;
  } finally {
    await client.dispose();
  }
  return closeCode;
}

async function main(): Promise<void> {
  let token = await login();
  const seen = new Set<string>();
  for (let attempt = 0; ; attempt++) {
    const code = await streamOnce(token, seen);
    if (code === 4401) token = await login();
    else if (code === 4403) throw new Error('this account may not read the event stream (PARTNER or ADMIN only)');
    else if (!RESUMABLE.has(code)) throw new Error(`connection closed with ${code}`);
    const delay = Math.min(30_000, 500 * 2 ** Math.min(attempt, 6));
    console.error(`connection closed (${code}): resuming from the stored cursor in ${delay} ms`);
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
